package org.mssp.common.error;

/**
 * A value of an input record that breaks its contract (a negative benchmark, an unknown track, a
 * year without rules). Carries the column and the bare reason so a file reader can restate it
 * with the file, row and line: see {@link Errors#cannotSettle}.
 */
public final class InvalidValueException extends PipelineException {
  private final String column;
  private final String reason;

  InvalidValueException(String column, String reason, String message) {
    super(Kind.INPUT, message);
    this.column = column;
    this.reason = reason;
  }

  /** The input column holding the bad value. */
  public String column() {
    return column;
  }

  /** Why the value is unusable, without the record's identity. */
  public String reason() {
    return reason;
  }
}
