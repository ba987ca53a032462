package org.mssp.ingest;

import static org.apache.spark.sql.functions.col;

import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

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

  /** Final-action Part A headers from all of {@code stg_cclf1}. */
  public static Dataset<Row> partAHeaders(Dataset<Row> stgCclf1, Dataset<Row> xref) {
    Dataset<Row> versions =
        MbiCrosswalk.toCurrent(
            FinalAction.latestDelivery(clustered(stgCclf1, PART_A_CLUSTER),
                concat(List.of(IngestColumns.CUR_CLM_UNIQ_ID), PART_A_CLUSTER)),
            xref,
            IngestColumns.BENE_MBI_ID);
    return FinalAction.resolve(
        versions, PART_A_SET, "clm_pmt_amt", List.of(IngestColumns.CUR_CLM_UNIQ_ID));
  }

  /** Lines (CCLF2, CCLF4, ...) of the final headers, each once, keyed to the current MBI. */
  public static Dataset<Row> partALines(
      Dataset<Row> stgLines, List<String> lineKey, Dataset<Row> finalHeaders, Dataset<Row> xref) {
    Dataset<Row> ids = finalHeaders.select(col(IngestColumns.CUR_CLM_UNIQ_ID).as("final_id"));
    Dataset<Row> lines =
        FinalAction.latestDelivery(clustered(stgLines, List.of(IngestColumns.CUR_CLM_UNIQ_ID)), lineKey);
    Dataset<Row> kept =
        lines
            .join(ids, lines.col(IngestColumns.CUR_CLM_UNIQ_ID).equalTo(ids.col("final_id")), "left_semi");
    return MbiCrosswalk.toCurrent(kept, xref, IngestColumns.BENE_MBI_ID);
  }

  /** Final-action Part B physician or DME lines from all of {@code stg_cclf5}/{@code stg_cclf6}. */
  public static Dataset<Row> partBLines(Dataset<Row> stgLines, Dataset<Row> xref) {
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
   * The rows hash-partitioned by {@code columns}. Every window and join after it partitions by a
   * superset of them (the MBI crosswalk join is a broadcast), so Spark shuffles the wide rows
   * once instead of once per window. For the re-delivery window the cluster columns are added to
   * its key: copies of one claim version carry the same values in them (a re-delivery repeats the
   * version), so the result is the same; were it ever not so, two rows of one version would
   * survive and the table's key check would fail naming them.
   */
  static Dataset<Row> clustered(Dataset<Row> rows, List<String> columns) {
    return rows.repartition(columns.stream().map(c -> col(c)).toArray(org.apache.spark.sql.Column[]::new));
  }

  private static List<String> concat(List<String> a, List<String> b) {
    List<String> out = new java.util.ArrayList<>(a);
    for (String c : b) {
      if (!out.contains(c)) {
        out.add(c);
      }
    }
    return out;
  }
}
