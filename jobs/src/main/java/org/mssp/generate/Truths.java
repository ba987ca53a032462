package org.mssp.generate;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.countDistinct;
import static org.apache.spark.sql.functions.first;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;
import static org.apache.spark.sql.functions.year;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * What the manifest states by construction: final-action claims after cancellations,
 * adjustments and re-deliveries are resolved, and the realised mess counts. Computed from the
 * claim versions that were delivered (a version processed after the last delivery is not), at
 * claim grain, never from the formatted lines.
 */
final class Truths {
  private Truths() {}

  /** Claim-level columns shared by the three claim families, for the truth aggregations. */
  static Dataset<Row> claimVersions(Dataset<Row> versions, String family) {
    Column lines = col("n_lines");
    Column dx = family.equals("A") ? col("n_dx") : lit(0);
    Column paid =
        family.equals("A")
            ? Claims.scaled(col("amount_cents")).plus(Claims.scaled(col("ime_cents")))
                .plus(Claims.scaled(col("dsh_cents"))).plus(Claims.scaled(col("uc_cents")))
            : Claims.scaled(col("amount_cents"));
    Column excluded =
        family.equals("A")
            ? Claims.scaled(col("ime_cents")).plus(Claims.scaled(col("dsh_cents"))).plus(Claims.scaled(col("uc_cents")))
            : lit(0L);
    return versions.select(
        lit(family).as("family"), col("claim_key"), col("slot"), col("clm_type_cd"),
        year(col("thru_dt")).as("service_year"), lines.as("n_lines"), dx.as("n_dx"),
        paid.as("paid_cents"), excluded.as("excluded_cents"), col("delivery_role"), col("bene_id"),
        col("type_y"));
  }

  /**
   * Grain: one row per family x service year x claim type: final-action claims, revenue/claim
   * lines, diagnosis rows and paid cents (and the IME/DSH/uncompensated-care part of it).
   */
  static Dataset<Row> finalAction(Dataset<Row> all) {
    Dataset<Row> perClaim =
        all.groupBy("family", "claim_key")
            .agg(max(when(col("slot").equalTo(Claims.SLOT_ADJUST), 1).otherwise(0)).as("has_adjust"),
                max(when(col("slot").equalTo(Claims.SLOT_CANCEL), 1).otherwise(0)).as("has_cancel"),
                max(when(col("slot").equalTo(Claims.SLOT_ORIGINAL), 1).otherwise(0)).as("has_original"),
                first("clm_type_cd").as("clm_type_cd"), first("service_year").as("service_year"),
                first("n_lines").as("n_lines"), first("n_dx").as("n_dx"),
                max(when(col("slot").equalTo(Claims.SLOT_ADJUST), col("paid_cents"))).as("adjusted_paid"),
                max(when(col("slot").equalTo(Claims.SLOT_ORIGINAL), col("paid_cents"))).as("original_paid"),
                max(when(col("slot").equalTo(Claims.SLOT_ADJUST), col("excluded_cents"))).as("adjusted_excluded"),
                max(when(col("slot").equalTo(Claims.SLOT_ORIGINAL), col("excluded_cents"))).as("original_excluded"));
    Column isFinal = col("has_adjust").equalTo(1).or(col("has_cancel").equalTo(0).and(col("has_original").equalTo(1)));
    Column paid = when(col("has_adjust").equalTo(1), col("adjusted_paid")).otherwise(col("original_paid"));
    Column excluded = when(col("has_adjust").equalTo(1), col("adjusted_excluded")).otherwise(col("original_excluded"));
    return perClaim.where(isFinal)
        .groupBy("family", "service_year", "clm_type_cd")
        .agg(count(lit(1)).as("claims"), sum("n_lines").as("lines"), sum("n_dx").as("dx_rows"),
            sum(paid).as("paid_cents"), sum(excluded).as("excluded_cents"))
        .orderBy("family", "service_year", "clm_type_cd");
  }

