package org.mssp.cli;

import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import org.mssp.common.spark.DeltaTables;
import org.mssp.settlement.SettlementJob;
import org.mssp.settlement.SettlementTables;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code aco settle --warehouse W --performance-year N [--totals T]}: writes year N of
 * {@code aco_settlement}. Without {@code --totals} it reads the warehouse's {@code aco_totals}
 * Delta table (the shape the benchmark stage is to write).
 */
@Command(
    name = "settle",
    mixinStandardHelpOptions = true,
    description = {
      "Settles one performance year: ACO totals in, the aco_settlement Delta table's year out.",
      "See docs/settlement.md."
    })
public final class SettleCommand implements Callable<Integer> {
  @picocli.CommandLine.Mixin StageTarget target;

  @Option(
      names = "--totals",
      description =
          "ACO totals: a .csv in the settle-summary contract, or a Delta table path"
              + " (default: the warehouse's aco_totals table).")
  String totals;

  @CommandLine.Mixin SparkOptions spark;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    SettlementJob.Config config =
        new SettlementJob.Config(
            target.warehouse,
            target.performanceYear,
            totals != null ? totals : DeltaTables.path(target.warehouse, SettlementTables.ACO_TOTALS));
    SparkSession session = spark.session("aco settle PY" + target.performanceYear);
    long n = SettlementJob.run(config, session);
    spec.commandLine()
        .getOut()
        .printf("aco_settlement PY%d: %d ACOs written under %s%n", target.performanceYear, n, target.warehouse);
    spec.commandLine().getOut().flush();
    return 0;
  }
}
