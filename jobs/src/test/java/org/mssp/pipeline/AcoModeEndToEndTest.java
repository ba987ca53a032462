package org.mssp.pipeline;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mssp.assignment.AssignmentTables;
import org.mssp.benchmark.BenchmarkTables;
import org.mssp.common.spark.DeltaTables;
import org.mssp.expenditure.ExpenditureJob;
import org.mssp.expenditure.ExpenditureTables;
import org.mssp.reference.ReferenceTables;
import org.mssp.risk.RiskTables;
import org.mssp.settlement.SettlementTables;
import org.mssp.generate.GenerateConfig;
import org.mssp.generate.GenerateJob;
import org.mssp.generate.GenerateRules;
import org.mssp.generate.MessRates;
import org.mssp.testsupport.SharedSpark;

/**
 * Issue 6, end to end in ACO mode on a dataset of its own: 150 beneficiaries and 2 ACOs generated
 * for 2015–2018 from the Vermont counties of the CMS county file only, so that every beneficiary
 * lives where the ACOs practise and each ACO has assigned beneficiaries in every benchmark year
 * (on the national shared warehouse a 150-beneficiary ACO footprint is too thin for that). The
 * generator starts both PY2018 agreements in 2018, so BY1–BY3 = 2015–2017. {@link RunJob} (what
 * {@code aco run} runs) ingests, assigns PY2018, computes expenditures for 2015–2018 with
 * truncation caps and risk normalisation factors from a parameter file and regional figures from a
 * county file in CMS's format, then benchmarks, settles and allocates (the example plan); then
 * runs again, unchanged (every stage skipped) and forced (every table with the same rows).
 *
 * <p>The county file is the CMS 2018 file's counties and person-years with per capita values set
 * by hand, the same in every county, and every mean risk score 1.0, so the national and regional
 * per capita of a year and type are exactly the hand value:
 *
 * <pre>
 *                 2015 (BY1)  2016 (BY2)  2017 (BY3)  2018 (PY)
 * ESRD              60,000      57,600      72,000      75,600
 * DISABLED           9,000       8,640      10,800      11,340
 * AGED_DUAL         20,000      19,200      24,000      25,200
 * AGED_NON_DUAL     10,000       9,600      12,000      12,600
 * </pre>
 *
 * so every trend is BY3/BY1 = 1.2 and BY3/BY2 = 1.25 (national or regional alike), growth
 * BY3→PY is × 1.05, and the flat-dollar national growth is 5 % of BY3: 3,600 / 540 / 1,200 / 600.
 */
class AcoModeEndToEndTest {
  static final int PY = 2018;
  static final String[] TYPES = {"ESRD", "DISABLED", "AGED_DUAL", "AGED_NON_DUAL"};
  static final String[] FILE_TYPES = {"ESRD", "DISABLED", "AGED/DUAL", "AGED/NON-DUAL"};
  static final long[][] PER_CAPITA = {
      {60_000, 57_600, 72_000, 75_600}, {9_000, 8_640, 10_800, 11_340},
      {20_000, 19_200, 24_000, 25_200}, {10_000, 9_600, 12_000, 12_600}};
  static final long[] FLAT_GROWTH = {3_600, 540, 1_200, 600};
  /** Hand-chosen caps; AGED_NON_DUAL's $5,000 is far below a generated year's mean, so it binds. */
  static final long[] CAP = {150_000, 60_000, 80_000, 5_000};
  static final BigDecimal FACTOR = new BigDecimal("1.25");

  @TempDir static Path dir;
  static final int ACOS = 2;
  static Path dataset;
  static String warehouse;
  static Pipeline.Config config;
  /** The run's configuration under a run id (each run needs its own: run_manifest is keyed by it). */
  static java.util.function.Function<String, Pipeline.Config> configFor;
  static RunJob.Result first;

