package org.mssp.baseline;

/**
 * The SQL engines the baseline queries ({@link AssignmentBaseline}, {@link ExpenditureBaseline})
 * are written for. The queries keep to SQL both engines read the same way (no {@code QUALIFY}, no
 * {@code UNION BY NAME}, no {@code ::} casts, {@code STRING} for text, {@code LIKE} for prefixes);
 * what the two name differently is here.
 */
public enum SqlDialect {
  DUCKDB("arg_max_null", "//"),
  SPARK("max_by", "div");

  private final String argMaxKeepingNull;
  private final String integerDivision;

  SqlDialect(String argMaxKeepingNull, String integerDivision) {
    this.argMaxKeepingNull = argMaxKeepingNull;
    this.integerDivision = integerDivision;
  }

  /** The arg-max aggregate that returns the argument of the largest key even when it is NULL. */
  String argMaxKeepingNull() {
    return argMaxKeepingNull;
  }

  /**
   * {@code dividend} divided by {@code divisor} as an integer. Only for non-negative operands:
   * DuckDB's {@code //} rounds down and Spark's {@code div} toward zero, which agree there.
   */
  String integerDivision(String dividend, String divisor) {
    return "((" + dividend + ") " + integerDivision + " (" + divisor + "))";
  }
}
