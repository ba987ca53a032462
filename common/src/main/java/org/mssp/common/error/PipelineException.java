package org.mssp.common.error;

/**
 * The one exception type the pipeline throws for problems a user can act on: bad arguments,
 * bad input files, missing rule data, failed data-quality checks. Its message always says what
 * could not be done and why; build it through {@link Errors}.
 */
public class PipelineException extends RuntimeException {
  private final Kind kind;

  /** What went wrong, so the launcher can choose an exit code. */
  public enum Kind {
    /** A command-line argument or configuration value is invalid. */
    ARGUMENT,
    /** An input file is missing, unreadable or malformed. */
    INPUT,
    /** A rule table has no rows for the requested year, or is malformed. */
    RULES,
    /** A data-quality check with policy FAIL did not pass. */
    QUALITY
  }

  public PipelineException(Kind kind, String message) {
    super(message);
    this.kind = kind;
  }

  public PipelineException(Kind kind, String message, Throwable cause) {
    super(message, cause);
    this.kind = kind;
  }

  public Kind kind() {
    return kind;
  }
}
