package org.mssp.baseline;

import java.net.URI;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.mssp.common.error.Errors;
import org.mssp.common.schema.TableSpec;
import org.mssp.common.spark.DeltaTables;

/**
 * The Parquet files of a Delta table's current snapshot, as Spark resolves them
 * ({@code Dataset.inputFiles()}), for DuckDB to read the same rows the Spark stage reads.
 *
 * <p>Reading a snapshot's files directly is only exact when no file carries a deletion vector and
 * column names are physical; a table with deletion vectors or column mapping enabled is refused
 * with a clear error rather than read wrongly.
 */
public final class Snapshots {
  private Snapshots() {}

  /** Local paths of the table's current files; empty when the table does not exist. */
  public static List<String> files(SparkSession spark, String warehouse, TableSpec spec) {
    String path = DeltaTables.path(warehouse, spec);
    if (!DeltaTables.exists(spark, path)) {
      return List.of();
    }
    Row detail = spark.sql("DESCRIBE DETAIL delta.`" + path + "`").first();
    Map<String, String> props = scala.jdk.javaapi.CollectionConverters.asJava(
        detail.<scala.collection.Map<String, String>>getAs("properties"));
    if ("true".equalsIgnoreCase(props.get("delta.enableDeletionVectors"))) {
      throw Errors.cannot("read " + spec.name() + " for the DuckDB baseline",
          "the table has deletion vectors enabled; its Parquet files alone do not give the snapshot's rows");
    }
    String mapping = props.getOrDefault("delta.columnMapping.mode", "none");
    if (!"none".equalsIgnoreCase(mapping)) {
      throw Errors.cannot("read " + spec.name() + " for the DuckDB baseline",
          "the table uses column mapping mode " + mapping + "; Parquet column names are not the table's");
    }
    return Arrays.stream(spark.read().format("delta").load(path).inputFiles())
        .map(f -> localPath(spec, f))
        .sorted()
        .toList();
  }

  private static String localPath(TableSpec spec, String file) {
    URI uri = URI.create(file);
    if (uri.getScheme() != null && !"file".equals(uri.getScheme())) {
      throw Errors.cannot("read " + spec.name() + " for the DuckDB baseline",
          "file " + file + " is not local; the baseline reads local warehouses only");
    }
    return uri.getScheme() == null ? file : uri.getPath();
  }
}
