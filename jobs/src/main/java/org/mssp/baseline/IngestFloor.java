package org.mssp.baseline;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;
import org.mssp.common.cclf.CclfFile;
import org.mssp.common.cclf.CclfLayout;
import org.mssp.common.error.Errors;
import org.mssp.common.schema.TableSpec;
import org.mssp.common.spark.DeltaTables;
import org.mssp.ingest.Delivery;
import org.mssp.ingest.DeliveryDiscovery;
import org.mssp.ingest.IngestColumns;
import org.mssp.ingest.IngestJob;
import org.mssp.ingest.IngestTables;
import org.mssp.ingest.LineReader;
import org.mssp.ingest.SourceFile;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The input/output floor of {@code aco ingest} on this machine: the least the ingest must do with
 * its data, timed with nothing else, as a yardstick for its lines-per-second target.
 *
 * <p>Whatever else it does, the ingest reads every line of the deliveries, writes the stg tables,
 * reads them back and writes the final tables. On the delivery the ingest read, and on the
 * warehouse it filled, this times:
 *
 * <ol>
 *   <li><b>read delivery</b>: every line of the data files, by the ingest's own reader ({@link
 *       LineReader}, the rows it stages), counted as the ingest counts lines read (an enrollment
 *       file's header is not one); no parsing, rules or accounting. Zipped deliveries are
 *       extracted first, untimed;
 *   <li><b>copy stg</b>: each stg table read whole and written to a scratch Delta table with the
 *       ingest's Delta settings ({@link IngestJob#tuneDelta}): one read and one write of every stg
 *       row, no shuffle, no key check;
 *   <li><b>copy final</b>: the same for the final tables;
 *   <li><b>read final</b>: each final table read whole into Spark's no-op sink.
 * </ol>
 *
 * The floor is read delivery + copy stg + (copy final − read final): the delivery read, the stg
 * rows written and read back, the final rows written. The ingest adds to it the parsing and rules,
 * the line accounting, the final-action windows and shuffles, the key checks and the bookkeeping.
 * Scratch tables are deleted at the end.
 */
public final class IngestFloor {
  private static final Logger LOG = LoggerFactory.getLogger(IngestFloor.class);

  private IngestFloor() {}

  /** The final tables of the ingest, in the order it builds them. */
  public static final List<TableSpec> FINAL_TABLES = List.of(
      IngestTables.BENEFICIARY_MBI_XREF,
      IngestTables.PART_A_CLAIM_HEADER,
      IngestTables.PART_A_CLAIM_REVENUE_LINE,
      IngestTables.PART_A_CLAIM_DIAGNOSIS,
      IngestTables.PART_B_PHYSICIAN_LINE,
      IngestTables.PART_B_DME_LINE,
      IngestTables.BENEFICIARY,
      IngestTables.BENEFICIARY_MONTH);

  /** Step names of {@link Step#step}. */
  public static final String READ_DELIVERY = "read delivery";
  public static final String COPY_STG = "copy stg";
  public static final String COPY_FINAL = "copy final";
  public static final String READ_FINAL = "read final";

  /**
   * @param input the delivery folder {@code aco ingest} read (folder or s3a://)
   * @param warehouse the warehouse that ingest filled
   * @param scratch a folder for the copies; emptied first and deleted at the end
   */
  public record Config(String input, String warehouse, String scratch) {
    public Config {
      if (input == null || input.isBlank()) {
        throw Errors.badArgument("--input", input, "the delivery folder the ingest read");
      }
      if (warehouse == null || warehouse.isBlank()) {
        throw Errors.badArgument("--warehouse", warehouse, "the warehouse the ingest filled");
      }
      if (scratch == null || scratch.isBlank()) {
        throw Errors.badArgument("--scratch", scratch, "a folder for the copies");
      }
    }
  }

  /** One timed step on one table (or, for {@link #READ_DELIVERY}, on all data files). */
  public record Step(String step, String table, double seconds, long rows) {}

  /** The timed steps and their sums. */
  public record Result(long lines, List<Step> steps) {
    /** Seconds of all steps named {@code step}. */
    public double seconds(String step) {
      return steps.stream().filter(s -> s.step().equals(step)).mapToDouble(Step::seconds).sum();
    }

    /** Rows of all steps named {@code step}. */
    public long rows(String step) {
      return steps.stream().filter(s -> s.step().equals(step)).mapToLong(Step::rows).sum();
    }

    /** read delivery + copy stg + copy final − read final (see the class comment). */
    public double floorSeconds() {
      return seconds(READ_DELIVERY) + seconds(COPY_STG) + seconds(COPY_FINAL) - seconds(READ_FINAL);
    }

    /** The most lines per second an ingest of this delivery could reach here. */
    public double linesPerSecondBound() {
      return lines / floorSeconds();
    }
  }

  /** Times the steps; the warehouse is only read. */
  public static Result run(Config config, SparkSession spark) {
    IngestJob.tuneDelta(spark);
    Configuration conf = spark.sparkContext().hadoopConfiguration();
    List<TableSpec> stg = present(spark, config.warehouse(), stgTables());
    List<TableSpec> finals = present(spark, config.warehouse(), FINAL_TABLES);
    if (stg.isEmpty() || finals.isEmpty()) {
      throw Errors.cannot("measure the ingest floor", "warehouse " + config.warehouse()
          + " has no " + (stg.isEmpty() ? "stg" : "final") + " tables; run aco ingest of " + config.input()
          + " into it first");
    }
    List<Delivery> deliveries = DeliveryDiscovery.discover(conf, config.input());
    if (deliveries.isEmpty()) {
      throw Errors.badInput(config.input(), "", "no CCLF deliveries or enrollment files found");
    }
    delete(conf, config.scratch());
    List<Step> steps = new ArrayList<>();
    try {
      List<SourceFile> files = new ArrayList<>();
      for (Delivery d : deliveries) {
        DeliveryDiscovery.extract(conf, d, config.scratch() + "/_extracted").files().stream()
            .filter(f -> !f.fileType().equals(CclfFile.CCLF0.name()))
            .forEach(files::add);
      }
      int fileType = LineReader.SCHEMA.fieldIndex(IngestColumns.FILE_TYPE);
      int lineNumber = LineReader.SCHEMA.fieldIndex(IngestColumns.LINE_NUMBER);
      long start = System.nanoTime();
      // Lines as the ingest counts them: an enrollment file's header (line 1) is not a data line.
      long lines = LineReader.rows(spark, files)
          .filter(r -> !(Delivery.MBSF_FILE_TYPE.equals(r.getString(fileType)) && r.getLong(lineNumber) == 1))
          .count();
      steps.add(log(new Step(READ_DELIVERY, files.size() + " files", since(start), lines)));
      for (TableSpec t : stg) {
        steps.add(log(copy(spark, config, t, COPY_STG)));
      }
      for (TableSpec t : finals) {
        steps.add(log(copy(spark, config, t, COPY_FINAL)));
      }
      for (TableSpec t : finals) {
        long begin = System.nanoTime();
        DeltaTables.read(spark, config.warehouse(), t).write().format("noop").mode("overwrite").save();
        steps.add(log(new Step(READ_FINAL, t.name(), since(begin), DeltaTables.read(spark, config.warehouse(), t).count())));
      }
      return new Result(lines, steps);
    } finally {
      delete(conf, config.scratch());
    }
  }

  /** Every stg table the ingest can write: one per CCLF layout, and the enrollment one. */
  static List<TableSpec> stgTables() {
    List<TableSpec> out = new ArrayList<>();
    for (CclfFile f : CclfLayout.all().keySet()) {
      out.add(IngestTables.stg(f));
    }
    out.add(IngestTables.STG_MBSF);
    return out;
  }

  private static Step copy(SparkSession spark, Config config, TableSpec table, String step) {
    String target = DeltaTables.path(config.scratch(), table);
    long start = System.nanoTime();
    DeltaTables.read(spark, config.warehouse(), table).write().format("delta").mode("overwrite").save(target);
    double seconds = since(start);
    return new Step(step, table.name(), seconds, spark.read().format("delta").load(target).count());
  }

  private static List<TableSpec> present(SparkSession spark, String warehouse, List<TableSpec> tables) {
    return tables.stream().filter(t -> DeltaTables.exists(spark, DeltaTables.path(warehouse, t))).toList();
  }

  private static double since(long startNanos) {
    return (System.nanoTime() - startNanos) / 1e9;
  }

  private static Step log(Step s) {
    LOG.info("{} {}: {} rows in {} s", s.step(), s.table(), s.rows(), String.format(java.util.Locale.ROOT, "%.1f", s.seconds()));
    return s;
  }

  private static void delete(Configuration conf, String dir) {
    try {
      Path p = new Path(dir);
      FileSystem fs = p.getFileSystem(conf);
      if (fs.exists(p)) {
        fs.delete(p, true);
      }
    } catch (IOException e) {
      throw Errors.cannot("empty the scratch folder " + dir, e.getMessage());
    }
  }
}
