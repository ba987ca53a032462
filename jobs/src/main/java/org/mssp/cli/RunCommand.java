package org.mssp.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.Callable;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.SparkSession;
import org.mssp.allocation.AllocationPlans;
import org.mssp.common.error.Errors;
import org.mssp.pipeline.Catalog;
import org.mssp.pipeline.Pipeline;
import org.mssp.pipeline.ProcessMemory;
import org.mssp.risk.RiskStage;
import org.mssp.pipeline.RunJob;
import org.mssp.pipeline.RunTables;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code aco run}: every stage of a performance year on one dataset (ingest, assign,
 * expenditures, benchmark, settle, allocate when a plan is given), skipping stages whose inputs
 * are unchanged since an earlier run, recording the run in {@code run_manifest} and registering
 * the tables ({@link RunJob}). Its options are a stable interface: cluster scripts call it through
 * spark-submit.
 */
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    description = {
      "Run every stage of a performance year on a dataset, skipping stages whose inputs are unchanged",
      "since an earlier run; record the run in the run_manifest table and register the tables (mssp.*).",
      "See README.md (aco run)."
    })
public final class RunCommand implements Callable<Integer> {
  @picocli.CommandLine.Mixin StageTarget target;

  @Option(names = "--input", required = true, description = "Dataset root (folder or s3a://; docs/input-formats.md).")
  String input;

  @Option(names = "--plan", description = "Allocation plan (JSON, docs/allocation.md); without it allocation is not run.")
  Path plan;

  @picocli.CommandLine.Mixin ExpenditureModeOptions expenditureMode;

  @Option(names = "--aco-quality",
      description = "ACO quality scores (CSV; default: <input>/reference/aco_quality.csv when present).")
  String acoQuality;

  @Option(names = "--prior-savings", description = "CSV aco_id,prior_savings_per_capita (2016 rebasing, 2024+ renewals).")
  String priorSavings;

  @Option(names = "--provider-quality",
      description = "Provider quality measures (CSV; default: <input>/quality/provider_quality_<PY>.csv when present).")
  String providerQuality;

  @Option(names = "--provider-cost",
      description = "Provider cost per beneficiary (CSV; default: <input>/quality/provider_cost_<PY>.csv when present).")
  String providerCost;

  @Option(names = "--risk-source", defaultValue = "CMS",
      description = "Risk scores: CMS (CMS's file, reference/prospective_risk_scores.csv) or COMPUTED (CMS-HCC from "
          + "diagnoses by a risk stage before expenditures; needs --hcc-tables). Default: ${DEFAULT-VALUE}.")
  RiskStage.Source riskSource;

  @Option(names = "--hcc-tables",
      description = "COMPUTED risk: folder with CMS's tables ra_dx_to_cc_<P>.csv, ra_hierarchies_<P>.csv, "
          + "ra_coefficients_<P>.csv, ra_eligible_cpt_hcpcs_<P>.csv (docs/risk-adjustment.md).")
  String hccTables;

  @Option(names = "--hcc-payment-year",
      description = "COMPUTED risk: payment year P of the tables and V24/V28 blend (default: the performance year).")
  Integer hccPaymentYear;

  @Option(names = "--institutional",
      description = "COMPUTED risk: optional CSV bene_mbi_id,year of long-term institutional beneficiaries.")
  String institutional;

  @Option(names = "--run-id", description = "Run id (default: run-<UTC time>-<8 hex>).")
  String runId;

  @Option(names = "--force", description = "Run every stage, even those whose inputs are unchanged.")
  boolean force;

