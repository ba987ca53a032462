package org.mssp.common.quality;

import static org.apache.spark.sql.functions.col;

import org.apache.spark.sql.Column;

/**
 * The quality columns of an evaluated line (the CCLF and MBSF line parsers fill them): the first
 * rule the line breaks, the field that rule checks and its description, all null for an accepted
 * line. Nothing is filtered when a line is evaluated: the caller splits accepted from rejected
 * lines and counts both, so no line disappears uncounted.
 */
public final class QualityRules {
  /** Name of the first rule the row breaks, null if none. */
  public static final String RULE = "dq_rule";
  /** Field that rule checks, null for whole-row rules or accepted rows. */
  public static final String FIELD = "dq_field";
  /** Description of that rule, null for accepted rows. */
  public static final String DESCRIPTION = "dq_description";

  private QualityRules() {}

  /** Whether an evaluated row broke no rule. */
  public static Column accepted() {
    return col(RULE).isNull();
  }
}
