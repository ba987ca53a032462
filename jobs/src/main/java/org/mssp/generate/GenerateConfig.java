package org.mssp.generate;

import java.util.stream.IntStream;
import org.mssp.common.error.Errors;

/**
 * Validated parameters of one {@code aco generate} run. Checks that need a file system (the
 * county file exists, the output is writable and empty) happen in {@link GenerateJob} before
 * anything is written; they fail with the same one-line argument errors.
 *
 * @param beneficiaries people in the population (1 to 10,000,000)
 * @param acos ACOs (1 to 8,999: ids A1000 to A9998, never the default extract id A9999)
 * @param firstYear first calendar year of data (e.g. the first benchmark year)
 * @param lastYear last calendar year (e.g. the performance year); at most 10 years in all
 * @param seed every random draw is a pure function of (seed, entity id, draw name)
 * @param output root folder of the dataset, local path or s3a:// URI
 * @param gzip gzip each CCLF file
 * @param overwrite replace a non-empty output folder
 * @param countyFile the CMS county-level FFS expenditure file (CSV)
 * @param extractId the extract id in CCLF file names, e.g. A9999
 * @param rates the mess rates
 * @param hccTables folder of CMS's CMS-HCC tables for the synthetic conditions' scores (null or
 *     absent: the risk score file keeps calibrated random scores)
 */
public record GenerateConfig(
    long beneficiaries,
    int acos,
    int firstYear,
    int lastYear,
    long seed,
    String output,
    boolean gzip,
    boolean overwrite,
    String countyFile,
    String extractId,
    MessRates rates,
    String hccTables) {
  /** Highest supported beneficiary count: claim ids must fit CUR_CLM_UNIQ_ID 9(13). */
  public static final long MAX_BENEFICIARIES = 10_000_000L;

  /** Without CMS-HCC tables: risk scores are calibrated draws, not model scores. */
  public GenerateConfig(long beneficiaries, int acos, int firstYear, int lastYear, long seed, String output, boolean gzip,
      boolean overwrite, String countyFile, String extractId, MessRates rates) {
    this(beneficiaries, acos, firstYear, lastYear, seed, output, gzip, overwrite, countyFile, extractId, rates, null);
  }

  public GenerateConfig {
    if (beneficiaries < 1 || beneficiaries > MAX_BENEFICIARIES) {
      throw Errors.badArgument(
          "--beneficiaries", beneficiaries, "an integer from 1 to " + MAX_BENEFICIARIES);
    }
    if (acos < 1 || acos > 8_999) {
      throw Errors.badArgument("--acos", acos, "an integer from 1 to 8999");
    }
    if (firstYear < 2010 || lastYear > 2098 || firstYear > lastYear || lastYear - firstYear > 9) {
      throw Errors.badArgument(
          "--years", firstYear + "-" + lastYear, "a range like 2015-2018 within 2010-2098, at most 10 years");
    }
    if (output == null || output.isBlank()) {
      throw Errors.badArgument("--output", output, "a local folder or s3a:// URI");
    }
    if (countyFile == null || countyFile.isBlank()) {
      throw Errors.badArgument(
          "--county-file", countyFile, "the CMS county-level FFS expenditure CSV (required)");
    }
    if (extractId == null || !extractId.matches("A\\d{4}")) {
      throw Errors.badArgument("--extract-id", extractId, "an ACO-style id like A9999");
    }
    if (rates == null) {
      throw Errors.badArgument("rates", null, "mess rates are required");
    }
  }

  /** Parses {@code 2015-2018} or {@code 2018} into [first, last]. */
  public static int[] parseYears(String years) {
    if (years == null) {
      throw Errors.badArgument("--years", null, "a range like 2015-2018");
    }
    String[] parts = years.trim().split("-");
    try {
      int first = Integer.parseInt(parts[0].trim());
      int last = parts.length == 2 ? Integer.parseInt(parts[1].trim()) : first;
      if (parts.length > 2) {
        throw new NumberFormatException();
      }
      return new int[] {first, last};
    } catch (NumberFormatException | ArrayIndexOutOfBoundsException e) {
      throw Errors.badArgument("--years", years, "a range like 2015-2018");
    }
  }

  /** Number of calendar years. */
  public int yearCount() {
    return lastYear - firstYear + 1;
  }

  /** The years, first to last. */
  public int[] years() {
    return IntStream.rangeClosed(firstYear, lastYear).toArray();
  }
}
