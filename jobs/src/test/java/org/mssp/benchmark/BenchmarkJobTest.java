package org.mssp.benchmark;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mssp.assignment.AssignmentTables;
import org.mssp.common.schema.TableSpec;
import org.mssp.common.spark.DeltaTables;
import org.mssp.expenditure.ExpenditureJob;
import org.mssp.expenditure.ExpenditureTables;
import org.mssp.ingest.IngestTables;
import org.mssp.reference.ReferenceTables;
import org.mssp.settlement.SettlementJob;
import org.mssp.settlement.SettlementTables;
import org.mssp.testsupport.SharedSpark;

/**
 * Claims to settlement on a hand-built warehouse (the generator had no data yet): two ACOs with
 * first agreements starting 2020 (BY 2017–2019, PY 2020), two assigned beneficiaries each, and one
 * unassigned assignable beneficiary in each ACO's county. Every beneficiary is aged/non-dual all
 * year with risk 1.0 and the same spend each year, so by hand: county 01001 per capita
 * (6,000 + 6,000 + 9,000) / 3 = 7,000; county 02002 (12,000 + 12,000 + 9,000) / 3 = 11,000;
 * national 9,000; trends and updates 1.
 */
class BenchmarkJobTest {
  private static final SparkSession SPARK = SharedSpark.session();
  @TempDir static Path tempDir;
  private static String warehouse;

  static Dataset<Row> frame(StructType schema, List<Object[]> rows) {
    List<Row> list = new ArrayList<>();
    for (Object[] r : rows) {
      list.add(RowFactory.create(r));
    }
    return SPARK.createDataFrame(list, schema);
  }

  static StructType columnsOf(TableSpec spec, String... names) {
    StructType s = new StructType();
    for (String n : names) {
      s = s.add(spec.schema().apply(n));
    }
    return s;
  }

  static void write(String table, Dataset<Row> df) {
    df.write().format("delta").mode("overwrite").save(warehouse + "/" + table);
  }

  static final String[][] BENES = {
    {"L1", "01001", "6000.00", "A_LOW"}, {"L2", "01001", "6000.00", "A_LOW"}, {"L3", "01001", "9000.00", null},
    {"H1", "02002", "12000.00", "A_HIGH"}, {"H2", "02002", "12000.00", "A_HIGH"}, {"H3", "02002", "9000.00", null}};

