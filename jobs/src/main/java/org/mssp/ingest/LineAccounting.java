package org.mssp.ingest;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;
import org.mssp.common.quality.QualityRules;

/**
 * The line accounting of one file type's evaluated lines, in one pass with neither a shuffle nor a
 * cache: per source file, the lines evaluated and the lines accepted, and whether the key
 * (source file × line number) of those lines is shown to be unique and not null.
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
   * Counts the evaluated lines per source file and tries to prove the key, on the parsed Java rows
   * (no line is converted to a frame row).
   */
  public static LineAccounting of(EvaluatedLines evaluated) {
    return of(evaluated.rows(), evaluated.schema());
  }

  /** {@link #of(EvaluatedLines)} of a frame with the same three columns. */
  public static LineAccounting of(Dataset<Row> evaluated) {
    return of(evaluated.javaRDD(), evaluated.schema());
  }

  private static LineAccounting of(JavaRDD<Row> rows, StructType schema) {
    int file = schema.fieldIndex(IngestColumns.SOURCE_FILE);
    int line = schema.fieldIndex(IngestColumns.LINE_NUMBER);
    int rule = schema.fieldIndex(QualityRules.RULE);
    List<Part> parts =
        rows.mapPartitionsWithIndex((p, it) -> summarise(p, it, file, line, rule), false).collect();
    return combine(parts);
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

  private static Iterator<Part> summarise(int partition, Iterator<Row> rows, int file, int line, int rule) {
    // Per file in this partition: {lines, accepted, last line number, 1 while increasing}.
    Map<String, long[]> files = new LinkedHashMap<>();
    long nullFileLines = 0;
    while (rows.hasNext()) {
      Row r = rows.next();
      if (r.isNullAt(file)) {
        nullFileLines++;
        continue;
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
    List<Part> out = new ArrayList<>();
    files.forEach((name, f) -> out.add(new Part(partition, name, f[0], f[1], f[3] == 1)));
    if (nullFileLines > 0) {
      out.add(new Part(partition, null, nullFileLines, 0, false));
    }
    return out.iterator();
  }
}
