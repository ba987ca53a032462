package org.mssp.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import org.mssp.common.error.Errors;
import org.mssp.generate.GenerateConfig;
import org.mssp.generate.GenerateJob;
import org.mssp.generate.GenerateRules;
import org.mssp.generate.MessRates;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code aco generate}: parses options into a {@link GenerateConfig} and runs {@link GenerateJob}. */
@Command(
    name = "generate",
    mixinStandardHelpOptions = true,
    description = "Write a synthetic national Medicare population and its claims in CMS CCLF format.")
public final class GenerateCommand implements Callable<Integer> {
  static final String DEFAULT_COUNTY_FILE = "../shared/data/mssp-county-ffs-2018.csv";
  static final String DEFAULT_HCC_TABLES = "../shared/reference/cms-hcc";

  @CommandLine.Mixin SparkOptions spark;

  @Option(names = "--beneficiaries", required = true, description = "People in the population.")
  long beneficiaries;

  @Option(names = "--acos", defaultValue = "10", description = "ACOs (default: ${DEFAULT-VALUE}).")
  int acos;

  @Option(names = "--years", required = true, description = "Calendar years, e.g. 2015-2018.")
  String years;

  @Option(names = "--seed", defaultValue = "1", description = "Random seed (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--output", required = true, description = "Output folder, local or s3a://; must be empty.")
  String output;

  @Option(names = "--overwrite", description = "Replace a non-empty output folder.")
  boolean overwrite;

  @Option(names = "--gzip", description = "gzip each CCLF file.")
  boolean gzip;

  @Option(names = "--county-file",
      description = "CMS county-level FFS expenditure CSV (default: " + DEFAULT_COUNTY_FILE + " when it exists).")
  String countyFile;

  @Option(names = "--hcc-tables",
      description = "Folder of CMS's CMS-HCC tables: risk scores follow the claims' conditions (default: "
          + DEFAULT_HCC_TABLES + " when it exists; without tables the scores are calibrated draws).")
  String hccTables;

  @Option(names = "--extract-id", defaultValue = "A9999", description = "Extract id in file names (default: ${DEFAULT-VALUE}).")
  String extractId;

  @Option(names = "--malformed-rate", description = "Extra corrupted copies per valid claim line.")
  Double malformedRate;

  @Option(names = "--cancel-rate", description = "Claims later cancelled.")
  Double cancelRate;

  @Option(names = "--adjust-rate", description = "Claims later cancelled and replaced by an adjustment.")
  Double adjustRate;

  @Option(names = "--redeliver-rate", description = "Claim versions delivered again the next month.")
  Double redeliverRate;

  @Option(names = "--mbi-change-rate", description = "Beneficiary-years with an MBI change.")
  Double mbiChangeRate;

  @Option(names = "--ma-rate", description = "Beneficiary-years with Medicare Advantage months.")
  Double maRate;

  @Option(names = "--part-a-only-rate", description = "Beneficiary-years with Part-A-only months.")
  Double partAOnlyRate;

  @Option(names = "--specialist-only-rate", description = "Beneficiary-years seeing only specialists.")
  Double specialistOnlyRate;

  @Option(names = "--tin-two-acos-rate", description = "Participant TINs also in a second ACO.")
  Double tinTwoAcosRate;

  @Option(names = "--voluntary-rate", description = "Beneficiaries with a voluntary alignment designation.")
  Double voluntaryRate;

  @Option(names = "--constructed-per-case", description = "Beneficiaries per constructed assignment case.")
  Integer constructedPerCase;

  /** Validates the options (throws a one-line argument error naming the option). */
  GenerateConfig config() {
    int[] range = GenerateConfig.parseYears(years);
    MessRates d = MessRates.defaults(GenerateRules.load());
    MessRates rates =
        new MessRates(
            or(cancelRate, d.cancel()), or(adjustRate, d.adjust()), or(redeliverRate, d.redeliver()),
            or(malformedRate, d.malformed()), or(mbiChangeRate, d.mbiChange()), or(maRate, d.ma()),
            or(partAOnlyRate, d.partAOnly()), or(specialistOnlyRate, d.specialistOnly()),
            or(tinTwoAcosRate, d.tinTwoAcos()), or(voluntaryRate, d.voluntary()),
            constructedPerCase == null ? d.constructedPerCase() : constructedPerCase);
    String county = countyFile;
    if (county == null && Files.isRegularFile(Path.of(DEFAULT_COUNTY_FILE))) {
      county = DEFAULT_COUNTY_FILE;
    }
    if (county == null) {
      throw Errors.badArgument("--county-file", null, "not given, and the default " + DEFAULT_COUNTY_FILE
          + " (the CMS county-level FFS file of the project's shared folder) is not there; pass CMS's county FFS "
          + "expenditure CSV");
    }
    if (!county.contains("://") && !Files.isRegularFile(Path.of(county))) {
      throw Errors.badArgument("--county-file", county, "no such file");
    }
    String hcc = hccTables;
    if (hcc == null && Files.isDirectory(Path.of(DEFAULT_HCC_TABLES))) {
      hcc = DEFAULT_HCC_TABLES;
    }
    if (hcc != null && !Files.isDirectory(Path.of(hcc))) {
      throw Errors.badArgument("--hcc-tables", hcc, "no such folder");
    }
    return new GenerateConfig(beneficiaries, acos, range[0], range[1], seed, output, gzip, overwrite,
        county, extractId, rates, hcc);
  }

  private static double or(Double v, double d) {
    return v == null ? d : v;
  }

  @Override
  public Integer call() {
    GenerateConfig config = config();
    SparkSession session = spark.session("aco-generate");
    Map<String, Object> manifest = GenerateJob.run(config, session);
    @SuppressWarnings("unchecked")
    Map<String, Object> totals = (Map<String, Object>) manifest.get("totals");
    CommandLine cmd = new CommandLine(this);
    cmd.getOut().printf("aco generate: wrote %s lines to %s%n", totals.get("lines"), config.output());
    cmd.getOut().flush();
    return 0;
  }
}