  @BeforeAll
  static void buildWarehouse() throws Exception {
    warehouse = Files.createDirectories(tempDir.resolve("warehouse")).toString();
    List<Object[]> carrier = new ArrayList<>(), months = new ArrayList<>(), assignable = new ArrayList<>();
    List<Object[]> assignment = new ArrayList<>(), scores = new ArrayList<>(), agreements = new ArrayList<>();
    for (int year = 2017; year <= 2020; year++) {
      for (String[] b : BENES) {
        carrier.add(new Object[] {b[0], "71", Date.valueOf(year + "-06-15"), Date.valueOf(year + "-07-01"),
            Date.valueOf(year + "-08-01"), new BigDecimal(b[2])});
        for (int m = 1; m <= 12; m++) {
          months.add(new Object[] {b[0], year, m, null, b[1], "AGED_NON_DUAL", true});
        }
        assignable.add(new Object[] {b[0], 2020, year, "AGED_NON_DUAL", b[1], "test"});
        if (b[3] != null) {
          assignment.add(new Object[] {b[0], 2020, year, b[3]});
        }
        scores.add(new Object[] {b[0], year, "AGED_NON_DUAL", new BigDecimal("1.000"), new BigDecimal("0.500"), 1L});
      }
    }
    // A_EMPTY has an agreement and a quality score but no assigned beneficiary: nothing to settle
    for (String aco : List.of("A_LOW", "A_HIGH", "A_EMPTY")) {
      agreements.add(new Object[] {aco, 2020, "BASIC_A", Date.valueOf("2020-01-01"), 1, "RETROSPECTIVE", "VARIABLE", 1L});
    }
    String[] claimCols = {"bene_mbi_id", "clm_type_cd", "clm_line_from_dt", "clm_efctv_dt", "delivery_date", "clm_line_cvrd_pd_amt"};
    write("part_b_physician_line", frame(columnsOf(IngestTables.PART_B_PHYSICIAN_LINE, claimCols), carrier));
    write("part_b_dme_line", frame(columnsOf(IngestTables.PART_B_DME_LINE, claimCols), List.of()));
    write("part_a_claim_header", frame(columnsOf(IngestTables.PART_A_CLAIM_HEADER, "bene_mbi_id", "clm_type_cd",
        "clm_thru_dt", "clm_efctv_dt", "delivery_date", "clm_pmt_amt", "clm_oprtnl_ime_amt",
        "clm_mdcr_ip_pps_cptl_ime_amt", "clm_oprtnl_dsprprtnt_amt", "clm_mdcr_ip_pps_dsprprtnt_amt",
        "clm_hipps_uncompd_care_amt"), List.of()));
    write("beneficiary_month", frame(columnsOf(IngestTables.BENEFICIARY_MONTH, "bene_mbi_id", "year", "month",
        "death_date", "state_county_fips", "enrollment_type", "ffs_part_a_and_b"), months));
    write("assignable_population", frame(AssignmentTables.ASSIGNABLE_POPULATION.schema(), assignable));
    write("beneficiary_assignment", frame(columnsOf(AssignmentTables.BENEFICIARY_ASSIGNMENT, "bene_id",
        "performance_year", "assignment_year", "aco_id"), assignment));
    write("ref_prospective_risk_scores", frame(ReferenceTables.PROSPECTIVE_RISK_SCORES.schema(), scores));
    write("ref_aco_agreements", frame(ReferenceTables.ACO_AGREEMENTS.schema(), agreements));
    Path quality = Path.of(warehouse, "quality.csv");
    Files.writeString(quality, "aco_id,performance_year,quality_score,quality_standard_met\nA_LOW,2020,0.9,true\nA_HIGH,2020,0.9,true\nA_EMPTY,2020,0.9,true\n");
    for (int year = 2017; year <= 2020; year++) {
      ExpenditureJob.run(new ExpenditureJob.Config(warehouse, year, ExpenditureJob.Mode.EVALUATOR, null, null), SPARK);
    }
    BenchmarkJob.run(new BenchmarkJob.Config(warehouse, 2020, quality.toString(), null), SPARK);
    // a re-run of a year replaces its slice: same contents
    ExpenditureJob.run(new ExpenditureJob.Config(warehouse, 2020, ExpenditureJob.Mode.EVALUATOR, null, null), SPARK);
    BenchmarkJob.run(new BenchmarkJob.Config(warehouse, 2020, quality.toString(), null), SPARK);
    SettlementJob.run(new SettlementJob.Config(warehouse, 2020, warehouse + "/aco_totals"), SPARK);
  }

  private static Row benchmark(String aco) {
    List<Row> rows = DeltaTables.read(SPARK, warehouse, BenchmarkTables.ACO_BENCHMARK)
        .where(col("aco_id").equalTo(aco)).collectAsList();
    assertThat(rows).hasSize(1);
    return rows.get(0);
  }

