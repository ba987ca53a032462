package org.mssp.ingest;

import static org.apache.spark.sql.functions.substring;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.spark.sql.Column;
import org.mssp.common.cclf.CclfField;
import org.mssp.common.cclf.CclfFile;
import org.mssp.common.cclf.CclfLayout;
import org.mssp.common.error.Errors;

/**
 * The quality rules of a CCLF line, generated from the layout data, in the order they are checked
 * (the first broken rule is the one recorded):
 *
 * <ol>
 *   <li>{@code record_length}: the line is exactly the layout's record length (IP v36).
 *   <li>{@code required}: identifying fields are not blank (claim id, line number, MBI; CCLF9's
 *       current and previous MBI).
 *   <li>{@code digits}, {@code date}, {@code amount}, {@code quantity}: each field matches its
 *       picture (claims-formats.md §1.3): digits only; {@code YYYY-MM-DD} naming a real day; an
 *       optional sign, leading zeros, at most precision − scale integer digits and optionally a
 *       point with 1 to scale decimals. Blank is allowed and becomes null; so do the "no date"
 *       values 1000-01-01 and 9999-12-31 (IP §3.6).
 *   <li>{@code claim_type}: CLM_TYPE_CD is one the file may carry ({@code rules/cclf-claim-types.csv}).
 *   <li>{@code adjustment_type}: CLM_ADJSMT_TYPE_CD is 0, 1 or 2 (§1.5).
 * </ol>
 *
 * All rules quarantine: a bad line never stops the run and never vanishes. {@link CclfLineParser}
 * checks them.
 */
public final class CclfQualityRules {
  public static final String RECORD_LENGTH = "record_length";
  public static final String REQUIRED = "required";
  public static final String DIGITS = "digits";
  public static final String DATE = "date";
  public static final String AMOUNT = "amount";
  public static final String QUANTITY = "quantity";
  public static final String CLAIM_TYPE = "claim_type";
  public static final String ADJUSTMENT_TYPE = "adjustment_type";

  /** Dates CMS uses for "no date" (IP §3.6). */
  public static final List<String> NO_DATE = List.of("1000-01-01", "9999-12-31");

  private static final Set<String> REQUIRED_FIELDS =
      Set.of("CUR_CLM_UNIQ_ID", "CLM_LINE_NUM", "BENE_MBI_ID", "CRNT_NUM", "PRVS_NUM");
  private static final String CLAIM_TYPES_RESOURCE = "/rules/cclf-claim-types.csv";
  private static final Map<CclfFile, Set<String>> CLAIM_TYPES = loadClaimTypes();

  private CclfQualityRules() {}

  /** The values of CLM_ADJSMT_TYPE_CD the {@link #ADJUSTMENT_TYPE} rule accepts. */
  public static final Set<String> ADJUSTMENT_TYPES = Set.of("0", "1", "2", "00", "01", "02");

  public static final String ADJUSTMENT_TYPE_MESSAGE =
      "CLM_ADJSMT_TYPE_CD must be 0 (original), 1 (cancellation) or 2 (adjustment)";

  /** The raw (untrimmed) text of a field in a line column (quarantine messages quote it). */
  public static Column raw(CclfField f, Column line) {
    return substring(line, f.start(), f.length());
  }

  /** The CLM_TYPE_CD values a file may carry; empty if the file has no claim type rule. */
  public static Set<String> claimTypes(CclfFile file) {
    return CLAIM_TYPES.getOrDefault(file, Set.of());
  }

  static String recordLengthMessage(CclfLayout layout) {
    return "record length must be " + layout.recordLength();
  }

  /** Whether the {@link #REQUIRED} rule covers the field. */
  static boolean isRequired(CclfField f) {
    return REQUIRED_FIELDS.contains(f.name());
  }

  static String requiredMessage(CclfField f) {
    return f.name() + " must not be blank";
  }

  /** The rule a value breaking the field's picture breaks, or null for text (no picture rule). */
  static String patternRule(CclfField f) {
    return switch (f.kind()) {
      case DIGITS -> DIGITS;
      case DATE -> DATE;
      case AMOUNT -> AMOUNT;
      case QUANTITY -> QUANTITY;
      case TEXT -> null;
    };
  }

  static String patternMessage(CclfField f) {
    String expected =
        switch (f.kind()) {
          case DIGITS -> "digits only";
          case DATE -> "a YYYY-MM-DD date";
          case TEXT -> null;
          default ->
              "a signed decimal with at most " + (f.precision() - f.scale()) + " integer and "
                  + f.scale() + " decimal digits";
        };
    return expected == null ? null : f.name() + " must be " + expected;
  }

  static String claimTypeMessage(CclfFile file) {
    return "CLM_TYPE_CD must be one of " + claimTypes(file) + " in " + file;
  }

  private static Map<CclfFile, Set<String>> loadClaimTypes() {
    Map<CclfFile, Set<String>> types = new EnumMap<>(CclfFile.class);
    try (InputStream in = CclfQualityRules.class.getResourceAsStream(CLAIM_TYPES_RESOURCE)) {
      if (in == null) {
        throw Errors.badRules("cclf-claim-types", "resource " + CLAIM_TYPES_RESOURCE + " is missing");
      }
      BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      boolean header = true;
      for (String l = r.readLine(); l != null; l = r.readLine()) {
        if (l.isBlank() || l.startsWith("#")) {
          continue;
        }
        if (header) {
          header = false;
          continue;
        }
        String[] parts = l.split(",", 3);
        types.computeIfAbsent(CclfFile.valueOf(parts[0]), k -> new TreeSet<>()).add(parts[1]);
      }
    } catch (IOException | RuntimeException e) {
      throw Errors.badRules("cclf-claim-types", "cannot read " + CLAIM_TYPES_RESOURCE + ": " + e.getMessage());
    }
    return types;
  }
}
