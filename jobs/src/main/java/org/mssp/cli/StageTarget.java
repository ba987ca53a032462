package org.mssp.cli;

import picocli.CommandLine.Option;

/** The {@code --warehouse} and {@code --performance-year} options of the commands that run a stage of one year. */
final class StageTarget {
  @Option(names = "--warehouse", required = true, description = "Warehouse root (folder or s3a://).")
  String warehouse;

  @Option(names = "--performance-year", required = true, description = "Performance year, e.g. 2018.")
  int performanceYear;
}
