package org.mssp.ingest;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.sql.Date;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.compress.CompressionCodec;
import org.apache.hadoop.io.compress.CompressionCodecFactory;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.mssp.common.error.Errors;
import org.mssp.common.error.PipelineException;
import scala.Tuple2;

/**
 * Reads input files as lines with their exact 1-based line numbers. {@code spark.read.text} cannot
 * number lines (it splits files, and {@code monotonically_increasing_id} is not a line number), so
 * each file is read whole by one task through the Hadoop FileSystem API: local, {@code file:} and
 * {@code s3a:} paths alike, gzip decompressed by its {@code .gz} suffix. Bytes are decoded as
 * ISO-8859-1 so one character is one byte and the record length check counts bytes; a CR before the
 * LF is dropped (CRLF is accepted, claims-formats.md §1.3). This is the raw layer: no parsing here.
 */
public final class LineReader {
  /** Schema of the raw lines frame. */
  public static final StructType SCHEMA =
      DataTypes.createStructType(
          List.of(
              DataTypes.createStructField(IngestColumns.SOURCE_FILE, DataTypes.StringType, false),
              DataTypes.createStructField(IngestColumns.FILE_TYPE, DataTypes.StringType, false),
              DataTypes.createStructField(IngestColumns.DELIVERY, DataTypes.StringType, false),
              DataTypes.createStructField(IngestColumns.DELIVERY_KIND, DataTypes.StringType, false),
              DataTypes.createStructField(IngestColumns.DELIVERY_DATE, DataTypes.DateType, false),
              DataTypes.createStructField(IngestColumns.LINE_NUMBER, DataTypes.LongType, false),
              DataTypes.createStructField(IngestColumns.RAW_LINE, DataTypes.StringType, false)));

  private LineReader() {}

  /** All lines of the files, one partition per file. */
  public static Dataset<Row> read(SparkSession spark, List<SourceFile> files) {
    return spark.createDataFrame(rows(spark, files), SCHEMA);
  }

  /** All lines of the files as rows of {@link #SCHEMA}, one partition per file. */
  public static JavaRDD<Row> rows(SparkSession spark, List<SourceFile> files) {
    JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    if (files.isEmpty()) {
      return sc.emptyRDD();
    }
    Map<String, String> conf = hadoopSettings(spark);
    return sc.parallelize(files, files.size()).flatMap(f -> new RowIterator(f, open(f, conf)));
  }

  /**
   * Counts the lines of each file (the same line breaking as {@link #read}), in parallel. Reading
   * every file once before anything is parsed also surfaces unreadable files (corrupt gzip) early.
   */
  public static Map<String, Long> countLines(SparkSession spark, List<SourceFile> files) {
    if (files.isEmpty()) {
      return Map.of();
    }
    Map<String, String> conf = hadoopSettings(spark);
    // Errors come back as values: an exception thrown in a task reaches the driver only as text.
    List<Tuple2<String, String>> counts =
        JavaSparkContext.fromSparkContext(spark.sparkContext())
            .parallelize(files, files.size())
            .map(f -> countOrError(f, conf))
            .collect();
    Map<String, Long> out = new HashMap<>();
    for (Tuple2<String, String> t : counts) {
      if (!t._2().matches("[0-9]+")) {
        throw Errors.badInput(t._1(), "", t._2());
      }
      out.put(t._1(), Long.parseLong(t._2()));
    }
    return out;
  }

  private static Tuple2<String, String> countOrError(SourceFile f, Map<String, String> conf) {
    try {
      return new Tuple2<>(f.sourceFile(), String.valueOf(count(f, conf)));
    } catch (PipelineException e) {
      String prefix = "Cannot read " + f.sourceFile() + ": ";
      String m = e.getMessage();
      return new Tuple2<>(f.sourceFile(), m.startsWith(prefix) ? m.substring(prefix.length()) : m);
    }
  }

  /** Reads a small file (CCLF0, a CSV header) on the driver, as lines. */
  public static List<String> readSmall(SparkSession spark, SourceFile file, int maxLines) {
    List<String> out = new ArrayList<>();
    try (BufferedReader r = open(file, hadoopSettings(spark))) {
      for (String l = r.readLine(); l != null && out.size() < maxLines; l = r.readLine()) {
        out.add(stripCr(l));
      }
    } catch (IOException e) {
      throw Errors.badInput(file.sourceFile(), "cannot read: " + e.getMessage(), e);
    }
    return out;
  }

  /**
   * The input error a failed Spark job carries (a task's {@link PipelineException} arrives wrapped
   * in a SparkException), or the exception itself.
   */
  public static RuntimeException unwrap(RuntimeException e) {
    for (Throwable c = e; c != null; c = c.getCause()) {
      if (c instanceof PipelineException pe) {
        return pe;
      }
    }
    return e;
  }

  private static Map<String, String> hadoopSettings(SparkSession spark) {
    Map<String, String> settings = new HashMap<>();
    for (Map.Entry<String, String> e : spark.sparkContext().hadoopConfiguration()) {
      settings.put(e.getKey(), e.getValue());
    }
    return settings;
  }

  private static Configuration configuration(Map<String, String> settings) {
    Configuration conf = new Configuration(false);
    settings.forEach(conf::set);
    return conf;
  }

  static BufferedReader open(SourceFile f, Map<String, String> settings) {
    try {
      Configuration conf = configuration(settings);
      Path path = new Path(f.path());
      FileSystem fs = path.getFileSystem(conf);
      InputStream in = fs.open(path);
      CompressionCodec codec = new CompressionCodecFactory(conf).getCodec(path);
      if (codec != null) {
        in = codec.createInputStream(in);
      }
      return new BufferedReader(new InputStreamReader(in, StandardCharsets.ISO_8859_1), 1 << 16);
    } catch (IOException e) {
      throw Errors.badInput(f.sourceFile(), "cannot open " + f.path() + ": " + e.getMessage(), e);
    }
  }

  private static long count(SourceFile f, Map<String, String> settings) {
    long n = 0;
    try (BufferedReader r = open(f, settings)) {
      while (r.readLine() != null) {
        n++;
      }
    } catch (IOException e) {
      throw Errors.badInput(
          f.sourceFile(), "unreadable after line " + n + " (" + e.getMessage() + ")", e);
    }
    return n;
  }

  private static String stripCr(String l) {
    return !l.isEmpty() && l.charAt(l.length() - 1) == '\r' ? l.substring(0, l.length() - 1) : l;
  }

  /** Lazily yields one Row per line and closes the file at the end. */
  private static final class RowIterator implements Iterator<Row> {
    private final SourceFile file;
    private final BufferedReader reader;
    private final Date deliveryDate;
    private String next;
    private long lineNumber;

    RowIterator(SourceFile file, BufferedReader reader) {
      this.file = file;
      this.reader = reader;
      this.deliveryDate = Date.valueOf(file.deliveryDate());
      advance();
    }

    private void advance() {
      try {
        next = reader.readLine();
        if (next == null) {
          reader.close();
        }
      } catch (IOException e) {
        throw Errors.badInput(
            file.sourceFile(), "unreadable after line " + lineNumber + " (" + e.getMessage() + ")", e);
      }
    }

    @Override
    public boolean hasNext() {
      return next != null;
    }

    @Override
    public Row next() {
      if (next == null) {
        throw new NoSuchElementException();
      }
      lineNumber++;
      Row row =
          RowFactory.create(
              file.sourceFile(),
              file.fileType(),
              file.delivery(),
              file.deliveryKind(),
              deliveryDate,
              lineNumber,
              stripCr(next));
      advance();
      return row;
    }
  }

}
