package org.mssp.settlement;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mssp.common.error.PipelineException;
import org.mssp.common.spark.DeltaTables;
import org.mssp.testsupport.SharedSpark;

/** The job edge: CSV totals in, the performance year's slice of aco_settlement replaced. */
class SettlementJobTest {
  private static final String HEADER =
      "aco_id,performance_year,track,assigned_beneficiaries,benchmark_total,expenditure_total,"
          + "msr_election,quality_score,quality_standard_met,euc_loss_reduction_fraction\n";

  @TempDir Path dir;

  @Test
  void writesTheYearsSliceAndARerunReplacesOnlyThatYear() throws IOException {
    SparkSession spark = SharedSpark.session();
    String warehouse = dir.resolve("warehouse").toString();
    Path totals = dir.resolve("totals.csv");
    Files.writeString(
        totals,
        HEADER
            // 100,000 x 0.45 x 0.98 = 44,100
            + "A1,2018,TRACK_1,60000,1000000,900000,VARIABLE,0.9,true,0\n"
            // -100,000 x 0.40 = -40,000
            + "A2,2018,TRACK_3,60000,1000000,1100000,0.02,0.9,true,0\n"
            // PY2019: 100,000 x 0.45 (no sequestration) = 45,000
            + "A1,2019,TRACK_1,60000,1000000,900000,VARIABLE,0.9,true,0\n");

    assertThat(SettlementJob.run(new SettlementJob.Config(warehouse, 2018, totals.toString()), spark)).isEqualTo(2);
    assertThat(SettlementJob.run(new SettlementJob.Config(warehouse, 2019, totals.toString()), spark)).isEqualTo(1);
    // Re-run 2018 with A1's expenditures changed: 2018 is replaced, 2019 stays.
    Files.writeString(
        totals,
        HEADER
            + "A1,2018,TRACK_1,60000,1000000,800000,VARIABLE,0.9,true,0\n"
            + "A2,2018,TRACK_3,60000,1000000,1100000,0.02,0.9,true,0\n");
    SettlementJob.run(new SettlementJob.Config(warehouse, 2018, totals.toString()), spark);

    Dataset<Row> table = DeltaTables.read(spark, warehouse, SettlementTables.ACO_SETTLEMENT);
    List<Row> rows =
        table.select(col("aco_id"), col("performance_year"), col("earned_savings_losses"))
            .orderBy(col("performance_year"), col("aco_id"))
            .collectAsList();
    assertThat(rows).hasSize(3);
    // A1 2018 re-run: 200,000 x 0.45 x 0.98 = 88,200
    assertThat(rows.get(0).getString(0)).isEqualTo("A1");
    assertThat((BigDecimal) rows.get(0).getAs("earned_savings_losses")).isEqualByComparingTo("88200");
    assertThat((BigDecimal) rows.get(1).getAs("earned_savings_losses")).isEqualByComparingTo("-40000");
    assertThat(rows.get(2).getInt(1)).isEqualTo(2019);
    assertThat((BigDecimal) rows.get(2).getAs("earned_savings_losses")).isEqualByComparingTo("45000");
  }

  @Test
  void readsTotalsFromADeltaTableOfTheAcoTotalsShape() {
    SparkSession spark = SharedSpark.session();
    String warehouse = dir.resolve("warehouse").toString();
    String totalsTable = dir.resolve("aco_totals").toString();
    // Only the required columns: the optional ones are filled in as nulls.
    spark
        .sql(
            "SELECT 'D1' AS aco_id, 2018 AS performance_year, 'TRACK_3' AS track,"
                + " 60000 AS assigned_beneficiaries, CAST(1000000 AS DECIMAL(20,2)) AS benchmark_total,"
                + " CAST(1100000 AS DECIMAL(20,2)) AS expenditure_total, '0.02' AS msr_election,"
                + " CAST(0.4 AS DECIMAL(14,10)) AS quality_score, true AS quality_standard_met,"
                + " CAST(0 AS DECIMAL(14,10)) AS euc_loss_reduction_fraction")
        .write()
        .format("delta")
        .save(totalsTable);
    assertThat(SettlementJob.run(new SettlementJob.Config(warehouse, 2018, totalsTable), spark)).isEqualTo(1);
    Row row = DeltaTables.read(spark, warehouse, SettlementTables.ACO_SETTLEMENT).first();
    // 1 - 0.75 x 0.4 = 0.70; -100,000 x 0.70 = -70,000.
    assertThat((BigDecimal) row.getAs("shared_loss_rate")).isEqualByComparingTo("0.70");
    assertThat((BigDecimal) row.getAs("earned_savings_losses")).isEqualByComparingTo("-70000");
  }

  @Test
  void aBadRowFailsBeforeAnythingIsWrittenNamingRowAndColumn() throws IOException {
    SparkSession spark = SharedSpark.session();
    String warehouse = dir.resolve("warehouse").toString();
    Path totals = dir.resolve("totals.csv");
    Files.writeString(totals, HEADER + "A1,2018,TRACK_1,60000,-5,900000,VARIABLE,0.9,true,0\n");
    assertThatThrownBy(() -> SettlementJob.run(new SettlementJob.Config(warehouse, 2018, totals.toString()), spark))
        .isInstanceOf(PipelineException.class)
        .hasMessage(
            "Cannot read " + totals + ", row 1 (line 2), column benchmark_total: must be positive, got -5 (ACO A1, PY2018)");
    assertThat(Files.exists(dir.resolve("warehouse"))).isFalse();
  }

  @Test
  void aYearWithoutRulesFailsBeforeReading() {
    assertThatThrownBy(
            () -> SettlementJob.run(new SettlementJob.Config(dir.toString(), 2031, "missing.csv"), SharedSpark.session()))
        .isInstanceOf(PipelineException.class)
        .hasMessage("Cannot settle PY2031: rule table 'quality_link' has no rows for 2031");
  }
}
