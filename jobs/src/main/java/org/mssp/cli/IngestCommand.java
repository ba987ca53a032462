package org.mssp.cli;

import java.io.PrintWriter;
import java.time.Instant;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import org.mssp.ingest.IngestConfig;
import org.mssp.ingest.IngestJob;
import org.mssp.ingest.IngestResult;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code aco ingest}: CMS CCLF deliveries into stg and final-action Delta tables. */
@Command(
    name = "ingest",
    mixinStandardHelpOptions = true,
    description = {
      "Ingest CMS CCLF deliveries (folders, .zip archives, gzipped files; one or many months) and",
      "MBSF-style enrollment files into stg and final-action Delta tables. Deliveries already",
      "ingested are skipped; bad lines go to ingest_quarantine; counts are reconciled with CCLF0."
    })
public final class IngestCommand implements Callable<Integer> {
  @CommandLine.Mixin SparkOptions spark;

  @Option(
      names = "--input",
      required = true,
      description = "Dataset folder (cclf/, enrollment/) or folder of deliveries; local or s3a://.")
  String input;

  @Option(names = "--warehouse", required = true, description = "Warehouse root for the Delta tables; local or s3a://.")
  String warehouse;

  @Option(names = "--run-id", description = "Run id stamped on written rows (default: ingest-<UTC time>-<random>).")
  String runId;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    IngestConfig config =
        new IngestConfig(input, warehouse, runId != null ? runId : IngestConfig.newRunId(Instant.now()));
    SparkSession session = spark.session("aco-ingest");
    long start = System.nanoTime();
    IngestResult result = IngestJob.run(config, session);
    double seconds = (System.nanoTime() - start) / 1e9;
    print(spec.commandLine().getOut(), result, seconds);
    return 0;
  }

  static void print(PrintWriter out, IngestResult result, double seconds) {
    out.printf("run %s%n", result.runId());
    for (String s : result.skipped()) {
      out.printf("  skipped %s (already ingested)%n", s);
    }
    for (IngestResult.FileMetrics m : result.files()) {
      out.printf(
          "  %s: lines read %d = accepted %d + quarantined %d%s%n",
          m.sourceFile(), m.linesRead(), m.linesAccepted(), m.linesQuarantined(),
          m.cclf0RecordCount() == null ? "" : " (CCLF0 " + m.cclf0RecordCount() + (m.reconciled() ? ", reconciled)" : ", NOT reconciled)"));
    }
    if (!result.quarantineExamples().isEmpty()) {
      out.println("quarantined lines (first per file type; all in ingest_quarantine):");
      result.quarantineExamples().forEach(e -> out.println("  " + e));
    }
    out.printf(
        "total: %d files, lines read %d, quarantined %d, %.1f s, %.0f lines/s%n",
        result.files().size(), result.linesRead(), result.linesQuarantined(), seconds,
        seconds > 0 ? result.linesRead() / seconds : 0.0);
    out.flush();
  }
}
