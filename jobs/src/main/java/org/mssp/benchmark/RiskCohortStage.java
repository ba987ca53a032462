package org.mssp.benchmark;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;
import static org.mssp.expenditure.ExpenditureStage.on;
import static org.mssp.expenditure.ExpenditureTables.*;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.mssp.assignment.AssignmentTables;

/**
 * Newly and continuously assigned beneficiaries of each ACO in the performance year
 * (mssp-methodology.md §3.5, agreements before July 2019), for the risk ratio at reconciliation.
 *
 * <p>CMS counts a PY beneficiary as continuously assigned when it was assigned to the ACO, or
 * received a primary care service from its participants, in the prior year (mssp-methodology.md
 * §3.5 [REG]).
 * Both legs are read from the assignment runs ({@code beneficiary_assignment} and
 * {@code primary_care_contact}, the latter in the window of the ACO's own method):
 *
 * <ol>
 *   <li>the PY − 1 run's rows of year PY − 1 (performance_year = assignment_year = PY − 1), when
 *       that run has rows for the ACO (basis {@link BenchmarkCalculator#CONTINUITY_PRIOR_PY});
 *   <li>otherwise the PY run's rows of benchmark year PY − 1 (the first PY of an agreement, whose
 *       BY3 is PY − 1; basis {@link BenchmarkCalculator#CONTINUITY_BENCHMARK_YEAR}), with the PY's
 *       participant list [INFER: the list the PY run applies to its benchmark years];
 *   <li>otherwise no prior-year assignment: every PY beneficiary counts as newly assigned (basis
 *       {@link BenchmarkCalculator#CONTINUITY_NONE}; the job logs it and aco_benchmark records it).
 * </ol>
 *
 * <p>Input grain: assignment one row per beneficiary × performance year × assignment year;
 * expenditure and risk one row per beneficiary × year × enrollment type. Output grain: one row
 * per ACO × enrollment type × cohort (NEWLY / CONTINUOUSLY) with person-years and person-year
 * weighted means of the renormalised HCC and demographic scores, and the ACO's continuity basis.
 */
public final class RiskCohortStage {
  private RiskCohortStage() {}

  public static final String COHORT = "cohort";
  public static final String NEWLY = "NEWLY";
  public static final String CONTINUOUSLY = "CONTINUOUSLY";
  public static final String CONTINUITY_BASIS = "continuity_basis";

  /**
   * @param assignment {@code beneficiary_assignment} rows of performance years PY − 1 and PY (other
   *     rows are ignored)
   * @param contacts {@code primary_care_contact} rows of performance years PY − 1 and PY (other rows
   *     are ignored)
   * @param beneficiaryExpenditure {@code beneficiary_expenditure} of the PY (other years ignored)
   * @param risk {@code beneficiary_risk} of the PY (other years ignored)
   */
  public static Dataset<Row> cohorts(
      Dataset<Row> assignment, Dataset<Row> contacts, Dataset<Row> beneficiaryExpenditure, Dataset<Row> risk,
      int performanceYear) {
    int prior = performanceYear - 1;
    Column py = col(AssignmentTables.PERFORMANCE_YEAR);
    Column ay = col(AssignmentTables.ASSIGNMENT_YEAR);
    Column priorYear = ay.equalTo(prior).and(py.equalTo(prior).or(py.equalTo(performanceYear)));
    // Assigned to the ACO, or a primary care service with its participants, in PY - 1.
    Dataset<Row> priorRows = assignment.where(priorYear).select(col(BENE_ID), col(ACO_ID), py.as("p_run"))
        .unionByName(contacts.where(priorYear).select(col(BENE_ID), col(ACO_ID), py.as("p_run")));
    // Per ACO: the PY-1 run's rows when it has rows for the ACO, else the PY run's rows of PY - 1.
    Dataset<Row> basis = priorRows.groupBy(ACO_ID)
        .agg(max(when(col("p_run").equalTo(prior), 1).otherwise(0)).as("has_prior_run"))
        .select(col(ACO_ID).as("b_aco"), when(col("has_prior_run").equalTo(1), lit(BenchmarkCalculator.CONTINUITY_PRIOR_PY))
            .otherwise(lit(BenchmarkCalculator.CONTINUITY_BENCHMARK_YEAR)).as(CONTINUITY_BASIS));
    Dataset<Row> continuing = priorRows.join(basis, col(ACO_ID).equalTo(col("b_aco")))
        .where(col(CONTINUITY_BASIS).equalTo(BenchmarkCalculator.CONTINUITY_PRIOR_PY).and(col("p_run").equalTo(prior))
            .or(col(CONTINUITY_BASIS).equalTo(BenchmarkCalculator.CONTINUITY_BENCHMARK_YEAR)
                .and(col("p_run").equalTo(performanceYear))))
        .select(col(BENE_ID).as("c_bene"), col(ACO_ID).as("c_aco"), lit(true).as("continuing"))
        .distinct();

    Dataset<Row> assigned = assignment.where(py.equalTo(performanceYear).and(ay.equalTo(performanceYear)))
        .select(col(BENE_ID), col(ACO_ID), lit(performanceYear).as(YEAR));
    Dataset<Row> scored = risk.where(col(YEAR).equalTo(performanceYear))
        .select(BENE_ID, YEAR, ENROLLMENT_TYPE, "normalized_risk_score", "normalized_demographic_score");
    Column months = col(ELIGIBLE_MONTHS).cast(DataTypes.LongType);
    Column hcc = col("normalized_risk_score");
    Column demo = col("normalized_demographic_score");
    return assigned
        .join(beneficiaryExpenditure.where(col(YEAR).equalTo(performanceYear)).select(BENE_ID, YEAR, ENROLLMENT_TYPE, ELIGIBLE_MONTHS),
            on(BENE_ID, YEAR))
        .join(scored, on(BENE_ID, YEAR, ENROLLMENT_TYPE), "left")
        .join(continuing, col(BENE_ID).equalTo(col("c_bene")).and(col(ACO_ID).equalTo(col("c_aco"))), "left")
        .withColumn(COHORT, when(col("continuing").equalTo(true), lit(CONTINUOUSLY)).otherwise(lit(NEWLY)))
        .groupBy(ACO_ID, ENROLLMENT_TYPE, COHORT)
        .agg(sum(months).as(ELIGIBLE_MONTHS),
            sum(hcc.multiply(months)).as("hcc_weighted"),
            sum(when(hcc.isNotNull(), months)).as("hcc_months"),
            sum(demo.multiply(months)).as("demo_weighted"),
            sum(when(demo.isNotNull(), months)).as("demo_months"))
        .join(basis, col(ACO_ID).equalTo(col("b_aco")), "left")
        .select(col(ACO_ID), col(ENROLLMENT_TYPE), col(COHORT),
            col(ELIGIBLE_MONTHS).cast(PERSON_YEARS).divide(lit(12)).cast(PERSON_YEARS).as(PERSON_YEARS_COL),
            col("hcc_weighted").divide(col("hcc_months")).cast(RATIO).as("mean_risk_score"),
            col("demo_weighted").divide(col("demo_months")).cast(RATIO).as(MEAN_DEMOGRAPHIC_RISK_SCORE),
            coalesce(col(CONTINUITY_BASIS), lit(BenchmarkCalculator.CONTINUITY_NONE)).as(CONTINUITY_BASIS));
  }
}
