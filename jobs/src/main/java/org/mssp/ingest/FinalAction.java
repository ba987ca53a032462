package org.mssp.ingest;

import static org.apache.spark.sql.functions.abs;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;
import org.apache.spark.sql.types.DataTypes;

/**
 * Final-action claims from CCLF claim versions (claims-formats.md §1.6, CCLF IP §5.1.2 and
 * §5.2.1 as quoted in tuva-health/medicare_cclf_connector {@code int_institutional_claim_adr.sql}).
 *
 * <ol>
 *   <li>{@link #latestDelivery}: a claim version ({@code CUR_CLM_UNIQ_ID}, plus the line number
 *       for line files) re-delivered in later monthly or run-out files is kept once, from the
 *       latest delivery.
 *   <li>{@link #resolve}: within a related set (the natural key: Part A billing CCN + from + thru
 *       date + current MBI; Part B and DME claim control number + line number + current MBI), each
 *       cancellation ({@code CLM_ADJSMT_TYPE_CD} 1) is paired with an original (0) or adjustment
 *       (2) of the same payment amount, oldest first (by {@code CLM_EFCTV_DT}, delivery date,
 *       {@code CUR_CLM_UNIQ_ID}); both are removed. What remains is final action; a set may hold
 *       more than one final claim and a cancellation is never final.
 * </ol>
 *
 * Pairing is done by counting rather than joining: in a related set × |amount| group with k
 * cancellations, the k oldest non-cancellations are the ones paired. Amounts are compared in
 * absolute value, so a cancellation delivered with negated amounts pairs the same way as one
 * "identical to the claim it cancels" (IP §5.2.1).
 */
public final class FinalAction {
  private FinalAction() {}

  /** The lineage columns {@link #newestFirst} and {@link #resolve} order by. */
  public static final List<String> LINEAGE_ORDER =
      List.of(IngestColumns.DELIVERY_DATE, IngestColumns.SOURCE_FILE, IngestColumns.LINE_NUMBER);
  /** The claim version columns {@link #resolve} reads besides the set, amount and version id. */
  public static final List<String> CLAIM_VERSION =
      List.of(IngestColumns.CLM_ADJSMT_TYPE_CD, IngestColumns.CLM_EFCTV_DT);

  /** Lineage order of deliveries, newest first; ends in the row id so it is a total order. */
  public static Column[] newestFirst() {
    return new Column[] {
      col(IngestColumns.DELIVERY_DATE).desc(),
      col(IngestColumns.SOURCE_FILE).desc(),
      col(IngestColumns.LINE_NUMBER).desc()
    };
  }

  /** One row per {@code key}: the one from the latest delivery. */
  public static Dataset<Row> latestDelivery(Dataset<Row> rows, List<String> key) {
    WindowSpec w = Window.partitionBy(columns(key)).orderBy(newestFirst());
    String rn = "latest_rn";
    return rows.withColumn(rn, row_number().over(w)).filter(col(rn).equalTo(1)).drop(rn);
  }

  /**
   * Removes cancellations and the claim versions they cancel.
   *
   * @param versions claim versions, one row per version (after {@link #latestDelivery}), with the
   *     current MBI in {@code bene_mbi_id}
   * @param naturalKey the related-set columns
   * @param amount the payment amount pairs must share
   * @param versionId columns identifying a version row, the last tie-breakers of "oldest first"
   */
  public static Dataset<Row> resolve(
      Dataset<Row> versions, List<String> naturalKey, String amount, List<String> versionId) {
    String cancel = "fa_is_cancel";
    String cancels = "fa_cancels";
    String rank = "fa_rank";
    List<Column> group = new ArrayList<>(List.of(columns(naturalKey)));
    group.add(abs(col(amount)));
    List<Column> groupAndKind = new ArrayList<>(group);
    groupAndKind.add(col(cancel));
    List<Column> order = new ArrayList<>();
    order.add(col(IngestColumns.CLM_EFCTV_DT).asc_nulls_first());
    order.add(col(IngestColumns.DELIVERY_DATE).asc());
    for (String v : versionId) {
      order.add(col(v).asc_nulls_first());
    }
    order.add(col(IngestColumns.SOURCE_FILE).asc());
    order.add(col(IngestColumns.LINE_NUMBER).asc());
    return versions
        .withColumn(
            cancel,
            col(IngestColumns.CLM_ADJSMT_TYPE_CD).try_cast(DataTypes.IntegerType).equalTo(lit(1)))
        .withColumn(
            cancels,
            sum(when(col(cancel), lit(1)).otherwise(lit(0)))
                .over(Window.partitionBy(group.toArray(new Column[0]))))
        .withColumn(
            rank,
            row_number()
                .over(
                    Window.partitionBy(groupAndKind.toArray(new Column[0]))
                        .orderBy(order.toArray(new Column[0]))))
        .filter(col(cancel).unary_$bang().and(col(rank).gt(col(cancels))))
        .drop(cancel, cancels, rank);
  }

  /** The named columns, in order. */
  static Column[] columns(java.util.Collection<String> names) {
    return names.stream().map(n -> col(n)).toArray(Column[]::new);
  }
}