  @BeforeAll
  static void run() throws IOException {
    SparkSession spark = SharedSpark.session();
    dataset = dir.resolve("dataset");
    warehouse = dir.resolve("warehouse").toString();
    Path cms2018 = SharedSpark.sharedDir().resolve("data/mssp-county-ffs-2018.csv");
    Path vermont = dir.resolve("county_ffs_vermont.csv");
    Files.write(vermont, stateRows(cms2018, "Vermont"));
    GenerateJob.run(new GenerateConfig(150, ACOS, 2015, PY, 23, dataset.toString(), false, false, vermont.toString(),
        "A9999", MessRates.defaults(GenerateRules.load())), spark);
    Path params = dir.resolve("national_parameters.csv");
    List<String> lines = new ArrayList<>(List.of("year,enrollment_type,truncation_cap,risk_normalization_factor,demographic_normalization_factor"));
    for (int y = 2015; y <= PY; y++) {
      for (int t = 0; t < TYPES.length; t++) {
        lines.add(y + "," + TYPES[t] + "," + CAP[t] + ".00," + FACTOR + "," + FACTOR);
      }
    }
    Files.write(params, lines);
    Path county = dir.resolve("county_ffs_2015_2018.csv");
    Files.write(county, countyFile(SharedSpark.sharedDir().resolve("data/mssp-county-ffs-2018.csv")));

    Path plan = dir.resolve("allocation-plan.json");
    try (java.io.InputStream in = AcoModeEndToEndTest.class.getResourceAsStream("/demo/allocation-plan.json")) {
      Files.copy(in, plan);
    }
    configFor = runId -> new Pipeline.Config(dataset.toString(), warehouse, PY, runId, ExpenditureJob.Mode.ACO,
        params.toString(), county.toString(), dataset.resolve("reference/aco_quality.csv").toString(),
        null, plan, dataset.resolve("quality/provider_quality_" + PY + ".csv").toString(),
        dataset.resolve("quality/provider_cost_" + PY + ".csv").toString());
    config = configFor.apply("aco-mode-1");
    // What `aco run` does: every stage, ingest to allocation, with its run_manifest row.
    first = RunJob.run(new RunJob.Config(config, RunJob.Policy.SKIP_UNCHANGED), spark, Pipeline.Listener.NONE);
    assertThat(RunJobTest.statuses(first)).containsExactly(
        "INGEST=ran", "ASSIGN=ran", "EXPENDITURES=ran", "BENCHMARK=ran", "SETTLE=ran", "ALLOCATE=ran");
    assertThat(Pipeline.expenditureYears(config, spark)).containsExactly(2015, 2016, 2017, 2018);
  }

  /** A second `aco run` with the same inputs skips every stage and leaves every table at its version. */
  @Test
  void aSecondRunWithTheSameInputsSkipsEveryStage() {
    SparkSession spark = SharedSpark.session();
    Map<String, Long> before = RunJob.versions(spark, warehouse);
    RunJob.Result again = RunJob.run(new RunJob.Config(configFor.apply("aco-mode-again"), RunJob.Policy.SKIP_UNCHANGED),
        spark, Pipeline.Listener.NONE);
    assertThat(RunJobTest.statuses(again)).containsExactly("INGEST=skipped", "ASSIGN=skipped",
        "EXPENDITURES=skipped", "BENCHMARK=skipped", "SETTLE=skipped", "ALLOCATE=skipped");
    assertThat(RunJob.versions(spark, warehouse)).isEqualTo(before);
  }

  /**
   * `aco run --force` on the same inputs runs every stage again (ingest finds every delivery
   * already ingested) and every table ends with the rows it had: the real stages are idempotent.
   * It runs the whole chain a second time (about 70 s on 2 cores with the suite's interpreted
   * expressions, see SharedSpark).
   */
  @Test
  void aForcedRerunRewritesTheTablesWithTheSameRows() throws IOException {
    SparkSession spark = SharedSpark.session();
    Path before = dir.resolve("warehouse-before-force");
    org.mssp.testdata.GeneratedWarehouse.copyTree(Path.of(warehouse), before);
    Map<String, Long> versions = RunJob.versions(spark, warehouse);
    RunJob.Result forced = RunJob.run(new RunJob.Config(configFor.apply("aco-mode-forced"), RunJob.Policy.FORCE), spark,
        Pipeline.Listener.NONE);
    assertThat(RunJobTest.statuses(forced)).containsExactly(
        "INGEST=ran", "ASSIGN=ran", "EXPENDITURES=ran", "BENCHMARK=ran", "SETTLE=ran", "ALLOCATE=ran");
    // the stages after ingest wrote their tables again
    Map<String, Long> after = RunJob.versions(spark, warehouse);
    for (String t : List.of(AssignmentTables.BENEFICIARY_ASSIGNMENT.name(), SettlementTables.ACO_SETTLEMENT.name(),
        ExpenditureTables.BENEFICIARY_EXPENDITURE.name(), BenchmarkTables.ACO_BENCHMARK_BY_TYPE.name())) {
      assertThat(after.get(t)).as(t).isGreaterThan(versions.get(t));
    }
    org.mssp.compare.WarehouseComparison.Result compared = org.mssp.compare.WarehouseComparison.run(
        new org.mssp.compare.WarehouseComparison.Config(before.toString(), warehouse, java.util.Set.of(),
            java.util.Set.of(RunTables.RUN_MANIFEST.name()), 5), spark);
    assertThat(compared.tablesCompared()).hasSizeGreaterThan(30);
    assertThat(compared.differences()).isEmpty();
  }

