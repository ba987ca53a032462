package org.mssp.ingest;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.length;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.octet_length;
import static org.apache.spark.sql.functions.substring;
import static org.apache.spark.sql.functions.trim;
import static org.apache.spark.sql.functions.when;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.mssp.common.cclf.CclfField;
import org.mssp.common.cclf.CclfFile;
import org.mssp.common.cclf.CclfLayout;
import org.mssp.common.error.Errors;
import org.mssp.common.quality.QualityRule;

/**
 * The quality rules of a CCLF line, generated from the layout data, in the order they are checked
 * (the first broken rule is the one recorded):
 *
 * <ol>
 *   <li>{@code record_length}: the line is exactly the layout's record length (IP v36).
 *   <li>{@code required}: identifying fields are not blank (claim id, line number, MBI; CCLF9's
 *       current and previous MBI).
 *   <li>{@code digits}, {@code date}, {@code amount}, {@code quantity}: each field matches its
 *       picture (claims-formats.md §1.3). Blank is allowed and becomes null; so do the "no date"
 *       values 1000-01-01 and 9999-12-31 (IP §3.6).
 *   <li>{@code claim_type}: CLM_TYPE_CD is one the file may carry ({@code rules/cclf-claim-types.csv}).
 *   <li>{@code adjustment_type}: CLM_ADJSMT_TYPE_CD is 0, 1 or 2 (§1.5).
 * </ol>
 *
 * All rules quarantine: a bad line never stops the run and never vanishes.
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

  /**
   * Name of the helper column {@link #withLineBytes} adds: the line's bytes when every character is
   * ASCII (one byte each), else null.
   */
  public static final String LINE_BYTES = "_line_bytes";

  /**
   * Adds {@link #LINE_BYTES}. A substring of a string column walks the UTF-8 characters from the
   * start of the line to the field (Spark counts characters, not bytes), so slicing 60 fields of a
   * 500-character line that way dominated the parse; a slice of the bytes is a direct copy. CCLF
   * is ASCII, so for almost every line the two agree; a line with any other character keeps the
   * character slice (see {@link #raw(CclfField, Column, Column)}).
   */
  public static Dataset<Row> withLineBytes(Dataset<Row> lines, String lineColumn) {
    Column line = col(lineColumn);
    return lines.withColumn(
        LINE_BYTES,
        when(octet_length(line).equalTo(length(line)), line.cast(DataTypes.BinaryType)));
  }

  /** The raw (untrimmed) text of a field in a line column. */
  public static Column raw(CclfField f, Column line) {
    return substring(line, f.start(), f.length());
  }

  /**
   * The raw text of a field, sliced from the line's ASCII bytes when there are any (see {@link
   * #withLineBytes}), otherwise from the characters; the two give the same text.
   */
  public static Column raw(CclfField f, Column line, Column bytes) {
    return coalesce(substring(bytes, f.start(), f.length()).cast(DataTypes.StringType), raw(f, line));
  }

  /** The trimmed text of a field. */
  public static Column text(CclfField f, Column line) {
    return trim(raw(f, line));
  }

  /** The trimmed text of a field, through the byte slice of {@link #raw(CclfField, Column, Column)}. */
  public static Column text(CclfField f, Column line, Column bytes) {
    return trim(raw(f, line, bytes));
  }

  /** Regular expression a non-blank, trimmed value of the field must match, or null for text. */
  public static String pattern(CclfField f) {
    return switch (f.kind()) {
      case DIGITS -> "^[0-9]+$";
      case DATE -> "^[0-9]{4}-[0-9]{2}-[0-9]{2}$";
      case AMOUNT, QUANTITY ->
          // Leading zeros pad the width (an unsigned value has one more digit position).
          "^[-+]?0*[0-9]{1," + (f.precision() - f.scale()) + "}(\\.[0-9]{1," + f.scale() + "})?$";
      case TEXT -> null;
    };
  }

  /** The CLM_TYPE_CD values a file may carry; empty if the file has no claim type rule. */
  public static Set<String> claimTypes(CclfFile file) {
    return CLAIM_TYPES.getOrDefault(file, Set.of());
  }

  /** The rules for lines of {@code file}, read from the column {@code lineColumn}. */
  public static List<QualityRule> forFile(CclfFile file, String lineColumn) {
    return forFile(file, col(lineColumn), null);
  }

  /**
   * The rules for lines of {@code file}, fields sliced from {@code bytes} (the {@link #LINE_BYTES}
   * column, or null to slice the characters of {@code line}).
   */
  public static List<QualityRule> forFile(CclfFile file, Column line, Column bytes) {
    CclfLayout layout = CclfLayout.of(file);
    java.util.function.Function<CclfField, Column> text =
        f -> bytes == null ? text(f, line) : text(f, line, bytes);
    List<QualityRule> rules = new ArrayList<>();
    rules.add(
        QualityRule.quarantine(
            RECORD_LENGTH,
            null,
            length(line).notEqual(lit(layout.recordLength())),
            "record length must be " + layout.recordLength()));
    for (CclfField f : layout.fields()) {
      if (REQUIRED_FIELDS.contains(f.name())) {
        rules.add(
            QualityRule.quarantine(
                REQUIRED, f.name(), text.apply(f).equalTo(lit("")), f.name() + " must not be blank"));
      }
    }
    for (CclfField f : layout.fields()) {
      String pattern = pattern(f);
      if (pattern == null) {
        continue;
      }
      Column t = text.apply(f);
      Column bad = t.notEqual(lit("")).and(t.rlike(pattern).unary_$bang());
      String name =
          switch (f.kind()) {
            case DIGITS -> DIGITS;
            case DATE -> DATE;
            case AMOUNT -> AMOUNT;
            default -> QUANTITY;
          };
      String expected =
          switch (f.kind()) {
            case DIGITS -> "digits only";
            case DATE -> "a YYYY-MM-DD date";
            default ->
                "a signed decimal with at most " + (f.precision() - f.scale()) + " integer and "
                    + f.scale() + " decimal digits";
          };
      if (f.kind() == CclfField.Kind.DATE) {
        // A well-formed but impossible date (2018-02-30) is as bad as a malformed one.
        bad =
            bad.or(
                t.notEqual(lit(""))
                    .and(t.isin(NO_DATE.toArray()).unary_$bang())
                    .and(org.apache.spark.sql.functions.try_to_date(t, "yyyy-MM-dd").isNull()));
      }
      rules.add(QualityRule.quarantine(name, f.name(), bad, f.name() + " must be " + expected));
    }
    Set<String> types = claimTypes(file);
    if (!types.isEmpty() && layout.hasField("CLM_TYPE_CD")) {
      Column t = text.apply(layout.field("CLM_TYPE_CD"));
      rules.add(
          QualityRule.quarantine(
              CLAIM_TYPE,
              "CLM_TYPE_CD",
              t.isin(types.toArray()).unary_$bang(),
              "CLM_TYPE_CD must be one of " + types + " in " + file));
    }
    if (layout.hasField("CLM_ADJSMT_TYPE_CD") && file != CclfFile.CCLF7) {
      Column t = text.apply(layout.field("CLM_ADJSMT_TYPE_CD"));
      rules.add(
          QualityRule.quarantine(
              ADJUSTMENT_TYPE,
              "CLM_ADJSMT_TYPE_CD",
              t.isin("0", "1", "2", "00", "01", "02").unary_$bang(),
              "CLM_ADJSMT_TYPE_CD must be 0 (original), 1 (cancellation) or 2 (adjustment)"));
    }
    return rules;
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
