package org.mssp.compare;

import static org.apache.spark.sql.functions.abs;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.negate;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.to_json;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.mssp.common.error.Errors;
import org.mssp.common.spark.DeltaTables;

/**
 * Compares the Delta tables of two warehouses, e.g. one written by a local run and one written by
 * the same command on a cluster over s3a://. Method: the sets of table folders must be equal;
 * for each table, after dropping the ignored columns (lineage that legitimately differs between
 * runs, such as {@code run_id}), the column names and types must be equal in order, and the rows
 * must be equal as multisets (order-insensitive, duplicates count), the same semantics as the
 * test-jar's {@code DataFrameAssert.assertSameRows}, computed by one aggregation per table on
 * the cluster so neither table is collected.
 */
public final class WarehouseComparison {
  /** Balance column of the row comparison; a name no table uses. */
  private static final String SIDE = "__left_minus_right";

  private WarehouseComparison() {}

  /**
   * @param left warehouse root, local or s3a://
   * @param right warehouse root, local or s3a://
   * @param ignoredColumns columns dropped from every table before comparing
   * @param ignoredTables tables not compared at all (present or not, on either side)
   * @param maxRowsShown differing rows listed per table and side
   */
  public record Config(
      String left, String right, Set<String> ignoredColumns, Set<String> ignoredTables, int maxRowsShown) {
    public Config {
      if (left == null || left.isBlank()) {
        throw Errors.badArgument("--left", left, "a warehouse folder");
      }
      if (right == null || right.isBlank()) {
        throw Errors.badArgument("--right", right, "a warehouse folder");
      }
      if (maxRowsShown < 0) {
        throw Errors.badArgument("--max-rows", maxRowsShown, "zero or more");
      }
      ignoredColumns = Set.copyOf(ignoredColumns);
      ignoredTables = Set.copyOf(ignoredTables);
    }
  }

  /**
   * How one table differs; rows are rendered as JSON objects.
   *
   * @param problem a schema or presence difference, or null when only rows differ
   */
  public record TableDifference(
      String table,
      String problem,
      long onlyLeftCount,
      long onlyRightCount,
      List<String> onlyLeft,
      List<String> onlyRight) {}

  /** The tables compared (present on both sides) and those that differ. */
  public record Result(List<String> tablesCompared, List<TableDifference> differences) {
    public boolean same() {
      return differences.isEmpty();
    }
  }

  public static Result run(Config config, SparkSession spark) {
    Set<String> left = deltaTables(spark, config.left(), "--left");
    Set<String> right = deltaTables(spark, config.right(), "--right");
    left.removeAll(config.ignoredTables());
    right.removeAll(config.ignoredTables());
    List<TableDifference> differences = new ArrayList<>();
    for (String t : left) {
      if (!right.contains(t)) {
        differences.add(new TableDifference(t, "only in " + config.left(), 0, 0, List.of(), List.of()));
      }
    }
    for (String t : right) {
      if (!left.contains(t)) {
        differences.add(new TableDifference(t, "only in " + config.right(), 0, 0, List.of(), List.of()));
      }
    }
    List<String> compared = new ArrayList<>();
    for (String t : left) {
      if (right.contains(t)) {
        compared.add(t);
        TableDifference d =
            compareTable(
                t,
                spark.read().format("delta").load(tablePath(config.left(), t)),
                spark.read().format("delta").load(tablePath(config.right(), t)),
                config.ignoredColumns(),
                config.maxRowsShown());
        if (d != null) {
          differences.add(d);
        }
      }
    }
    return new Result(compared, differences);
  }

  /**
   * Compares one table's two versions; returns null when they are equal once the ignored columns
   * are dropped.
   */
  public static TableDifference compareTable(
      String table, Dataset<Row> left, Dataset<Row> right, Set<String> ignored, int maxRowsShown) {
    Dataset<Row> l = dropColumns(left, ignored);
    Dataset<Row> r = dropColumns(right, ignored);
    String ls = describe(l.schema());
    String rs = describe(r.schema());
    if (!ls.equals(rs)) {
      return new TableDifference(
          table, "schemas differ: left " + ls + "; right " + rs, 0, 0, List.of(), List.of());
    }
    // One aggregation per table: each distinct row with (copies in left) - (copies in right);
    // a row is in both as often exactly when that balance is 0.
    Column[] all = columns(l);
    Dataset<Row> balance =
        l.withColumn(SIDE, lit(1L))
            .unionAll(r.withColumn(SIDE, lit(-1L)))
            .groupBy(all)
            .agg(sum(col(SIDE)).as(SIDE))
            .filter(col(SIDE).notEqual(0L));
    Row counts =
        balance
            .agg(
                coalesce(sum(when(col(SIDE).gt(0L), col(SIDE))), lit(0L)),
                coalesce(sum(when(col(SIDE).lt(0L), negate(col(SIDE)))), lit(0L)))
            .first();
    long nl = counts.getLong(0);
    long nr = counts.getLong(1);
    if (nl == 0 && nr == 0) {
      return null;
    }
    return new TableDifference(
        table, null, nl, nr,
        render(balance.filter(col(SIDE).gt(0L)), all, maxRowsShown),
        render(balance.filter(col(SIDE).lt(0L)), all, maxRowsShown));
  }

  /** The Delta table folders directly under a warehouse root, sorted by name. */
  static Set<String> deltaTables(SparkSession spark, String warehouse, String option) {
    Set<String> names = new TreeSet<>();
    try {
      Path root = new Path(warehouse);
      FileSystem fs = root.getFileSystem(spark.sparkContext().hadoopConfiguration());
      if (!fs.exists(root)) {
        throw Errors.badArgument(option, warehouse, "no such folder");
      }
      for (FileStatus status : fs.listStatus(root)) {
        String name = status.getPath().getName();
        if (status.isDirectory() && !name.startsWith("_")
            && DeltaTables.exists(spark, status.getPath().toString())) {
          names.add(name);
        }
      }
    } catch (IOException e) {
      throw Errors.cannot("list warehouse " + warehouse, e.getMessage());
    }
    return names;
  }

  private static String tablePath(String warehouse, String table) {
    return warehouse.replaceAll("/+$", "") + "/" + table;
  }

  private static Dataset<Row> dropColumns(Dataset<Row> df, Set<String> ignored) {
    Column[] kept =
        Arrays.stream(df.columns()).filter(c -> !ignored.contains(c)).map(c -> col("`" + c + "`"))
            .toArray(Column[]::new);
    return df.select(kept);
  }

  private static String describe(StructType schema) {
    return Arrays.stream(schema.fields())
        .map(StructField::name)
        .map(n -> n + ":" + schema.apply(n).dataType().simpleString())
        .collect(Collectors.joining(", ", "[", "]"));
  }

  private static Column[] columns(Dataset<Row> df) {
    return Arrays.stream(df.columns()).map(c -> col("`" + c + "`")).toArray(Column[]::new);
  }

  /**
   * Up to {@code max} distinct differing rows as JSON objects, sorted so the listing is stable; a
   * row present n more times on one side is suffixed with " (n copies)".
   */
  private static List<String> render(Dataset<Row> balance, Column[] all, int max) {
    if (max == 0) {
      return List.of();
    }
    return balance
        .select(to_json(struct(all)).as("row"), abs(col(SIDE)).as("copies"))
        .orderBy("row")
        .limit(max)
        .collectAsList()
        .stream()
        .map(row -> row.getString(0) + (row.getLong(1) > 1 ? " (" + row.getLong(1) + " copies)" : ""))
        .toList();
  }
}
