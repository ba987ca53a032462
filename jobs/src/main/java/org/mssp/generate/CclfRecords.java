package org.mssp.generate;

import static org.apache.spark.sql.functions.abs;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.date_format;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.lpad;
import static org.apache.spark.sql.functions.pmod;
import static org.apache.spark.sql.functions.rpad;
import static org.apache.spark.sql.functions.when;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.Column;
import org.mssp.common.cclf.CclfField;
import org.mssp.common.cclf.CclfLayout;

/**
 * Builds one fixed-width CCLF record as a column by walking the file's declared layout
 * ({@link CclfLayout}): nothing is positioned by hand. Encodings (docs/input-formats.md):
 *
 * <ul>
 *   <li>{@code 9(n)}: the value left-padded with zeros;
 *   <li>{@code X(n)}: left-justified, space-padded; a missing value is all spaces;
 *   <li>{@code YYYY-MM-DD}: the date; a missing date is {@code 1000-01-01} (IP §3.6);
 *   <li>{@code -9(a).99} / {@code -9(18).9999}: given as a long in cents (or ten-thousandths),
 *       written as a sign character ({@code -} or a space), zero-padded integer digits, a point
 *       and the decimals, e.g. {@code " 0000000000123.45"}; {@code cast(trim(x) as decimal)}
 *       parses it. A missing amount is zero.
 * </ul>
 */
final class CclfRecords {
  static final String NO_DATE = "1000-01-01";

  private CclfRecords() {}

  /**
   * The record column. {@code values} maps field names to columns: strings for DIGITS/TEXT,
   * dates for DATE, longs in units of the field's scale for AMOUNT/QUANTITY. Fields not in the
   * map are blank (spaces, no date, zero). A name that is not in the layout is an error.
   */
  static Column record(CclfLayout layout, Map<String, Column> values) {
    Set<String> unknown = new HashSet<>(values.keySet());
    List<Column> parts = new ArrayList<>();
    for (CclfField f : layout.fields()) {
      unknown.remove(f.name());
      parts.add(field(f, values.get(f.name())));
    }
    if (!unknown.isEmpty()) {
      throw new IllegalArgumentException(layout.file() + " has no fields " + unknown);
    }
    return concat(parts.toArray(new Column[0]));
  }

  static Column field(CclfField f, Column v) {
    int w = f.length();
    return switch (f.kind()) {
      case DIGITS -> v == null ? lit("0".repeat(w)) : lpad(v.cast("string"), w, "0");
      case TEXT -> v == null ? lit(" ".repeat(w)) : rpad(coalesce(v.cast("string"), lit("")), w, " ");
      case DATE -> v == null ? lit(NO_DATE) : coalesce(date_format(v, "yyyy-MM-dd"), lit(NO_DATE));
      case AMOUNT, QUANTITY -> signed(v == null ? lit(0L) : coalesce(v, lit(0L)), w, f.scale());
    };
  }

  /** Sign, zero-padded integer part, point, decimals; {@code units} in 10^-scale. */
  static Column signed(Column units, int width, int scale) {
    long factor = (long) Math.pow(10, scale);
    Column a = abs(units.cast("long"));
    Column integer = a.divide(factor).cast("long");
    Column fraction = pmod(a, lit(factor));
    return concat(
        when(units.lt(0), lit("-")).otherwise(lit(" ")),
        lpad(integer.cast("string"), width - scale - 2, "0"),
        lit("."),
        lpad(fraction.cast("string"), scale, "0"));
  }
}
