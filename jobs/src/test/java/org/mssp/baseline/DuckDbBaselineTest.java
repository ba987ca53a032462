package org.mssp.baseline;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.mssp.assignment.AssignmentJob;
import org.mssp.assignment.AssignmentTables;
import org.mssp.common.spark.DeltaTables;
import org.apache.spark.sql.Dataset;
import org.mssp.benchmark.rules.BenchmarkRules;
import org.mssp.expenditure.ExpenditureStage;
import org.mssp.ingest.IngestTables;
import org.mssp.expenditure.ExpenditureTables;
import org.mssp.testdata.GeneratedWarehouse;
import org.mssp.testsupport.SharedSpark;

/**
 * The DuckDB baseline is a real equivalent of the Spark stages: on the shared generated warehouse
 * (PY2018), its assignment gives every beneficiary-year the same ACO, method, step, winning
 * amount and enrollment type as {@code beneficiary_assignment}, and its expenditure of 2018 the
 * same months, person-years, spend per category, caps and truncated spend as
 * {@code beneficiary_expenditure}, row for row. The Spark side runs with Spark's generated code.
 */
class DuckDbBaselineTest {
  private static final int PY = GeneratedWarehouse.LAST_YEAR;
  private static final Map<String, String> duckAssignment = new TreeMap<>();
  private static final Map<String, String> duckExpenditure = new TreeMap<>();
  private static List<BaselineJob.StageTiming> timings;
  private static String warehouse;
  private static List<Row> sparkExpenditure;
  private static SparkSqlBaseline.Result sparkSqlAssignment;
  private static SparkSqlBaseline.Result sparkSqlExpenditure;

  /**
   * The Spark expenditure of the PY as {@link org.mssp.expenditure.ExpenditureJob} computes
   * {@code beneficiary_expenditure} in evaluator mode (same stage functions, same rules), without
   * the job's risk, national and county tables and writes, which the baseline does not compute.
   */
  private static List<Row> sparkExpenditure(SparkSession spark) {
    BenchmarkRules rules = BenchmarkRules.load();
    Dataset<Row> claims = ExpenditureStage.claimPayments(
        DeltaTables.read(spark, warehouse, IngestTables.PART_A_CLAIM_HEADER),
        DeltaTables.read(spark, warehouse, IngestTables.PART_B_PHYSICIAN_LINE),
        DeltaTables.read(spark, warehouse, IngestTables.PART_B_DME_LINE), PY, rules);
    Dataset<Row> months = ExpenditureStage.eligibleMonths(DeltaTables.read(spark, warehouse, IngestTables.BENEFICIARY_MONTH), PY);
    Dataset<Row> assignable = DeltaTables.read(spark, warehouse, AssignmentTables.ASSIGNABLE_POPULATION)
        .where(col(AssignmentTables.ASSIGNMENT_YEAR).equalTo(PY))
        .select(col(ExpenditureTables.BENE_ID), col(AssignmentTables.ASSIGNMENT_YEAR).as(ExpenditureTables.YEAR));
    Dataset<Row> raw = ExpenditureStage.beneficiaryExpenditure(claims, months, assignable, rules.version());
    Dataset<Row> caps = ExpenditureStage.truncationCaps(raw, rules.parameter("truncation_percentile", PY));
    return ExpenditureStage.applyTruncation(raw, caps).collectAsList();
  }

  @BeforeAll
  static void runBoth() {
    // The Spark side runs with Spark's generated code (the suite's session interprets, see
    // SharedSpark), so generated-code execution is checked against an independent engine.
    SparkSession spark = SharedSpark.codegenSession();
    warehouse = GeneratedWarehouse.get().warehouse().toString();
    // The Spark assignment job writes the PY slice (idempotent; AssignmentGeneratedDataTest runs the same).
    AssignmentJob.run(new AssignmentJob.Config(warehouse, PY), spark);
    sparkExpenditure = sparkExpenditure(spark);
    sparkSqlAssignment = SparkSqlBaseline.assignment(spark, warehouse, PY);
    sparkSqlExpenditure = SparkSqlBaseline.expenditure(spark, warehouse, PY);
    timings = BaselineJob.run(new BaselineJob.Config(warehouse, PY, List.of(PY), 2), spark, db -> {
      db.query("SELECT * FROM " + AssignmentBaseline.OUTPUT, r -> putAssignment(duckAssignment, r::getObject));
      db.query("SELECT * FROM " + ExpenditureBaseline.output(PY), r -> putExpenditure(duckExpenditure, r::getObject));
    });
  }

  /** Exact decimal text without trailing zeros, so DECIMAL(25,2) and DECIMAL(38,2) compare equal. */
  private static String money(BigDecimal d) {
    return d == null ? "null" : d.stripTrailingZeros().toPlainString();
  }

