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
import org.mssp.assignment.AssignmentJob;
import org.mssp.assignment.AssignmentTables;
import org.mssp.common.spark.DeltaTables;
import org.mssp.generate.GenerateConfig;
import org.mssp.generate.GenerateJob;
import org.mssp.ingest.IngestConfig;
import org.mssp.ingest.IngestJob;
import org.mssp.ingest.IngestResult;
import org.mssp.expenditure.ExpenditureJob;
import org.mssp.reference.ReferenceTables;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code aco demo}: generates a small synthetic national dataset and runs the stages it can feed
 * (generate, ingest, assign, expenditures), in order, on one Spark session, then prints a per-ACO
 * summary. The dataset and warehouse go under
 * {@code --dir} (replaced on each run).
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = {
      "Generate a small synthetic national dataset and run every stage on it (no network, no real data).",
      "Writes <dir>/data (CCLF deliveries, enrollment, reference files) and <dir>/warehouse (Delta tables)."
    })
public final class DemoCommand implements Callable<Integer> {
  @Option(names = "--beneficiaries", defaultValue = "2000", description = "Beneficiaries (default: ${DEFAULT-VALUE}).")
  long beneficiaries;

  @Option(names = "--acos", defaultValue = "5", description = "ACOs (default: ${DEFAULT-VALUE}).")
  int acos;

  @Option(names = "--years", defaultValue = "2016-2018",
      description = "Calendar years; the last is the performance year (default: ${DEFAULT-VALUE}).")
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
    out.printf("1/4 generate: %d beneficiaries, %d ACOs, %d-%d -> %s%n",
        generate.beneficiaries(), generate.acos(), generate.firstYear(), py, data);
    out.flush();
    GenerateJob.run(generate, session);
    out.printf("2/4 ingest -> %s%n", warehouse);
    out.flush();
    IngestResult ingested =
        IngestJob.run(new IngestConfig(data, warehouse, IngestConfig.newRunId(Instant.now())), session);
    out.printf("    %d files, %d lines read, %d quarantined%n",
        ingested.files().size(), ingested.linesRead(), ingested.linesQuarantined());
    out.printf("3/4 assign PY%d and its benchmark years%n", py);
    out.flush();
    AssignmentJob.run(new AssignmentJob.Config(warehouse, py), session);
    out.printf("4/4 expenditures %d-%d%n", generate.firstYear(), py);
    out.flush();
    for (int year = generate.firstYear(); year <= py; year++) {
      ExpenditureJob.run(
          new ExpenditureJob.Config(warehouse, year, ExpenditureJob.Mode.EVALUATOR, null, null), session);
    }
    // Benchmark, settlement and allocation need each ACO's benchmark years, which lie before a
    // small demo dataset's first year, and ACO quality scores, which claims do not carry; the demo
    // stops at expenditures until the generator writes both (see README, Status).
    printSummary(out, session, warehouse, py);
    out.printf("%nTables are Delta tables under %s; query them with Spark SQL, e.g.%n"
        + "  spark.read.format(\"delta\").load(\"%s/beneficiary_assignment\")%n", warehouse, warehouse);
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

  /** One line per ACO: track, method, assigned beneficiaries by step. */
  static void printSummary(PrintWriter out, SparkSession spark, String warehouse, int py) {
    Dataset<Row> agreements =
        DeltaTables.read(spark, warehouse, ReferenceTables.ACO_AGREEMENTS).filter(col("performance_year").equalTo(py));
    Dataset<Row> summary =
        DeltaTables.read(spark, warehouse, AssignmentTables.ASSIGNMENT_SUMMARY)
            .filter(col("performance_year").equalTo(py).and(col("assignment_year").equalTo(py)));
    List<Row> rows =
        agreements.join(summary, agreements.col("aco_id").equalTo(summary.col("aco_id")), "left")
            .select(agreements.col("aco_id"), col("track"), col("assignment_method"),
                col("assigned_beneficiaries"), col("step_1"), col("step_2"), col("voluntary"))
            .orderBy(agreements.col("aco_id"))
            .collectAsList();
    out.printf("%nPY%d%n%-7s %-13s %-13s %9s %7s %7s %9s%n", py, "ACO", "track", "method", "assigned",
        "step 1", "step 2", "voluntary");
    for (Row r : rows) {
      out.printf("%-7s %-13s %-13s %9d %7d %7d %9d%n", r.getString(0), r.getString(1), r.getString(2),
          r.isNullAt(3) ? 0 : r.getLong(3), r.isNullAt(4) ? 0 : r.getLong(4),
          r.isNullAt(5) ? 0 : r.getLong(5), r.isNullAt(6) ? 0 : r.getLong(6));
    }
  }
}
