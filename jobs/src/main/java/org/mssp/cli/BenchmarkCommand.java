package org.mssp.cli;

import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import org.mssp.benchmark.BenchmarkJob;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code aco benchmark --warehouse W --performance-year N [--quality Q]}: ACO expenditures and benchmarks. */
@Command(
    name = "benchmark",
    mixinStandardHelpOptions = true,
    description = {
      "ACO expenditures and benchmarks of one performance year, and aco_totals for aco settle.",
      "Needs aco expenditures for the benchmark years and the PY. See docs/expenditures-and-benchmarks.md."
    })
public final class BenchmarkCommand implements Callable<Integer> {
  @picocli.CommandLine.Mixin StageTarget target;

  @Option(names = "--quality",
      description = "CSV aco_id,performance_year,quality_score,quality_standard_met; without it aco_totals is not written.")
  String quality;

  @Option(names = "--prior-savings", description = "CSV aco_id,prior_savings_per_capita (2016 rebasing, 2024+ renewals).")
  String priorSavings;

  @CommandLine.Mixin SparkOptions spark;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    BenchmarkJob.Config config =
        new BenchmarkJob.Config(target.warehouse, target.performanceYear, quality, priorSavings);
    SparkSession session = spark.session("aco benchmark PY" + target.performanceYear);
    long n = BenchmarkJob.run(config, session);
    spec.commandLine().getOut()
        .printf("aco_benchmark PY%d: %d ACOs written under %s%n", target.performanceYear, n, target.warehouse);
    spec.commandLine().getOut().flush();
    return 0;
  }
}