  @Mixin SparkOptions spark;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    // checked before starting Spark, so a missing --hcc-tables fails in a second
    new Pipeline.Risk(riskSource, hccTables, hccPaymentYear, institutional);
    if (plan != null) {
      // validate the plan before starting Spark, so a bad plan fails in a second
      AllocationPlans.read(plan);
    }
    SparkSession session = spark.session("aco-run");
    Configuration conf = session.sparkContext().hadoopConfiguration();
    String root = input.replaceAll("/+$", "");
    Pipeline.Config pipeline = new Pipeline.Config(root, target.warehouse, target.performanceYear,
        runId == null ? RunJob.newRunId(Instant.now()) : runId, expenditureMode.mode,
        expenditureMode.nationalParameters, expenditureMode.countyFile,
        acoQuality != null ? acoQuality : ifPresent(conf, root + "/reference/aco_quality.csv"),
        priorSavings, plan,
        providerQuality != null ? providerQuality
            : ifPresent(conf, root + "/quality/provider_quality_" + target.performanceYear + ".csv"),
        providerCost != null ? providerCost
            : ifPresent(conf, root + "/quality/provider_cost_" + target.performanceYear + ".csv"),
        new Pipeline.Risk(riskSource, hccTables, hccPaymentYear, institutional));
    run(new RunJob.Config(pipeline, force ? RunJob.Policy.FORCE : RunJob.Policy.SKIP_UNCHANGED), session,
        spec.commandLine().getOut());
    return 0;
  }

  /**
   * Runs {@link RunJob} printing one line per stage (what it does, then its summary and time, or
   * why it was skipped) and where the manifest and catalog statements are. {@code aco demo} runs
   * through here too.
   */
  static RunJob.Result run(RunJob.Config config, SparkSession session, PrintWriter out) {
    String runId = config.pipeline().runId();
    out.printf("run %s: PY%d, %s -> %s%s%n", runId, config.pipeline().performanceYear(), config.pipeline().input(),
        config.pipeline().warehouse(), config.policy() == RunJob.Policy.FORCE ? " (--force: every stage runs)" : "");
    out.flush();
    RunJob.Result result = RunJob.run(config, session, new Pipeline.Listener() {
      private long cpuAtStart;
      // Without a reset (not Linux, or /proc/self/clear_refs not writable) the peak would be the
      // process's since start, not the stage's: then no peak is printed.
      private boolean peakReset;

      @Override
      public void started(Pipeline.Stage stage, String what) {
        out.printf("%-12s %s%n", label(stage), what);
        out.flush();
        peakReset = ProcessMemory.resetPeak();
        cpuAtStart = ProcessMemory.cpuNanos();
      }

      @Override
      public void finished(Pipeline.Stage stage, String summary, long millis) {
        // scripts/bench reads this line: wall and CPU seconds and the stage's peak memory.
        java.util.OptionalLong peak = peakReset ? ProcessMemory.peakBytes() : java.util.OptionalLong.empty();
        long cpu = ProcessMemory.cpuNanos();
        out.printf(java.util.Locale.ROOT, "%-12s   %s (%.3f s%s%s)%n", "", summary, millis / 1000.0,
            cpu >= 0 && cpuAtStart >= 0 ? String.format(java.util.Locale.ROOT, ", cpu %.1f s", (cpu - cpuAtStart) / 1e9) : "",
            peak.isPresent() ? ", peak RSS " + ProcessMemory.gib(peak.getAsLong()) : "");
        out.flush();
      }

      @Override
      public void skipped(Pipeline.Stage stage, String reason) {
        out.printf("%-12s skipped: %s%n", label(stage), reason);
        out.flush();
      }
    });
    long ran = result.stages().stream().filter(s -> s.status().equals(RunTables.RAN)).count();
    String w = config.pipeline().warehouse().replaceAll("/+$", "");
    out.printf("run %s: SUCCEEDED, %d stages ran, %d skipped; recorded in %s/%s; catalog statements in %s/%s%n",
        runId, ran, result.stages().size() - ran, w, RunTables.RUN_MANIFEST.name(), w, Catalog.REGISTER_SQL);
    out.flush();
    return result;
  }

  private static String label(Pipeline.Stage stage) {
    return stage.name().toLowerCase(java.util.Locale.ROOT) + ":";
  }

  private static String ifPresent(Configuration conf, String path) {
    try {
      org.apache.hadoop.fs.Path p = new org.apache.hadoop.fs.Path(path);
      return p.getFileSystem(conf).getFileStatus(p).isFile() ? path : null;
    } catch (java.io.FileNotFoundException e) {
      return null;
    } catch (IOException e) {
      throw Errors.cannot("look for " + path, e.getMessage());
    }
  }
}
