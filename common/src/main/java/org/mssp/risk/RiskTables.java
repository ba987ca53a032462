package org.mssp.risk;

import java.util.List;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.mssp.common.schema.TableSpec;
import org.mssp.expenditure.ExpenditureTables;

/**
 * Contracts of the risk domain (mssp-methodology.md §3.5). Scores come from CMS's prospective
 * CMS-HCC file ({@code ref_prospective_risk_scores}); a later capability computing HCC scores from
 * diagnoses only has to produce the same {@code beneficiary_risk} columns with another
 * {@code score_source}.
 */
public final class RiskTables {
  private RiskTables() {}

  /**
   * {@code beneficiary_risk}. Grain: one row per beneficiary × calendar year × enrollment type:
   * the raw prospective HCC and demographic scores, the year × type renormalisation factor (mean
   * raw HCC score of the national assignable population, person-year weighted, so the population
   * averages 1.0) and the renormalised score; the demographic score renormalised the same way with
   * its own factor (null when the beneficiary or the year × type has no demographic score).
   * Partitioned by year.
   */
  public static final TableSpec BENEFICIARY_RISK =
      new TableSpec(
          "beneficiary_risk",
          "one row per beneficiary × calendar year × enrollment type",
          new StructType()
              .add(ExpenditureTables.BENE_ID, DataTypes.StringType, false)
              .add(ExpenditureTables.YEAR, DataTypes.IntegerType, false)
              .add(ExpenditureTables.ENROLLMENT_TYPE, DataTypes.StringType, false)
              .add("hcc_risk_score", ExpenditureTables.RATIO, false)
              .add("demographic_risk_score", ExpenditureTables.RATIO, true)
              .add("normalization_factor", ExpenditureTables.RATIO, false)
              .add("normalized_risk_score", ExpenditureTables.RATIO, false)
              .add("demographic_normalization_factor", ExpenditureTables.RATIO, true)
              .add("normalized_demographic_score", ExpenditureTables.RATIO, true)
              .add("score_source", DataTypes.StringType, false),
          List.of(ExpenditureTables.BENE_ID, ExpenditureTables.YEAR, ExpenditureTables.ENROLLMENT_TYPE),
          List.of(ExpenditureTables.YEAR));

  /**
   * {@code risk_normalization}. Grain: one row per calendar year × enrollment type: the HCC and
   * demographic factors (the latter null when unknown) and how they were obtained (EVALUATOR or PARAMETER_FILE).
   */
  public static final TableSpec RISK_NORMALIZATION =
      new TableSpec(
          "risk_normalization",
          "one row per calendar year × enrollment type",
          new StructType()
              .add(ExpenditureTables.YEAR, DataTypes.IntegerType, false)
              .add(ExpenditureTables.ENROLLMENT_TYPE, DataTypes.StringType, false)
              .add("normalization_factor", ExpenditureTables.RATIO, false)
              .add("demographic_normalization_factor", ExpenditureTables.RATIO, true)
              .add("source", DataTypes.StringType, false),
          List.of(ExpenditureTables.YEAR, ExpenditureTables.ENROLLMENT_TYPE),
          List.of(ExpenditureTables.YEAR));

  /** CMS-HCC relative factors as stored: CMS publishes three decimals. */
  public static final org.apache.spark.sql.types.DataType COEFFICIENT = DataTypes.createDecimalType(10, 3);

  /** One fired model variable (HCC, interaction or HCC count) and its relative factor. */
  public static final StructType FACTOR =
      new StructType().add("variable", DataTypes.StringType, true).add("coefficient", COEFFICIENT, true);

  /**
   * {@code beneficiary_risk_score}. Grain: one row per beneficiary × score year × CMS-HCC model
   * version blended in the payment year whose model tables scored it: the segment (NE new
   * enrollee, INS institutional, C[N|F|P][A|D] community), the raw score (sum of the fired
   * relative factors) and its demographic part, the model's blend weight and normalisation factor,
   * the beneficiary's blended score over all models of the payment year (Σ weight × raw /
   * normalisation factor; the same on each of its rows), the payment-style score after the MA
   * coding adjustment, and the variables that fired (HCCs after hierarchies, interactions, the HCC
   * count) with their coefficients. Diagnoses come from the year before the score year.
   */
  public static final TableSpec BENEFICIARY_RISK_SCORE =
      new TableSpec(
          "beneficiary_risk_score",
          "one row per beneficiary × score year × CMS-HCC model version",
          new StructType()
              .add(ExpenditureTables.BENE_ID, DataTypes.StringType, false)
              .add(ExpenditureTables.YEAR, DataTypes.IntegerType, false)
              .add("model_version", DataTypes.StringType, false)
              .add("payment_year", DataTypes.IntegerType, false)
              .add("segment", DataTypes.StringType, false)
              .add("new_enrollee", DataTypes.BooleanType, false)
              .add("raw_score", ExpenditureTables.RATIO, false)
              .add("demographic_score", ExpenditureTables.RATIO, false)
              .add("model_weight", ExpenditureTables.RATIO, false)
              .add("normalization_factor", ExpenditureTables.RATIO, false)
              .add("blended_score", ExpenditureTables.RATIO, false)
              .add("blended_demographic_score", ExpenditureTables.RATIO, false)
              .add("payment_score", ExpenditureTables.RATIO, false)
              .add("factors", DataTypes.createArrayType(FACTOR, true), false)
              .add(ExpenditureTables.RULES_VERSION, DataTypes.StringType, false),
          List.of(ExpenditureTables.BENE_ID, ExpenditureTables.YEAR, "model_version"),
          List.of(ExpenditureTables.YEAR));

  /**
   * {@code risk_unmapped_diagnosis}. Grain: one row per score year × model version × eligible
   * base-year diagnosis code that the model's ICD-10 → CC table does not list (counted and
   * reported, not an error): the number of beneficiaries who had it.
   */
  public static final TableSpec RISK_UNMAPPED_DIAGNOSIS =
      new TableSpec(
          "risk_unmapped_diagnosis",
          "one row per score year × model version × unmapped diagnosis code",
          new StructType()
              .add(ExpenditureTables.YEAR, DataTypes.IntegerType, false)
              .add("model_version", DataTypes.StringType, false)
              .add("dx_code", DataTypes.StringType, false)
              .add("beneficiaries", DataTypes.LongType, false),
          List.of(ExpenditureTables.YEAR, "model_version", "dx_code"),
          List.of(ExpenditureTables.YEAR));
}
