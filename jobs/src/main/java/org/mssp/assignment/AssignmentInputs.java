package org.mssp.assignment;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.first;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.make_date;
import static org.apache.spark.sql.functions.substring;
import static org.apache.spark.sql.functions.when;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;

/**
 * Builds the assignment method's inputs from the final tables of ingest: one frame of possible
 * primary care service lines (professional and institutional) and one of eligibility months.
 * This is the only place that knows CCLF column names; the method itself reads
 * {@link AssignmentTables#SERVICE_LINES} and {@link AssignmentTables#ELIGIBILITY_MONTHS}.
 */
public final class AssignmentInputs {
  private AssignmentInputs() {}

  /** Type-of-bill facility + classification digits of the institutional claims that count. */
  public static final String TOB_FQHC = "77";
  public static final String TOB_RHC = "71";
  public static final String TOB_CAH = "85";
  public static final String TOB_HOSPITAL_OUTPATIENT = "13";

  /**
   * Professional lines from {@code part_b_physician_line}: billing TIN, rendering NPI, the line's
   * specialty, HCPCS, place of service and allowed charge (mssp-methodology.md §1.1, §1.6).
   */
  public static Dataset<Row> professionalLines(Dataset<Row> physicianLines) {
    return physicianLines.select(
        col("bene_mbi_id").as("bene_id"),
        col("cur_clm_uniq_id").as("claim_id"),
        col("clm_line_num").as("line_num"),
        lit(AssignmentTables.SOURCE_CARRIER).as("claim_source"),
        coalesce(col("clm_line_from_dt"), col("clm_from_dt")).as("service_date"),
        col("clm_rndrg_prvdr_tax_num").as("billing_tin"),
        lit(null).cast(DataTypes.StringType).as("ccn"),
        coalesce(col("rndrg_prvdr_npi_num"), col("clm_rndrg_prvdr_npi_num")).as("npi"),
        col("clm_prvdr_spclty_cd").as("specialty_code"),
        col("clm_line_hcpcs_cd").as("hcpcs_code"),
        lit(null).cast(DataTypes.StringType).as("revenue_center"),
        col("clm_pos_cd").as("pos_code"),
        col("clm_line_alowd_chrg_amt").cast(AssignmentTables.MONEY).as("allowed_amount"));
  }

  /**
   * Institutional lines that can carry primary care services (§1.8): FQHC (TOB 77x) and RHC
   * (71x) claims; CAH method II claims (85x) on professional revenue centres 096x–098x; and G0463
   * on hospital outpatient claims (13x) of hospitals on a participant list, standing in for ETA
   * hospitals, which no input flags [INFER]. The attending NPI's roster specialty is the line's
   * specialty; CCLF institutional lines carry no allowed amount, so the covered paid amount
   * stands in [INFER].
   *
   * @param headers {@code part_a_claim_header}
   * @param revenueLines {@code part_a_claim_revenue_line}
   * @param roster {@code ref_provider_roster} (may be empty)
   * @param participantCcns one column {@code ccn}: CCNs on any participant list
   */
  public static Dataset<Row> institutionalLines(
      Dataset<Row> headers, Dataset<Row> revenueLines, Dataset<Row> roster, Dataset<Row> participantCcns) {
    Column tob = concat(coalesce(col("h.clm_bill_fac_type_cd"), lit("")), coalesce(col("h.clm_bill_clsfctn_cd"), lit("")));
    Column revenue = col("r.clm_line_prod_rev_ctr_cd");
    Column professionalRevenue =
        revenue.startsWith("096").or(revenue.startsWith("097")).or(revenue.startsWith("098"));
    Column source =
        when(tob.equalTo(TOB_FQHC), lit(AssignmentTables.SOURCE_FQHC))
            .when(tob.equalTo(TOB_RHC), lit(AssignmentTables.SOURCE_RHC))
            .when(tob.equalTo(TOB_CAH).and(professionalRevenue), lit(AssignmentTables.SOURCE_CAH2))
            .when(tob.equalTo(TOB_HOSPITAL_OUTPATIENT).and(col("r.clm_line_hcpcs_cd").equalTo("G0463"))
                .and(col("eta_ccn").isNotNull()), lit(AssignmentTables.SOURCE_ETA));
    Dataset<Row> specialties =
        roster.groupBy(col("npi").as("roster_npi"))
            .agg(first(col("specialty_code"), true).as("roster_specialty"));
    Dataset<Row> etaCcns = participantCcns.select(col("ccn").as("eta_ccn")).distinct();
    return headers.as("h")
        .join(revenueLines.as("r"), col("h.cur_clm_uniq_id").equalTo(col("r.cur_clm_uniq_id")))
        .join(etaCcns, col("h.prvdr_oscar_num").equalTo(col("eta_ccn")), "left")
        .withColumn("claim_source", source)
        .filter(col("claim_source").isNotNull())
        .join(specialties, col("h.atndg_prvdr_npi_num").equalTo(col("roster_npi")), "left")
        .select(
            col("h.bene_mbi_id").as("bene_id"),
            col("h.cur_clm_uniq_id").as("claim_id"),
            col("r.clm_line_num").as("line_num"),
            col("claim_source"),
            coalesce(col("r.clm_line_from_dt"), col("h.clm_from_dt")).as("service_date"),
            lit(null).cast(DataTypes.StringType).as("billing_tin"),
            col("h.prvdr_oscar_num").as("ccn"),
            col("h.atndg_prvdr_npi_num").as("npi"),
            col("roster_specialty").as("specialty_code"),
            col("r.clm_line_hcpcs_cd").as("hcpcs_code"),
            col("r.clm_line_prod_rev_ctr_cd").as("revenue_center"),
            lit(null).cast(DataTypes.StringType).as("pos_code"),
            col("r.clm_line_cvrd_pd_amt").cast(AssignmentTables.MONEY).as("allowed_amount"));
  }

  /**
   * Eligibility months from {@code beneficiary_month}: months with any entitlement, with Parts
   * A/B, Medicare Advantage or group plan, residence (a state or territory FIPS code, 01–78
   * [INFER]) and enrollment type. No input flags other shared-savings initiatives yet.
   */
  public static Dataset<Row> eligibilityMonths(Dataset<Row> beneficiaryMonths) {
    Column state = substring(col("state_county_fips"), 1, 2);
    return beneficiaryMonths
        .filter(col("part_a").or(col("part_b")))
        .select(
            col("bene_mbi_id").as("bene_id"),
            make_date(col("year"), col("month"), lit(1)).as("month_start"),
            col("part_a"),
            col("part_b"),
            col("medicare_advantage_or_group").as("ma_or_group_plan"),
            coalesce(state.between("01", "78"), lit(false)).as("us_resident"),
            lit(false).as("other_shared_savings_initiative"),
            col("enrollment_type"),
            col("state_county_fips").as("county_fips"));
  }
}
