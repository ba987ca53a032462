package org.mssp.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import org.mssp.allocation.AllocationJob;
import org.mssp.allocation.AllocationPlans;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code aco allocate --warehouse W --plan P --performance-year N [--provider-quality Q]
 * [--provider-cost C]}: writes the year's {@code provider_allocation} and {@code endowment_ledger}.
 */
@Command(
    name = "allocate",
    mixinStandardHelpOptions = true,
    description = {
      "Allocates each ACO's earned savings (or losses owed) of one performance year to operations,",
      "provider groups and providers by an allocation plan. See docs/allocation.md."
    })
public final class AllocateCommand implements Callable<Integer> {
  @picocli.CommandLine.Mixin StageTarget target;

  @Option(names = "--plan", required = true, description = "Allocation plan file (JSON, docs/allocation.md).")
  Path plan;

  @Option(
      names = "--provider-quality",
      description = "Provider quality measures CSV (docs/input-formats.md); needed by quality models.")
  String providerQuality;

  @Option(
      names = "--provider-cost",
      description = "Risk-adjusted cost per attributed beneficiary CSV; overrides the cost computed from the expenditure tables (needed by cost gates without them).")
  String providerCost;

  @CommandLine.Mixin SparkOptions spark;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    AllocationJob.Config config =
        new AllocationJob.Config(target.warehouse, target.performanceYear, plan, providerQuality, providerCost);
    // validate the plan before starting Spark, so a bad plan fails in a second
    AllocationPlans.read(plan);
    SparkSession session = spark.session("aco allocate PY" + target.performanceYear);
    AllocationJob.Summary s = AllocationJob.run(config, session);
    spec.commandLine()
        .getOut()
        .printf(
            "provider_allocation PY%d: %d ACOs, %d rows; endowment_ledger: %d rows, under %s%n",
            target.performanceYear, s.acos(), s.allocationRows(), s.ledgerRows(), target.warehouse);
    spec.commandLine().getOut().flush();
    return 0;
  }
}
