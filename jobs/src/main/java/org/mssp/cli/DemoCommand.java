package org.mssp.cli;

import static org.apache.spark.sql.functions.col;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.mssp.allocation.AllocationTables;
import org.mssp.benchmark.BenchmarkTables;
import org.mssp.common.spark.DeltaTables;
import org.mssp.generate.GenerateConfig;
import org.mssp.generate.GenerateJob;
import org.mssp.pipeline.Pipeline;
import org.mssp.pipeline.RunJob;
import org.mssp.reference.ReferenceTables;
import org.mssp.settlement.SettlementTables;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code aco demo}: generates a small synthetic national dataset (4 years: three benchmark years and
 * the performance year), runs every stage on it as {@code aco run} does ({@link RunCommand},
 * {@link RunJob}: ingest, assign, expenditures, benchmark, settle, allocate with the example plan,
 * with a run manifest and catalog statements), on one Spark session, then prints a per-ACO summary. The dataset and warehouse go under {@code --dir} (replaced on each run).
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = {
      "Generate a small synthetic national dataset and run every stage on it (no network, no real data).",
      "Writes <dir>/data (CCLF deliveries, enrollment, reference files) and <dir>/warehouse (Delta tables)."
    })
public final class DemoCommand implements Callable<Integer> {
  @Option(names = "--beneficiaries", defaultValue = "300", description = "Beneficiaries (default: ${DEFAULT-VALUE}).")
  long beneficiaries;

  @Option(names = "--acos", defaultValue = "2", description = "ACOs (default: ${DEFAULT-VALUE}).")
  int acos;

  @Option(names = "--years", defaultValue = "2015-2018",
      description = "Calendar years; the last is the performance year, the three before it the benchmark years (default: ${DEFAULT-VALUE}).")
  String years;

  @Option(names = "--seed", defaultValue = "1", description = "Random seed (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--dir", defaultValue = "work-local/demo",
      description = "Working folder, replaced on each run (default: ${DEFAULT-VALUE}).")
  String dir;

  @Option(names = "--county-file",
      description = "CMS county FFS file (default: ../shared/data/mssp-county-ffs-2018.csv when present).")
  String countyFile;

  @Mixin SparkOptions spark;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    String root = Path.of(dir).toAbsolutePath().normalize().toString();
    String data = root + "/data";
    String warehouse = root + "/warehouse";
    GenerateConfig generate = generateConfig(data);
    int py = generate.lastYear();
    PrintWriter out = spec.commandLine().getOut();

