package org.mssp.pipeline;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.year;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.mssp.allocation.AllocationJob;
import org.mssp.assignment.AssignmentJob;
import org.mssp.benchmark.BenchmarkJob;
import org.mssp.common.error.Errors;
import org.mssp.common.spark.DeltaTables;
import org.mssp.expenditure.ExpenditureJob;
import org.mssp.ingest.IngestConfig;
import org.mssp.ingest.IngestJob;
import org.mssp.ingest.IngestResult;
import org.mssp.reference.ReferenceTables;
import org.mssp.risk.RiskJob;
import org.mssp.risk.RiskStage;
import org.mssp.settlement.SettlementJob;
import org.mssp.settlement.SettlementTables;

/**
 * The stage chain of one performance year, on one Spark session: ingest → assign (the PY and
 * every ACO's benchmark years) → risk (only when scores are computed from diagnoses) → expenditures (the PY and its agreements' benchmark years) → benchmark →
 * settle → allocate. Each stage is a public method taking the same {@link Config}, so a caller
 * can run a subset (e.g. skip what has not changed); {@link #run} runs them all in order. No
 * stage logic lives here: each method builds its job's config and calls the job.
 */
public final class Pipeline {
  private Pipeline() {}

  /** The stages, in order. */
  public enum Stage { INGEST, ASSIGN, RISK, EXPENDITURES, BENCHMARK, SETTLE, ALLOCATE }

  /**
   * Where the expenditure stage takes prospective risk scores from: CMS's file
   * ({@code ref_prospective_risk_scores}), or CMS-HCC scores computed from diagnoses by a risk
   * stage run before it (docs/risk-adjustment.md).
   *
   * @param source CMS or COMPUTED
   * @param hccTables COMPUTED: the folder holding CMS's CMS-HCC tables of the payment year
   * @param paymentYear COMPUTED: the payment year of the tables and blend, or null for the
   *     performance year
   * @param institutional COMPUTED: optional CSV of long-term institutional beneficiary-years
   */
  public record Risk(RiskStage.Source source, String hccTables, Integer paymentYear, String institutional) {
    /** Scores from CMS's file; no risk stage. */
    public static final Risk CMS = new Risk(RiskStage.Source.CMS, null, null, null);

    public Risk {
      if (source == null) {
        throw Errors.badArgument("--risk-source", null, "CMS or COMPUTED");
      }
      if (source == RiskStage.Source.COMPUTED && (hccTables == null || hccTables.isBlank())) {
        throw Errors.badArgument("--hcc-tables", hccTables,
            "the folder of CMS's CMS-HCC tables (needed with --risk-source COMPUTED)");
      }
    }

    public boolean computed() {
      return source == RiskStage.Source.COMPUTED;
    }

    /** The payment year of the tables and blend used for the performance year {@code py}. */
    public int paymentYear(int py) {
      return paymentYear == null ? py : paymentYear;
    }
  }