  /**
   * Grain: one row per beneficiary × service year with at least one final-action carrier visit
   * claim (PCP or specialist role), i.e. a year whose condition codes reach the ingested claims.
   */
  static Dataset<Row> finalVisitYears(Dataset<Row> carrierVersions) {
    return carrierVersions.where(Conditions.carriesConditions())
        .groupBy("claim_key", "bene_id", "year")
        .agg(max(when(col("slot").equalTo(Claims.SLOT_ADJUST), 1).otherwise(0)).as("has_adjust"),
            max(when(col("slot").equalTo(Claims.SLOT_CANCEL), 1).otherwise(0)).as("has_cancel"),
            max(when(col("slot").equalTo(Claims.SLOT_ORIGINAL), 1).otherwise(0)).as("has_original"))
        .where(col("has_adjust").equalTo(1).or(col("has_cancel").equalTo(0).and(col("has_original").equalTo(1))))
        .select("bene_id", "year").distinct();
  }

  /** Realised version mess: originals, cancellations, adjustments and deliveries by role. */
  static Map<String, Long> versionMess(Dataset<Row> all) {
    Row r =
        all.agg(
                countDistinct(when(col("slot").equalTo(Claims.SLOT_ORIGINAL), col("claim_key"))).as("originals"),
                countDistinct(when(col("slot").equalTo(Claims.SLOT_CANCEL), col("claim_key"))).as("cancelled_any"),
                countDistinct(when(col("slot").equalTo(Claims.SLOT_ADJUST), col("claim_key"))).as("adjusted"),
                sum(when(col("delivery_role").equalTo("MONTHLY"), 1L).otherwise(0L)).as("monthly_deliveries"),
                sum(when(col("delivery_role").equalTo("RUNOUT"), 1L).otherwise(0L)).as("runout_deliveries"),
                sum(when(col("delivery_role").equalTo("REDELIVERY"), 1L).otherwise(0L)).as("redeliveries"))
            .first();
    Map<String, Long> m = new LinkedHashMap<>();
    for (String f : r.schema().fieldNames()) {
      m.put(f, r.<Long>getAs(f));
    }
    // a claim with an adjustment also has a cancellation; "cancelled" counts cancellations without replacement
    m.put("cancelled", m.get("cancelled_any") - m.get("adjusted"));
    m.remove("cancelled_any");
    return m;
  }

  /** Final-action rows as manifest entries. */
  static List<Map<String, Object>> finalActionEntries(List<Row> rows) {
    List<Map<String, Object>> out = new ArrayList<>();
    for (Row r : rows) {
      String family = r.getAs("family");
      int type = r.<Integer>getAs("clm_type_cd");
      int year = r.<Integer>getAs("service_year");
      long claims = r.<Long>getAs("claims");
      long lines = r.<Long>getAs("lines");
      long dx = r.<Long>getAs("dx_rows");
      BigDecimal paid = BigDecimal.valueOf(r.<Long>getAs("paid_cents"), 2);
      BigDecimal excluded = BigDecimal.valueOf(r.<Long>getAs("excluded_cents"), 2);
      switch (family) {
        case "A" -> {
          out.add(entry("CCLF1", year, type, claims, claims, paid, excluded));
          out.add(entry("CCLF2", year, type, claims, lines, paid, excluded));
          out.add(entry("CCLF4", year, type, claims, dx, null, null));
        }
        case "B" -> out.add(entry("CCLF5", year, type, claims, lines, paid, null));
        default -> out.add(entry("CCLF6", year, type, claims, lines, paid, null));
      }
    }
    return out;
  }

  private static Map<String, Object> entry(
      String file, int year, int type, long claims, long lines, BigDecimal paid, BigDecimal excluded) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("file", file);
    m.put("service_year", year);
    m.put("clm_type_cd", String.format("%02d", type));
    m.put("claims", claims);
    m.put("lines", lines);
    if (paid != null) {
      m.put("paid", paid.toPlainString());
    }
    if (excluded != null) {
      m.put("ime_dsh_uncompensated", excluded.toPlainString());
    }
    return m;
  }
}
