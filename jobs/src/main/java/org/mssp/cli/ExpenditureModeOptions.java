package org.mssp.cli;

import org.mssp.expenditure.ExpenditureJob;
import picocli.CommandLine.Option;

/** How expenditures get national and regional figures: computed (evaluator mode) or from files (ACO mode). */
final class ExpenditureModeOptions {
  @Option(names = "--mode", defaultValue = "EVALUATOR",
      description = "EVALUATOR (the data is the nation: caps, risk factors and counties computed) or ACO (an ACO's own "
          + "extract: they come from the two files below). Default: ${DEFAULT-VALUE}.")
  ExpenditureJob.Mode mode;

  @Option(names = "--national-parameters",
      description = "ACO mode: CSV year,enrollment_type,truncation_cap,risk_normalization_factor[,demographic_normalization_factor].")
  String nationalParameters;

  @Option(names = "--county-file", description = "ACO mode: CMS county-level FFS CSV covering the years computed.")
  String countyFile;
}
