package org.mssp.common.quality;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.element_at;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;

/**
 * Evaluates an ordered list of {@link QualityRule}s over a frame in one projection. Each row gets
 * the first FAIL or QUARANTINE rule it breaks (rules are checked in list order, so put whole-row
 * rules such as the record length first), its field, policy and description; rows that break none get
 * nulls. Nothing is filtered here: the caller splits accepted from rejected rows and counts both,
 * so no row disappears uncounted. WARN rules never reject a row; {@link #warnColumns} gives one
 * 0/1 column per WARN rule for the caller's metrics aggregation.
 */
public final class QualityRules {
  /** Name of the first rule the row breaks (FAIL or QUARANTINE), null if none. */
  public static final String RULE = "dq_rule";
  /** Field that rule checks, null for whole-row rules or accepted rows. */
  public static final String FIELD = "dq_field";
  /** Policy of that rule ({@code FAIL} or {@code QUARANTINE}), null for accepted rows. */
  public static final String POLICY = "dq_policy";

  private QualityRules() {}

  /** Description of that rule, null for accepted rows. */
  public static final String DESCRIPTION = "dq_description";

  /**
   * Adds {@link #RULE}, {@link #FIELD}, {@link #POLICY} and {@link #DESCRIPTION} to {@code df}.
   * The predicates are evaluated once per row: one chain finds the index of the first broken
   * rule, and the four columns are looked up from it.
   */
  public static Dataset<Row> evaluate(Dataset<Row> df, List<QualityRule> rules) {
    List<QualityRule> rejecting =
        rules.stream().filter(r -> r.policy() != QualityRule.Policy.WARN).toList();
    if (rejecting.isEmpty()) {
      Column none = lit(null).cast(DataTypes.StringType);
      return df.withColumn(RULE, none)
          .withColumn(FIELD, none)
          .withColumn(POLICY, none)
          .withColumn(DESCRIPTION, none);
    }
    List<Column> indexes = new ArrayList<>();
    List<Column> names = new ArrayList<>();
    List<Column> fields = new ArrayList<>();
    List<Column> policies = new ArrayList<>();
    List<Column> descriptions = new ArrayList<>();
    for (int i = 0; i < rejecting.size(); i++) {
      QualityRule r = rejecting.get(i);
      indexes.add(when(coalesce(r.violated(), lit(false)), lit(i + 1)));
      names.add(lit(r.name()));
      fields.add(lit(r.field()).cast(DataTypes.StringType));
      policies.add(lit(r.policy().name()));
      descriptions.add(lit(r.description()).cast(DataTypes.StringType));
    }
    String index = "dq_rule_index";
    Column first = indexes.size() == 1 ? indexes.get(0) : coalesce(indexes.toArray(new Column[0]));
    return df.withColumn(index, first)
        .withColumn(RULE, lookup(names, index))
        .withColumn(FIELD, lookup(fields, index))
        .withColumn(POLICY, lookup(policies, index))
        .withColumn(DESCRIPTION, lookup(descriptions, index))
        .drop(index);
  }

  private static Column lookup(List<Column> values, String index) {
    return when(col(index).isNotNull(), element_at(array(values.toArray(new Column[0])), col(index)));
  }

  /** Whether a row evaluated by {@link #evaluate} broke no rejecting rule. */
  public static Column accepted() {
    return col(RULE).isNull();
  }

  /** One {@code warn_<name>} 0/1 column per WARN rule, to sum in a metrics aggregation. */
  public static List<Column> warnColumns(List<QualityRule> rules) {
    List<Column> out = new ArrayList<>();
    for (QualityRule r : rules) {
      if (r.policy() == QualityRule.Policy.WARN) {
        out.add(when(coalesce(r.violated(), lit(false)), lit(1L)).otherwise(lit(0L)).as("warn_" + r.name()));
      }
    }
    return out;
  }

}
