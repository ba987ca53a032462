package org.mssp.ingest;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.when;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.mssp.common.schema.TableSpec;

/**
 * stg → the beneficiary tables.
 *
 * <ul>
 *   <li>{@link #demographics}: the latest CCLF8 record per current MBI (CCLF8 is a snapshot per
 *       delivery, claims-formats.md §0.1; later deliveries win).
 *   <li>{@link #months}: the MBSF-style monthly columns unpivoted to one row per beneficiary ×
 *       month, with Part A / Part B from the buy-in indicator, Medicare Advantage or other group
 *       plan from the HMO indicator, ESRD from the Medicare status, dual status from the Medicaid
 *       dual code (docs/input-formats.md), and the MSSP enrollment type of the month with ESRD &gt;
 *       disabled &gt; aged dual &gt; aged non-dual (mssp-methodology.md §2.2). Aged/dual counts
 *       full, partial and other duals.
 * </ul>
 */
public final class Beneficiaries {
  /** Enrollment types, in precedence order (mssp-methodology.md §2.2). */
  public static final String ESRD = "ESRD";
  public static final String DISABLED = "DISABLED";
  public static final String AGED_DUAL = "AGED_DUAL";
  public static final String AGED_NON_DUAL = "AGED_NON_DUAL";

  private Beneficiaries() {}

  /** One row per current MBI: its latest CCLF8 record. */
  public static FinalClaims.Selection demographics(Dataset<Row> stgCclf8, Dataset<Row> xref) {
    List<String> key = IngestTables.BENEFICIARY.key();
    return FinalClaims.select(stgCclf8, key, key, xref,
        (narrow, x) -> FinalAction.latestDelivery(MbiCrosswalk.toCurrent(narrow, x, IngestColumns.BENE_MBI_ID), key));
  }

  /** One row per current MBI × year × month of the MBSF-style enrollment rows. */
  public static Dataset<Row> months(Dataset<Row> stgMbsf, Dataset<Row> xref) {
    TableSpec out = IngestTables.BENEFICIARY_MONTH;
    List<Column> perMonth = new ArrayList<>();
    for (int m = 1; m <= 12; m++) {
      perMonth.add(
          struct(
              lit(m).as("month"),
              col(month("STATE_CNTY_FIPS_CD", m)).as("state_county_fips"),
              col(month("MDCR_ENTLMT_BUYIN_IND", m)).as("buyin_code"),
              col(month("HMO_IND", m)).as("hmo_code"),
              col(month("MDCR_STUS_CD", m)).as("medicare_status_code"),
              col(month("DUAL_STUS_CD", m)).as("dual_status_code")));
    }
    // Two enrollment rows can meet on one current MBI (an old and a new MBI listed the same year):
    // the row under the current MBI wins, then the latest file and line. Every month of a year
    // comes from one row, so the choice is made per beneficiary × year, on the enrollment rows
    // (about a twelfth of the month rows), before the months are unpivoted.
    String rn = "bm_rn";
    Dataset<Row> current =
        MbiCrosswalk.toCurrent(stgMbsf, xref, IngestColumns.BENE_MBI_ID)
            .withColumn(
                rn,
                row_number()
                    .over(
                        Window.partitionBy(col(IngestColumns.BENE_MBI_ID), col("rfrnc_yr"))
                            .orderBy(
                                col(IngestColumns.SOURCE_BENE_MBI_ID)
                                    .equalTo(col(IngestColumns.BENE_MBI_ID))
                                    .desc(),
                                col(IngestColumns.DELIVERY_DATE).desc(),
                                col(IngestColumns.SOURCE_FILE).desc(),
                                col(IngestColumns.LINE_NUMBER).desc())))
            .filter(col(rn).equalTo(1));
    Dataset<Row> rows =
        current
            .withColumn("m", explode(array(perMonth.toArray(new Column[0]))))
            .select(
                col(IngestColumns.BENE_MBI_ID),
                col(IngestColumns.SOURCE_BENE_MBI_ID),
                col("rfrnc_yr").as("year"),
                col("m.month").as("month"),
                col("bene_birth_dt").as("birth_date"),
                col("bene_death_dt").as("death_date"),
                col("bene_sex_cd").as("sex_code"),
                col("bene_orgnl_entlmt_rsn_cd").as("orec"),
                col("m.state_county_fips").as("state_county_fips"),
                col("m.buyin_code").as("buyin_code"),
                col("m.hmo_code").as("hmo_code"),
                col("m.medicare_status_code").as("medicare_status_code"),
                col("m.dual_status_code").as("dual_status_code"),
                col(IngestColumns.SOURCE_FILE),
                col(IngestColumns.DELIVERY_DATE),
                col(IngestColumns.LINE_NUMBER));
    Column buyin = col("buyin_code");
    Column status = col("medicare_status_code");
    Column dual = col("dual_status_code");
    Column esrd = status.isin("11", "21", "31");
    Column dualStatus =
        when(dual.isin("02", "04", "08"), lit("FULL"))
            .when(dual.isin("01", "03", "05", "06"), lit("PARTIAL"))
            .when(dual.equalTo(lit("09")), lit("OTHER"))
            .otherwise(lit("NON_DUAL"));
    Dataset<Row> flagged =
        rows.withColumn("part_a", buyin.isin("1", "3", "A", "C"))
            .withColumn("part_b", buyin.isin("2", "3", "B", "C"))
            .withColumn("state_buyin", buyin.isin("A", "B", "C"))
            .withColumn(
                "medicare_advantage_or_group",
                col("hmo_code").isNotNull().and(col("hmo_code").notEqual(lit("0"))))
            .withColumn("esrd", esrd)
            .withColumn("dual_status", dualStatus)
            .withColumn(
                "enrollment_type",
                when(esrd, lit(ESRD))
                    .when(status.equalTo(lit("20")), lit(DISABLED))
                    .when(status.equalTo(lit("10")).and(dualStatus.notEqual(lit("NON_DUAL"))), lit(AGED_DUAL))
                    .when(status.equalTo(lit("10")), lit(AGED_NON_DUAL)))
            .withColumn(
                "ffs_part_a_and_b",
                col("part_a").and(col("part_b")).and(col("medicare_advantage_or_group").unary_$bang()));
    return out.conform(flagged);
  }

  private static String month(String field, int m) {
    return IngestColumns.of(IngestTables.monthly(field, m));
  }
}
