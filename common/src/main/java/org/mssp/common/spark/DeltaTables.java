package org.mssp.common.spark;

import io.delta.tables.DeltaTable;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.mssp.common.schema.TableSpec;

/**
 * Scoped, idempotent Delta writes at the job edge. Each write conforms the frame to its spec and
 * checks the key first, so nothing is published that breaks the table's contract.
 */
public final class DeltaTables {
  private DeltaTables() {}

  /** The storage path of a table under a warehouse root. */
  public static String path(String warehouse, TableSpec spec) {
    return warehouse.replaceAll("/+$", "") + "/" + spec.name();
  }

  /** Whether a Delta table exists at the path. */
  public static boolean exists(SparkSession spark, String path) {
    return DeltaTable.isDeltaTable(spark, path);
  }

  /**
   * Replaces the slice of the table selected by {@code sliceCondition} (SQL, e.g.
   * {@code performance_year = 2018}) with {@code df}; creates the table on first write. Rows of
   * {@code df} outside the slice make Delta fail the write.
   */
  public static void replaceSlice(
      Dataset<Row> df, TableSpec spec, String warehouse, String sliceCondition) {
    Dataset<Row> conformed = spec.conform(df);
    spec.checkKey(conformed);
    writeSlice(conformed, spec, warehouse, sliceCondition);
  }

  /**
   * {@link #replaceSlice} for rows whose key the caller has already shown to be unique and not null
   * by other means, in the pass that produced them (e.g. the ingest's line accounting, where each
   * file's lines are numbered in order by one task); the key is not checked a second time.
   */
  public static void replaceSliceKeyProven(
      Dataset<Row> df, TableSpec spec, String warehouse, String sliceCondition) {
    writeSlice(spec.conform(df), spec, warehouse, sliceCondition);
  }

  private static void writeSlice(
      Dataset<Row> conformed, TableSpec spec, String warehouse, String sliceCondition) {
    var writer = conformed.write().format("delta").mode("overwrite");
    String path = path(warehouse, spec);
    if (exists(conformed.sparkSession(), path)) {
      writer = writer.option("replaceWhere", sliceCondition);
    } else if (!spec.partitionBy().isEmpty()) {
      writer = writer.partitionBy(spec.partitionBy().toArray(new String[0]));
    }
    writer.save(path);
  }

  /** Replaces the whole table with {@code df} (for tables that are rebuilt whole). */
  public static void replaceAll(Dataset<Row> df, TableSpec spec, String warehouse) {
    Dataset<Row> conformed = spec.conform(df);
    spec.checkKey(conformed);
    writeAll(conformed, spec, warehouse);
  }

  /**
   * {@link #replaceAll} for rows whose key the caller has already checked on a frame that holds
   * exactly their key values (e.g. the ingest's final-action choice, made on narrow columns before
   * the wide rows are fetched); the key is not checked a second time.
   */
  public static void replaceAllKeyProven(Dataset<Row> df, TableSpec spec, String warehouse) {
    writeAll(spec.conform(df), spec, warehouse);
  }

  private static void writeAll(Dataset<Row> conformed, TableSpec spec, String warehouse) {
    var writer = conformed.write().format("delta").mode("overwrite").option("overwriteSchema", "false");
    if (!spec.partitionBy().isEmpty()) {
      writer = writer.partitionBy(spec.partitionBy().toArray(new String[0]));
    }
    writer.save(path(warehouse, spec));
  }

  /**
   * Rows the latest commit of a table wrote ({@code numOutputRows} of its operation metrics), or
   * -1 when the commit does not record it. Cheaper than counting a frame again after writing it.
   */
  public static long lastCommitOutputRows(SparkSession spark, String warehouse, TableSpec spec) {
    Row last = DeltaTable.forPath(spark, path(warehouse, spec)).history(1).select("operationMetrics").first();
    scala.collection.Map<String, String> metrics = last.getMap(0);
    if (metrics == null || metrics.get("numOutputRows").isEmpty()) {
      return -1;
    }
    return Long.parseLong(metrics.get("numOutputRows").get());
  }

  /**
   * Upserts {@code df} on the spec's key: matched rows are updated, new rows inserted. Creates
   * the table on first write.
   */
  public static void mergeOnKey(Dataset<Row> df, TableSpec spec, String warehouse) {
    Dataset<Row> conformed = spec.conform(df);
    spec.checkKey(conformed);
    String path = path(warehouse, spec);
    SparkSession spark = df.sparkSession();
    if (!exists(spark, path)) {
      var writer = conformed.write().format("delta").mode("errorifexists");
      if (!spec.partitionBy().isEmpty()) {
        writer = writer.partitionBy(spec.partitionBy().toArray(new String[0]));
      }
      writer.save(path);
      return;
    }
    String on =
        spec.key().stream()
            .map(k -> "t.`" + k + "` <=> s.`" + k + "`")
            .collect(Collectors.joining(" AND "));
    DeltaTable.forPath(spark, path)
        .as("t")
        .merge(conformed.as("s"), on)
        .whenMatched()
        .updateAll()
        .whenNotMatched()
        .insertAll()
        .execute();
  }

  /** Reads a table of the warehouse. */
  public static Dataset<Row> read(SparkSession spark, String warehouse, TableSpec spec) {
    return spark.read().format("delta").load(path(warehouse, spec));
  }

  /** Reads a table of the warehouse, or an empty frame of its schema when the table does not exist yet. */
  public static Dataset<Row> readOrEmpty(SparkSession spark, String warehouse, TableSpec spec) {
    return exists(spark, path(warehouse, spec)) ? read(spark, warehouse, spec) : empty(spark, spec);
  }

  /** An empty frame of the table's schema. */
  public static Dataset<Row> empty(SparkSession spark, TableSpec spec) {
    return spark.createDataFrame(List.of(), spec.schema());
  }
}
