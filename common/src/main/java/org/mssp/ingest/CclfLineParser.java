package org.mssp.ingest;

import java.io.Serializable;
import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import org.mssp.common.cclf.CclfField;
import org.mssp.common.cclf.CclfFile;
import org.mssp.common.cclf.CclfLayout;

/**
 * Types one CCLF line and checks it against {@link CclfQualityRules}, in plain Java: one pass over
 * the line's characters, no regular expression and no per-field Spark expression. The rules, their
 * order (the first broken one is recorded) and their messages are those of {@link
 * CclfQualityRules}; the typing is that of claims-formats.md §1.3 (see {@link CclfStaging} in the
 * jobs module). Serializable: one instance per file type travels to the tasks.
 *
 * <p>Fields are sliced by character position from the line as {@code LineReader} decodes it
 * (ISO-8859-1, one character per byte), so a line of the right record length has every field in
 * place; spaces (and only spaces) are trimmed, as Spark's {@code trim} does.
 */
public final class CclfLineParser implements Serializable {
  private static final long serialVersionUID = 1L;

  /** The outcome for one line: typed field values (layout order) and the first broken rule, if any. */
  public record Parsed(Object[] values, String rule, String field, String description) {}

  private final int recordLength;
  private final String recordLengthMessage;
  private final String[] names;
  private final int[] starts;
  private final int[] lengths;
  private final CclfField.Kind[] kinds;
  private final int[] integerDigits;
  private final int[] scales;
  private final boolean[] required;
  private final String[] requiredMessages;
  private final String[] patternRules;
  private final String[] patternMessages;
  private final int claimTypeIndex;
  private final Set<String> claimTypes;
  private final String claimTypeMessage;
  private final int adjustmentIndex;

  public CclfLineParser(CclfFile file) {
    CclfLayout layout = CclfLayout.of(file);
    List<CclfField> fields = layout.fields();
    int n = fields.size();
    recordLength = layout.recordLength();
    recordLengthMessage = CclfQualityRules.recordLengthMessage(layout);
    names = new String[n];
    starts = new int[n];
    lengths = new int[n];
    kinds = new CclfField.Kind[n];
    integerDigits = new int[n];
    scales = new int[n];
    required = new boolean[n];
    requiredMessages = new String[n];
    patternRules = new String[n];
    patternMessages = new String[n];
    for (int i = 0; i < n; i++) {
      CclfField f = fields.get(i);
      names[i] = f.name();
      starts[i] = f.start() - 1;
      lengths[i] = f.length();
      kinds[i] = f.kind();
      integerDigits[i] = f.precision() - f.scale();
      scales[i] = f.scale();
      required[i] = CclfQualityRules.isRequired(f);
      requiredMessages[i] = CclfQualityRules.requiredMessage(f);
      patternRules[i] = CclfQualityRules.patternRule(f);
      patternMessages[i] = CclfQualityRules.patternMessage(f);
    }
    Set<String> types = CclfQualityRules.claimTypes(file);
    claimTypeIndex = !types.isEmpty() && layout.hasField("CLM_TYPE_CD") ? indexOf("CLM_TYPE_CD") : -1;
    claimTypes = Set.copyOf(types);
    claimTypeMessage = CclfQualityRules.claimTypeMessage(file);
    adjustmentIndex =
        layout.hasField("CLM_ADJSMT_TYPE_CD") && file != CclfFile.CCLF7 ? indexOf("CLM_ADJSMT_TYPE_CD") : -1;
  }

  private int indexOf(String name) {
    for (int i = 0; i < names.length; i++) {
      if (names[i].equals(name)) {
        return i;
      }
    }
    throw new IllegalArgumentException("no field " + name);
  }

  /** Number of layout fields (the length of {@link Parsed#values()}). */
  public int fieldCount() {
    return names.length;
  }