  /** The header and the rows of one state of a county file. */
  static List<String> stateRows(Path countyFile, String state) throws IOException {
    List<String> in = Files.readAllLines(countyFile);
    List<String> out = new ArrayList<>(List.of(in.get(0)));
    for (String line : in.subList(1, in.size())) {
      if (line.split(",", -1)[1].equals(state)) {
        out.add(line);
      }
    }
    assertThat(out).as(state + " counties").hasSizeGreaterThan(1);
    return out;
  }

  /** The CMS 2018 county file's rows for each year 2015–2018 with the hand per capita and risk 1.0. */
  static List<String> countyFile(Path cms2018) throws IOException {
    List<String> in = Files.readAllLines(cms2018);
    List<String> out = new ArrayList<>(List.of(in.get(0)));
    String[] header = in.get(0).split(",", -1);
    for (int y = 2015; y <= PY; y++) {
      for (String line : in.subList(1, in.size())) {
        String[] f = line.split(",", -1);
        f[0] = String.valueOf(y);
        for (int t = 0; t < TYPES.length; t++) {
          int pc = indexOf(header, "Per capita " + FILE_TYPES[t] + " expenditures");
          if (f[pc + 2].matches("[0-9.]+") && !f[pc + 2].equals(".")) {
            f[pc] = PER_CAPITA[t][y - 2015] + ".00";
            f[pc + 1] = "1.00000";
          }
        }
        out.add(String.join(",", f));
      }
    }
    return out;
  }

  private static int indexOf(String[] header, String name) {
    for (int i = 0; i < header.length; i++) {
      if (header[i].trim().equals(name)) {
        return i;
      }
    }
    throw new IllegalStateException("no column " + name);
  }

  @Test
  void nationalFiguresComeFromTheParameterAndCountyFiles() {
    List<Row> rows = DeltaTables.read(SharedSpark.session(), warehouse, ExpenditureTables.NATIONAL_EXPENDITURE)
        .where(col("year").between(2015, PY)).select("year", "enrollment_type", "per_capita", "truncation_cap")
        .collectAsList();
    assertThat(rows).hasSize(16);
    for (Row r : rows) {
      int t = List.of(TYPES).indexOf(r.getString(1));
      assertThat(r.getDecimal(2)).as(r.toString()).isEqualByComparingTo(BigDecimal.valueOf(PER_CAPITA[t][r.getInt(0) - 2015]));
      assertThat(r.getDecimal(3)).as(r.toString()).isEqualByComparingTo(BigDecimal.valueOf(CAP[t]));
    }
  }

  @Test
  void truncatedSpendIsRawSpendCappedAtTheParameterFileCap() {
    List<Row> rows = DeltaTables.read(SharedSpark.session(), warehouse, ExpenditureTables.BENEFICIARY_EXPENDITURE)
        .where(col("year").between(2015, PY)).select("enrollment_type", "raw_spend", "truncated_spend").collectAsList();
    assertThat(rows).isNotEmpty();
    long capped = 0;
    for (Row r : rows) {
      BigDecimal cap = BigDecimal.valueOf(CAP[List.of(TYPES).indexOf(r.getString(0))]);
      BigDecimal raw = r.getDecimal(1);
      assertThat(r.getDecimal(2)).as(r.toString()).isEqualByComparingTo(raw.min(cap));
      capped += raw.compareTo(cap) > 0 ? 1 : 0;
    }
    assertThat(capped).isPositive();
  }

  @Test
  void riskIsNormalisedByTheParameterFileFactor() {
    List<Row> factors = DeltaTables.read(SharedSpark.session(), warehouse, RiskTables.RISK_NORMALIZATION)
        .where(col("year").between(2015, PY)).select("normalization_factor").distinct().collectAsList();
    assertThat(factors).hasSize(1);
    assertThat(factors.get(0).getDecimal(0)).isEqualByComparingTo(FACTOR);
  }

