package org.mssp.ingest;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;
import org.mssp.common.quality.QualityRules;
import scala.Tuple2;

/**
 * The line accounting of one file type's evaluated lines, in one pass without a shuffle: per source
 * file, the lines evaluated and the lines accepted, and whether the key (source file × line
 * number) of those lines is shown to be unique and not null. {@link #check} keeps the rejected
 * lines from the same pass, for the quarantine.
 *
 * <p>{@link LineReader} reads each file whole in one task and numbers its lines 1, 2, 3 ..., so a
 * partition of the evaluated frame holds whole files with their lines in order. If every file's
 * rows lie in one partition with strictly increasing line numbers, no line number of a file occurs
 * twice, and so neither the stg rows nor the quarantine rows (two disjoint subsets of the lines)
 * repeat a key. When that cannot be shown (a file split across partitions, lines out of order, a
 * null source file), {@link #keyProven()} is false and the caller must run the general key check
 * ({@link org.mssp.common.schema.TableSpec#checkKey}), which also names the offending keys.
 *
 * <p>Input grain: one row per line read, with {@code source_file}, {@code line_number} and the
 * {@link QualityRules} columns. Replaces a columnar cache of the evaluated lines (a quarter of the
 * executors' profile samples), a grouped count and a hash aggregate over every key (docs/ingest.md).
 *
 * @param counts per source file: {lines, accepted lines}
 * @param keyProven whether (source file, line number) is unique and not null over the lines
 */
public record LineAccounting(Map<String, long[]> counts, boolean keyProven) {

  /** One partition's figures for one file. */
  record Part(int partition, String sourceFile, long lines, long accepted, boolean increasing)
      implements Serializable {}

  /**
   * The accounting of evaluated lines and their rejected lines, from one pass over the lines: the
   * rejected rows (few) are kept in memory, spilling to disk, until {@link #close}. Grain of
   * {@link #rejected}: one row per rejected line, in the evaluated schema.
   */
  public record Checked(LineAccounting accounting, Dataset<Row> rejected, JavaRDD<?> kept)
      implements AutoCloseable {
    @Override
    public void close() {
      kept.unpersist(false);
    }
  }

  /**
   * Counts the evaluated lines per source file, tries to prove the key and keeps the rejected lines,
   * in one pass over the parsed Java rows (no accepted line is converted to a frame row): the files
   * are read and parsed once for this and once more for the stg rows.
   */
  public static Checked check(EvaluatedLines evaluated) {
    StructType schema = evaluated.schema();
    int file = schema.fieldIndex(IngestColumns.SOURCE_FILE);
    int line = schema.fieldIndex(IngestColumns.LINE_NUMBER);
    int rule = schema.fieldIndex(QualityRules.RULE);
    // Each partition yields its rejected rows as it meets them, then its figures (the Part).
    JavaRDD<Tuple2<Part, Row>> scanned =
        evaluated
            .rows()
            .mapPartitionsWithIndex((p, it) -> new Scan(p, it, file, line, rule), false)
            .persist(StorageLevel.MEMORY_AND_DISK());
    List<Part> parts = scanned.filter(t -> t._1() != null).map(Tuple2::_1).collect();
    JavaRDD<Row> rejected = scanned.filter(t -> t._2() != null).map(Tuple2::_2);
    return new Checked(combine(parts), evaluated.spark().createDataFrame(rejected, schema), scanned);
  }

  /** The accounting of partitions' figures: counts summed, key proven only as described above. */
  static LineAccounting combine(List<Part> parts) {
    Map<String, long[]> counts = new LinkedHashMap<>();
    Map<String, Set<Integer>> partitions = new HashMap<>();
    boolean proven = true;
    for (Part p : parts) {
      if (p.sourceFile() == null) {
        proven = false;
        continue;
      }
      long[] c = counts.computeIfAbsent(p.sourceFile(), k -> new long[2]);
      c[0] += p.lines();
      c[1] += p.accepted();
      proven &= p.increasing();
      partitions.computeIfAbsent(p.sourceFile(), k -> new HashSet<>()).add(p.partition());
    }
    for (Set<Integer> in : partitions.values()) {
      proven &= in.size() == 1;
    }
    return new LineAccounting(counts, proven);
  }

  /**
   * One partition's pass: yields each rejected row as {@code (null, row)} while counting, then one
   * {@code (part, null)} per file met (and one for lines without a file). Lazy, so a partition's
   * rejected rows are never all in memory at once.
   */
  private static final class Scan implements Iterator<Tuple2<Part, Row>> {
    private final int partition;
    private final Iterator<Row> rows;
    private final int file;
    private final int line;
    private final int rule;
    // Per file in this partition: {lines, accepted, last line number, 1 while increasing}.
    private final Map<String, long[]> files = new LinkedHashMap<>();
    private long nullFileLines;
    private Row pending;
    private Iterator<Part> parts;

    Scan(int partition, Iterator<Row> rows, int file, int line, int rule) {
      this.partition = partition;
      this.rows = rows;
      this.file = file;
      this.line = line;
      this.rule = rule;
    }

    @Override
    public boolean hasNext() {
      while (pending == null && parts == null && rows.hasNext()) {
        Row r = rows.next();
        count(r);
        if (!r.isNullAt(rule)) {
          pending = r;
        }
      }
      if (pending != null) {
        return true;
      }
      if (parts == null) {
        List<Part> out = new ArrayList<>();
        files.forEach((name, f) -> out.add(new Part(partition, name, f[0], f[1], f[3] == 1)));
        if (nullFileLines > 0) {
          out.add(new Part(partition, null, nullFileLines, 0, false));
        }
        parts = out.iterator();
      }
      return parts.hasNext();
    }

    @Override
    public Tuple2<Part, Row> next() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      if (pending != null) {
        Row r = pending;
        pending = null;
        return new Tuple2<>(null, r);
      }
      return new Tuple2<>(parts.next(), null);
    }

    private void count(Row r) {
      if (r.isNullAt(file)) {
        nullFileLines++;
        return;
      }
      long[] f = files.computeIfAbsent(r.getString(file), k -> new long[] {0, 0, Long.MIN_VALUE, 1});
      f[0]++;
      if (r.isNullAt(rule)) {
        f[1]++;
      }
      if (r.isNullAt(line) || r.getLong(line) <= f[2]) {
        f[3] = 0;
      } else {
        f[2] = r.getLong(line);
      }
    }
  }
}
