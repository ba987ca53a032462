package org.mssp.allocation;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Date;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mssp.assignment.AssignmentTables;
import org.mssp.common.error.PipelineException;
import org.mssp.common.spark.DeltaTables;
import org.mssp.reference.ReferenceTables;
import org.mssp.settlement.SettlementJob;
import org.mssp.testsupport.DataFrameAssert;
import org.mssp.testsupport.SharedSpark;

/**
 * The job edge, end to end on a tiny warehouse: settlement (run by the settlement job), attribution
 * and roster tables, quality CSV and a plan in; provider_allocation and endowment_ledger out, for
 * two years so the second year's advances come from the first year's allocation.
 */
class AllocationJobTest {
  @TempDir Path dir;

  private static final String PLAN =
      """
      {"plan_set_version": "job-test-1",
       "plans": [{"plan_id": "default", "aco_id": "*",
         "tier1": {"share": "0.2"},
         "tier2": {"PCP": "0.75", "NON_ATTRIBUTED": "0.25"},
         "tier3": {"PCP": {"model": "ATTRIBUTION"},
                   "NON_ATTRIBUTED": {"model": "ENDOWMENT", "advance_share": "0.5", "carry_forward_clawback": false,
                                      "earned_by": {"model": "THRESHOLD", "quality_gate": "0.7", "weight": "EQUAL"}}}}]}
      """;

  // Settlement (docs/settlement.md): A1 2018 100,000 × 0.45 × 0.98 = 44,100; A2 2018 loss −40,000;
  // A3 2018 1% savings, below the 2% MSR → 0. A1 2019: 100,000 × 0.45 = 45,000.
  private static final String TOTALS =
      "aco_id,performance_year,track,assigned_beneficiaries,benchmark_total,expenditure_total,"
          + "msr_election,quality_score,quality_standard_met,euc_loss_reduction_fraction\n"
          + "A1,2018,TRACK_1,60000,1000000,900000,VARIABLE,0.9,true,0\n"
          + "A2,2018,TRACK_3,60000,1000000,1100000,0.02,0.9,true,0\n"
          + "A3,2018,TRACK_1,60000,1000000,990000,VARIABLE,0.9,true,0\n"
          + "A1,2019,TRACK_1,60000,1000000,900000,VARIABLE,0.9,true,0\n";

  private static final String QUALITY_HEADER =
      "aco_id,performance_year,npi,tin,measure_id,higher_is_better,numerator,denominator,prior_numerator,prior_denominator\n";

