package org.mssp.generate;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.length;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.pmod;
import static org.apache.spark.sql.functions.substring;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.mssp.common.cclf.CclfField;
import org.mssp.common.cclf.CclfFile;
import org.mssp.common.cclf.CclfFileName;
import org.mssp.common.cclf.CclfLayout;
import org.mssp.common.error.Errors;

/**
 * Writes CCLF lines as one file per (delivery, file) with its CMS name: a Spark write
 * partitioned by delivery and file (each partition sorted by the file's total order), then each
 * single part file renamed with the Hadoop FileSystem API (works on s3a), empty files for
 * (delivery, file) pairs without lines, and a CCLF0 summary per delivery. Line counts (and the
 * malformed lines by kind) are read back from what was written.
 */
final class CclfWriter {
  /** Counts of one written file. */
  record FileCount(String delivery, CclfFile file, String name, long lines, Map<String, Long> malformed) {}

  private CclfWriter() {}

  static List<FileCount> write(
      SparkSession spark, Dataset<Row> lines, Path stagingRoot, boolean gzip, List<CclfFileName> deliveries)
      throws IOException {
    Path parts = new Path(stagingRoot, "parts");
    lines.repartition(col("delivery"), col("file"))
        .sortWithinPartitions(col("delivery"), col("file"), col("sort_key"), col("value"))
        .select("delivery", "file", "value")
        .write()
        .partitionBy("delivery", "file")
        .option("compression", gzip ? "gzip" : "none")
        .text(parts.toString());

    Map<String, FileCount> counts = countWritten(spark, parts);
    FileSystem fs = OutputFiles.fileSystem(parts, spark.sparkContext().hadoopConfiguration());
    Path cclfRoot = new Path(stagingRoot, "cclf");
    List<FileCount> result = new java.util.ArrayList<>();
    for (CclfFileName d : deliveries) {
      String delivery = d.format();
      Path dir = new Path(cclfRoot, delivery);
      fs.mkdirs(dir);
      StringBuilder summary = new StringBuilder();
      for (CclfFile f : Deliveries.FILES) {
        String name = d.withFile(f).format() + (gzip ? ".gz" : "");
        Path target = new Path(dir, name);
        Path partDir = new Path(parts, "delivery=" + delivery + "/file=" + f.name());
        FileCount c = counts.get(delivery + "|" + f.name());
        if (c != null) {
          FileStatus[] found = fs.globStatus(new Path(partDir, "part-*"));
          if (found == null || found.length != 1) {
            throw Errors.cannot("write " + name, "expected one part file in " + partDir + ", found "
                + (found == null ? 0 : found.length));
          }
          if (!fs.rename(found[0].getPath(), target)) {
            throw Errors.cannot("write " + name, "rename from " + found[0].getPath() + " failed");
          }
        } else {
          try (OutputStream out = fs.create(target, false)) {
            if (gzip) {
              new GZIPOutputStream(out).finish();
            }
          }
          c = new FileCount(delivery, f, name, 0, zeroKinds());
        }
        result.add(new FileCount(delivery, f, name, c.lines(), c.malformed()));
        summary.append(String.format(Locale.ROOT, "%-13.13s|%-20.20s|%-20s|%-13s%n",
            f.name(), f.description(), c.lines(), CclfLayout.of(f).recordLength()));
      }
      String summaryName = d.withFile(CclfFile.CCLF0).format() + (gzip ? ".gz" : "");
      try (OutputStream raw = fs.create(new Path(dir, summaryName), false)) {
        OutputStream out = gzip ? new GZIPOutputStream(raw) : raw;
        out.write(summary.toString().replace(System.lineSeparator(), "\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
        if (out instanceof GZIPOutputStream g) {
          g.finish();
        }
      }
    }
    OutputFiles.deleteTree(fs, parts);
    return result;
  }

  private static Map<String, Long> zeroKinds() {
    Map<String, Long> m = new LinkedHashMap<>();
    for (String k : CclfFiles.MALFORMED_KINDS) {
      m.put(k, 0L);
    }
    return m;
  }

  /**
   * Counts written lines per (delivery, file), and classifies malformed copies (CUR_CLM_UNIQ_ID
   * slot 5): wrong record length, the bad-date marker in the first date field, else a
   * non-numeric amount.
   */
  private static Map<String, FileCount> countWritten(SparkSession spark, Path parts) {
    Dataset<Row> text = spark.read().text(parts.toString());
    Column file = col("file");
    Column recordLength = lit(0);
    Column firstDate = lit(null).cast("string");
    for (CclfFile f : Deliveries.FILES) {
      CclfLayout layout = CclfLayout.of(f);
      recordLength = when(file.equalTo(f.name()), lit(layout.recordLength())).otherwise(recordLength);
      CclfField date = layout.fields().stream().filter(x -> x.kind() == CclfField.Kind.DATE).findFirst().orElse(null);
      if (date != null) {
        firstDate = when(file.equalTo(f.name()), substring(col("value"), date.start(), date.length())).otherwise(firstDate);
      }
    }
    Column claimFile = file.isin("CCLF1", "CCLF2", "CCLF4", "CCLF5", "CCLF6");
    Column malformed =
        claimFile.and(pmod(substring(col("value"), 1, 13).try_cast("long"), lit(8L)).equalTo(Claims.SLOT_MALFORMED));
    Column wrongLength = malformed.and(length(col("value")).notEqual(recordLength));
    Column badDate = malformed.and(not(wrongLength)).and(firstDate.equalTo(CclfFiles.BAD_DATE_VALUE));
    Column nonNumeric = malformed.and(not(wrongLength)).and(not(badDate));
    List<Row> rows =
        text.groupBy("delivery", "file")
            .agg(count(lit(1)).as("lines"),
                sum(when(wrongLength, 1L).otherwise(0L)).as(CclfFiles.WRONG_LENGTH),
                sum(when(badDate, 1L).otherwise(0L)).as(CclfFiles.BAD_DATE),
                sum(when(nonNumeric, 1L).otherwise(0L)).as(CclfFiles.NON_NUMERIC_AMOUNT))
            .collectAsList();
    Map<String, FileCount> out = new LinkedHashMap<>();
    for (Row r : rows) {
      Map<String, Long> kinds = new LinkedHashMap<>();
      for (String k : CclfFiles.MALFORMED_KINDS) {
        kinds.put(k, r.<Long>getAs(k));
      }
      String delivery = r.getAs("delivery");
      String f = r.getAs("file");
      out.put(delivery + "|" + f, new FileCount(delivery, CclfFile.valueOf(f), null, r.<Long>getAs("lines"), kinds));
    }
    return out;
  }
}
