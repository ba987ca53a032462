package org.mssp.cli;

import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import org.mssp.expenditure.ExpenditureJob;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code aco expenditures --warehouse W --year Y[,Y...] [--mode ACO ...]}: calendar years' expenditures, in one pass. */
@Command(
    name = "expenditures",
    mixinStandardHelpOptions = true,
    description = {
      "Beneficiary expenditure, risk renormalisation, national and county figures of calendar years",
      "(the benchmark years and the performance year; several years run together in one pass).",
      "See docs/expenditures-and-benchmarks.md."
    })
public final class ExpendituresCommand implements Callable<Integer> {
  @Option(names = "--warehouse", required = true, description = "Warehouse root (path or s3a://).")
  String warehouse;

  @Option(names = "--year", required = true, split = ",",
      description = "Calendar year(s) of service, e.g. 2018 or 2015,2016,2017,2018 (or the option repeated).")
  java.util.List<Integer> years;

  @picocli.CommandLine.Mixin ExpenditureModeOptions expenditureMode;

  @Option(names = "--risk-source", defaultValue = "CMS",
      description = "CMS (ref_prospective_risk_scores) or COMPUTED (beneficiary_risk_score of aco risk; ESRD rows stay CMS). Default: ${DEFAULT-VALUE}.")
  org.mssp.risk.RiskStage.Source riskSource;

  @CommandLine.Mixin SparkOptions spark;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    ExpenditureJob.Config config = new ExpenditureJob.Config(warehouse, years, expenditureMode.mode,
        expenditureMode.nationalParameters, expenditureMode.countyFile, riskSource);
    String yearList = config.years().stream().map(String::valueOf).collect(java.util.stream.Collectors.joining(","));
    SparkSession session = spark.session("aco expenditures " + yearList);
    long n = ExpenditureJob.run(config, session);
    spec.commandLine().getOut().printf("beneficiary_expenditure %s: %d rows written under %s%n", yearList, n, warehouse);
    spec.commandLine().getOut().flush();
    return 0;
  }
}
