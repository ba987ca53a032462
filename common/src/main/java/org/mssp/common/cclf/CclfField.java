package org.mssp.common.cclf;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One fixed-width field of a CCLF record, as declared in the layout data.
 *
 * @param name CMS field name, e.g. {@code CLM_PMT_AMT}
 * @param start 1-based first position
 * @param length width in characters
 * @param picture COBOL-style picture from the IP, e.g. {@code -9(13).99}
 * @param kind how the field is parsed, derived from the picture (and the name, see {@link #kindOf})
 * @param precision decimal precision for AMOUNT/QUANTITY, else 0
 * @param scale decimal scale for AMOUNT/QUANTITY, else 0
 */
public record CclfField(
    String name, int start, int length, String picture, Kind kind, int precision, int scale) {

  /** Parsing rule of a field. */
  public enum Kind {
    /** {@code 9(n)}: digits only; kept as a string to keep leading zeros. */
    DIGITS,
    /** {@code X(n)}: space-padded text; trimmed, empty becomes null. */
    TEXT,
    /** {@code YYYY-MM-DD}; 1000-01-01 and 9999-12-31 mean "no date" (IP §3.6). */
    DATE,
    /** {@code -9(a).99}: signed amount with explicit point, parsed exactly as decimal(a+2,2). */
    AMOUNT,
    /** {@code -9(18).9999}: signed quantity with four decimals. */
    QUANTITY
  }

  private static final Pattern SIGNED = Pattern.compile("-9\\((\\d+)\\)\\.(9+)");

  /** 1-based last position. */
  public int end() {
    return start + length - 1;
  }

  /** Creates a field from its layout entry, deriving the parse kind and decimal shape. */
  public static CclfField of(String name, int start, int length, String picture) {
    Kind kind = kindOf(name, picture);
    int precision = 0;
    int scale = 0;
    if (kind == Kind.AMOUNT || kind == Kind.QUANTITY) {
      // Width = sign + integer digits + point + decimals. Derive from the width, not the
      // picture: CCLF6 CLM_LINE_ALOWD_CHRG_AMT says -9(14).99 but is 17 wide
      // (claims-formats.md §6 item 2).
      scale = kind == Kind.QUANTITY ? 4 : 2;
      precision = length - 2;
    }
    return new CclfField(name, start, length, picture, kind, precision, scale);
  }

  /**
   * The parse kind. Amount fields that the v36 table pictures as {@code X(n)} (CCLF5
   * CLM_LINE_CVRD_PD_AMT and CLM_LINE_ALOWD_CHRG_AMT) are parsed as signed amounts, as the same
   * fields are in CCLF2/CCLF6 (claims-formats.md §1.4.5 note and §6 item 2).
   */
  static Kind kindOf(String name, String picture) {
    String p = picture.trim().toUpperCase(Locale.ROOT);
    if (p.equals("YYYY-MM-DD")) {
      return Kind.DATE;
    }
    Matcher m = SIGNED.matcher(p);
    if (m.matches()) {
      return m.group(2).length() == 4 ? Kind.QUANTITY : Kind.AMOUNT;
    }
    if (p.startsWith("9(")) {
      return Kind.DIGITS;
    }
    if (p.startsWith("X(") && name.endsWith("_AMT")) {
      return Kind.AMOUNT;
    }
    if (p.startsWith("X(")) {
      return Kind.TEXT;
    }
    throw new IllegalArgumentException("unknown picture " + picture + " for field " + name);
  }
}
