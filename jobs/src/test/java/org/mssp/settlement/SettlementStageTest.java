package org.mssp.settlement;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.mssp.common.error.PipelineException;
import org.mssp.settlement.rules.SettlementRules;
import org.mssp.settlement.rules.SettlementRulesLoader;
import org.mssp.testsupport.DataFrameAssert;
import org.mssp.testsupport.SharedSpark;

/** The Spark stage: ACO totals in, the aco_settlement contract out, the same figures as the engine. */
class SettlementStageTest {
  private static final SettlementRules RULES = SettlementRulesLoader.load();

  /** Totals with only the required columns: the optional ones must be filled in as nulls. */
  private static Dataset<Row> requiredOnly(SparkSession spark, List<Row> rows) {
    StructType schema =
        new StructType()
            .add("aco_id", DataTypes.StringType)
            .add("performance_year", DataTypes.IntegerType)
            .add("track", DataTypes.StringType)
            .add("assigned_beneficiaries", DataTypes.IntegerType)
            .add("benchmark_total", DataTypes.createDecimalType(20, 2))
            .add("expenditure_total", DataTypes.createDecimalType(20, 2))
            .add("msr_election", DataTypes.StringType)
            .add("quality_score", DataTypes.createDecimalType(14, 10))
            .add("quality_standard_met", DataTypes.BooleanType)
            .add("euc_loss_reduction_fraction", DataTypes.createDecimalType(14, 10));
    return spark.createDataFrame(rows, schema);
  }

  private static Row totals(String aco, int year, String track, int n, String benchmark, String exp,
      String msr, String quality, Boolean met, String euc) {
    return RowFactory.create(aco, year, track, n, new BigDecimal(benchmark), new BigDecimal(exp), msr,
        new BigDecimal(quality), met, euc == null ? null : new BigDecimal(euc));
  }

  @Test
  void settlesEachAcoYearIntoTheAcoSettlementContract() {
    SparkSession spark = SharedSpark.session();
    Dataset<Row> in =
        requiredOnly(
            spark,
            List.of(
                // 100,000 x 0.45 x 0.98 = 44,100
                totals("t1_savings", 2018, "TRACK_1", 60000, "1000000", "900000", "VARIABLE", "0.9", true, null),
                // 1.5 % < MSR 2 %: nothing
                totals("t1_inside", 2018, "TRACK_1", 60000, "1000000", "985000", "VARIABLE", "0.9", true, null),
                // -100,000 x 0.40 (floor) = -40,000; EUC 25 % -> -30,000
                totals("t3_loss", 2018, "TRACK_3", 60000, "1000000", "1100000", "0.02", "0.9", true, "0.25"),
                // PY2019: no sequestration: 100,000 x 0.45 = 45,000
                totals("t1_2019", 2019, "TRACK_1", 60000, "1000000", "900000", "VARIABLE", "0.9", null, null)));

    Dataset<Row> out = SettlementStage.settle(in, RULES);

    DataFrameAssert.assertSameSchema(SettlementTables.ACO_SETTLEMENT.schema(), out.schema());
    SettlementTables.ACO_SETTLEMENT.checkKey(out);
    StructType expectedSchema =
        new StructType()
            .add("aco_id", DataTypes.StringType)
            .add("gross_savings_losses", SettlementTables.MONEY)
            .add("shared_loss_rate", SettlementTables.RATE)
            .add("euc_reduction", SettlementTables.MONEY)
            .add("earned_savings_losses", SettlementTables.MONEY)
            .add("rule_set_version", DataTypes.StringType);
    Dataset<Row> expected =
        spark.createDataFrame(
            List.of(
                RowFactory.create("t1_savings", new BigDecimal("100000.00"), null, new BigDecimal("0.00"), new BigDecimal("44100.00"), RULES.version()),
                RowFactory.create("t1_inside", new BigDecimal("0.00"), null, new BigDecimal("0.00"), new BigDecimal("0.00"), RULES.version()),
                RowFactory.create("t3_loss", new BigDecimal("-100000.00"), new BigDecimal("0.4000000000"), new BigDecimal("10000.00"), new BigDecimal("-30000.00"), RULES.version()),
                RowFactory.create("t1_2019", new BigDecimal("100000.00"), null, new BigDecimal("0.00"), new BigDecimal("45000.00"), RULES.version())),
            expectedSchema);
    DataFrameAssert.assertSameRows(
        expected,
        out.select(
            col("aco_id"), col("gross_savings_losses"), col("shared_loss_rate"), col("euc_reduction"),
            col("earned_savings_losses"), col("rule_set_version")));
  }

  @Test
  void aBadRowFailsTheStageNamingAcoYearAndColumn() {
    SparkSession spark = SharedSpark.session();
    Dataset<Row> in =
        requiredOnly(
            spark,
            List.of(totals("bad_track", 2018, "TRACK_9", 60000, "1000000", "900000", "VARIABLE", "0.9", true, null)));
    assertThatThrownBy(() -> SettlementStage.settle(in, RULES).collectAsList())
        .satisfies(
            e -> {
              Throwable c = e;
              while (c != null && !(c instanceof PipelineException)) {
                c = c.getCause();
              }
              assertThat(c).isNotNull();
              assertThat(c.getMessage())
                  .isEqualTo(
                      "Cannot settle ACO bad_track, PY2018: column track: unknown track 'TRACK_9'; expected one of "
                          + "[BASIC_A, BASIC_B, BASIC_C, BASIC_D, BASIC_E, ENHANCED, TRACK_1, TRACK_1_PLUS, TRACK_2, TRACK_3]");
            });
  }
}