  @Test
  void lowCostAcoGets35PercentOfItsGapToTheRegionAndHighCostAcoLoses15Percent() {
    Row low = benchmark("A_LOW");
    // hist 6,000 ; region 7,000 ; 35% x 1,000 = 350 (cap 5% x 9,000 = 450) ; updated 6,350 x 2 person-years
    assertThat(low.<String>getAs("era")).isEqualTo("PATHWAYS_2019");
    assertThat(low.<String>getAs("regional_direction")).isEqualTo(BenchmarkCalculator.LOWER);
    assertThat(low.<BigDecimal>getAs("historical_per_capita")).isEqualByComparingTo("6000");
    assertThat(low.<BigDecimal>getAs("regional_per_capita")).isEqualByComparingTo("7000");
    assertThat(low.<BigDecimal>getAs("regional_adjustment")).isEqualByComparingTo("350");
    assertThat(low.<BigDecimal>getAs("updated_per_capita")).isEqualByComparingTo("6350");
    assertThat(low.<BigDecimal>getAs("benchmark_total")).isEqualByComparingTo("12700");
    assertThat(low.<BigDecimal>getAs("expenditure_total")).isEqualByComparingTo("12000");
    assertThat(low.<Long>getAs("assigned_beneficiaries")).isEqualTo(2L);
    // the ACO holds 24 of its county's 36 months: national weight 2/3
    assertThat(low.<BigDecimal>getAs("national_weight_by3")).isEqualByComparingTo("0.6666666667");
    Row high = benchmark("A_HIGH");
    // hist 12,000 ; region 11,000 ; 15% x -1,000 = -150 ; updated 11,850
    assertThat(high.<String>getAs("regional_direction")).isEqualTo(BenchmarkCalculator.HIGHER);
    assertThat(high.<BigDecimal>getAs("regional_adjustment")).isEqualByComparingTo("-150");
    assertThat(high.<BigDecimal>getAs("benchmark_total")).isEqualByComparingTo("23700");
  }

  @Test
  void identitiesHoldOnTheOutputs() {
    Dataset<Row> bench = DeltaTables.read(SPARK, warehouse, BenchmarkTables.ACO_BENCHMARK);
    Dataset<Row> byType = DeltaTables.read(SPARK, warehouse, BenchmarkTables.ACO_BENCHMARK_BY_TYPE);
    for (Row b : bench.collectAsList()) {
      String aco = b.getAs("aco_id");
      BigDecimal pyTotal = b.getAs("person_years_py");
      // total benchmark = updated per capita x person-years ; total expenditure = Σ type per capita x person-years
      assertThat(b.<BigDecimal>getAs("updated_per_capita").multiply(pyTotal).setScale(2, java.math.RoundingMode.HALF_UP))
          .isEqualByComparingTo(b.<BigDecimal>getAs("benchmark_total"));
      BigDecimal exp = BigDecimal.ZERO;
      for (Row t : byType.where(col("aco_id").equalTo(aco)).collectAsList()) {
        exp = exp.add(t.<BigDecimal>getAs("expenditure_per_capita").multiply(t.getAs("person_years_py")));
        // weights sum to 1
        assertThat(t.<BigDecimal>getAs("weight_by1").add(t.getAs("weight_by2")).add(t.getAs("weight_by3")))
            .isEqualByComparingTo("1");
      }
      assertThat(exp.setScale(2, java.math.RoundingMode.HALF_UP)).isEqualByComparingTo(b.<BigDecimal>getAs("expenditure_total"));
    }
    // truncated spend never exceeds the cap
    assertThat(DeltaTables.read(SPARK, warehouse, ExpenditureTables.BENEFICIARY_EXPENDITURE)
        .where(col("truncated_spend").gt(col("truncation_cap"))).count()).isZero();
  }

  @Test
  void aRerunLeavesOneSliceAndSettlementReadsTheTotals() {
    // 6 beneficiaries x 4 years, once each despite the re-run of 2020
    assertThat(DeltaTables.read(SPARK, warehouse, ExpenditureTables.BENEFICIARY_EXPENDITURE).count()).isEqualTo(24);
    assertThat(DeltaTables.read(SPARK, warehouse, ExpenditureTables.ACO_EXPENDITURE).count()).isEqualTo(8);
    // the ACO without PY beneficiaries is benchmarked (zeros) but not handed to settlement
    assertThat(benchmark("A_EMPTY").<Long>getAs("assigned_beneficiaries")).isZero();
    assertThat(benchmark("A_EMPTY").<BigDecimal>getAs("benchmark_total")).isZero();
    assertThat(DeltaTables.read(SPARK, warehouse, SettlementTables.ACO_TOTALS).where(col("aco_id").equalTo("A_EMPTY"))
        .count()).isZero();
    List<Row> settled = DeltaTables.read(SPARK, warehouse, SettlementTables.ACO_SETTLEMENT).orderBy("aco_id").collectAsList();
    assertThat(settled).hasSize(2);
    assertThat(settled.get(0).<BigDecimal>getAs("benchmark_total")).isEqualByComparingTo("23700");
    assertThat(settled.get(1).<BigDecimal>getAs("benchmark_total")).isEqualByComparingTo("12700");
    assertThat(settled.get(1).<BigDecimal>getAs("savings")).isEqualByComparingTo("700");
  }

