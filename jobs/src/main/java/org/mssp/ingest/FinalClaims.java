package org.mssp.ingest;

import static org.apache.spark.sql.functions.col;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.BiFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.storage.StorageLevel;

/**
 * stg → final claim tables: every claim version of every delivery in, final-action claims keyed to
 * the current MBI out (method in {@link FinalAction}).
 *
 * <ul>
 *   <li>Part A (CCLF1): related set = {@code CLM_BLG_PRVDR_OSCAR_NUM + CLM_FROM_DT + CLM_THRU_DT +
 *       current MBI} (IP §5.1.2); cancellations paired by {@code CLM_PMT_AMT}. Revenue lines (CCLF2)
 *       and diagnoses (CCLF4) are kept for the final headers, each line once (latest delivery).
 *   <li>Part B physician (CCLF5) and DME (CCLF6): the same pairing method at line level, related set
 *       = {@code CLM_CNTL_NUM + CLM_LINE_NUM + current MBI} (IP §5.1.2 plus the line number, as Tuva
 *       does), paired by {@code CLM_LINE_CVRD_PD_AMT}. Chosen over Tuva's "latest version wins"
 *       simplification because that one keeps a cancellation as final when it is the latest version
 *       and keeps only one claim of a set that holds two finals, both against IP §5.2.1.
 * </ul>
 *
 * <p>Each builder returns a {@link Selection}: the rules run on the few columns they read (keys,
 * amount, version and lineage columns), and the wide stg rows they choose are fetched once by
 * their stg key (source file × line number). The wide rows are then shuffled once and never
 * sorted, and the final table's key is checked on the narrow choice (docs/ingest.md).
 */
public final class FinalClaims {
  private FinalClaims() {}

  /** Part A header natural key (related set). */
  public static final List<String> PART_A_SET =
      List.of("clm_blg_prvdr_oscar_num", "clm_from_dt", "clm_thru_dt", IngestColumns.BENE_MBI_ID);
  /** Part B / DME line natural key (related set). */
  public static final List<String> PART_B_SET =
      List.of("clm_cntl_num", IngestColumns.CLM_LINE_NUM, IngestColumns.BENE_MBI_ID);

  /** Part A rows are shuffled once, by the related set's columns other than the MBI. */
  static final List<String> PART_A_CLUSTER = PART_A_SET.subList(0, 3);
  /** Part B / DME rows are shuffled once, by claim control number and line number. */
  static final List<String> PART_B_CLUSTER = PART_B_SET.subList(0, 2);
  /** A stg row's key: the file it came from and its line number there. */
  static final List<String> STG_ROW = List.of(IngestColumns.SOURCE_FILE, IngestColumns.LINE_NUMBER);

  /**
   * The final rows of a stg table. {@link #chosen} holds, per final row, its stg key (source file ×
   * line number) and the final table's key columns as the rules computed them; it is persisted,
   * because the key check and {@link #rows} both read it ({@link #close} releases it). The stg key
   * is unique, so the rows and the choice correspond one to one with the same key values: the key
   * checked on the choice is the key of the rows.
   */
  public static final class Selection implements AutoCloseable {
    private final Dataset<Row> stg;
    private final Dataset<Row> chosen;
    private final Dataset<Row> xref;

    private Selection(Dataset<Row> stg, Dataset<Row> chosen, Dataset<Row> xref) {
      this.stg = stg;
      this.chosen = chosen;
      this.xref = xref;
    }

    /** The narrow choice: stg key and table key of every final row (persisted). */
    public Dataset<Row> chosen() {
      return chosen;
    }

    /**
     * The chosen stg rows with every column, keyed to the current MBI. Both sides are hash
     * partitioned on the stg key into enough partitions that each partition's share of the choice
     * (the hash join's build side) stays under {@link #ROWS_PER_JOIN_PARTITION}; the wide rows are
     * shuffled once and not sorted. Counts the (persisted) choice.
     */
    public Dataset<Row> rows() {
      int partitions =
          joinPartitions(chosen.count(), Integer.parseInt(IngestJob.shufflePartitions(stg.sparkSession())));
      Dataset<Row> ids =
          chosen.select(col(IngestColumns.SOURCE_FILE).as("chosen_file"), col(IngestColumns.LINE_NUMBER).as("chosen_line"))
              .repartition(partitions, col("chosen_file"), col("chosen_line"));
      Dataset<Row> wide =
          stg.repartition(partitions, col(IngestColumns.SOURCE_FILE), col(IngestColumns.LINE_NUMBER));
      Dataset<Row> kept =
          wide.join(
              ids.hint("shuffle_hash"),
              wide.col(IngestColumns.SOURCE_FILE).equalTo(ids.col("chosen_file"))
                  .and(wide.col(IngestColumns.LINE_NUMBER).equalTo(ids.col("chosen_line"))),
              "left_semi");
      return MbiCrosswalk.toCurrent(kept, xref, IngestColumns.BENE_MBI_ID);
    }

    @Override
    public void close() {
      chosen.unpersist();
    }
  }

  /**
   * Most chosen rows per partition of the fetch join: its hash table then holds at most this many
   * stg keys (about 100 MB), whatever the size of the data.
   */
  static final long ROWS_PER_JOIN_PARTITION = 1_000_000L;

  /** Partitions of the fetch join: the shuffle partitions, or more when the choice needs them. */
  static int joinPartitions(long chosenRows, int shufflePartitions) {
    long needed = (chosenRows + ROWS_PER_JOIN_PARTITION - 1) / ROWS_PER_JOIN_PARTITION;
    return (int) Math.max(shufflePartitions, Math.min(Integer.MAX_VALUE, needed));
  }

