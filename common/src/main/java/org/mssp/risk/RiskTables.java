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
   * averages 1.0) and the renormalised score. Partitioned by year.
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
              .add("score_source", DataTypes.StringType, false),
          List.of(ExpenditureTables.BENE_ID, ExpenditureTables.YEAR, ExpenditureTables.ENROLLMENT_TYPE),
          List.of(ExpenditureTables.YEAR));

  /**
   * {@code risk_normalization}. Grain: one row per calendar year × enrollment type: the factor
   * and how it was obtained (EVALUATOR or PARAMETER_FILE).
   */
  public static final TableSpec RISK_NORMALIZATION =
      new TableSpec(
          "risk_normalization",
          "one row per calendar year × enrollment type",
          new StructType()
              .add(ExpenditureTables.YEAR, DataTypes.IntegerType, false)
              .add(ExpenditureTables.ENROLLMENT_TYPE, DataTypes.StringType, false)
              .add("normalization_factor", ExpenditureTables.RATIO, false)
              .add("source", DataTypes.StringType, false),
          List.of(ExpenditureTables.YEAR, ExpenditureTables.ENROLLMENT_TYPE),
          List.of(ExpenditureTables.YEAR));
}
