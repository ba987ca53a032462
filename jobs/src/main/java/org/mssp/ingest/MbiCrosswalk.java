package org.mssp.ingest;

import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;

import java.util.List;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.mssp.common.error.Errors;

/**
 * The CCLF9 MBI crosswalk (claims-formats.md §1.4.9): previous MBI → current MBI, resolved
 * transitively (A → B and B → C give A → C), so every claim and beneficiary row can be keyed to the
 * MBI current now (Tuva: {@code coalesce(xref.crnt_num, claim.bene_mbi_id)}). Input grain: one row
 * per CCLF9 line of every delivery; output grain: one row per previous MBI.
 */
public final class MbiCrosswalk {
  /** Longest MBI chain followed before the crosswalk is declared cyclic. */
  static final int MAX_CHAIN = 20;

  private MbiCrosswalk() {}

  /**
   * Resolves the crosswalk. When CCLF9 rows disagree on a previous MBI, the latest delivery wins.
   * Fails if the links form a cycle.
   */
  public static Dataset<Row> resolve(Dataset<Row> stgCclf9) {
    Dataset<Row> links =
        stgCclf9
            .filter(
                col("prvs_num").isNotNull()
                    .and(col("crnt_num").isNotNull())
                    .and(col("prvs_num").notEqual(col("crnt_num"))))
            .withColumn(IngestColumns.PREVIOUS_MBI, col("prvs_num"))
            .withColumn(IngestColumns.CURRENT_MBI, col("crnt_num"));
    links = FinalAction.latestDelivery(links, List.of(IngestColumns.PREVIOUS_MBI));
    Dataset<Row> resolved = links.select(IngestTables.BENEFICIARY_MBI_XREF.columns().stream()
        .map(c -> col(c)).toArray(org.apache.spark.sql.Column[]::new));
    Dataset<Row> edges =
        links.select(
            col(IngestColumns.PREVIOUS_MBI).as("next_previous"),
            col(IngestColumns.CURRENT_MBI).as("next_current"));
    for (int step = 0; step < MAX_CHAIN; step++) {
      Dataset<Row> joined =
          resolved.join(
              broadcast(edges),
              resolved.col(IngestColumns.CURRENT_MBI).equalTo(edges.col("next_previous")),
              "left");
      List<Row> cycles =
          joined
              .filter(col("next_current").equalTo(col(IngestColumns.PREVIOUS_MBI)))
              .select(IngestColumns.PREVIOUS_MBI)
              .limit(5)
              .collectAsList();
      if (!cycles.isEmpty()) {
        throw Errors.qualityFailed(
            IngestTables.BENEFICIARY_MBI_XREF.name(),
            "no cycles",
            "CCLF9 links form a cycle through MBI "
                + cycles.stream().map(r -> r.getString(0)).collect(Collectors.joining(", ")));
      }
      long moving = joined.filter(col("next_current").isNotNull()).count();
      if (moving == 0) {
        return resolved;
      }
      resolved =
          joined
              .withColumn(
                  IngestColumns.CURRENT_MBI, coalesce(col("next_current"), col(IngestColumns.CURRENT_MBI)))
              .drop("next_previous", "next_current");
    }
    throw Errors.qualityFailed(
        IngestTables.BENEFICIARY_MBI_XREF.name(),
        "chain length",
        "an MBI chain is longer than " + MAX_CHAIN + " links");
  }

  /**
   * Keys rows to the current MBI: {@code source_bene_mbi_id} keeps the MBI as delivered, and
   * {@code mbiColumn} becomes the current one.
   */
  public static Dataset<Row> toCurrent(Dataset<Row> rows, Dataset<Row> xref, String mbiColumn) {
    Dataset<Row> x =
        xref.select(
            col(IngestColumns.PREVIOUS_MBI).as("xref_previous"),
            col(IngestColumns.CURRENT_MBI).as("xref_current"));
    return rows.join(broadcast(x), rows.col(mbiColumn).equalTo(x.col("xref_previous")), "left")
        .withColumn(IngestColumns.SOURCE_BENE_MBI_ID, col(mbiColumn))
        .withColumn(mbiColumn, coalesce(col("xref_current"), col(mbiColumn)))
        .drop("xref_previous", "xref_current");
  }
}