  /** A column of a result row by name: a Spark {@code Row} or a DuckDB {@code ResultSet}. */
  @FunctionalInterface
  private interface Columns {
    Object get(String name) throws SQLException;
  }

  /** An assignment row as key (beneficiary | year) and decision text (ACO | method | step | amount | type). */
  private static void putAssignment(Map<String, String> into, Columns c) throws SQLException {
    into.put(c.get("bene_id") + "|" + c.get("assignment_year"),
        String.join("|", (String) c.get("aco_id"), (String) c.get("assignment_method"), (String) c.get("assignment_step"),
            money((BigDecimal) c.get("winner_allowed_amount")), (String) c.get("enrollment_type")));
  }

  /** An expenditure row as key (beneficiary | year | type) and its figures as text, decimals exact. */
  private static void putExpenditure(Map<String, String> into, Columns c) throws SQLException {
    StringBuilder v = new StringBuilder()
        .append(c.get("eligible_months")).append('|').append(money((BigDecimal) c.get("person_years")));
    for (String category : ExpenditureTables.CATEGORIES) {
      v.append('|').append(money((BigDecimal) c.get(ExpenditureTables.spendColumn(category))));
    }
    for (String m : List.of("raw_spend", "truncation_cap", "truncated_spend")) {
      v.append('|').append(money((BigDecimal) c.get(m)));
    }
    v.append('|').append(c.get("county_code")).append('|').append(c.get("assignable"));
    into.put(c.get("bene_id") + "|" + c.get("year") + "|" + c.get("enrollment_type"), v.toString());
  }

  /** The rows as {@code put} keys and formats them. */
  private static Map<String, String> entries(List<Row> rows, RowPut put) throws SQLException {
    Map<String, String> out = new TreeMap<>();
    for (Row r : rows) {
      put.into(out, r::getAs);
    }
    return out;
  }

  @FunctionalInterface
  private interface RowPut {
    void into(Map<String, String> map, Columns columns) throws SQLException;
  }

  @Test
  void assignmentEqualsTheSparkTableBeneficiaryForBeneficiary() throws SQLException {
    Map<String, String> spark = entries(DeltaTables.read(SharedSpark.session(), warehouse,
        AssignmentTables.BENEFICIARY_ASSIGNMENT).filter(col("performance_year").equalTo(PY)).collectAsList(),
        DuckDbBaselineTest::putAssignment);
    assertThat(spark).isNotEmpty();
    assertThat(duckAssignment).isEqualTo(spark);
  }

  @Test
  void expenditureEqualsTheSparkTableRowForRow() throws SQLException {
    Map<String, String> spark = entries(sparkExpenditure, DuckDbBaselineTest::putExpenditure);
    assertThat(spark).isNotEmpty();
    // Caps were computed (with under 100 assignable beneficiaries per type the nearest-rank 99th
    // percentile is the largest spend, so no row is cut here; the caps themselves are compared).
    assertThat(spark.values()).anyMatch(v -> !v.split("\\|")[10].equals("null"));
    assertThat(duckExpenditure).isEqualTo(spark);
  }

  @Test
  void theSameQueryOnSparkSqlGivesDuckDbsRows() throws SQLException {
    Map<String, String> spark = entries(sparkSqlAssignment.rows(), DuckDbBaselineTest::putAssignment);
    assertThat(duckAssignment).isNotEmpty();
    assertThat(spark).isEqualTo(duckAssignment);
    assertThat(sparkSqlAssignment.rows()).hasSize(duckAssignment.size());
    assertThat(sparkSqlAssignment.seconds()).isPositive();
  }

  @Test
  void theSameExpenditureQueryOnSparkSqlGivesDuckDbsRows() throws SQLException {
    Map<String, String> spark = entries(sparkSqlExpenditure.rows(), DuckDbBaselineTest::putExpenditure);
    assertThat(duckExpenditure).isNotEmpty();
    assertThat(spark).isEqualTo(duckExpenditure);
    assertThat(sparkSqlExpenditure.rows()).hasSize(duckExpenditure.size());
  }

  @Test
  void timingsNameEachStageWithItsRows() {
    assertThat(timings).extracting(BaselineJob.StageTiming::stage).containsExactly("assign", "expenditures " + PY);
    assertThat(timings).allSatisfy(t -> {
      assertThat(t.inputRows()).isPositive();
      assertThat(t.outputRows()).isPositive();
      assertThat(t.seconds()).isPositive();
    });
    assertThat(timings.get(0).outputRows()).isEqualTo(duckAssignment.size());
  }

  @Test
  void aWarehouseWithoutTheInputTablesIsRefusedByName() {
    assertThatThrownBy(() -> BaselineJob.run(
            new BaselineJob.Config(warehouse + "-missing", PY, List.of(), 1), SharedSpark.session(), db -> {}))
        .hasMessageContaining("table part_b_physician_line is not in the warehouse");
  }
}
