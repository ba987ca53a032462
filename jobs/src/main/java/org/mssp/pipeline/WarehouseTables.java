package org.mssp.pipeline;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;
import org.mssp.common.error.Errors;

/**
 * The Delta tables of a warehouse and their versions, through Hadoop's FileSystem API (local
 * folders and s3a:// alike) and without Spark jobs: a table is a folder with a {@code _delta_log}.
 */
public final class WarehouseTables {
  /** A commit file of the Delta log: {@code _delta_log/<20-digit version>.json} (Delta protocol). */
  private static final Pattern COMMIT = Pattern.compile("\\d{20}\\.json");

  private WarehouseTables() {}

  /**
   * The Delta tables directly under a warehouse root, name → path, sorted by name. Folders whose
   * name starts with {@code _} or {@code .} (staging, catalog files) are not tables. An absent
   * root holds no tables.
   */
  public static Map<String, String> list(SparkSession spark, String warehouse) {
    Map<String, String> tables = new TreeMap<>();
    Path root = new Path(warehouse);
    try {
      FileSystem fs = root.getFileSystem(spark.sparkContext().hadoopConfiguration());
      if (!fs.exists(root)) {
        return tables;
      }
      for (FileStatus status : fs.listStatus(root)) {
        String name = status.getPath().getName();
        if (status.isDirectory() && !name.startsWith("_") && !name.startsWith(".")
            && fs.exists(new Path(status.getPath(), "_delta_log"))) {
          tables.put(name, status.getPath().toString());
        }
      }
    } catch (IOException e) {
      throw Errors.cannot("list the tables of warehouse " + warehouse, e.getMessage());
    }
    return tables;
  }

  /**
   * The latest committed version of the Delta table at {@code path}, from the names of its log's
   * commit files (one listing), or empty when there is no Delta table there. The latest commit
   * file is never removed by log clean-up, which only drops files older than a checkpoint.
   */
  public static OptionalLong version(SparkSession spark, String path) {
    Path log = new Path(path, "_delta_log");
    try {
      FileSystem fs = log.getFileSystem(spark.sparkContext().hadoopConfiguration());
      long latest = -1;
      for (FileStatus f : fs.listStatus(log)) {
        String name = f.getPath().getName();
        if (COMMIT.matcher(name).matches()) {
          latest = Math.max(latest, Long.parseLong(name.substring(0, 20)));
        }
      }
      return latest < 0 ? OptionalLong.empty() : OptionalLong.of(latest);
    } catch (FileNotFoundException e) {
      return OptionalLong.empty();
    } catch (IOException e) {
      throw Errors.cannot("read the Delta log of " + path, e.getMessage());
    }
  }
}