  /**
   * One run's inputs.
   *
   * @param input dataset root to ingest (docs/input-formats.md), or null when the warehouse is
   *     already loaded (then {@link #run} skips ingest)
   * @param warehouse warehouse root (local path or s3a://)
   * @param performanceYear the performance year; required
   * @param runId ingest run id
   * @param mode expenditure mode: EVALUATOR (the warehouse holds the nation) or ACO
   * @param nationalParameters ACO mode: truncation caps and risk normalisation factors (CSV)
   * @param countyFile ACO mode: CMS county-level FFS file covering every year needed
   * @param acoQuality ACO quality scores (reference/aco_quality.csv layout); required to settle
   * @param priorSavings prior savings per capita (CSV), or null
   * @param plan allocation plan (JSON); required to allocate
   * @param providerQuality provider quality measures (CSV), or null
   * @param providerCost provider cost per beneficiary (CSV), or null
   * @param risk where risk scores come from ({@link Risk#CMS} unless scores are computed)
   */
  public record Config(
      String input,
      String warehouse,
      int performanceYear,
      String runId,
      ExpenditureJob.Mode mode,
      String nationalParameters,
      String countyFile,
      String acoQuality,
      String priorSavings,
      Path plan,
      String providerQuality,
      String providerCost,
      Risk risk) {
    /** Risk scores from CMS's file. */
    public Config(String input, String warehouse, int performanceYear, String runId, ExpenditureJob.Mode mode,
        String nationalParameters, String countyFile, String acoQuality, String priorSavings, Path plan,
        String providerQuality, String providerCost) {
      this(input, warehouse, performanceYear, runId, mode, nationalParameters, countyFile, acoQuality, priorSavings,
          plan, providerQuality, providerCost, Risk.CMS);
    }

    public Config {
      if (risk == null) {
        throw Errors.badArgument("--risk-source", null, "CMS or COMPUTED");
      }
      if (warehouse == null || warehouse.isBlank()) {
        throw Errors.badArgument("--warehouse", warehouse, "a warehouse root path");
      }
      if (performanceYear < 2012 || performanceYear > 2100) {
        throw Errors.badArgument("--performance-year", performanceYear, "a performance year such as 2018");
      }
      if (mode == null) {
        throw Errors.badArgument("--mode", null, "EVALUATOR or ACO");
      }
      if (input != null && (runId == null || runId.isBlank())) {
        throw Errors.badArgument("runId", runId, "an ingest run id");
      }
    }

    /**
     * A generated dataset's layout (docs/synthetic-data.md): ACO quality from
     * {@code reference/aco_quality.csv}, provider quality and cost from
     * {@code quality/provider_*_<py>.csv} when present, evaluator mode.
     */
    public static Config forGeneratedDataset(String input, String warehouse, int performanceYear, String runId,
        Path plan) {
      Path quality = Path.of(input, "quality", "provider_quality_" + performanceYear + ".csv");
      Path cost = Path.of(input, "quality", "provider_cost_" + performanceYear + ".csv");
      return new Config(input, warehouse, performanceYear, runId, ExpenditureJob.Mode.EVALUATOR, null, null,
          Path.of(input, "reference", "aco_quality.csv").toString(), null, plan,
          Files.isRegularFile(quality) ? quality.toString() : null,
          Files.isRegularFile(cost) ? cost.toString() : null);
    }
  }

  /** Told when a stage starts and ends (progress output, timings). */
  public interface Listener {
    void started(Stage stage, String what);

    void finished(Stage stage, String summary, long millis);

    /** The stage was not run: {@code reason} says why (e.g. unchanged since an earlier run). */
    default void skipped(Stage stage, String reason) {}

    Listener NONE = new Listener() {
      @Override
      public void started(Stage stage, String what) {}

      @Override
      public void finished(Stage stage, String summary, long millis) {}
    };
  }

  /** What one stage did. */
  public record StageResult(Stage stage, String summary, long millis) {}

  /** Runs every stage in order (ingest only when {@link Config#input} is set). */
  public static List<StageResult> run(Config config, SparkSession spark, Listener listener) {
    List<StageResult> results = new ArrayList<>();
    if (config.input() != null) {
      results.add(timed(Stage.INGEST, "ingest " + config.input(), listener, () -> ingest(config, spark)));
    }
    int py = config.performanceYear();
    results.add(timed(Stage.ASSIGN, "assign PY" + py + " and its benchmark years", listener, () -> assign(config, spark)));
    List<Integer> years = expenditureYears(config, spark);
    if (config.risk().computed()) {
      results.add(timed(Stage.RISK, "CMS-HCC scores " + years, listener, () -> risk(config, spark, years)));
    }
    results.add(timed(Stage.EXPENDITURES, "expenditures " + years + " (" + config.mode() + " mode)", listener,
        () -> expenditures(config, spark, years)));
    results.add(timed(Stage.BENCHMARK, "benchmark PY" + py, listener, () -> benchmark(config, spark)));
    results.add(timed(Stage.SETTLE, "settle PY" + py, listener, () -> settle(config, spark)));
    results.add(timed(Stage.ALLOCATE, "allocate PY" + py + " (plan " + config.plan() + ")", listener,
        () -> allocate(config, spark)));
    return results;
  }

  public static String ingest(Config config, SparkSession spark) {
    IngestResult r = IngestJob.run(new IngestConfig(config.input(), config.warehouse(), config.runId()), spark);
    return r.files().size() + " files, " + r.linesRead() + " lines read, " + r.linesQuarantined() + " quarantined";
  }