  /** Final-action Part A headers from all of {@code stg_cclf1}. */
  public static Selection partAHeaders(Dataset<Row> stgCclf1, Dataset<Row> xref) {
    List<String> read = concat(PART_A_SET, List.of(IngestColumns.CUR_CLM_UNIQ_ID, "clm_pmt_amt"));
    return select(stgCclf1, concat(read, FinalAction.CLAIM_VERSION), IngestTables.PART_A_CLAIM_HEADER.key(), xref,
        FinalClaims::partAHeaderRule);
  }

  /** Lines (CCLF2, CCLF4, ...) of the final headers, each once, keyed to the current MBI. */
  public static Selection partALines(
      Dataset<Row> stgLines, List<String> lineKey, Dataset<Row> finalHeaders, Dataset<Row> xref) {
    Dataset<Row> ids = finalHeaders.select(col(IngestColumns.CUR_CLM_UNIQ_ID).as("final_id"));
    // The line keys do not hold the MBI, so the choice needs no crosswalk; the fetched rows get it.
    return select(stgLines, concat(lineKey, List.of(IngestColumns.CUR_CLM_UNIQ_ID)), lineKey, xref,
        (narrow, x) -> {
          Dataset<Row> lines =
              FinalAction.latestDelivery(clustered(narrow, List.of(IngestColumns.CUR_CLM_UNIQ_ID)), lineKey);
          return lines.join(ids, lines.col(IngestColumns.CUR_CLM_UNIQ_ID).equalTo(ids.col("final_id")), "left_semi");
        });
  }

  /** Final-action Part B physician or DME lines from all of {@code stg_cclf5}/{@code stg_cclf6}. */
  public static Selection partBLines(Dataset<Row> stgLines, Dataset<Row> xref) {
    List<String> read = concat(PART_B_SET, List.of(IngestColumns.CUR_CLM_UNIQ_ID, "clm_line_cvrd_pd_amt"));
    // Both line tables share the key (cur_clm_uniq_id × clm_line_num).
    return select(stgLines, concat(read, FinalAction.CLAIM_VERSION), IngestTables.PART_B_PHYSICIAN_LINE.key(), xref,
        FinalClaims::partBLineRule);
  }

  private static Dataset<Row> partAHeaderRule(Dataset<Row> stgCclf1, Dataset<Row> xref) {
    Dataset<Row> versions =
        MbiCrosswalk.toCurrent(
            FinalAction.latestDelivery(clustered(stgCclf1, PART_A_CLUSTER),
                concat(List.of(IngestColumns.CUR_CLM_UNIQ_ID), PART_A_CLUSTER)),
            xref,
            IngestColumns.BENE_MBI_ID);
    return FinalAction.resolve(
        versions, PART_A_SET, "clm_pmt_amt", List.of(IngestColumns.CUR_CLM_UNIQ_ID));
  }

  private static Dataset<Row> partBLineRule(Dataset<Row> stgLines, Dataset<Row> xref) {
    Dataset<Row> versions =
        MbiCrosswalk.toCurrent(
            FinalAction.latestDelivery(clustered(stgLines, PART_B_CLUSTER),
                concat(List.of(IngestColumns.CUR_CLM_UNIQ_ID, IngestColumns.CLM_LINE_NUM), PART_B_CLUSTER)),
            xref,
            IngestColumns.BENE_MBI_ID);
    return FinalAction.resolve(
        versions,
        PART_B_SET,
        "clm_line_cvrd_pd_amt",
        List.of(IngestColumns.CUR_CLM_UNIQ_ID, IngestColumns.CLM_LINE_NUM));
  }

  /**
   * Runs {@code rule} on the stg columns it reads ({@code ruleColumns}, plus the lineage columns
   * of {@link FinalAction#LINEAGE_ORDER} and the table's key); {@link Selection#rows} fetches the
   * wide rows it keeps.
   */
  static Selection select(
      Dataset<Row> stg, List<String> ruleColumns, List<String> key, Dataset<Row> xref,
      BiFunction<Dataset<Row>, Dataset<Row>, Dataset<Row>> rule) {
    Set<String> narrow = new LinkedHashSet<>(ruleColumns);
    narrow.addAll(FinalAction.LINEAGE_ORDER);
    narrow.addAll(key);
    Set<String> chosenColumns = new LinkedHashSet<>(STG_ROW);
    chosenColumns.addAll(key);
    Dataset<Row> chosen =
        rule.apply(stg.select(FinalAction.columns(narrow)), xref)
            .select(FinalAction.columns(chosenColumns))
            .persist(StorageLevel.MEMORY_AND_DISK());
    return new Selection(stg, chosen, xref);
  }

  /**
   * The rows hash-partitioned by {@code columns}. Every window and join after it partitions by a
   * superset of them (the MBI crosswalk join is a broadcast), so Spark shuffles the (narrow) rows
   * once instead of once per window. For the re-delivery window the cluster columns are added to
   * its key: copies of one claim version carry the same values in them (a re-delivery repeats the
   * version), so the result is the same; were it ever not so, two rows of one version would
   * survive and the table's key check would fail naming them.
   */
  static Dataset<Row> clustered(Dataset<Row> rows, List<String> columns) {
    return rows.repartition(FinalAction.columns(columns));
  }

  private static List<String> concat(List<String> a, List<String> b) {
    List<String> out = new ArrayList<>(a);
    for (String c : b) {
      if (!out.contains(c)) {
        out.add(c);
      }
    }
    return out;
  }
}