  @Test
  void allocatesEachAcoYearToTheCentAndReconcilesNextYearsEndowment() throws IOException {
    SparkSession spark = SharedSpark.session();
    String warehouse = dir.resolve("warehouse").toString();
    Path totals = dir.resolve("totals.csv");
    Files.writeString(totals, TOTALS);
    SettlementJob.run(new SettlementJob.Config(warehouse, 2018, totals.toString()), spark);
    SettlementJob.run(new SettlementJob.Config(warehouse, 2019, totals.toString()), spark);
    writeAttributionAndRoster(spark, warehouse);
    Path plan = dir.resolve("plan.json");
    Files.writeString(plan, PLAN);
    Path quality = dir.resolve("quality.csv");
    // ED 93 passes the 0.7 gate in 2018 (0.80) and misses it in 2019 (0.60); radiology 30 misses in 2018.
    Files.writeString(quality, QUALITY_HEADER
        + "A1,2018,1000000003,222222222,ED1,true,80,100,70,100\n"
        + "A1,2018,1000000004,222222222,ED1,true,50,100,,\n"
        + "A1,2019,1000000003,222222222,ED1,true,60,100,80,100\n");

    AllocationJob.Summary s2018 = AllocationJob.run(
        new AllocationJob.Config(warehouse, 2018, plan, quality.toString(), null), spark);
    assertThat(s2018.acos()).isEqualTo(3);

    // A1 2018: tier 1 = 0.2 × 44,100 = 8,820; pool 35,280 → PCP 26,460, NON_ATTRIBUTED 8,820.
    // PCP by attribution 3 : 1 → 19,845 and 6,615. ED passes, radiology misses → ED 8,820.
    // A2 owes 40,000, borne by the ACO. A3 has no earned savings: one row of 0 with the reason.
    Dataset<Row> table = DeltaTables.read(spark, warehouse, AllocationTables.PROVIDER_ALLOCATION);
    DataFrameAssert.assertSameRows(
        expected(spark,
            row("A1", 2018, 1, "OPERATIONS", null, "8820.00"),
            row("A1", 2018, 2, "PCP", null, "26460.00"),
            row("A1", 2018, 2, "NON_ATTRIBUTED", null, "8820.00"),
            row("A1", 2018, 3, "PCP", "1000000001", "19845.00"),
            row("A1", 2018, 3, "PCP", "1000000002", "6615.00"),
            row("A1", 2018, 3, "NON_ATTRIBUTED", "1000000003", "8820.00"),
            row("A1", 2018, 3, "NON_ATTRIBUTED", "1000000004", "0.00"),
            row("A2", 2018, 1, "OPERATIONS", null, "-40000.00"),
            row("A3", 2018, 1, "OPERATIONS", null, "0.00")),
        table.select("aco_id", "performance_year", "tier", "group_code", "npi", "amount"));
    String a3Reason = table.filter(col("aco_id").equalTo("A3")).select("reason").as(org.apache.spark.sql.Encoders.STRING()).first();
    assertThat(a3Reason).startsWith("no earned savings: nothing allocated (savings rate 0.010000 did not pass the minimum savings rate");
    Row rad = table.filter(col("npi").equalTo("1000000004")).first();
    assertThat(rad.<String>getAs("reason")).isEqualTo("quality gate missed: composite 0.5000000000 < gate 0.7");
    assertThat(rad.<String>getAs("rules_version")).isEqualTo("allocation-groups-2026.11.1");
    assertThat(rad.<String>getAs("plan_set_version")).isEqualTo("job-test-1");

    // 2019: A1 earns 45,000 → tier 1 9,000; NON_ATTRIBUTED 0.25 × 36,000 = 9,000, but ED misses the
    // gate → kept by the ACO. ED's advance = 0.5 × 8,820 = 4,410, earned 0 → claw-back 4,410.
    AllocationJob.run(new AllocationJob.Config(warehouse, 2019, plan, quality.toString(), null), spark);
    Dataset<Row> ledger = DeltaTables.read(spark, warehouse, AllocationTables.ENDOWMENT_LEDGER)
        .filter(col("performance_year").equalTo(2019).and(col("npi").equalTo("1000000003")));
    Row ed = ledger.first();
    assertThat(ed.<BigDecimal>getAs("prior_year_earned")).isEqualByComparingTo("8820.00");
    assertThat(ed.<BigDecimal>getAs("advance")).isEqualByComparingTo("4410.00");
    assertThat(ed.<BigDecimal>getAs("earned")).isEqualByComparingTo("0.00");
    assertThat(ed.<BigDecimal>getAs("clawback")).isEqualByComparingTo("4410.00");
    Row reserve = DeltaTables.read(spark, warehouse, AllocationTables.PROVIDER_ALLOCATION)
        .filter(col("performance_year").equalTo(2019).and(col("recipient_type").equalTo("ACO_RESERVE"))).first();
    assertThat(reserve.<BigDecimal>getAs("amount")).isEqualByComparingTo("9000.00");
  }

