package org.mssp.risk;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;
import static org.mssp.expenditure.ExpenditureStage.on;
import static org.mssp.expenditure.ExpenditureTables.*;

import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;

/**
 * Prospective CMS-HCC risk scores per beneficiary × year × enrollment type, renormalised so the
 * national assignable population averages 1.0 per year and type (mssp-methodology.md §3.5
 * [RECALL]). The mean is weighted by eligible months (person-years) [INFER].
 *
 * <p>Scores come from CMS's file ({@code ref_prospective_risk_scores}) or, with
 * {@code --risk-source COMPUTED}, from {@code beneficiary_risk_score} ({@code aco risk}), as the
 * same {@code (bene_id, year, enrollment_type, hcc_risk_score)} frame tagged with its
 * {@code score_source}.
 */
public final class RiskStage {
  private RiskStage() {}

  public static final String SOURCE_CMS_FILE = "CMS_PROSPECTIVE_HCC_FILE";
  public static final String SOURCE_COMPUTED = "COMPUTED_CMS_HCC";
  public static final String DEMOGRAPHIC_SCORE = "demographic_risk_score";
  public static final String DEMOGRAPHIC_FACTOR = "demographic_normalization_factor";
  public static final String NORMALIZED_DEMOGRAPHIC = "normalized_demographic_score";

  /** Where {@code aco expenditures} takes raw scores from. */
  public enum Source { CMS, COMPUTED }

  /**
   * Computed scores as the {@code (bene_id, year, enrollment_type, scores)} frame: each non-ESRD
   * row of {@code beneficiaryExpenditure} gets the beneficiary's blended CMS-HCC score of
   * {@code beneficiary_risk_score} (one score per beneficiary and year, whatever the type); ESRD
   * rows keep CMS's file, since the ESRD model is not computed (docs/risk-adjustment.md). Rows
   * without a computed score drop out of the inner join like rows without a CMS score.
   */
  public static Dataset<Row> computedScores(Dataset<Row> riskScore, Dataset<Row> cmsScores,
      Dataset<Row> beneficiaryExpenditure, int year) {
    return computedScores(riskScore, cmsScores, beneficiaryExpenditure, List.of(year));
  }

  /** {@link #computedScores(Dataset, Dataset, Dataset, int)} of each of {@code years}. */
  public static Dataset<Row> computedScores(Dataset<Row> riskScore, Dataset<Row> cmsScores,
      Dataset<Row> beneficiaryExpenditure, List<Integer> years) {
    Dataset<Row> blended = riskScore.where(col(YEAR).isin(years.toArray()))
        .select(col(BENE_ID), col(YEAR), col("blended_score"), col("blended_demographic_score"))
        .dropDuplicates(BENE_ID, YEAR);
    Dataset<Row> nonEsrd = beneficiaryExpenditure.where(col(ENROLLMENT_TYPE).notEqual(lit("ESRD")))
        .select(BENE_ID, YEAR, ENROLLMENT_TYPE)
        .join(blended, on(BENE_ID, YEAR))
        .select(col(BENE_ID), col(YEAR), col(ENROLLMENT_TYPE), col("blended_score").cast(RATIO).as("hcc_risk_score"),
            col("blended_demographic_score").cast(RATIO).as("demographic_risk_score"), lit(SOURCE_COMPUTED).as("score_source"));
    return nonEsrd.unionByName(cmsScores.where(col(ENROLLMENT_TYPE).equalTo(lit("ESRD"))));
  }

  /** The CMS file's rows of one year as {@code bene_id, year, enrollment_type, scores}. */
  public static Dataset<Row> cmsScores(Dataset<Row> prospectiveRiskScores, int year) {
    return cmsScores(prospectiveRiskScores, List.of(year));
  }

  /** The CMS file's rows of each of {@code years}. */
  public static Dataset<Row> cmsScores(Dataset<Row> prospectiveRiskScores, List<Integer> years) {
    return prospectiveRiskScores.where(col("year").isin(years.toArray()))
        .select(col("bene_mbi_id").as(BENE_ID), col("year").as(YEAR), col("enrollment_type").as(ENROLLMENT_TYPE),
            col("hcc_risk_score").cast(RATIO).as("hcc_risk_score"),
            col("demographic_risk_score").cast(RATIO).as("demographic_risk_score"),
            lit(SOURCE_CMS_FILE).as("score_source"));
  }

  /**
   * Evaluator mode: factor per year × type = Σ(score × months) / Σ months over the assignable
   * rows of {@code beneficiary_expenditure} that have a score; the demographic factor is the same
   * mean of the demographic scores, over the rows that have one (null when none has), so that
   * demographic-only ratios (mssp-methodology.md §3.5, agreements before July 2019 and the 2024
   * cap) are renormalised like the HCC score [INFER: CMS renormalises demographic scores too].
   */
  public static Dataset<Row> normalizationFactors(Dataset<Row> scores, Dataset<Row> beneficiaryExpenditure) {
    org.apache.spark.sql.Column months = col(ELIGIBLE_MONTHS).cast(DataTypes.LongType);
    return beneficiaryExpenditure.where(col(ASSIGNABLE))
        .select(BENE_ID, YEAR, ENROLLMENT_TYPE, ELIGIBLE_MONTHS)
        .join(scores, on(BENE_ID, YEAR, ENROLLMENT_TYPE))
        .groupBy(YEAR, ENROLLMENT_TYPE)
        .agg(sum(col("hcc_risk_score").multiply(col(ELIGIBLE_MONTHS))).as("weighted"),
            sum(months).as("months"),
            sum(col(DEMOGRAPHIC_SCORE).multiply(col(ELIGIBLE_MONTHS))).as("demo_weighted"),
            sum(when(col(DEMOGRAPHIC_SCORE).isNotNull(), months)).as("demo_months"))
        .select(col(YEAR), col(ENROLLMENT_TYPE),
            col("weighted").divide(col("months")).cast(RATIO).as("normalization_factor"),
            col("demo_weighted").divide(col("demo_months")).cast(RATIO).as(DEMOGRAPHIC_FACTOR),
            lit("EVALUATOR").as("source"));
  }

  /**
   * Divides each score by its year × type factor, and the demographic score by the demographic
   * factor (null when either is missing); rows of a type without a factor are dropped by the
   * inner join and must be counted by the caller.
   */
  public static Dataset<Row> normalize(Dataset<Row> scores, Dataset<Row> factors) {
    return scores.join(factors.select(YEAR, ENROLLMENT_TYPE, "normalization_factor", DEMOGRAPHIC_FACTOR), on(YEAR, ENROLLMENT_TYPE))
        .withColumn("normalized_risk_score", col("hcc_risk_score").divide(col("normalization_factor")).cast(RATIO))
        .withColumn(NORMALIZED_DEMOGRAPHIC, col(DEMOGRAPHIC_SCORE).divide(col(DEMOGRAPHIC_FACTOR)).cast(RATIO));
  }
}