  @Test
  void theQualityFileIsReadByHeaderNameWithItsOptionalSettlementInputs(@TempDir Path dir) throws Exception {
    // columns in another order than the contract's, two optional ones given, three left out
    Path file = dir.resolve("quality.csv");
    Files.writeString(file, "quality_standard_met,participant_revenue_total,aco_id,quality_score,performance_year,"
        + "euc_loss_reduction_fraction\ntrue,1250000.50,A1,0.85,2022,0.25\nfalse,,A2,0.40,2022,\n");
    List<Row> rows = BenchmarkJob.readQuality(SPARK, file.toString()).orderBy("aco_id").collectAsList();
    assertThat(rows).hasSize(2);
    Row a1 = rows.get(0);
    assertThat(a1.<Integer>getAs("performance_year")).isEqualTo(2022);
    assertThat(a1.<BigDecimal>getAs("quality_score")).isEqualByComparingTo("0.85");
    assertThat(a1.<Boolean>getAs("quality_standard_met")).isTrue();
    assertThat(a1.<BigDecimal>getAs("euc_loss_reduction_fraction")).isEqualByComparingTo("0.25");
    assertThat(a1.<BigDecimal>getAs("participant_revenue_total")).isEqualByComparingTo("1250000.50");
    assertThat(a1.<Object>getAs("euc_loss_reduction_amount")).isNull();
    assertThat(a1.<Object>getAs("pay_for_reporting")).isNull();
    assertThat(a1.<Object>getAs("sliding_scale_eligible")).isNull();
    assertThat(rows.get(1).<Boolean>getAs("quality_standard_met")).isFalse();
    assertThat(rows.get(1).<Object>getAs("participant_revenue_total")).isNull();
  }

  @Test
  void aQualityFileWithAMissingOrUnknownColumnFailsNamingFileAndColumn(@TempDir Path dir) throws Exception {
    Path missing = dir.resolve("missing.csv");
    Files.writeString(missing, "aco_id,performance_year,quality_score\nA1,2022,0.9\n");
    assertThatThrownBy(() -> BenchmarkJob.readQuality(SPARK, missing.toString()))
        .hasMessageContaining("missing.csv").hasMessageContaining("missing column quality_standard_met");
    Path unknown = dir.resolve("unknown.csv");
    Files.writeString(unknown, "aco_id,performance_year,quality_score,quality_standard_met,euc_fraction\n"
        + "A1,2022,0.9,true,0.5\n");
    assertThatThrownBy(() -> BenchmarkJob.readQuality(SPARK, unknown.toString()))
        .hasMessageContaining("unknown.csv, header, column euc_fraction: unknown column");
  }

  /**
   * County figures that match none of the assigned beneficiaries' counties in a year (here: the PY's
   * county rows deleted from a copy of the warehouse, as when beneficiary_month's codes and a county
   * file's differ) fail the benchmark naming the year, instead of dropping every regional figure.
   */
  @Test
  void noCountyFigureForAnyAcoInAYearFailsNamingTheYear(@TempDir Path dir) throws Exception {
    Path copy = dir.resolve("warehouse");
    org.mssp.testdata.GeneratedWarehouse.copyTree(Path.of(warehouse), copy);
    SPARK.sql("DELETE FROM delta.`" + copy.resolve("county_expenditure") + "` WHERE year = 2020");
    Path quality = dir.resolve("quality.csv");
    Files.writeString(quality, "aco_id,performance_year,quality_score,quality_standard_met\nA_LOW,2020,0.9,true\n");
    assertThatThrownBy(() -> BenchmarkJob.run(new BenchmarkJob.Config(copy.toString(), 2020, quality.toString(), null), SPARK))
        .hasMessageContaining("Cannot compute benchmarks for PY2020")
        .hasMessageContaining("no ACO has a regional figure for 2020");
  }
}
