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
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(OutputFiles.class);

  private OutputFiles() {}

  /**
   * The file system of a path; for local paths the raw one, so files we create or rename get no
   * {@code .crc} checksum side files in the published dataset.
   */
  static FileSystem fileSystem(Path path, org.apache.hadoop.conf.Configuration conf) throws IOException {
    FileSystem fs = path.getFileSystem(conf);
    return fs instanceof org.apache.hadoop.fs.LocalFileSystem local ? local.getRawFileSystem() : fs;
  }

  /**
   * Deletes a folder and every file under it, and checks no file is left. Some S3 servers (s3proxy
   * on a file-system backend, for one) go on listing an emptied sub-folder after a parallel bulk
   * delete removed its last keys; such a folder holds no object, so it is logged and left. A file
   * still present after a second pass is an error.
   */
  static void deleteTree(FileSystem fs, Path dir) throws IOException {
    for (int pass = 1; pass <= 2; pass++) {
      fs.delete(dir, true);
      if (!fs.exists(dir)) {
        return;
      }
      long left = filesUnder(fs, dir);
      if (left == 0) {
        LOG.info("{} deleted; the store still lists the emptied folder (no object left in it)", dir);
        return;
      }
      LOG.info("{}: {} file(s) still there after delete pass {}", dir, left, pass);
    }
    throw new IOException("cannot delete " + dir + ": files remain after two delete passes");
  }

  /** How many files are under a folder (0 if it is gone). */
  static long filesUnder(FileSystem fs, Path dir) throws IOException {
    long n = 0;
    try {
      org.apache.hadoop.fs.RemoteIterator<org.apache.hadoop.fs.LocatedFileStatus> it = fs.listFiles(dir, true);
      while (it.hasNext()) {
        it.next();
        n++;
      }
    } catch (java.io.FileNotFoundException e) {
      return 0;
    }
    return n;
  }

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
    FileSystem fs = fileSystem(tmp, spark.sparkContext().hadoopConfiguration());
    for (FileStatus yearDir : fs.listStatus(tmp)) {
      String name = yearDir.getPath().getName();
      if (yearDir.isDirectory() && name.startsWith("_part_year=")) {
        int year = Integer.parseInt(name.substring("_part_year=".length()));
        moveSinglePart(spark, yearDir.getPath(), new Path(dir, String.format(pattern, year)));
      }
    }
    deleteTree(fs, tmp);
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
    FileSystem fs = fileSystem(dir, spark.sparkContext().hadoopConfiguration());
    FileStatus[] parts = fs.globStatus(new Path(dir, "part-*"));
    if (parts == null || parts.length != 1) {
      throw Errors.cannot("write " + target, "expected one part file in " + dir);
    }
    fs.mkdirs(target.getParent());
    if (!fs.rename(parts[0].getPath(), target)) {
      throw Errors.cannot("write " + target, "rename failed");
    }
    deleteTree(fs, dir);
  }
}