  @Test
  void qualityModelWithoutAQualityFileFailsBeforeWriting() throws IOException {
    SparkSession spark = SharedSpark.session();
    String warehouse = dir.resolve("warehouse").toString();
    Path totals = dir.resolve("totals.csv");
    Files.writeString(totals, TOTALS);
    SettlementJob.run(new SettlementJob.Config(warehouse, 2018, totals.toString()), spark);
    Path plan = dir.resolve("plan.json");
    Files.writeString(plan, PLAN);
    assertThatThrownBy(() -> AllocationJob.run(new AllocationJob.Config(warehouse, 2018, plan, null, null), spark))
        .isInstanceOf(PipelineException.class)
        .hasMessage("Invalid argument --provider-quality=null: plan default uses THRESHOLD for NON_ATTRIBUTED,"
            + " which needs provider quality measures");
    assertThat(DeltaTables.exists(spark, DeltaTables.path(warehouse, AllocationTables.PROVIDER_ALLOCATION))).isFalse();
  }

  private static Row row(String aco, int year, int tier, String group, String npi, String amount) {
    return RowFactory.create(aco, year, tier, group, npi, new BigDecimal(amount));
  }

  private static Dataset<Row> expected(SparkSession spark, Row... rows) {
    StructType schema = new StructType()
        .add("aco_id", DataTypes.StringType, false)
        .add("performance_year", DataTypes.IntegerType, false)
        .add("tier", DataTypes.IntegerType, false)
        .add("group_code", DataTypes.StringType, false)
        .add("npi", DataTypes.StringType)
        .add("amount", AllocationTables.MONEY, false);
    return spark.createDataFrame(List.of(rows), schema);
  }

  /**
   * A1: PCPs 1000000001 (3 beneficiaries) and 1000000002 (1) in both years; ED and radiology on the
   * roster; A1's participant list.
   */
  private static void writeAttributionAndRoster(SparkSession spark, String warehouse) {
    List<Row> attribution = new ArrayList<>();
    int bene = 0;
    for (int year : new int[] {2018, 2019}) {
      for (String npi : new String[] {"1000000001", "1000000001", "1000000001", "1000000002"}) {
        attribution.add(RowFactory.create("B" + (bene++), year, year, "A1", npi, "111111111", "PLURALITY_1",
            new BigDecimal("100.00"), Date.valueOf(year + "-06-01"), 2L, "test"));
      }
      // a benchmark-year row is not counted for the performance year
      attribution.add(RowFactory.create("B" + (bene++), year, year - 1, "A1", "1000000002", "111111111", "PLURALITY_1",
          new BigDecimal("100.00"), Date.valueOf((year - 1) + "-06-01"), 2L, "test"));
    }
    DeltaTables.replaceAll(
        spark.createDataFrame(attribution, AssignmentTables.PROVIDER_ATTRIBUTION.schema()),
        AssignmentTables.PROVIDER_ATTRIBUTION, warehouse);
    List<Row> roster = List.of(
        RowFactory.create("1000000001", "111111111", "08", 2L),
        RowFactory.create("1000000002", "111111111", "11", 3L),
        RowFactory.create("1000000003", "222222222", "93", 4L),
        RowFactory.create("1000000004", "222222222", "30", 5L));
    DeltaTables.replaceAll(
        spark.createDataFrame(roster, ReferenceTables.PROVIDER_ROSTER.schema()),
        ReferenceTables.PROVIDER_ROSTER, warehouse);
    // TIN 222222222 also bills through CCN 331234: its clinicians gain roster rows there, unused here
    List<Row> participants = List.of(
        RowFactory.create("A1", "111111111", null, Date.valueOf("2018-01-01"), null, 2L),
        RowFactory.create("A1", "222222222", null, Date.valueOf("2018-01-01"), null, 3L),
        RowFactory.create("A1", "222222222", "331234", Date.valueOf("2018-01-01"), null, 4L));
    DeltaTables.replaceAll(
        spark.createDataFrame(participants, ReferenceTables.ACO_PARTICIPANTS.schema()),
        ReferenceTables.ACO_PARTICIPANTS, warehouse);
  }
}
