package org.mssp.pipeline;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.explode;
import static org.mssp.pipeline.RunTables.FAILED;
import static org.mssp.pipeline.RunTables.FINGERPRINT;
import static org.mssp.pipeline.RunTables.FINISHED_AT;
import static org.mssp.pipeline.RunTables.RAN;
import static org.mssp.pipeline.RunTables.RUN_ID;
import static org.mssp.pipeline.RunTables.SKIPPED;
import static org.mssp.pipeline.RunTables.STAGE;
import static org.mssp.pipeline.RunTables.STAGES;
import static org.mssp.pipeline.RunTables.STATUS;
import static org.mssp.pipeline.RunTables.TABLE_ROWS;
import static org.mssp.pipeline.RunTables.TABLE_VERSIONS;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Function;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.mssp.common.error.Errors;
import org.mssp.common.rules.RuleSets;
import org.mssp.common.spark.DeltaTables;
import org.mssp.pipeline.InputFiles.InputFile;
import org.mssp.pipeline.Pipeline.Stage;
import org.mssp.risk.HccTables;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code aco run}: the stages of one performance year in order ({@link Pipeline}), skipping those
 * whose inputs are unchanged since an earlier run, with a {@code run_manifest} row per run and the
 * output tables registered in a catalog.
 *
 * <ol>
 *   <li>List the input files (the dataset tree and the files named by options) with their sizes
 *       and CRC32C checksums; read the rule-set versions.
 *   <li>Fingerprint each stage: SHA-256 over its name, its parameters, its rule-set versions, its
 *       input files (relative path, size, checksum) and the upstream stage's fingerprint, so a
 *       change anywhere upstream changes every fingerprint below it.
 *   <li>Skip a stage when an earlier run recorded it as completed (ran or skipped) with the same
 *       fingerprint and every table it wrote is still at the Delta version that run left it at
 *       (a table rewritten since, by another run or by hand, makes the stage run again). Once a
 *       stage runs, every later stage runs too. {@link Policy#FORCE} runs everything.
 *   <li>Write the run's {@code run_manifest} row, also when a stage fails (then rethrow).
 *   <li>After a successful run, write {@code <warehouse>/_catalog/register.sql} and register the
 *       tables under database {@code mssp} when the session's catalog persists ({@link Catalog}).
 * </ol>
 */
public final class RunJob {
  private static final Logger LOG = LoggerFactory.getLogger(RunJob.class);
  private static final DateTimeFormatter STAMP =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);
  /** Stands, in {@link Step#files}, for every file of the dataset tree under {@code --input}. */
  static final String INPUT_TREE = "<input>";

  private RunJob() {}

  /** Whether unchanged stages are skipped. */
  public enum Policy { SKIP_UNCHANGED, FORCE }

  /**
   * One run.
   *
   * @param pipeline the stage chain's config; its input (the dataset root) is required and its run
   *     id is the run's id
   * @param policy {@link Policy#FORCE} reruns every stage
   */
  public record Config(Pipeline.Config pipeline, Policy policy) {
    public Config {
      Objects.requireNonNull(pipeline, "pipeline");
      if (pipeline.input() == null || pipeline.input().isBlank()) {
        throw Errors.badArgument("--input", pipeline.input(), "a dataset folder or s3a:// URL is required");
      }
      policy = policy == null ? Policy.SKIP_UNCHANGED : policy;
    }
  }

  /**
   * A stage as the run sees it: what feeds its fingerprint and what runs it.
   *
   * @param stage the stage
   * @param what a one-line description for progress output
   * @param parameters the options that change its output
   * @param ruleSets names of the rule sets it reads (keys of {@link RuleSets#versions})
   * @param files input files it reads: paths as given, or {@link #INPUT_TREE}
   * @param body runs the stage and returns its one-line summary
   */
  record Step(Stage stage, Function<SparkSession, String> what, Map<String, String> parameters,
      List<String> ruleSets, List<String> files, Function<SparkSession, String> body) {}

  /** What one stage did in a run. */
  public record StageRecord(Stage stage, String status, String fingerprint, BigDecimal seconds, String summary,
      Map<String, Long> tableVersions) {}

  /** A finished run: its id, its stages and the rows of every table its stages wrote. */
  public record Result(String runId, List<StageRecord> stages, Map<String, Long> tableRows) {}

  /** A fresh run id: {@code run-<UTC time>-<8 hex>}. */
  public static String newRunId(Instant now) {
    return "run-" + STAMP.format(now) + "-" + UUID.randomUUID().toString().substring(0, 8);
  }

  /** Runs the pipeline's stages, skipping unchanged ones. */
  public static Result run(Config config, SparkSession spark, Pipeline.Listener listener) {
    return run(config, steps(config.pipeline()), spark, listener);
  }

  /** The stage chain of {@link Pipeline} as steps; allocation only when a plan is given. */
  static List<Step> steps(Pipeline.Config c) {
    String py = String.valueOf(c.performanceYear());
    List<Step> steps = new ArrayList<>();
    steps.add(new Step(Stage.INGEST, s -> "ingest " + c.input(), Map.of(), List.of("cclf-claim-types"),
        List.of(INPUT_TREE), s -> Pipeline.ingest(c, s)));
    steps.add(new Step(Stage.ASSIGN, s -> "assign PY" + py + " and its benchmark years",
        Map.of("performance_year", py), List.of("assignment"), List.of(), s -> Pipeline.assign(c, s)));
    if (c.risk().computed()) {
      int paymentYear = c.risk().paymentYear(c.performanceYear());
      List<String> tables = new ArrayList<>();
      for (String name : HccTables.fileNames(paymentYear)) {
        tables.add(new org.apache.hadoop.fs.Path(c.risk().hccTables(), name).toString());
      }
      if (c.risk().institutional() != null) {
        tables.add(c.risk().institutional());
      }
      steps.add(new Step(Stage.RISK, s -> "CMS-HCC scores " + Pipeline.expenditureYears(c, s)
          + " (payment year " + paymentYear + ")",
          Map.of("performance_year", py, "payment_year", String.valueOf(paymentYear)),
          List.of("risk"), tables, s -> Pipeline.risk(c, s, Pipeline.expenditureYears(c, s))));
    }
    steps.add(new Step(Stage.EXPENDITURES,
        s -> "expenditures " + Pipeline.expenditureYears(c, s) + " (" + c.mode() + " mode, risk "
            + c.risk().source() + ")",
        Map.of("performance_year", py, "mode", c.mode().name(), "risk_source", c.risk().source().name()),
        List.of("benchmark", "risk"),
        present(c.nationalParameters(), c.countyFile()),
        s -> Pipeline.expenditures(c, s, Pipeline.expenditureYears(c, s))));
    steps.add(new Step(Stage.BENCHMARK, s -> "benchmark PY" + py, Map.of("performance_year", py),
        List.of("benchmark"), present(c.acoQuality(), c.priorSavings()), s -> Pipeline.benchmark(c, s)));
    steps.add(new Step(Stage.SETTLE, s -> "settle PY" + py, Map.of("performance_year", py),
        List.of("settlement"), List.of(), s -> Pipeline.settle(c, s)));
    if (c.plan() != null) {
      steps.add(new Step(Stage.ALLOCATE, s -> "allocate PY" + py + " (plan " + c.plan() + ")",
          Map.of("performance_year", py), List.of("allocation"),
          present(c.plan().toUri().toString(), c.providerQuality(), c.providerCost()), s -> Pipeline.allocate(c, s)));
    }
    return steps;
  }

  /** The run's parameters as recorded in the manifest (options not given are absent). */
  static Map<String, String> parameters(Config config) {
    Pipeline.Config c = config.pipeline();
    Map<String, String> p = new TreeMap<>();
    put(p, "input", c.input());
    put(p, "warehouse", c.warehouse());
    put(p, "performance_year", String.valueOf(c.performanceYear()));
    put(p, "mode", c.mode().name());
    put(p, "national_parameters", c.nationalParameters());
    put(p, "county_file", c.countyFile());
    put(p, "aco_quality", c.acoQuality());
    put(p, "prior_savings", c.priorSavings());
    put(p, "plan", c.plan() == null ? null : c.plan().toString());
    put(p, "provider_quality", c.providerQuality());
    put(p, "provider_cost", c.providerCost());
    put(p, "risk_source", c.risk().source().name());
    put(p, "hcc_tables", c.risk().hccTables());
    put(p, "hcc_payment_year", c.risk().paymentYear() == null ? null : String.valueOf(c.risk().paymentYear()));
    put(p, "institutional", c.risk().institutional());
    put(p, "policy", config.policy().name());
    put(p, "code_version", codeVersion());
    return p;
  }

  static Result run(Config config, List<Step> steps, SparkSession spark, Pipeline.Listener listener) {
    Pipeline.Config c = config.pipeline();
    String warehouse = c.warehouse().replaceAll("/+$", "");
    String runId = c.runId();
    Instant started = Instant.now();
    Map<String, String> parameters = parameters(config);
    Map<String, String> rules = RuleSets.versions();
    List<InputFile> inputFiles = new ArrayList<>();
    List<StageRecord> records = new ArrayList<>();
    Map<String, Long> tableRows = new TreeMap<>();
    RuntimeException failure = null;
    try {
      Configuration conf = spark.sparkContext().hadoopConfiguration();
      List<InputFile> tree = InputFiles.tree(conf, c.input());
      inputFiles.addAll(tree);
      Map<String, InputFile> named = new LinkedHashMap<>();
      for (Step step : steps) {
        for (String f : step.files()) {
          if (!f.equals(INPUT_TREE) && !named.containsKey(f)) {
            InputFile file = InputFiles.single(conf, f);
            named.put(f, file);
            if (!InputFiles.isUnder(conf, f, c.input())) {
              inputFiles.add(file);
            }
          }
        }
      }
      Map<Stage, String> fingerprints = new LinkedHashMap<>();
      String upstream = "-";
      for (Step step : steps) {
        upstream = fingerprint(step, upstream, "code_version=" + codeVersion(), rules, tree, named);
        fingerprints.put(step.stage(), upstream);
      }
      Map<Stage, Prior> priors = config.policy() == Policy.FORCE ? Map.of()
          : priors(spark, warehouse, fingerprints);
      failure = runSteps(steps, fingerprints, priors, spark, warehouse, listener, records, tableRows);
    } catch (RuntimeException e) {
      failure = e;
    }
    String outcome = failure == null ? RunTables.OUTCOME_SUCCEEDED : RunTables.OUTCOME_FAILED;
    Row manifest = manifestRow(runId, c.performanceYear(), started, parameters, rules, inputFiles, records,
        tableRows, outcome, failure == null ? null : String.valueOf(failure.getMessage()));
    try {
      writeManifest(spark, warehouse, manifest);
    } catch (RuntimeException e) {
      if (failure == null) {
        throw e;
      }
      failure.addSuppressed(e);
    }
    if (failure != null) {
      LOG.error("{}: FAILED: {}", runId, failure.getMessage());
      throw failure;
    }
    try {
      Catalog.register(spark, warehouse);
    } catch (RuntimeException e) {
      // The stages are done and recorded; the next run skips them and registers again.
      writeManifest(spark, warehouse, manifestRow(runId, c.performanceYear(), started, parameters, rules,
          inputFiles, records, tableRows, RunTables.OUTCOME_FAILED, "catalog registration: " + e.getMessage()));
      throw e;
    }
    return new Result(runId, List.copyOf(records), Map.copyOf(tableRows));
  }

  /** Runs or skips each step in order; returns the stage failure, or null. */
  private static RuntimeException runSteps(List<Step> steps, Map<Stage, String> fingerprints, Map<Stage, Prior> priors,
      SparkSession spark, String warehouse, Pipeline.Listener listener, List<StageRecord> records,
      Map<String, Long> tableRows) {
    Map<String, Long> versions = versions(spark, warehouse);
    Map<Stage, List<String>> written = new LinkedHashMap<>();
    Map<Stage, Long> nanos = new LinkedHashMap<>();
    Map<Stage, String> summaries = new LinkedHashMap<>();
    RuntimeException failure = null;
    boolean running = false;
    for (Step step : steps) {
      Stage stage = step.stage();
      Prior prior = priors.get(stage);
      if (!running && prior != null && prior.matches(versions)) {
        String reason = "unchanged since run " + prior.runId();
        listener.skipped(stage, reason);
        records.add(new StageRecord(stage, SKIPPED, fingerprints.get(stage), BigDecimal.ZERO.setScale(3), reason,
            prior.tableVersions()));
        for (String t : prior.tableVersions().keySet()) {
          if (prior.tableRows().containsKey(t)) {
            tableRows.put(t, prior.tableRows().get(t));
          }
        }
        continue;
      }
      running = true;
      long t0 = System.nanoTime();
      try {
        listener.started(stage, step.what().apply(spark));
        summaries.put(stage, step.body().apply(spark));
      } catch (RuntimeException e) {
        failure = e;
        summaries.put(stage, String.valueOf(e.getMessage()));
      }
      nanos.put(stage, System.nanoTime() - t0);
      Map<String, Long> after = versions(spark, warehouse);
      List<String> changed = new ArrayList<>();
      for (Map.Entry<String, Long> t : after.entrySet()) {
        if (!t.getValue().equals(versions.get(t.getKey()))) {
          changed.add(t.getKey());
        }
      }
      written.put(stage, changed);
      versions = after;
      if (failure != null) {
        break;
      }
      listener.finished(stage, summaries.get(stage), nanos.get(stage) / 1_000_000L);
    }
    // Versions as the run leaves them; rows of every table a stage of this run wrote.
    for (Map.Entry<Stage, List<String>> e : written.entrySet()) {
      Map<String, Long> tableVersions = new TreeMap<>();
      for (String t : e.getValue()) {
        tableVersions.put(t, versions.get(t));
        tableRows.put(t, spark.read().format("delta").load(warehouse + "/" + t).count());
      }
      Stage stage = e.getKey();
      boolean failed = failure != null && stage == lastOf(written);
      records.add(new StageRecord(stage, failed ? FAILED : RAN, fingerprints.get(stage),
          BigDecimal.valueOf(nanos.get(stage), 9).setScale(3, RoundingMode.HALF_UP), summaries.get(stage),
          tableVersions));
    }
    records.sort(java.util.Comparator.comparing(StageRecord::stage));
    return failure;
  }

  private static Stage lastOf(Map<Stage, List<String>> written) {
    Stage last = null;
    for (Stage s : written.keySet()) {
      last = s;
    }
    return last;
  }

  /**
   * The stage's fingerprint: SHA-256 over one line per ingredient, in a fixed order, so equal
   * inputs give equal fingerprints on any machine.
   */
  static String fingerprint(Step step, String upstream, String codeVersion, Map<String, String> rules,
      List<InputFile> tree, Map<String, InputFile> named) {
    StringBuilder b = new StringBuilder();
    b.append("stage=").append(step.stage()).append('\n');
    b.append("upstream=").append(upstream).append('\n');
    if (step.stage() == Stage.INGEST) {
      b.append(codeVersion).append('\n');
    }
    new TreeMap<>(step.parameters()).forEach((k, v) -> b.append("param.").append(k).append('=').append(v).append('\n'));
    for (String r : step.ruleSets().stream().sorted().toList()) {
      String v = rules.get(r);
      if (v == null) {
        throw new IllegalStateException("stage " + step.stage() + " names an unknown rule set " + r);
      }
      b.append("rules.").append(r).append('=').append(v).append('\n');
    }
    for (String f : step.files()) {
      List<InputFile> files = f.equals(INPUT_TREE) ? tree : List.of(named.get(f));
      for (InputFile file : files) {
        b.append(f.equals(INPUT_TREE) ? "input." : "file.").append(file.path()).append('=')
            .append(file.size()).append(':').append(file.checksum()).append('\n');
      }
    }
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(b.toString().getBytes(StandardCharsets.UTF_8));
      return "sha256:" + HexFormat.of().formatHex(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** An earlier completion of a stage with the same fingerprint. */
  private record Prior(String runId, Map<String, Long> tableVersions, Map<String, Long> tableRows) {
    boolean matches(Map<String, Long> current) {
      for (Map.Entry<String, Long> e : tableVersions.entrySet()) {
        if (!e.getValue().equals(current.get(e.getKey()))) {
          return false;
        }
      }
      return true;
    }
  }

  /** Per stage, the latest earlier run that completed it with the fingerprint it has now. */
  private static Map<Stage, Prior> priors(SparkSession spark, String warehouse, Map<Stage, String> fingerprints) {
    if (WarehouseTables.version(spark, DeltaTables.path(warehouse, RunTables.RUN_MANIFEST)).isEmpty()) {
      return Map.of();
    }
    List<Row> rows = DeltaTables.read(spark, warehouse, RunTables.RUN_MANIFEST)
        .select(col(RUN_ID), col(FINISHED_AT), col(TABLE_ROWS), explode(col(STAGES)).as("s"))
        .where(col("s." + STATUS).isin(RAN, SKIPPED)
            .and(col("s." + FINGERPRINT).isin(fingerprints.values().toArray())))
        .select(col(RUN_ID), col(FINISHED_AT), col("s." + STAGE), col("s." + FINGERPRINT),
            col("s." + TABLE_VERSIONS), col(TABLE_ROWS))
        .orderBy(col(FINISHED_AT), col(RUN_ID))
        .collectAsList();
    Map<Stage, Prior> priors = new LinkedHashMap<>();
    for (Row r : rows) {
      Stage stage = Stage.valueOf(r.getString(2));
      if (r.getString(3).equals(fingerprints.get(stage))) {
        // Ordered by finish time, so the latest completion wins.
        priors.put(stage, new Prior(r.getString(0), Map.copyOf(r.<String, Long>getJavaMap(4)),
            Map.copyOf(r.<String, Long>getJavaMap(5))));
      }
    }
    return priors;
  }

  /** The current Delta version of every table of the warehouse but the manifest. */
  static Map<String, Long> versions(SparkSession spark, String warehouse) {
    Map<String, Long> versions = new TreeMap<>();
    for (Map.Entry<String, String> t : WarehouseTables.list(spark, warehouse).entrySet()) {
      if (!t.getKey().equals(RunTables.RUN_MANIFEST.name())) {
        OptionalLong v = WarehouseTables.version(spark, t.getValue());
        if (v.isPresent()) {
          versions.put(t.getKey(), v.getAsLong());
        }
      }
    }
    return versions;
  }

  private static Row manifestRow(String runId, int performanceYear, Instant started, Map<String, String> parameters,
      Map<String, String> rules, List<InputFile> inputFiles, List<StageRecord> stages, Map<String, Long> tableRows,
      String outcome, String error) {
    List<Row> files = inputFiles.stream()
        .map(f -> RowFactory.create(f.path(), f.size(), f.checksum())).toList();
    List<Row> stageRows = stages.stream()
        .map(s -> RowFactory.create(s.stage().name(), s.status(), s.fingerprint(), s.seconds(), s.summary(),
            s.tableVersions()))
        .toList();
    return RowFactory.create(runId, performanceYear, Timestamp.from(started), Timestamp.from(Instant.now()),
        parameters, rules, files, stageRows, tableRows, outcome, error);
  }

  private static void writeManifest(SparkSession spark, String warehouse, Row row) {
    DeltaTables.mergeOnKey(spark.createDataFrame(List.of(row), RunTables.RUN_MANIFEST.schema()),
        RunTables.RUN_MANIFEST, warehouse);
  }

  private static List<String> present(String... paths) {
    List<String> out = new ArrayList<>();
    for (String p : paths) {
      if (p != null) {
        out.add(p);
      }
    }
    return out;
  }

  private static void put(Map<String, String> map, String key, String value) {
    if (value != null) {
      map.put(key, value);
    }
  }

  /** The application's version from the jar manifest, or {@code dev} when run from classes. */
  static String codeVersion() {
    String v = RunJob.class.getPackage().getImplementationVersion();
    return v == null ? "dev" : v;
  }
}
