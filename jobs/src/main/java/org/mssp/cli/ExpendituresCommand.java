package org.mssp.cli;

import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import org.mssp.expenditure.ExpenditureJob;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code aco expenditures --warehouse W --year Y [--mode ACO ...]}: one calendar year's expenditures. */
@Command(
    name = "expenditures",
    mixinStandardHelpOptions = true,
    description = {
      "Beneficiary expenditure, risk renormalisation, national and county figures of one calendar year",
      "(run it for each benchmark year and the performance year). See docs/expenditures-and-benchmarks.md."
    })
public final class ExpendituresCommand implements Callable<Integer> {
  @Option(names = "--warehouse", required = true, description = "Warehouse root (path or s3a://).")
  String warehouse;

  @Option(names = "--year", required = true, description = "Calendar year of service, e.g. 2018.")
  int year;

  @picocli.CommandLine.Mixin ExpenditureModeOptions expenditureMode;

  @Option(names = "--risk-source", defaultValue = "CMS",
      description = "CMS (ref_prospective_risk_scores) or COMPUTED (beneficiary_risk_score of aco risk; ESRD rows stay CMS). Default: ${DEFAULT-VALUE}.")
  org.mssp.risk.RiskStage.Source riskSource;

  @CommandLine.Mixin SparkOptions spark;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    ExpenditureJob.Config config = new ExpenditureJob.Config(warehouse, year, expenditureMode.mode,
        expenditureMode.nationalParameters, expenditureMode.countyFile, riskSource);
    SparkSession session = spark.session("aco expenditures " + year);
    long n = ExpenditureJob.run(config, session);
    spec.commandLine().getOut().printf("beneficiary_expenditure %d: %d rows written under %s%n", year, n, warehouse);
    spec.commandLine().getOut().flush();
    return 0;
  }
}