  /** Types and checks one line. */
  public Parsed parse(String line) {
    int n = names.length;
    String[] text = new String[n];
    for (int i = 0; i < n; i++) {
      text[i] = trimmedSlice(line, starts[i], lengths[i]);
    }
    Object[] values = new Object[n];
    String rule = null;
    String field = null;
    String description = null;
    if (line.length() != recordLength) {
      rule = CclfQualityRules.RECORD_LENGTH;
      description = recordLengthMessage;
    }
    for (int i = 0; rule == null && i < n; i++) {
      if (required[i] && text[i].isEmpty()) {
        rule = CclfQualityRules.REQUIRED;
        field = names[i];
        description = requiredMessages[i];
      }
    }
    // Typing and the picture rules in one loop: a value that does not match its picture is the
    // violation, and the first one in layout order is recorded.
    for (int i = 0; i < n; i++) {
      String t = text[i];
      Object v = null;
      boolean bad = false;
      if (!t.isEmpty()) {
        switch (kinds[i]) {
          case TEXT -> v = t;
          case DIGITS -> {
            bad = !allDigits(t, 0, t.length());
            v = t;
          }
          case DATE -> {
            if (!CclfQualityRules.NO_DATE.contains(t)) {
              v = date(t);
              bad = v == null;
            }
          }
          case AMOUNT, QUANTITY -> {
            bad = !decimalShape(t, integerDigits[i], scales[i]);
            v = bad ? null : new BigDecimal(t).setScale(scales[i]);
          }
        }
      }
      values[i] = v;
      if (bad && rule == null) {
        rule = patternRules[i];
        field = names[i];
        description = patternMessages[i];
      }
    }
    if (rule == null && claimTypeIndex >= 0 && !claimTypes.contains(text[claimTypeIndex])) {
      rule = CclfQualityRules.CLAIM_TYPE;
      field = names[claimTypeIndex];
      description = claimTypeMessage;
    }
    if (rule == null && adjustmentIndex >= 0 && !CclfQualityRules.ADJUSTMENT_TYPES.contains(text[adjustmentIndex])) {
      rule = CclfQualityRules.ADJUSTMENT_TYPE;
      field = names[adjustmentIndex];
      description = CclfQualityRules.ADJUSTMENT_TYPE_MESSAGE;
    }
    return new Parsed(values, rule, field, description);
  }

  /**
   * The field's characters with leading and trailing spaces removed; a line too short for the field
   * gives what it has of it (possibly nothing), as a substring would.
   */
  static String trimmedSlice(String line, int start, int length) {
    int from = Math.min(start, line.length());
    int to = Math.min(start + length, line.length());
    while (from < to && line.charAt(from) == ' ') {
      from++;
    }
    while (to > from && line.charAt(to - 1) == ' ') {
      to--;
    }
    return line.substring(from, to);
  }

  private static boolean allDigits(String s, int from, int to) {
    if (from >= to) {
      return false;
    }
    for (int i = from; i < to; i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        return false;
      }
    }
    return true;
  }

  /**
   * {@code YYYY-MM-DD} naming a real day of a year from 1 (Spark's {@code yyyy} is the year of the
   * era), else null.
   */
  static LocalDate date(String t) {
    if (t.length() != 10 || t.charAt(4) != '-' || t.charAt(7) != '-'
        || !allDigits(t, 0, 4) || !allDigits(t, 5, 7) || !allDigits(t, 8, 10)) {
      return null;
    }
    int year = Integer.parseInt(t, 0, 4, 10);
    if (year < 1) {
      return null;
    }
    try {
      return LocalDate.of(year, Integer.parseInt(t, 5, 7, 10), Integer.parseInt(t, 8, 10, 10));
    } catch (DateTimeException e) {
      return null;
    }
  }

  /**
   * The amount picture of {@link CclfQualityRules}: an optional sign, leading zeros, then
   * 1 to {@code integerDigits} digits, then optionally a point and 1 to {@code scale} digits.
   */
  static boolean decimalShape(String t, int integerDigits, int scale) {
    int i = 0;
    int n = t.length();
    if (i < n && (t.charAt(i) == '-' || t.charAt(i) == '+')) {
      i++;
    }
    int intStart = i;
    while (i < n && t.charAt(i) >= '0' && t.charAt(i) <= '9') {
      i++;
    }
    int intEnd = i;
    if (intEnd == intStart) {
      return false;
    }
    int significant = intStart;
    while (significant < intEnd - 1 && t.charAt(significant) == '0') {
      significant++;
    }
    if (intEnd - significant > integerDigits) {
      return false;
    }
    if (i == n) {
      return true;
    }
    if (t.charAt(i) != '.') {
      return false;
    }
    int fractionDigits = n - i - 1;
    return fractionDigits >= 1 && fractionDigits <= scale && allDigits(t, i + 1, n);
  }
}
