package org.mssp.risk;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;
import static org.mssp.expenditure.ExpenditureStage.on;
import static org.mssp.expenditure.ExpenditureTables.*;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;

/**
 * Prospective CMS-HCC risk scores per beneficiary × year × enrollment type, renormalised so the
 * national assignable population averages 1.0 per year and type (mssp-methodology.md §3.5
 * [RECALL]). The mean is weighted by eligible months (person-years) [INFER].
 *
 * <p>Scores come from CMS's file ({@code ref_prospective_risk_scores}); computing CMS-HCC scores
 * from diagnoses would be another source of the same {@code (bene_id, year, enrollment_type,
 * hcc_risk_score)} frame, tagged with its own {@code score_source}.
 */
public final class RiskStage {
  private RiskStage() {}

  public static final String SOURCE_CMS_FILE = "CMS_PROSPECTIVE_HCC_FILE";

  /** The CMS file's rows of one year as {@code bene_id, year, enrollment_type, scores}. */
  public static Dataset<Row> cmsScores(Dataset<Row> prospectiveRiskScores, int year) {
    return prospectiveRiskScores.where(col("year").equalTo(year))
        .select(col("bene_mbi_id").as(BENE_ID), col("year").as(YEAR), col("enrollment_type").as(ENROLLMENT_TYPE),
            col("hcc_risk_score").cast(RATIO).as("hcc_risk_score"),
            col("demographic_risk_score").cast(RATIO).as("demographic_risk_score"),
            lit(SOURCE_CMS_FILE).as("score_source"));
  }

  /**
   * Evaluator mode: factor per year × type = Σ(score × months) / Σ months over the assignable
   * rows of {@code beneficiary_expenditure} that have a score.
   */
  public static Dataset<Row> normalizationFactors(Dataset<Row> scores, Dataset<Row> beneficiaryExpenditure) {
    return beneficiaryExpenditure.where(col(ASSIGNABLE))
        .select(BENE_ID, YEAR, ENROLLMENT_TYPE, ELIGIBLE_MONTHS)
        .join(scores, on(BENE_ID, YEAR, ENROLLMENT_TYPE))
        .groupBy(YEAR, ENROLLMENT_TYPE)
        .agg(sum(col("hcc_risk_score").multiply(col(ELIGIBLE_MONTHS))).as("weighted"),
            sum(col(ELIGIBLE_MONTHS).cast(DataTypes.LongType)).as("months"))
        .select(col(YEAR), col(ENROLLMENT_TYPE),
            col("weighted").divide(col("months")).cast(RATIO).as("normalization_factor"),
            lit("EVALUATOR").as("source"));
  }

  /** Divides each score by its year × type factor; rows of a type without a factor are dropped by the inner join and must be counted by the caller. */
  public static Dataset<Row> normalize(Dataset<Row> scores, Dataset<Row> factors) {
    return scores.join(factors.select(YEAR, ENROLLMENT_TYPE, "normalization_factor"), on(YEAR, ENROLLMENT_TYPE))
        .withColumn("normalized_risk_score", col("hcc_risk_score").divide(col("normalization_factor")).cast(RATIO));
  }
}
