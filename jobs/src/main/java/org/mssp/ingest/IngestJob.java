package org.mssp.ingest;

import static org.apache.spark.sql.functions.col;

import java.io.IOException;
import java.sql.Date;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import org.mssp.common.cclf.CclfFile;
import org.mssp.common.error.Errors;
import org.mssp.common.schema.TableSpec;
import org.mssp.common.spark.DeltaTables;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code aco ingest}: CMS CCLF deliveries and MBSF-style enrollment files → stg → final tables.
 *
 * <ol>
 *   <li>Discover deliveries (folders, zips, gzip members; local or s3a) and skip those already in
 *       {@code ingest_delivery} with the same fingerprint, so a repeated delivery changes nothing.
 *   <li>Extract zips to {@code <warehouse>/_staging/<run id>/}; count the lines of every file and
 *       reconcile each delivery with its CCLF0 (fail naming the file on any mismatch, before
 *       anything is written).
 *   <li>Per file type: parse with the layout, evaluate the quality rules, write accepted lines to
 *       {@code stg_<file>} (replacing this run's deliveries) and rejected lines to
 *       {@code ingest_quarantine}; check lines read = accepted + quarantined per file.
 *   <li>Rebuild the final tables from all of stg: MBI crosswalk, final-action claims, beneficiary
 *       demographics and months; each checked against its key before it is written.
 *   <li>Record per-file metrics and the deliveries ingested (last, so a run killed before this point
 *       is redone whole by the next run).
 * </ol>
 *
 * Every table write is one Delta transaction; a failure leaves each table at its last version.
 */
public final class IngestJob {
  private static final Logger LOG = LoggerFactory.getLogger(IngestJob.class);
  private static final int EXAMPLES_PER_TYPE = 5;
  /** File types staged (and final tables published) at the same time. */
  private static final int CONCURRENT_WRITES = 3;

  private IngestJob() {}

  /** Runs the ingest. */
  public static IngestResult run(IngestConfig config, SparkSession spark) {
    tuneDelta(spark);
    Configuration conf = spark.sparkContext().hadoopConfiguration();
    List<Delivery> found = DeliveryDiscovery.discover(conf, config.input());
    if (found.isEmpty()) {
      throw Errors.badInput(config.input(), "", "no CCLF deliveries or enrollment files found");
    }
    // The dataset's reference CSVs (participants, roster, alignment, agreements, risk scores)
    // become ref_* tables; each is validated whole and replaced whole, so re-runs change nothing.
    org.mssp.reference.ReferenceLoader.load(spark, config.input() + "/reference", config.warehouse());
    Map<String, String> done = ingestedDeliveries(spark, config.warehouse());
    List<Delivery> todo = new ArrayList<>();
    List<String> skipped = new ArrayList<>();
    for (Delivery d : found) {
      if (d.fingerprint().equals(done.get(d.name()))) {
        skipped.add(d.name());
      } else {
        todo.add(d);
      }
    }
    LOG.info("{}: {} deliveries to ingest, {} already ingested", config.runId(), todo.size(), skipped.size());
    if (todo.isEmpty()) {
      return new IngestResult(config.runId(), List.of(), skipped, List.of());
    }
    String staging = config.warehouse() + "/_staging/" + config.runId();
    try {
      return ingest(config, spark, todo, skipped, staging);
    } finally {
      deleteQuietly(conf, staging);
    }
  }

  private static IngestResult ingest(
      IngestConfig config, SparkSession spark, List<Delivery> found, List<String> skipped, String staging) {
    Configuration conf = spark.sparkContext().hadoopConfiguration();
    List<Delivery> todo = new ArrayList<>();
    for (Delivery d : found) {
      todo.add(DeliveryDiscovery.extract(conf, d, staging));
    }

    // Reconcile before writing anything.
    List<SourceFile> dataFiles = new ArrayList<>();
    Map<String, Cclf0Summary> summaries = new HashMap<>();
    for (Delivery d : todo) {
      if (d.isEnrollment()) {
        SourceFile f = d.files().get(0);
        List<String> head = LineReader.readSmall(spark, f, 1);
        MbsfStaging.checkHeader(f.sourceFile(), head.isEmpty() ? null : head.get(0));
        dataFiles.add(f);
        continue;
      }
      SourceFile cclf0 =
          d.file(CclfFile.CCLF0)
              .orElseThrow(
                  () ->
                      Errors.badInput(
                          d.location(), "", "delivery " + d.name() + " has no CCLF0 summary file (ZC0)"));
      summaries.put(
          d.name(), Cclf0Summary.parse(cclf0.sourceFile(), LineReader.readSmall(spark, cclf0, 10_000)));
      d.files().stream().filter(f -> !f.fileType().equals(CclfFile.CCLF0.name())).forEach(dataFiles::add);
    }
    Map<String, Long> linesRead = LineReader.countLines(spark, dataFiles);
    for (Delivery d : todo) {
      if (!d.isEnrollment()) {
        summaries.get(d.name()).reconcile(d, linesRead);
      }
    }

    // raw → stg and quarantine, one file type at a time.
    Map<String, List<SourceFile>> byType = new TreeMap<>();
    for (SourceFile f : dataFiles) {
      byType.computeIfAbsent(f.fileType(), k -> new ArrayList<>()).add(f);
    }
    List<IngestResult.FileMetrics> metrics = java.util.Collections.synchronizedList(new ArrayList<>());
    List<String> examples = java.util.Collections.synchronizedList(new ArrayList<>());
    List<Dataset<Row>> quarantines = java.util.Collections.synchronizedList(new ArrayList<>());
    try {
      // Each file type writes its own stg table, so types are staged concurrently: small Delta
      // commits leave the cores idle, and overlapping them cuts wall time.
      List<Runnable> tasks = new ArrayList<>();
      for (Map.Entry<String, List<SourceFile>> e : byType.entrySet()) {
        if (e.getKey().equals(Delivery.MBSF_FILE_TYPE)) {
          tasks.add(() -> {
            // One evaluation and one write for all enrollment files (one partition each), so
            // the years are staged in parallel rather than one after another.
            EvaluatedLines evaluated = e.getValue().stream()
                .map(f -> MbsfStaging.evaluate(LineReader.read(spark, List.of(f)),
                    Integer.parseInt(f.sourceFile().replaceAll("\\D", ""))))
                .reduce(EvaluatedLines::union).orElseThrow();
            stage(
                config, evaluated, MbsfStaging.accepted(evaluated, config.runId()),
                rejected -> MbsfStaging.quarantined(rejected, config.runId()), IngestTables.STG_MBSF,
                e.getValue(), linesRead, summaries, metrics, examples, quarantines);
          });
        } else {
          CclfFile type = CclfFile.valueOf(e.getKey());
          tasks.add(() -> {
            EvaluatedLines evaluated = CclfStaging.evaluate(spark, LineReader.rows(spark, e.getValue()), type);
            stage(
                config, evaluated, CclfStaging.accepted(evaluated, type, config.runId()),
                rejected -> CclfStaging.quarantined(rejected, type, config.runId()), IngestTables.stg(type),
                e.getValue(), linesRead, summaries, metrics, examples, quarantines);
          });
        }
      }
      runConcurrently(tasks);
      metrics.sort(java.util.Comparator.comparing(IngestResult.FileMetrics::fileType)
          .thenComparing(IngestResult.FileMetrics::sourceFile));
      examples.sort(null);
      // One quarantine write for the run, replacing what earlier runs recorded for these files.
      // The rows are few but spread over one partition per input file; written as they are, each
      // of those hundreds of partitions would be a write task (about 16 s on 368 files).
      String sourceFiles =
          dataFiles.stream().map(f -> sql(f.sourceFile())).distinct().collect(Collectors.joining(", "));
      int writers = Integer.parseInt(shufflePartitions(spark));
      DeltaTables.replaceSlice(
          quarantines.stream().reduce(Dataset::unionByName).orElseThrow().coalesce(writers),
          IngestTables.QUARANTINE, config.warehouse(),
          IngestColumns.SOURCE_FILE + " IN (" + sourceFiles + ")");
    } finally {
      quarantines.forEach(Dataset::unpersist);
    }

    buildFinalTables(spark, config.warehouse(), byType.keySet());

    writeBookkeeping(spark, config, todo, metrics, linesRead);
    return new IngestResult(config.runId(), metrics, skipped, examples);
  }

  /**
   * Delta settings for many small-to-medium tables, unless the user set them: replay the log with
   * as many partitions as shuffles (Delta's default of 50 tasks, each generating code for the
   * wide stats structs of a stg table, dominated small runs), and keep data-skipping statistics
   * to the first columns (lineage and keys are what later stages filter on). Public for the
   * ingest's floor measurement ({@code org.mssp.baseline.IngestFloor}), which writes as the ingest does.
   */
  public static void tuneDelta(SparkSession spark) {
    String partitions = shufflePartitions(spark);
    setIfUnset(spark, "spark.databricks.delta.snapshotPartitions", partitions);
    setIfUnset(spark, "spark.databricks.delta.properties.defaults.dataSkippingNumIndexedCols", "8");
  }

  /** The session's shuffle partitions (4 when unset, as {@code SparkSessions} configures jobs). */
  static String shufflePartitions(SparkSession spark) {
    return spark.conf().get("spark.sql.shuffle.partitions", "4");
  }

  private static void setIfUnset(SparkSession spark, String key, String value) {
    if (spark.conf().getOption(key).isEmpty()) {
      spark.conf().set(key, value);
    }
  }

  /** Runs independent write tasks on a small pool; rethrows the first failure. */
  private static void runConcurrently(List<Runnable> tasks) {
    java.util.concurrent.ExecutorService pool =
        java.util.concurrent.Executors.newFixedThreadPool(Math.min(CONCURRENT_WRITES, Math.max(1, tasks.size())));
    try {
      List<java.util.concurrent.Future<?>> futures = new ArrayList<>();
      for (Runnable t : tasks) {
        futures.add(pool.submit(t));
      }
      for (java.util.concurrent.Future<?> f : futures) {
        try {
          f.get();
        } catch (java.util.concurrent.ExecutionException e) {
          Throwable c = e.getCause();
          if (c instanceof RuntimeException re) {
            throw LineReader.unwrap(re);
          }
          throw new IllegalStateException(c);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw Errors.cannot("ingest", "interrupted");
        }
      }
    } finally {
      pool.shutdownNow();
    }
  }

  /** Writes one file type's stg slice and quarantine rows; checks and records the line accounting. */
  private static void stage(
      IngestConfig config,
      EvaluatedLines evaluated,
      Dataset<Row> accepted,
      Function<Dataset<Row>, Dataset<Row>> quarantine,
      TableSpec stgSpec,
      List<SourceFile> files,
      Map<String, Long> linesRead,
      Map<String, Cclf0Summary> summaries,
      List<IngestResult.FileMetrics> metrics,
      List<String> examples,
      List<Dataset<Row>> quarantines) {
    long started = System.nanoTime();
    LOG.info("{}: staging {} file(s)", stgSpec.name(), files.size());
    // No cache of the evaluated lines: parsing again is cheaper than building a columnar cache of
    // ~70 columns per line, so the two passes below (the accounting, which keeps the few rejected
    // lines, and the stg write) each read and parse the files.
    try (LineAccounting.Checked checked = LineAccounting.check(evaluated)) {
      LineAccounting accounting = checked.accounting();
      Map<String, long[]> counts = accounting.counts();
      // Every line read is accepted or quarantined: checked before anything is written; the file's
      // metrics are recorded once the quarantine rows are known to match.
      List<IngestResult.FileMetrics> fileMetrics = new ArrayList<>();
      for (SourceFile f : files) {
        long[] c = counts.getOrDefault(f.sourceFile(), new long[] {0, 0});
        long read = linesRead(f, linesRead);
        if (read != c[0]) {
          throw Errors.qualityFailed(
              stgSpec.name(),
              "lines read = accepted + quarantined",
              f.sourceFile() + ": " + read + " lines read but " + c[1] + " accepted + " + (c[0] - c[1])
                  + " quarantined");
        }
        Long declared = null;
        if (!f.fileType().equals(Delivery.MBSF_FILE_TYPE)) {
          Cclf0Summary.Entry entry = summaries.get(f.delivery()).entries().get(CclfFile.valueOf(f.fileType()));
          declared = entry == null ? null : entry.recordCount();
        }
        boolean reconciled = declared == null || declared == read;
        fileMetrics.add(
            new IngestResult.FileMetrics(
                f.sourceFile(), f.fileType(), f.delivery(), read, c[1], c[0] - c[1], declared, reconciled));
      }
      String deliveries =
          files.stream().map(f -> sql(f.delivery())).distinct().collect(Collectors.joining(", "));
      String slice = IngestColumns.DELIVERY + " IN (" + deliveries + ")";
      if (accounting.keyProven()) {
        DeltaTables.replaceSliceKeyProven(accepted, stgSpec, config.warehouse(), slice);
      } else {
        DeltaTables.replaceSlice(accepted, stgSpec, config.warehouse(), slice);
      }
      // Materialise the (small) quarantine rows once, for the examples and the run's one write.
      Dataset<Row> q = quarantine.apply(checked.rejected()).persist(StorageLevel.MEMORY_AND_DISK());
      quarantines.add(q);
      q.select(IngestColumns.MESSAGE)
          .orderBy(IngestColumns.SOURCE_FILE, IngestColumns.LINE_NUMBER)
          .limit(EXAMPLES_PER_TYPE)
          .collectAsList()
          .forEach(r -> examples.add(r.getString(0)));
      long quarantinedRows = q.count();
      long evaluatedLines = counts.values().stream().mapToLong(c -> c[0]).sum();
      long acceptedTotal = counts.values().stream().mapToLong(c -> c[1]).sum();
      if (quarantinedRows != evaluatedLines - acceptedTotal) {
        throw Errors.qualityFailed(
            IngestTables.QUARANTINE.name(),
            "lines read = accepted + quarantined",
            stgSpec.name() + ": " + (evaluatedLines - acceptedTotal) + " lines rejected but "
                + quarantinedRows + " quarantine rows");
      }
      for (IngestResult.FileMetrics m : fileMetrics) {
        metrics.add(m);
        LOG.info(
            "{}: lines read {} = accepted {} + quarantined {}", m.sourceFile(), m.linesRead(),
            m.linesAccepted(), m.linesQuarantined());
      }
      double seconds = (System.nanoTime() - started) / 1e9;
      LOG.info(
          "{}: {} lines from {} file(s) staged in {} s ({} lines/s)", stgSpec.name(), evaluatedLines,
          files.size(), String.format("%.1f", seconds),
          String.format("%.0f", evaluatedLines / Math.max(seconds, 1e-3)));
    }
  }

  /** Data lines of a file: all its lines, less the header line of an enrollment file. */
  private static long linesRead(SourceFile f, Map<String, Long> linesRead) {
    long read = linesRead.getOrDefault(f.sourceFile(), 0L) - (f.fileType().equals(Delivery.MBSF_FILE_TYPE) ? 1 : 0);
    return Math.max(read, 0);
  }

  /**
   * Rebuilds, from all of stg, the final tables whose inputs received files in this run (and any
   * that do not exist yet). A new CCLF9 changes every table keyed by MBI.
   */
  private static void buildFinalTables(SparkSession spark, String warehouse, Set<String> arrived) {
    boolean xrefChanged = arrived.contains(CclfFile.CCLF9.name());
    java.util.function.BiPredicate<TableSpec, List<String>> due =
        (spec, inputs) ->
            xrefChanged
                || inputs.stream().anyMatch(arrived::contains)
                || !DeltaTables.exists(spark, DeltaTables.path(warehouse, spec));
    Dataset<Row> xref =
        MbiCrosswalk.resolve(DeltaTables.readOrEmpty(spark, warehouse, IngestTables.stg(CclfFile.CCLF9)))
            .persist(StorageLevel.MEMORY_AND_DISK());
    try {
      if (due.test(IngestTables.BENEFICIARY_MBI_XREF, List.of())) {
        publish(xref, IngestTables.BENEFICIARY_MBI_XREF, warehouse);
      }
      List<Runnable> tasks = new ArrayList<>();
      List<String> partA = List.of("CCLF1", "CCLF2", "CCLF4");
      if (due.test(IngestTables.PART_A_CLAIM_HEADER, partA)
          || due.test(IngestTables.PART_A_CLAIM_REVENUE_LINE, partA)
          || due.test(IngestTables.PART_A_CLAIM_DIAGNOSIS, partA)) {
        tasks.add(() -> {
          publish(
              FinalClaims.partAHeaders(DeltaTables.readOrEmpty(spark, warehouse, IngestTables.stg(CclfFile.CCLF1)), xref),
              IngestTables.PART_A_CLAIM_HEADER, warehouse);
          // The lines keep the final headers' claims: read back from the table just written (one
          // narrow column) rather than caching the wide header rows for the two joins.
          Dataset<Row> headers = DeltaTables.read(spark, warehouse, IngestTables.PART_A_CLAIM_HEADER);
          publish(
              FinalClaims.partALines(
                  DeltaTables.readOrEmpty(spark, warehouse, IngestTables.stg(CclfFile.CCLF2)),
                  IngestTables.PART_A_CLAIM_REVENUE_LINE.key(), headers, xref),
              IngestTables.PART_A_CLAIM_REVENUE_LINE, warehouse);
          publish(
              FinalClaims.partALines(
                  DeltaTables.readOrEmpty(spark, warehouse, IngestTables.stg(CclfFile.CCLF4)),
                  IngestTables.PART_A_CLAIM_DIAGNOSIS.key(), headers, xref),
              IngestTables.PART_A_CLAIM_DIAGNOSIS, warehouse);
        });
      }
      if (due.test(IngestTables.PART_B_PHYSICIAN_LINE, List.of("CCLF5"))) {
        tasks.add(() -> publish(
            FinalClaims.partBLines(DeltaTables.readOrEmpty(spark, warehouse, IngestTables.stg(CclfFile.CCLF5)), xref),
            IngestTables.PART_B_PHYSICIAN_LINE, warehouse));
      }
      if (due.test(IngestTables.PART_B_DME_LINE, List.of("CCLF6"))) {
        tasks.add(() -> publish(
            FinalClaims.partBLines(DeltaTables.readOrEmpty(spark, warehouse, IngestTables.stg(CclfFile.CCLF6)), xref),
            IngestTables.PART_B_DME_LINE, warehouse));
      }
      if (due.test(IngestTables.BENEFICIARY, List.of("CCLF8"))) {
        tasks.add(() -> publish(
            Beneficiaries.demographics(DeltaTables.readOrEmpty(spark, warehouse, IngestTables.stg(CclfFile.CCLF8)), xref),
            IngestTables.BENEFICIARY, warehouse));
      }
      if (due.test(IngestTables.BENEFICIARY_MONTH, List.of(Delivery.MBSF_FILE_TYPE))) {
        tasks.add(() -> publish(
            Beneficiaries.months(DeltaTables.readOrEmpty(spark, warehouse, IngestTables.STG_MBSF), xref),
            IngestTables.BENEFICIARY_MONTH, warehouse));
      }
      runConcurrently(tasks);
    } finally {
      xref.unpersist();
    }
  }

  /**
   * Checks the key on the narrow choice of final rows, then fetches the wide rows and replaces the
   * table; the choice is released after. The row count comes from the commit's metrics.
   */
  private static void publish(FinalClaims.Selection selection, TableSpec spec, String warehouse) {
    long started = System.nanoTime();
    LOG.info("{}: choosing final rows from stg", spec.name());
    try (selection) {
      spec.checkKey(selection.chosen());
      LOG.info("{}: key checked on the choice in {} s; writing the rows", spec.name(),
          String.format("%.1f", (System.nanoTime() - started) / 1e9));
      DeltaTables.replaceAllKeyProven(selection.rows(), spec, warehouse);
    }
    logWritten(spec, warehouse, selection.chosen().sparkSession(), started);
  }

  /** Checks the key and replaces the table (tables built in one piece, without a narrow choice). */
  private static void publish(Dataset<Row> df, TableSpec spec, String warehouse) {
    long started = System.nanoTime();
    LOG.info("{}: building from stg", spec.name());
    DeltaTables.replaceAll(df, spec, warehouse);
    logWritten(spec, warehouse, df.sparkSession(), started);
  }

  private static void logWritten(TableSpec spec, String warehouse, SparkSession spark, long started) {
    LOG.info(
        "{}: {} rows written in {} s", spec.name(),
        DeltaTables.lastCommitOutputRows(spark, warehouse, spec),
        String.format("%.1f", (System.nanoTime() - started) / 1e9));
  }

  private static void writeBookkeeping(
      SparkSession spark,
      IngestConfig config,
      List<Delivery> todo,
      List<IngestResult.FileMetrics> metrics,
      Map<String, Long> linesRead) {
    List<Row> rows = new ArrayList<>();
    for (IngestResult.FileMetrics m : metrics) {
      rows.add(
          RowFactory.create(
              config.runId(), m.sourceFile(), m.fileType(), m.delivery(), m.linesRead(),
              m.linesAccepted(), m.linesQuarantined(), m.cclf0RecordCount(), m.reconciled()));
    }
    DeltaTables.replaceSlice(
        spark.createDataFrame(rows, IngestTables.FILE_METRICS.schema()), IngestTables.FILE_METRICS,
        config.warehouse(), IngestColumns.RUN_ID + " = " + sql(config.runId()));
    Map<String, Long> perDelivery = new LinkedHashMap<>();
    for (IngestResult.FileMetrics m : metrics) {
      perDelivery.merge(m.delivery(), m.linesRead(), Long::sum);
    }
    List<Row> deliveries = new ArrayList<>();
    for (Delivery d : todo) {
      deliveries.add(
          RowFactory.create(
              d.name(), d.kind(), Date.valueOf(d.date()), d.fingerprint(), d.files().size(),
              perDelivery.getOrDefault(d.name(), 0L), config.runId()));
    }
    String names = todo.stream().map(d -> sql(d.name())).collect(Collectors.joining(", "));
    DeltaTables.replaceSlice(
        spark.createDataFrame(deliveries, IngestTables.DELIVERIES.schema()), IngestTables.DELIVERIES,
        config.warehouse(), IngestColumns.DELIVERY + " IN (" + names + ")");
  }

  private static Map<String, String> ingestedDeliveries(SparkSession spark, String warehouse) {
    Map<String, String> out = new HashMap<>();
    String path = DeltaTables.path(warehouse, IngestTables.DELIVERIES);
    if (!DeltaTables.exists(spark, path)) {
      return out;
    }
    for (Row r :
        DeltaTables.read(spark, warehouse, IngestTables.DELIVERIES)
            .select(col(IngestColumns.DELIVERY), col("fingerprint"))
            .collectAsList()) {
      out.put(r.getString(0), r.getString(1));
    }
    return out;
  }

  private static String sql(String literal) {
    return "'" + literal.replace("'", "''") + "'";
  }

  private static void deleteQuietly(Configuration conf, String dir) {
    try {
      Path p = new Path(dir);
      FileSystem fs = p.getFileSystem(conf);
      if (fs.exists(p)) {
        fs.delete(p, true);
      }
      Path parent = p.getParent();
      if (fs.exists(parent) && fs.listStatus(parent).length == 0) {
        fs.delete(parent, false);
      }
    } catch (IOException e) {
      LOG.warn("could not delete staging folder {}: {}", dir, e.getMessage());
    }
  }
}
