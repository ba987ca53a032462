package org.mssp.expenditure;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.countDistinct;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;
import static org.mssp.expenditure.ExpenditureStage.on;
import static org.mssp.expenditure.ExpenditureTables.*;

import java.math.BigDecimal;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;

/**
 * ACO expenditures (mssp-methodology.md §2.2): the assigned beneficiaries of each ACO for the
 * performance year and its benchmark years, their truncated spend, completed per capita
 * (Σ truncated × 12 / Σ months × completion factor of the year) and person-year weighted means of
 * the renormalised HCC and demographic risk scores, per enrollment type. Grain out: ACO × performance year × year × type.
 */
public final class AcoExpenditureStage {
  private AcoExpenditureStage() {}

  /**
   * @param assignment {@code beneficiary_assignment} rows of one performance year
   * @param beneficiaryExpenditure truncated {@code beneficiary_expenditure} of the years needed
   * @param risk {@code beneficiary_risk} of those years
   * @param completionFactors completion factor by calendar year (every year present must have one)
   */
  public static Dataset<Row> acoExpenditure(
      Dataset<Row> assignment,
      Dataset<Row> beneficiaryExpenditure,
      Dataset<Row> risk,
      Map<Integer, BigDecimal> completionFactors,
      String rulesVersion) {
    Column cf = lit(null).cast(RATIO);
    for (Map.Entry<Integer, BigDecimal> e : completionFactors.entrySet()) {
      cf = when(col(YEAR).equalTo(e.getKey()), lit(e.getValue()).cast(RATIO)).otherwise(cf);
    }
    Dataset<Row> assigned = assignment.select(col(BENE_ID), col(PERFORMANCE_YEAR), col("assignment_year").as(YEAR), col(ACO_ID));
    Dataset<Row> scored = risk.select(BENE_ID, YEAR, ENROLLMENT_TYPE, "normalized_risk_score", "normalized_demographic_score");
    Column months = col(ELIGIBLE_MONTHS).cast(DataTypes.LongType);
    return assigned
        .join(beneficiaryExpenditure, on(BENE_ID, YEAR))
        .join(scored, on(BENE_ID, YEAR, ENROLLMENT_TYPE), "left")
        .groupBy(ACO_ID, PERFORMANCE_YEAR, YEAR, ENROLLMENT_TYPE)
        .agg(countDistinct(col(BENE_ID)).as("beneficiaries"),
            sum(months).as(ELIGIBLE_MONTHS),
            sum(col(RAW_SPEND)).cast(MONEY).as(RAW_SPEND),
            sum(col(TRUNCATED_SPEND)).cast(MONEY).as(TRUNCATED_SPEND),
            sum(col("normalized_risk_score").multiply(months)).as("risk_weighted"),
            sum(when(col("normalized_risk_score").isNotNull(), months)).as("risk_months"),
            sum(col("normalized_demographic_score").multiply(months)).as("demo_weighted"),
            sum(when(col("normalized_demographic_score").isNotNull(), months)).as("demo_months"))
        .withColumn(PERSON_YEARS_COL, col(ELIGIBLE_MONTHS).cast(PERSON_YEARS).divide(lit(12)).cast(PERSON_YEARS))
        .withColumn("completion_factor", cf)
        .withColumn("per_capita", ExpenditureStage.perCapita(col(TRUNCATED_SPEND), col(ELIGIBLE_MONTHS), col("completion_factor")))
        .withColumn("mean_risk_score", col("risk_weighted").divide(col("risk_months")).cast(RATIO))
        .withColumn(MEAN_DEMOGRAPHIC_RISK_SCORE, col("demo_weighted").divide(col("demo_months")).cast(RATIO))
        .withColumn(RULES_VERSION, lit(rulesVersion))
        .drop("risk_weighted", "risk_months", "demo_weighted", "demo_months");
  }
}
