package org.mssp.generate;

import static org.apache.spark.sql.functions.col;

import java.io.IOException;
import java.util.List;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.mssp.common.error.Errors;

/** CSV outputs as single named files (header row, yyyy-MM-dd dates, empty = null), sorted by a total order. */
final class OutputFiles {
  private OutputFiles() {}

  static void writeCsv(Dataset<Row> df, List<String> order, Path target) throws IOException {
    Path tmp = new Path(target.getParent(), "_tmp_" + target.getName());
    Column[] keys = totalOrder(df, order);
    df.orderBy(keys).coalesce(1).write().option("header", "true").option("dateFormat", "yyyy-MM-dd")
        .csv(tmp.toString());
    moveSinglePart(df.sparkSession(), tmp, target);
  }

  /** One file per value of {@code yearColumn}, named by {@code pattern} (e.g. mbsf_%d.csv). */
  static void writeCsvByYear(
      SparkSession spark, Dataset<Row> df, String yearColumn, List<String> order, Path dir, String pattern)
      throws IOException {
    Path tmp = new Path(dir, "_tmp");
    Column[] keys = totalOrder(df, order);
    Column[] sort = new Column[keys.length + 1];
    sort[0] = col("_part_year");
    System.arraycopy(keys, 0, sort, 1, keys.length);
    df.withColumn("_part_year", col(yearColumn))
        .repartition(col("_part_year"))
        .sortWithinPartitions(sort)
        .write().partitionBy("_part_year").option("header", "true").option("dateFormat", "yyyy-MM-dd")
        .csv(tmp.toString());
    FileSystem fs = tmp.getFileSystem(spark.sparkContext().hadoopConfiguration());
    for (FileStatus yearDir : fs.listStatus(tmp)) {
      String name = yearDir.getPath().getName();
      if (yearDir.isDirectory() && name.startsWith("_part_year=")) {
        int year = Integer.parseInt(name.substring("_part_year=".length()));
        moveSinglePart(spark, yearDir.getPath(), new Path(dir, String.format(pattern, year)));
      }
    }
    fs.delete(tmp, true);
  }

  /** The given keys, then every other column: a total order, so output bytes are reproducible. */
  private static Column[] totalOrder(Dataset<Row> df, List<String> order) {
    java.util.List<Column> keys = new java.util.ArrayList<>();
    order.forEach(k -> keys.add(col(k).asc_nulls_first()));
    for (String c : df.columns()) {
      if (!order.contains(c)) {
        keys.add(col(c).asc_nulls_first());
      }
    }
    return keys.toArray(new Column[0]);
  }

  private static void moveSinglePart(SparkSession spark, Path dir, Path target) throws IOException {
    FileSystem fs = dir.getFileSystem(spark.sparkContext().hadoopConfiguration());
    FileStatus[] parts = fs.globStatus(new Path(dir, "part-*"));
    if (parts == null || parts.length != 1) {
      throw Errors.cannot("write " + target, "expected one part file in " + dir);
    }
    fs.mkdirs(target.getParent());
    if (!fs.rename(parts[0].getPath(), target)) {
      throw Errors.cannot("write " + target, "rename failed");
    }
    fs.delete(dir, true);
  }
}
