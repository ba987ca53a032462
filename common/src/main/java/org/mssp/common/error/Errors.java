package org.mssp.common.error;

import java.util.Locale;

/**
 * The error factory: every user-facing failure is built here so messages read alike:
 * "Cannot &lt;action&gt;: &lt;reason&gt;".
 */
public final class Errors {
  private Errors() {}

  /** A bad command-line argument: names the argument, the value given and what is expected. */
  public static PipelineException badArgument(String argument, Object value, String expected) {
    return new PipelineException(
        PipelineException.Kind.ARGUMENT,
        String.format(Locale.ROOT, "Invalid argument %s=%s: %s", argument, value, expected));
  }

  /** A problem with an input file; {@code where} is e.g. "line 12, field CLM_PMT_AMT". */
  public static PipelineException badInput(String file, String where, String reason) {
    String location = where == null || where.isEmpty() ? file : file + ", " + where;
    return new PipelineException(
        PipelineException.Kind.INPUT,
        String.format(Locale.ROOT, "Cannot read %s: %s", location, reason));
  }

  /** A problem with an input file that carries an underlying cause. */
  public static PipelineException badInput(String file, String reason, Throwable cause) {
    return new PipelineException(
        PipelineException.Kind.INPUT,
        String.format(Locale.ROOT, "Cannot read %s: %s", file, reason),
        cause);
  }

  /** A rule table without rows for a requested year, or otherwise unusable. */
  public static PipelineException missingRules(String action, String table, int year) {
    return new PipelineException(
        PipelineException.Kind.RULES,
        String.format(
            Locale.ROOT, "Cannot %s: rule table '%s' has no rows for %d", action, table, year));
  }

  /** A malformed rule file (a packaged resource or a user-supplied override). */
  public static PipelineException badRules(String table, String reason) {
    return new PipelineException(
        PipelineException.Kind.RULES,
        String.format(Locale.ROOT, "Cannot load rule table '%s': %s", table, reason));
  }

  /** A generic "cannot do X: because Y" failure. */
  public static PipelineException cannot(String action, String reason) {
    return new PipelineException(
        PipelineException.Kind.INPUT, String.format(Locale.ROOT, "Cannot %s: %s", action, reason));
  }

  /** A failed data-quality check with policy FAIL. */
  public static PipelineException qualityFailed(String table, String check, String detail) {
    return new PipelineException(
        PipelineException.Kind.QUALITY,
        String.format(
            Locale.ROOT, "Cannot write table %s: check '%s' failed: %s", table, check, detail));
  }

  /**
   * An ACO's totals that cannot be settled: names the ACO, the performance year, the input column
   * and the reason, e.g. "Cannot settle ACO A1001, PY2018: column benchmark_total: must be
   * positive, got -5".
   */
  public static InvalidValueException cannotSettle(
      String acoId, int performanceYear, String column, String reason) {
    return new InvalidValueException(
        column,
        reason,
        String.format(
            Locale.ROOT,
            "Cannot settle ACO %s, PY%d: column %s: %s",
            acoId,
            performanceYear,
            column,
            reason));
  }
}
