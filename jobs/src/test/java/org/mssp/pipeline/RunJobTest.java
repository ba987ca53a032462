package org.mssp.pipeline;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.mssp.cli.AcoCommand;
import org.mssp.common.error.Errors;
import org.mssp.common.schema.TableSpec;
import org.mssp.common.spark.DeltaTables;
import org.mssp.expenditure.ExpenditureJob;
import org.mssp.pipeline.Pipeline.Stage;
import org.mssp.risk.RiskStage;
import org.mssp.testsupport.DataFrameAssert;
import org.mssp.testsupport.SharedSpark;
import picocli.CommandLine;

/**
 * {@link RunJob}'s orchestration: fingerprints, skipping, {@code --force}, the run manifest and
 * the catalog. The stages here are three small stand-ins that read the input folder and write
 * real Delta tables (ingest → assign → settle), so each run takes seconds; the wiring of the real
 * stages is checked by {@link #pipelineStepsCarryEachStagesParametersRulesAndFiles}. The ordered
 * tests share one warehouse and build on each other's runs, as a user's successive runs would.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RunJobTest {
  static final int PY = 2018;

  static final TableSpec CLAIMS = new TableSpec("test_claims", "one row per claim",
      new StructType(new StructField[] {
          DataTypes.createStructField("claim_id", DataTypes.StringType, false),
          DataTypes.createStructField("bene_id", DataTypes.StringType, false),
          DataTypes.createStructField("amount", DataTypes.createDecimalType(12, 2), false)}),
      List.of("claim_id"), List.of());
  static final TableSpec ASSIGNED = new TableSpec("test_assigned", "one row per beneficiary × performance year",
      new StructType(new StructField[] {
          DataTypes.createStructField("bene_id", DataTypes.StringType, false),
          DataTypes.createStructField("performance_year", DataTypes.IntegerType, false),
          DataTypes.createStructField("claims", DataTypes.LongType, false)}),
      List.of("bene_id", "performance_year"), List.of("performance_year"));
  static final TableSpec TOTALS = new TableSpec("test_totals", "one row per performance year",
      new StructType(new StructField[] {
          DataTypes.createStructField("performance_year", DataTypes.IntegerType, false),
          DataTypes.createStructField("total", DataTypes.createDecimalType(14, 2), false)}),
      List.of("performance_year"), List.of("performance_year"));

  @TempDir static Path dir;
  static Path input;
  static String warehouse;
  static SparkSession spark;
  static RunJob.Result first;

  @BeforeAll
  static void firstRun() throws IOException {
    spark = SharedSpark.session();
    input = dir.resolve("input");
    writeClaims(input, "c1,b1,100.00", "c2,b1,50.50", "c3,b2,20.00");
    // CRC-32C check value (RFC 3720 B.4): the 9 bytes "123456789" give E3069283.
    Files.writeString(input.resolve("reference/check.txt"), "123456789");
    Files.writeString(input.resolve(".hidden.crc"), "side file");
    warehouse = dir.resolve("wh").toString();
    first = run(input, warehouse, PY, RunJob.Policy.SKIP_UNCHANGED, null);
  }

  @Test
  @Order(1)
  void firstRunRecordsEveryStageAsRanWithItsInputsAndRows() {
    assertThat(statuses(first)).containsExactly("INGEST=ran", "ASSIGN=ran", "SETTLE=ran");
    Row m = manifest(first.runId());
    assertThat(m.<String>getAs(RunTables.OUTCOME)).isEqualTo("SUCCEEDED");
    assertThat((Object) m.getAs(RunTables.ERROR_MESSAGE)).isNull();
    assertThat(m.<Integer>getAs(RunTables.PERFORMANCE_YEAR)).isEqualTo(PY);
    assertThat(m.getJavaMap(m.fieldIndex(RunTables.PARAMETERS)))
        .containsEntry("performance_year", "2018").containsEntry("policy", "SKIP_UNCHANGED")
        .containsEntry("mode", "EVALUATOR");
    assertThat(m.<String, String>getJavaMap(m.fieldIndex(RunTables.RULE_SET_VERSIONS)))
        .containsEntry("assignment", "assignment-rules-2026.11.2")
        .containsEntry("settlement", "settlement-2026.11-r1")
        .containsKey("cclf-claim-types");
    // Relative paths, sorted; the hidden side file is left out.
    List<String> files = new ArrayList<>();
    for (Row f : m.<Row>getList(m.fieldIndex(RunTables.INPUT_FILES))) {
      files.add(f.getString(0) + " " + f.getLong(1) + " " + f.getString(2));
    }
    assertThat(files).hasSize(2);
    assertThat(files.get(0)).startsWith("claims/claims.csv ");
    assertThat(files.get(1)).isEqualTo("reference/check.txt 9 crc32c:e3069283");
    // 3 claims; 2 beneficiaries (b1, b2); 1 performance year.
    assertThat(m.<String, Long>getJavaMap(m.fieldIndex(RunTables.TABLE_ROWS)))
        .containsExactlyInAnyOrderEntriesOf(Map.of("test_claims", 3L, "test_assigned", 2L, "test_totals", 1L));
    List<Row> stages = m.getList(m.fieldIndex(RunTables.STAGES));
    assertThat(stages).extracting(r -> r.getString(0)).containsExactly("INGEST", "ASSIGN", "SETTLE");
    // First write of each table: Delta version 0.
    assertThat(stages.get(1).<String, Long>getJavaMap(5)).containsExactlyEntriesOf(Map.of("test_assigned", 0L));
    assertThat(stages).extracting(r -> r.getString(2)).allMatch(f -> f.matches("sha256:[0-9a-f]{64}"))
        .doesNotHaveDuplicates();
  }

  @Test
  @Order(2)
  void registerSqlRegistersEveryTableUnderMssp() throws IOException {
    String sql = Files.readString(Path.of(warehouse, "_catalog", "register.sql"));
    assertThat(sql).contains("CREATE DATABASE IF NOT EXISTS mssp;")
        .contains("CREATE TABLE IF NOT EXISTS mssp.`test_claims` USING delta LOCATION '")
        .contains("CREATE TABLE IF NOT EXISTS mssp.`test_totals` USING delta LOCATION '");
  }

  @Test
  @Order(3)
  void secondRunWithTheSameInputsSkipsEveryStageAndChangesNoTable() {
    Map<String, Long> versionsBefore = RunJob.versions(spark, warehouse);
    Map<String, Dataset<Row>> contentsBefore = contents();
    RunJob.Result second = run(input, warehouse, PY, RunJob.Policy.SKIP_UNCHANGED, null);
    assertThat(statuses(second)).containsExactly("INGEST=skipped", "ASSIGN=skipped", "SETTLE=skipped");
    assertThat(second.stages()).extracting(RunJob.StageRecord::summary)
        .allMatch(s -> s.equals("unchanged since run " + first.runId()));
    assertThat(fingerprints(second)).isEqualTo(fingerprints(first));
    assertThat(RunJob.versions(spark, warehouse)).isEqualTo(versionsBefore);
    contentsBefore.forEach((t, before) -> DataFrameAssert.assertSameRows(before, table(t)));
    // The skipped run still records its tables' rows, carried from the run it matched.
    assertThat(manifest(second.runId()).<String, Long>getJavaMap(manifest(second.runId()).fieldIndex(RunTables.TABLE_ROWS)))
        .containsExactlyInAnyOrderEntriesOf(Map.of("test_claims", 3L, "test_assigned", 2L, "test_totals", 1L));
  }

  @Test
  @Order(4)
  void forceRerunsEveryStageWithEqualTableContents() {
    Map<String, Long> versionsBefore = RunJob.versions(spark, warehouse);
    Map<String, Dataset<Row>> contentsBefore = contents();
    RunJob.Result forced = run(input, warehouse, PY, RunJob.Policy.FORCE, null);
    assertThat(statuses(forced)).containsExactly("INGEST=ran", "ASSIGN=ran", "SETTLE=ran");
    assertThat(fingerprints(forced)).isEqualTo(fingerprints(first));
    RunJob.versions(spark, warehouse).forEach((t, v) -> assertThat(v).as(t).isEqualTo(versionsBefore.get(t) + 1));
    contentsBefore.forEach((t, before) -> DataFrameAssert.assertSameRows(before, table(t)));
  }

  @Test
  @Order(5)
  void anotherPerformanceYearSkipsIngestAndRunsTheRest() {
    RunJob.Result other = run(input, warehouse, 2019, RunJob.Policy.SKIP_UNCHANGED, null);
    assertThat(statuses(other)).containsExactly("INGEST=skipped", "ASSIGN=ran", "SETTLE=ran");
    assertThat(other.stages().get(0).fingerprint()).isEqualTo(first.stages().get(0).fingerprint());
    assertThat(other.stages().get(1).fingerprint()).isNotEqualTo(first.stages().get(1).fingerprint());
  }

  @Test
  @Order(6)
  void aTableRewrittenSinceTheMatchingRunMakesItsStageAndTheLaterOnesRun() {
    // PY2019 rewrote test_assigned (its 2019 slice) after the runs of PY2018 recorded it.
    RunJob.Result again = run(input, warehouse, PY, RunJob.Policy.SKIP_UNCHANGED, null);
    assertThat(statuses(again)).containsExactly("INGEST=skipped", "ASSIGN=ran", "SETTLE=ran");
  }

  @Test
  @Order(7)
  void aChangedInputFileChangesEveryFingerprintAndRerunsFromIngest() throws IOException {
    writeClaims(input, "c1,b1,100.00", "c2,b1,50.50", "c3,b2,20.01");
    RunJob.Result changed = run(input, warehouse, PY, RunJob.Policy.SKIP_UNCHANGED, null);
    assertThat(statuses(changed)).containsExactly("INGEST=ran", "ASSIGN=ran", "SETTLE=ran");
    List<String> before = fingerprints(first);
    List<String> after = fingerprints(changed);
    for (int i = 0; i < before.size(); i++) {
      assertThat(after.get(i)).isNotEqualTo(before.get(i));
    }
    // 100.00 + 50.50 + 20.01
    assertThat(table(TOTALS.name()).where(col("performance_year").equalTo(PY)).first().getDecimal(1))
        .isEqualByComparingTo("170.51");
  }

  @Test
  @Order(8)
  void sqlResolvesQualifiedAndBareTableNames() {
    String qualified = sql("select performance_year, total from mssp.test_totals order by performance_year");
    String bare = sql("select count(*) as runs from run_manifest");
    // Totals: PY2018 after the change (170.51); PY2019 from the unchanged claims (100.00 + 50.50 + 20.00).
    assertThat(qualified).contains("2018             170.51").contains("2019             170.50").contains("2 rows");
    // Runs so far: first, second, forced, PY2019, PY2018 again, changed input.
    assertThat(bare).contains("runs").contains("\n6   \n");
  }

  @Test
  void aFailingStageIsRecordedAsFailedAndTheErrorRethrown() throws IOException {
    Path in = dir.resolve("failing-input");
    writeClaims(in, "c1,b1,10.00");
    String wh = dir.resolve("failing-wh").toString();
    assertThatThrownBy(() -> run(in, wh, PY, RunJob.Policy.SKIP_UNCHANGED, Stage.ASSIGN))
        .hasMessage("Cannot assign the test claims: the stand-in stage was told to fail");
    Row m = spark.read().format("delta").load(wh + "/run_manifest").first();
    assertThat(m.<String>getAs(RunTables.OUTCOME)).isEqualTo("FAILED");
    assertThat(m.<String>getAs(RunTables.ERROR_MESSAGE))
        .isEqualTo("Cannot assign the test claims: the stand-in stage was told to fail");
    List<Row> stages = m.getList(m.fieldIndex(RunTables.STAGES));
    assertThat(stages).extracting(r -> r.getString(0) + "=" + r.getString(1))
        .containsExactly("INGEST=ran", "ASSIGN=failed");
    assertThat(new java.io.File(wh, "_catalog/register.sql")).doesNotExist();
    // A failed stage is no completion: the next run skips ingest and runs assign again.
    RunJob.Result retry = run(in, wh, PY, RunJob.Policy.SKIP_UNCHANGED, null);
    assertThat(statuses(retry)).containsExactly("INGEST=skipped", "ASSIGN=ran", "SETTLE=ran");
  }

  @Test
  void pipelineStepsCarryEachStagesParametersRulesAndFiles() {
    Pipeline.Config c = new Pipeline.Config("s3a://bucket/ds", "s3a://bucket/wh", PY, "run-1", ExpenditureJob.Mode.ACO,
        "s3a://bucket/params.csv", "s3a://bucket/county.csv", "s3a://bucket/ds/reference/aco_quality.csv", null,
        Path.of("/plans/plan.json"), null, "s3a://bucket/cost.csv");
    List<RunJob.Step> steps = RunJob.steps(c);
    assertThat(steps).extracting(RunJob.Step::stage).containsExactly(Stage.INGEST, Stage.ASSIGN, Stage.EXPENDITURES,
        Stage.BENCHMARK, Stage.SETTLE, Stage.ALLOCATE);
    Map<Stage, String> wiring = wiring(steps);
    assertThat(wiring).containsExactly(
        Map.entry(Stage.INGEST, "{} [cclf-claim-types] [<input>]"),
        Map.entry(Stage.ASSIGN, "{performance_year=2018} [assignment] []"),
        Map.entry(Stage.EXPENDITURES, "{mode=ACO, performance_year=2018, risk_source=CMS} [benchmark, risk] "
            + "[s3a://bucket/params.csv, s3a://bucket/county.csv]"),
        Map.entry(Stage.BENCHMARK, "{performance_year=2018} [benchmark] [s3a://bucket/ds/reference/aco_quality.csv]"),
        Map.entry(Stage.SETTLE, "{performance_year=2018} [settlement] []"),
        Map.entry(Stage.ALLOCATE, "{performance_year=2018} [allocation] [file:///plans/plan.json, s3a://bucket/cost.csv]"));
    Pipeline.Config noPlan = new Pipeline.Config("ds", "wh", PY, "run-1", ExpenditureJob.Mode.EVALUATOR, null, null,
        null, null, null, null, null);
    assertThat(RunJob.steps(noPlan)).extracting(RunJob.Step::stage)
        .containsExactly(Stage.INGEST, Stage.ASSIGN, Stage.EXPENDITURES, Stage.BENCHMARK, Stage.SETTLE);
  }

  /**
   * --risk-source COMPUTED puts a risk stage between assignment and expenditures, fingerprinted by
   * the four CMS-HCC tables of the payment year (the performance year unless given) and the
   * institutional file; the expenditure stage's parameters name the source, so switching source
   * re-runs expenditures and everything after.
   */
  @Test
  void computedRiskAddsARiskStageReadingThePaymentYearsTables() {
    Pipeline.Config c = new Pipeline.Config("ds", "wh", PY, "run-1", ExpenditureJob.Mode.EVALUATOR, null, null,
        null, null, null, null, null, new Pipeline.Risk(RiskStage.Source.COMPUTED, "/hcc", 2026, "/inst.csv"));
    Map<Stage, String> wiring = wiring(RunJob.steps(c));
    assertThat(wiring.keySet()).containsExactly(
        Stage.INGEST, Stage.ASSIGN, Stage.RISK, Stage.EXPENDITURES, Stage.BENCHMARK, Stage.SETTLE);
    assertThat(wiring.get(Stage.RISK)).isEqualTo("{payment_year=2026, performance_year=2018} [risk] "
        + "[/hcc/ra_dx_to_cc_2026.csv, /hcc/ra_hierarchies_2026.csv, /hcc/ra_coefficients_2026.csv, "
        + "/hcc/ra_eligible_cpt_hcpcs_2026.csv, /inst.csv]");
    assertThat(wiring.get(Stage.EXPENDITURES)).startsWith("{mode=EVALUATOR, performance_year=2018, risk_source=COMPUTED}");
    Pipeline.Config byPy = new Pipeline.Config("ds", "wh", PY, "run-1", ExpenditureJob.Mode.EVALUATOR, null, null,
        null, null, null, null, null, new Pipeline.Risk(RiskStage.Source.COMPUTED, "/hcc", null, null));
    assertThat(wiring(RunJob.steps(byPy)).get(Stage.RISK)).startsWith("{payment_year=2018, performance_year=2018}")
        .contains("/hcc/ra_dx_to_cc_2018.csv").doesNotContain("inst");
    assertThat(RunJob.parameters(new RunJob.Config(c, RunJob.Policy.SKIP_UNCHANGED)))
        .containsEntry("risk_source", "COMPUTED").containsEntry("hcc_tables", "/hcc")
        .containsEntry("hcc_payment_year", "2026").containsEntry("institutional", "/inst.csv");
    assertThatThrownBy(() -> new Pipeline.Risk(RiskStage.Source.COMPUTED, null, null, null))
        .hasMessageContaining("--hcc-tables");
  }

  private static Map<Stage, String> wiring(List<RunJob.Step> steps) {
    Map<Stage, String> wiring = new LinkedHashMap<>();
    for (RunJob.Step s : steps) {
      wiring.put(s.stage(), new java.util.TreeMap<>(s.parameters()) + " " + s.ruleSets() + " " + s.files());
    }
    return wiring;
  }

  // --- the stand-in stages -------------------------------------------------------------------

  static RunJob.Result run(Path in, String wh, int py, RunJob.Policy policy, Stage failing) {
    Pipeline.Config config = new Pipeline.Config(in.toString(), wh, py, RunJob.newRunId(java.time.Instant.now()),
        ExpenditureJob.Mode.EVALUATOR, null, null, null, null, null, null, null);
    String claims = in.resolve("claims/claims.csv").toString();
    List<RunJob.Step> steps = List.of(
        step(Stage.INGEST, Map.of(), List.of("cclf-claim-types"), List.of(RunJob.INPUT_TREE), failing, s -> {
          Dataset<Row> df = s.read().option("header", "true").schema(CLAIMS.schema()).csv(claims);
          DeltaTables.replaceAll(df, CLAIMS, wh);
          return "claims loaded";
        }),
        step(Stage.ASSIGN, Map.of("performance_year", String.valueOf(py)), List.of("assignment"), List.of(), failing,
            s -> {
              Dataset<Row> df = DeltaTables.read(s, wh, CLAIMS).groupBy("bene_id").agg(count(lit(1)).as("claims"))
                  .withColumn("performance_year", lit(py));
              DeltaTables.replaceSlice(df, ASSIGNED, wh, "performance_year = " + py);
              return "assigned";
            }),
        step(Stage.SETTLE, Map.of("performance_year", String.valueOf(py)), List.of("settlement"), List.of(), failing,
            s -> {
              Dataset<Row> df = DeltaTables.read(s, wh, CLAIMS).agg(sum("amount").as("total"))
                  .withColumn("performance_year", lit(py));
              DeltaTables.replaceSlice(df, TOTALS, wh, "performance_year = " + py);
              return "settled";
            }));
    return RunJob.run(new RunJob.Config(config, policy), steps, spark, Pipeline.Listener.NONE);
  }

  static RunJob.Step step(Stage stage, Map<String, String> params, List<String> rules, List<String> files,
      Stage failing, Function<SparkSession, String> body) {
    return new RunJob.Step(stage, s -> stage.name(), params, rules, files, s -> {
      if (stage == failing) {
        throw Errors.cannot("assign the test claims", "the stand-in stage was told to fail");
      }
      return body.apply(s);
    });
  }

  static void writeClaims(Path in, String... lines) throws IOException {
    Files.createDirectories(in.resolve("claims"));
    Files.createDirectories(in.resolve("reference"));
    Files.writeString(in.resolve("claims/claims.csv"),
        "claim_id,bene_id,amount\n" + String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
  }

  static List<String> statuses(RunJob.Result r) {
    return r.stages().stream().map(s -> s.stage() + "=" + s.status()).toList();
  }

  static List<String> fingerprints(RunJob.Result r) {
    return r.stages().stream().map(RunJob.StageRecord::fingerprint).toList();
  }

  static Row manifest(String runId) {
    return spark.read().format("delta").load(warehouse + "/run_manifest").where(col("run_id").equalTo(runId)).first();
  }

  static Dataset<Row> table(String name) {
    return spark.read().format("delta").load(warehouse + "/" + name);
  }

  /** Each test table's rows, materialised so later writes cannot change them. */
  static Map<String, Dataset<Row>> contents() {
    Map<String, Dataset<Row>> out = new LinkedHashMap<>();
    for (String t : List.of(CLAIMS.name(), ASSIGNED.name(), TOTALS.name())) {
      Dataset<Row> df = table(t);
      out.put(t, spark.createDataFrame(df.collectAsList(), df.schema()));
    }
    return out;
  }

  static String sql(String query) {
    CommandLine cli = AcoCommand.commandLine();
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    int code = cli.execute("sql", "--warehouse", warehouse, "--master", "local[2]", query);
    assertThat(code).as(err.toString()).isZero();
    return out.toString();
  }
}
