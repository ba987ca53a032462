package org.mssp.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.mssp.settlement.SettleSummaryJob;
import org.mssp.settlement.rules.SettlementRules;
import org.mssp.settlement.rules.SettlementRulesLoader;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code aco settle-summary --input totals.csv --output settlement.csv}: no Spark needed. */
@Command(
    name = "settle-summary",
    mixinStandardHelpOptions = true,
    description = {
      "Computes shared savings and losses from a CSV of ACO totals (no claims, no Spark).",
      "Input columns: aco_id, performance_year, track, assigned_beneficiaries, benchmark_total,"
          + " expenditure_total, msr_election, quality_score, quality_standard_met,"
          + " euc_loss_reduction_fraction; optional: year_in_track, participant_revenue_total,"
          + " euc_loss_reduction_amount, pay_for_reporting, sliding_scale_eligible.",
      "See docs/settlement.md."
    })
public final class SettleSummaryCommand implements Callable<Integer> {
  @Option(names = "--input", required = true, description = "CSV of ACO totals, one row per ACO and year.")
  Path input;

  @Option(names = "--output", required = true, description = "CSV to write: the settlement waterfall per row.")
  Path output;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    SettlementRules rules = SettlementRulesLoader.load();
    SettleSummaryJob.Summary s = SettleSummaryJob.run(new SettleSummaryJob.Config(input, output), rules);
    spec.commandLine()
        .getOut()
        .printf(
            "settled %d ACO-years with rules %s: earned savings %s, losses owed %s -> %s%n",
            s.acoYears(),
            rules.version(),
            s.earnedSavings().toPlainString(),
            s.lossesOwed().toPlainString(),
            output);
    spec.commandLine().getOut().flush();
    return 0;
  }
}