  public static String assign(Config config, SparkSession spark) {
    AssignmentJob.Counts c = AssignmentJob.run(new AssignmentJob.Config(config.warehouse(), config.performanceYear()), spark);
    return c.assigned() + " beneficiary-years assigned, " + c.acos() + " ACO-year summaries";
  }

  /**
   * The years expenditures are needed for: the PY and the three benchmark years before each
   * agreement start of the PY (methodology §3.1), from {@code ref_aco_agreements} as the
   * assignment job derives them. Not from the assigned beneficiaries: a small ACO may have none
   * in a benchmark year, and the national and county figures of that year are still needed.
   */
  public static List<Integer> expenditureYears(Config config, SparkSession spark) {
    java.util.SortedSet<Integer> years = new java.util.TreeSet<>(List.of(config.performanceYear()));
    for (org.apache.spark.sql.Row r : DeltaTables.read(spark, config.warehouse(), ReferenceTables.ACO_AGREEMENTS)
        .where(col("performance_year").equalTo(config.performanceYear()))
        .select(year(col("agreement_start_date"))).distinct().collectAsList()) {
      for (int by = r.getInt(0) - 3; by < r.getInt(0); by++) {
        years.add(by);
      }
    }
    return List.copyOf(years);
  }

  /**
   * CMS-HCC scores computed from diagnoses for each year expenditures need (each scored from the
   * year before), with the tables and blend of one payment year ({@link Risk#paymentYear(int)}).
   */
  public static String risk(Config config, SparkSession spark, List<Integer> years) {
    long scored = 0;
    long unmapped = 0;
    int paymentYear = config.risk().paymentYear(config.performanceYear());
    for (int year : years) {
      RiskJob.Result r = RiskJob.run(new RiskJob.Config(config.warehouse(), year, paymentYear,
          config.risk().hccTables(), config.risk().institutional()), spark);
      scored += r.beneficiaries();
      unmapped += r.unmappedBeneficiaryCodes();
    }
    return scored + " beneficiary-years scored in " + years.size() + " years (payment year " + paymentYear + "), "
        + unmapped + " unmapped beneficiary x code pairs";
  }

  /** The years' expenditures, in one pass (each table read once and written once for all of them). */
  public static String expenditures(Config config, SparkSession spark, List<Integer> years) {
    long rows = ExpenditureJob.run(new ExpenditureJob.Config(config.warehouse(), years, config.mode(),
        config.nationalParameters(), config.countyFile(), config.risk().source()), spark);
    return rows + " beneficiary x type rows in " + years.size() + " years";
  }

  public static String benchmark(Config config, SparkSession spark) {
    if (config.acoQuality() == null) {
      throw Errors.badArgument("--aco-quality", null, "ACO quality scores are needed to settle (aco_totals)");
    }
    long n = BenchmarkJob.run(new BenchmarkJob.Config(config.warehouse(), config.performanceYear(),
        config.acoQuality(), config.priorSavings()), spark);
    return n + " ACO benchmarks";
  }

  public static String settle(Config config, SparkSession spark) {
    long n = SettlementJob.run(new SettlementJob.Config(config.warehouse(), config.performanceYear(),
        DeltaTables.path(config.warehouse(), SettlementTables.ACO_TOTALS)), spark);
    return n + " ACOs settled";
  }

  public static String allocate(Config config, SparkSession spark) {
    AllocationJob.Summary s = AllocationJob.run(new AllocationJob.Config(config.warehouse(), config.performanceYear(),
        config.plan(), config.providerQuality(), config.providerCost()), spark);
    return s.allocationRows() + " allocation rows for " + s.acos() + " ACOs, " + s.ledgerRows() + " ledger rows";
  }

  private static StageResult timed(Stage stage, String what, Listener listener, java.util.function.Supplier<String> body) {
    listener.started(stage, what);
    long started = System.nanoTime();
    String summary = body.get();
    long millis = (System.nanoTime() - started) / 1_000_000L;
    listener.finished(stage, summary, millis);
    return new StageResult(stage, summary, millis);
  }
}
