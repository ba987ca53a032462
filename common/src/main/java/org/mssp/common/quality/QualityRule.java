package org.mssp.common.quality;

import java.util.Objects;
import org.apache.spark.sql.Column;

/**
 * One declarative data-quality rule: a named predicate that is true when a row breaks the rule,
 * and what to do with such rows.
 *
 * @param name rule name, stable across runs (it lands in the quarantine table), e.g. {@code amount}
 * @param field the field the rule checks, or null for a whole-row rule (e.g. record length)
 * @param violated true when a row breaks the rule; null counts as not violated
 * @param policy what happens to rows that break it
 * @param description what the rule requires, in words, for messages and docs
 */
public record QualityRule(
    String name, String field, Column violated, Policy policy, String description) {

  /** What a broken rule does to a row. */
  public enum Policy {
    /** The run fails, naming the rule and an example row; nothing is written. */
    FAIL,
    /** The row goes to the quarantine table with the rule name instead of the target table. */
    QUARANTINE,
    /** The row is kept; the violation is counted in the run metrics. */
    WARN
  }

  public QualityRule {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(violated, "violated");
    Objects.requireNonNull(policy, "policy");
  }

  /** A quarantine rule. */
  public static QualityRule quarantine(String name, String field, Column violated, String description) {
    return new QualityRule(name, field, violated, Policy.QUARANTINE, description);
  }

  /** A fail rule. */
  public static QualityRule fail(String name, String field, Column violated, String description) {
    return new QualityRule(name, field, violated, Policy.FAIL, description);
  }

  /** A warn rule. */
  public static QualityRule warn(String name, String field, Column violated, String description) {
    return new QualityRule(name, field, violated, Policy.WARN, description);
  }
}
