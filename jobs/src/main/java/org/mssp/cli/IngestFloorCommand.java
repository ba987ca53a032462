package org.mssp.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import org.mssp.baseline.IngestFloor;
import org.mssp.common.error.Errors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code aco ingest-floor}: the least time an ingest of a delivery can take on this machine. */
@Command(
    name = "ingest-floor",
    mixinStandardHelpOptions = true,
    description = {
      "Measure the input/output floor of aco ingest on a delivery it has ingested: read every line of",
      "the delivery, copy the stg and the final tables as Delta (one read and one write each), read the",
      "final tables. Floor = read delivery + copy stg + copy final - read final. Prints each step and the",
      "lines/s no ingest of this delivery could beat here. See docs/ingest.md."
    })
public final class IngestFloorCommand implements Callable<Integer> {
  @Option(names = "--input", required = true, description = "The delivery folder aco ingest read (folder or s3a://).")
  String input;

  @Option(names = "--warehouse", required = true, description = "The warehouse aco ingest filled from it.")
  String warehouse;

  @Option(names = "--scratch",
      description = "Folder for the copies, emptied first and deleted at the end (default: a new temporary folder).")
  String scratch;

  @Mixin SparkOptions spark;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    String folder = scratch != null ? scratch : Files.createTempDirectory("aco-ingest-floor").toString();
    SparkSession session = spark.session("aco ingest-floor");
    IngestFloor.Result r = IngestFloor.run(new IngestFloor.Config(input, warehouse, folder), session);
    PrintWriter out = spec.commandLine().getOut();
    out.printf(Locale.ROOT, "%-13s %-28s %12s %9s%n", "step", "table", "rows", "seconds");
    for (IngestFloor.Step s : r.steps()) {
      out.printf(Locale.ROOT, "%-13s %-28s %,12d %9.1f%n", s.step(), s.table(), s.rows(), s.seconds());
    }
    for (String step : new String[] {IngestFloor.READ_DELIVERY, IngestFloor.COPY_STG, IngestFloor.COPY_FINAL,
        IngestFloor.READ_FINAL}) {
      out.printf(Locale.ROOT, "%-13s %-28s %,12d %9.1f%n", step, "(all)", r.rows(step), r.seconds(step));
    }
    if (r.floorSeconds() <= 0) {
      throw Errors.cannot("measure the ingest floor", "the steps summed to " + r.floorSeconds() + " s");
    }
    out.printf(Locale.ROOT, "floor: %.1f s for %,d lines = at most %,.0f lines/s for aco ingest of this delivery here%n",
        r.floorSeconds(), r.lines(), r.linesPerSecondBound());
    out.flush();
    return 0;
  }
}
