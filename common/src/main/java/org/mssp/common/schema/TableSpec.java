package org.mssp.common.schema;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.mssp.common.error.Errors;

/**
 * A table's contract, declared once: its name, grain (in words), schema, key and partitioning.
 * {@link #conform} enforces the schema and {@link #checkKey} the key before every write.
 *
 * @param name table name, e.g. {@code beneficiary_assignment}
 * @param grain e.g. "one row per beneficiary × performance year"
 * @param schema column names and types, in output order
 * @param key columns that identify a row: unique and never null
 * @param partitionBy partition columns (may be empty)
 */
public record TableSpec(
    String name, String grain, StructType schema, List<String> key, List<String> partitionBy) {

  public TableSpec {
    key = List.copyOf(key);
    partitionBy = List.copyOf(partitionBy);
    Set<String> names = Set.of(schema.fieldNames());
    for (String k : key) {
      if (!names.contains(k)) {
        throw new IllegalArgumentException(name + ": key column " + k + " is not in the schema");
      }
    }
    for (String p : partitionBy) {
      if (!names.contains(p)) {
        throw new IllegalArgumentException(name + ": partition column " + p + " is not in the schema");
      }
    }
  }

  /** The column names, in schema order. */
  public List<String> columns() {
    return Arrays.asList(schema.fieldNames());
  }

  /**
   * Selects the schema's columns in order, cast to their declared types. Fails naming the
   * missing columns if the frame lacks any.
   */
  public Dataset<Row> conform(Dataset<Row> df) {
    Set<String> present = Set.of(df.columns());
    List<String> missing =
        columns().stream().filter(c -> !present.contains(c)).collect(Collectors.toList());
    if (!missing.isEmpty()) {
      throw Errors.qualityFailed(name, "schema", "missing columns " + missing);
    }
    List<Column> cols = new ArrayList<>();
    for (StructField f : schema.fields()) {
      cols.add(col(f.name()).cast(f.dataType()).as(f.name()));
    }
    return df.select(cols.toArray(new Column[0]));
  }

  /**
   * Checks that the key is unique (nulls compare equal) and that key columns the schema declares
   * non-nullable hold no null. Fails with the number of offending rows and up to five example
   * keys. Runs one aggregation over the frame (a second only to count offenders).
   */
  public void checkKey(Dataset<Row> df) {
    Column[] keyCols = key.stream().map(k -> col(k)).toArray(Column[]::new);
    Column anyNull = lit(false);
    for (String k : key) {
      if (!schema.apply(k).nullable()) {
        anyNull = anyNull.or(col(k).isNull());
      }
    }
    Dataset<Row> bad =
        df.groupBy(keyCols)
            .agg(count(lit(1)).as("n"))
            .filter(col("n").gt(1).or(anyNull));
    List<Row> examples = bad.limit(5).collectAsList();
    if (examples.isEmpty()) {
      return;
    }
    Dataset<Row> nulls = bad.filter(anyNull);
    long nullKeys = nulls.isEmpty() ? 0 : df.filter(anyNull).count();
    if (nullKeys > 0) {
      throw Errors.qualityFailed(
          name, "key not null", nullKeys + " rows have a null in key " + key + " (grain: " + grain + ")");
    }
    long total = bad.count();
    throw Errors.qualityFailed(
        name,
        "key unique",
        total + " keys " + key + " occur more than once (grain: " + grain + "), e.g. "
            + examples.stream().map(Row::toString).collect(Collectors.joining(", ")));
  }
}