  @Test
  void trendsAndUpdatesAreTheHandRatiosOfTheCountyFile() {
    List<Row> rows = DeltaTables.read(SharedSpark.session(), warehouse, BenchmarkTables.ACO_BENCHMARK_BY_TYPE)
        .where(col("performance_year").equalTo(PY))
        .select("aco_id", "enrollment_type", "era", "trend_by1", "trend_by2", "update_factor", "update_flat_amount")
        .collectAsList();
    assertThat(rows).isNotEmpty();
    int checked = 0;
    for (Row r : rows) {
      int t = List.of(TYPES).indexOf(r.getString(1));
      if (!r.isNullAt(3)) {
        assertThat(r.getDecimal(3)).as(r.toString()).isEqualByComparingTo("1.2");
        assertThat(r.getDecimal(4)).as(r.toString()).isEqualByComparingTo("1.25");
        checked++;
      }
      switch (r.getString(2)) {
        case "FIRST_2012", "REBASE_2016" ->
            assertThat(r.getDecimal(6)).as(r.toString()).isEqualByComparingTo(BigDecimal.valueOf(FLAT_GROWTH[t]));
        case "REBASE_2017" -> assertThat(r.getDecimal(5)).as(r.toString()).isEqualByComparingTo("1.05");
        default -> throw new AssertionError("a 2018 agreement cannot be in era " + r.getString(2));
      }
    }
    assertThat(checked).isPositive();
  }

  @Test
  void settlementAddsUpAndAppliesTheSmallAcoMsr() throws IOException {
    SparkSession spark = SharedSpark.session();
    Map<String, BigDecimal> benchmarks = new HashMap<>();
    for (Row r : DeltaTables.read(spark, warehouse, BenchmarkTables.ACO_BENCHMARK_BY_TYPE)
        .where(col("performance_year").equalTo(PY)).groupBy("aco_id").sum("benchmark_total").collectAsList()) {
      benchmarks.put(r.getString(0), r.getDecimal(1));
    }
    Map<String, String> elections = new HashMap<>();
    for (Row r : DeltaTables.read(spark, warehouse, ReferenceTables.ACO_AGREEMENTS)
        .where(col("performance_year").equalTo(PY)).select("aco_id", "msr_election").collectAsList()) {
      elections.put(r.getString(0), r.getString(1));
    }
    Map<String, BigDecimal> quality = new HashMap<>();
    for (String line : Files.readAllLines(dataset.resolve("reference/aco_quality.csv"))) {
      String[] f = line.split(",");
      if (f[1].equals(String.valueOf(PY))) {
        quality.put(f[0], new BigDecimal(f[2]));
      }
    }
    List<Row> settled = DeltaTables.read(spark, warehouse, SettlementTables.ACO_SETTLEMENT)
        .where(col("performance_year").equalTo(PY))
        .select("aco_id", "track", "assigned_beneficiaries", "benchmark_total", "expenditure_total", "savings",
            "savings_rate", "msr", "earned_savings_losses", "quality_score")
        .collectAsList();
    assertThat(settled).hasSize(ACOS);
    for (Row r : settled) {
      String aco = r.getString(0);
      // aco_settlement's benchmark is the sum of the per-type benchmarks of aco_benchmark_by_type
      assertThat(r.getDecimal(3)).as(aco).isEqualByComparingTo(benchmarks.get(aco));
      // savings = benchmark - expenditure, to the cent
      assertThat(r.getDecimal(5)).as(aco).isEqualByComparingTo(r.getDecimal(3).subtract(r.getDecimal(4)));
      // fewer than 500 assigned: the variable MSR is the flat 12.2 % of the first band (msr_bands.csv)
      assertThat(((Number) r.get(2)).longValue()).as(aco).isLessThan(500L);
      BigDecimal msr = "VARIABLE".equals(elections.get(aco)) ? new BigDecimal("0.122") : new BigDecimal(elections.get(aco));
      assertThat(r.getDecimal(7)).as(aco).isEqualByComparingTo(msr);
      if (r.getDecimal(6).abs().compareTo(r.getDecimal(7)) < 0) {
        assertThat(r.getDecimal(8)).as(aco + " inside the corridor").isZero();
      }
      if (r.getString(1).equals("TRACK_1")) {
        assertThat(r.getDecimal(8).signum()).as(aco + " one-sided").isGreaterThanOrEqualTo(0);
      }
      assertThat(r.getDecimal(9)).as(aco).isEqualByComparingTo(quality.get(aco));
    }
  }
}