    SparkSession session = spark.session("aco-demo");
    deleteRecursively(session, warehouse);
    out.printf("generate: %d beneficiaries, %d ACOs, %d-%d -> %s%n",
        generate.beneficiaries(), generate.acos(), generate.firstYear(), py, data);
    out.flush();
    long started = System.nanoTime();
    GenerateJob.run(generate, session);
    out.printf("    done in %d s%n", (System.nanoTime() - started) / 1_000_000_000L);
    Pipeline.Config config = Pipeline.Config.forGeneratedDataset(
        data, warehouse, py, RunJob.newRunId(Instant.now()), demoPlan(root));
    RunCommand.run(new RunJob.Config(config, RunJob.Policy.SKIP_UNCHANGED), session, out);
    printSummary(out, session, warehouse, py);
    out.printf("%nTables are Delta tables under %s; query them with aco sql, e.g.%n"
        + "  scripts/aco sql --warehouse %s \"select * from mssp.aco_settlement\"%n"
        + "Rerun the stages with: scripts/aco run --input %s --warehouse %s --performance-year %d --plan %s%n",
        warehouse, warehouse, data, warehouse, py, Path.of(root, "allocation-plan.json"));
    out.flush();
    return 0;
  }

  /** The demo replaces its warehouse on each run, so results never mix runs of other seeds. */
  private static void deleteRecursively(SparkSession spark, String path) {
    try {
      org.apache.hadoop.fs.Path p = new org.apache.hadoop.fs.Path(path);
      p.getFileSystem(spark.sparkContext().hadoopConfiguration()).delete(p, true);
    } catch (java.io.IOException e) {
      throw org.mssp.common.error.Errors.cannot("clear the demo warehouse " + path, e.getMessage());
    }
  }

  private GenerateConfig generateConfig(String data) {
    List<String> args = new ArrayList<>(List.of(
        "--beneficiaries", String.valueOf(beneficiaries), "--acos", String.valueOf(acos),
        "--years", years, "--seed", String.valueOf(seed), "--output", data, "--overwrite"));
    if (countyFile != null) {
      args.add("--county-file");
      args.add(countyFile);
    }
    GenerateCommand generate = new GenerateCommand();
    new CommandLine(generate).parseArgs(args.toArray(new String[0]));
    return generate.config();
  }

  /**
   * Writes the example allocation plan (docs/examples/allocation-plan.json, packaged as
   * {@code demo/allocation-plan.json}) next to the demo data; its default plan applies to any ACO.
   */
  private static Path demoPlan(String root) {
    Path plan = Path.of(root, "allocation-plan.json");
    try (java.io.InputStream in = DemoCommand.class.getResourceAsStream("/demo/allocation-plan.json")) {
      if (in == null) {
        throw new IllegalStateException("the demo allocation plan resource is missing from the jar");
      }
      java.nio.file.Files.createDirectories(plan.getParent());
      java.nio.file.Files.copy(in, plan, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    } catch (java.io.IOException e) {
      throw org.mssp.common.error.Errors.cannot("write the demo allocation plan " + plan, e.getMessage());
    }
    return plan;
  }

  /**
   * One line per ACO: track, assigned beneficiaries, benchmark and spend per assigned person-year,
   * savings rate, MSR, earned (+) or owed (-); then the largest provider allocations.
   */
  static void printSummary(PrintWriter out, SparkSession spark, String warehouse, int py) {
    Dataset<Row> agreements = DeltaTables.read(spark, warehouse, ReferenceTables.ACO_AGREEMENTS)
        .filter(col("performance_year").equalTo(py))
        .select("aco_id", "track", "agreement_start_date", "assignment_method");
    Dataset<Row> benchmark = DeltaTables.read(spark, warehouse, BenchmarkTables.ACO_BENCHMARK)
        .filter(col("performance_year").equalTo(py))
        .select(col("aco_id").as("b_aco"), col("assigned_beneficiaries"), col("updated_per_capita"),
            col("expenditure_per_capita"));
    Dataset<Row> settlement = DeltaTables.read(spark, warehouse, SettlementTables.ACO_SETTLEMENT)
        .filter(col("performance_year").equalTo(py))
        .select(col("aco_id").as("s_aco"), col("savings_rate"), col("msr"), col("earned_savings_losses"));
    List<Row> rows = agreements
        .join(benchmark, col("aco_id").equalTo(col("b_aco")), "left")
        .join(settlement, col("aco_id").equalTo(col("s_aco")), "left")
        .select("aco_id", "track", "agreement_start_date", "assignment_method", "assigned_beneficiaries",
            "updated_per_capita", "expenditure_per_capita", "savings_rate", "msr", "earned_savings_losses")
        .orderBy("aco_id").collectAsList();
    out.printf("%nPY%d results per ACO (benchmark and spend per assigned person-year)%n", py);
    String[] header = {"ACO", "track", "agreement", "method", "assigned", "benchmark", "spend", "savings rate",
        "MSR", "earned (+) / owed (-)"};
    List<String[]> lines = new ArrayList<>();
    for (Row r : rows) {
      lines.add(new String[] {
          r.getString(0), r.getString(1), text(r.get(2)), r.getString(3), text(r.get(4)), money(r.get(5)),
          money(r.get(6)), percent(r.get(7)), percent(r.get(8)), money(r.get(9))});
    }
    out.print(SqlCommand.format(header, lines));
    List<Row> top = DeltaTables.read(spark, warehouse, AllocationTables.PROVIDER_ALLOCATION)
        .filter(col("performance_year").equalTo(py).and(col("tier").equalTo(3)).and(col("amount").notEqual(0)))
        .orderBy(col("amount").desc(), col("aco_id").asc(), col("group_code").asc(), col("npi").asc_nulls_first(),
            col("tin").asc_nulls_first())
        .select("aco_id", "group_code", "recipient_type", "npi", "model", "amount").limit(10).collectAsList();
    out.printf("%nLargest tier-3 allocations (to a provider, or held in the ACO's reserve when no provider qualifies)%n");
    List<String[]> cells = new ArrayList<>();
    for (Row r : top) {
      cells.add(new String[] {r.getString(0), r.getString(1), r.getString(2), text(r.get(3)), r.getString(4),
          money(r.get(5))});
    }
    out.print(SqlCommand.format(new String[] {"ACO", "group", "recipient", "NPI", "model", "amount"}, cells));
  }

  private static String text(Object v) {
    return v == null ? "-" : v.toString();
  }

  private static String money(Object v) {
    return v == null ? "-" : String.format(java.util.Locale.ROOT, "%,.2f", (java.math.BigDecimal) v);
  }

  private static String percent(Object v) {
    return v == null ? "-"
        : ((java.math.BigDecimal) v).movePointRight(2).setScale(2, java.math.RoundingMode.HALF_UP).toPlainString() + "%";
  }
}
