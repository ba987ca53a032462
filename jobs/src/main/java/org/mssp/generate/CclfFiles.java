package org.mssp.generate;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.length;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.lpad;
import static org.apache.spark.sql.functions.overlay;
import static org.apache.spark.sql.functions.round;
import static org.apache.spark.sql.functions.rpad;
import static org.apache.spark.sql.functions.sequence;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.substring;
import static org.apache.spark.sql.functions.when;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.mssp.common.cclf.CclfField;
import org.mssp.common.cclf.CclfFile;
import org.mssp.common.cclf.CclfLayout;

/**
 * Formats claim versions into CCLF records, and adds the malformed copies. Output grain of every
 * method: one row per line of one delivered file, with columns {@link #COLUMNS}: delivery,
 * file (e.g. CCLF1), sort_key (the total order inside the file), value (the record) and
 * malformed (null, or the kind of corruption).
 */
final class CclfFiles {
  static final List<String> COLUMNS = List.of("delivery", "file", "sort_key", "value", "malformed");
  static final String WRONG_LENGTH = "wrong_length";
  static final String BAD_DATE = "bad_date";
  static final String NON_NUMERIC_AMOUNT = "non_numeric_amount";
  static final List<String> MALFORMED_KINDS = List.of(WRONG_LENGTH, BAD_DATE, NON_NUMERIC_AMOUNT);
  /** The value a bad-date corruption writes. */
  static final String BAD_DATE_VALUE = "2099-13-45";

  private final GenerateConfig config;
  private final GenerateRules rules;
  private final Claims claims;
  private final Draws draws;

  CclfFiles(GenerateConfig config, GenerateRules rules, Claims claims) {
    this.config = config;
    this.rules = rules;
    this.claims = claims;
    this.draws = new Draws(config.seed());
  }

  private static Column state2(Column stateId) {
    return lpad(stateId.cast("string"), 2, "0");
  }

  private static Column cntlNum(Column key) {
    return lpad(key.cast("string"), 15, "0");
  }

  private static Column dispCd() {
    return when(col("slot").equalTo(Claims.SLOT_CANCEL), lit("03"))
        .when(col("slot").equalTo(Claims.SLOT_ADJUST), lit("02")).otherwise(lit("01"));
  }

  private Dataset<Row> lines(Dataset<Row> rows, CclfFile file, Map<String, Column> values, Column lineNo) {
    Column record = CclfRecords.record(CclfLayout.of(file), values);
    Column sortKey = concat(lpad(col("cur_clm_uniq_id").cast("string"), 13, "0"), lpad(lineNo.cast("string"), 10, "0"));
    Dataset<Row> valid =
        rows.select(
            col("delivery"), sortKey.as("sort_key"), record.as("value"), col("claim_key"), lineNo.as("line_no"));
    return withMalformed(valid, file);
  }

  /**
   * Adds, for a share {@code malformed rate} of the valid lines, an extra corrupted copy with a
   * fresh CUR_CLM_UNIQ_ID (claim key x 8 + 5): too short by 7 characters, a first date field of
   * {@value #BAD_DATE_VALUE}, or a first amount field of letters. The valid line stays. (One
   * explode rather than a union, so the plan is not duplicated.)
   */
  private Dataset<Row> withMalformed(Dataset<Row> valid, CclfFile file) {
    CclfLayout layout = CclfLayout.of(file);
    CclfField date = layout.fields().stream().filter(f -> f.kind() == CclfField.Kind.DATE).findFirst().orElse(null);
    CclfField amount = layout.fields().stream().filter(f -> f.kind() == CclfField.Kind.AMOUNT).findFirst().orElse(null);
    List<String> kinds = MALFORMED_KINDS.stream()
        .filter(k -> !(k.equals(BAD_DATE) && date == null) && !(k.equals(NON_NUMERIC_AMOUNT) && amount == null))
        .toList();
    Column ids = col("claim_key");
    Column pick = draws.index("malformed.kind", lit(kinds.size()), ids, col("line_no"), col("delivery"));
    Column kind = lit(kinds.get(0));
    for (int i = kinds.size() - 1; i >= 1; i--) {
      kind = when(pick.equalTo(i), lit(kinds.get(i))).otherwise(kind);
    }
    Column freshId = lpad(col("claim_key").multiply(8).plus(Claims.SLOT_MALFORMED).cast("string"), 13, "0");
    Column renamed = overlay(col("value"), freshId, lit(1), lit(13));
    Column corrupted = when(kind.equalTo(WRONG_LENGTH), substring(renamed, 1, layout.recordLength() - 7));
    if (date != null) {
      corrupted = corrupted.when(kind.equalTo(BAD_DATE),
          overlay(renamed, lit(BAD_DATE_VALUE), lit(date.start()), lit(date.length())));
    }
    if (amount != null) {
      corrupted = corrupted.when(kind.equalTo(NON_NUMERIC_AMOUNT),
          overlay(renamed, rpad(lit(" 12O.5X"), amount.length(), "X"), lit(amount.start()), lit(amount.length())));
    }
    Column good = struct(col("sort_key").as("sort_key"), col("value").as("value"), lit(null).cast("string").as("malformed"));
    Column bad =
        struct(concat(freshId, lpad(col("line_no").cast("string"), 10, "0")).as("sort_key"), corrupted.as("value"),
            kind.as("malformed"));
    Column copies =
        when(draws.chance("malformed.line", lit(config.rates().malformed()), ids, col("line_no"), col("delivery")),
                array(good, bad))
            .otherwise(array(good));
    return valid.select(col("delivery"), explode(copies).as("c"))
        .select(col("delivery"), lit(file.name()).as("file"), col("c.sort_key").as("sort_key"),
            col("c.value").as("value"), col("c.malformed").as("malformed"));
  }

  /** CCLF1, CCLF2 and CCLF4 lines from Part A claim versions x deliveries. */
  List<Dataset<Row>> partA(Dataset<Row> versions) {
    Dataset<Row> v =
        versions
            .withColumn("base_v", Claims.scaled(col("amount_cents")))
            .withColumn("ime_v", Claims.scaled(col("ime_cents")))
            .withColumn("dsh_v", Claims.scaled(col("dsh_cents")))
            .withColumn("uc_v", Claims.scaled(col("uc_cents")))
            .withColumn("pmt_v", col("base_v").plus(col("ime_v")).plus(col("dsh_v")).plus(col("uc_v")));
    Column kind = col("kind");
    Map<String, Column> common = new LinkedHashMap<>();
    common.put("CUR_CLM_UNIQ_ID", col("cur_clm_uniq_id"));
    common.put("BENE_MBI_ID", col("mbi"));
    common.put("CLM_TYPE_CD", col("clm_type_cd"));
    common.put("CLM_FROM_DT", col("from_dt"));
    common.put("CLM_THRU_DT", col("thru_dt"));

    Map<String, Column> h = new LinkedHashMap<>(common);
    h.put("PRVDR_OSCAR_NUM", col("ccn"));
    Column fac = lit(null).cast("string");
    Column cls = lit(null).cast("string");
    for (Claims.Kind k : List.of(Claims.Kind.IP, Claims.Kind.OP, Claims.Kind.SNF, Claims.Kind.HHA, Claims.Kind.HSP)) {
      fac = when(kind.equalTo(k.name()), lit(k.billFac)).otherwise(fac);
      cls = when(kind.equalTo(k.name()), lit(k.billClass)).otherwise(cls);
    }
    h.put("CLM_BILL_FAC_TYPE_CD", fac);
    h.put("CLM_BILL_CLSFCTN_CD", cls);
    h.put("PRNCPL_DGNS_CD", claims.diagnosis(lit(1)));
    h.put("ADMTG_DGNS_CD", when(kind.equalTo("IP"), claims.diagnosis(lit(1))));
    h.put("CLM_PMT_AMT", col("pmt_v"));
    h.put("PRVDR_FAC_FIPS_ST_CD", state2(col("state_id")));
    h.put("BENE_PTNT_STUS_CD", when(col("death_dt").isNotNull().and(col("death_dt").equalTo(col("thru_dt"))), lit("20")).otherwise(lit("01")));
    h.put("DGNS_DRG_CD", when(kind.equalTo("IP"), lpad(col("drg"), 4, "0")));
    h.put("FAC_PRVDR_NPI_NUM", col("fac_npi"));
    h.put("ATNDG_PRVDR_NPI_NUM", col("atnd_npi"));
    h.put("CLM_ADJSMT_TYPE_CD", col("adj_cd"));
    h.put("CLM_EFCTV_DT", col("efctv_dt"));
    h.put("CLM_IDR_LD_DT", col("idr_ld_dt"));
    h.put("CLM_ADMSN_TYPE_CD", when(kind.equalTo("IP"), lit("1")));
    h.put("CLM_ADMSN_SRC_CD", when(kind.equalTo("IP"), lit("1")));
    h.put("CLM_BILL_FREQ_CD", lit("1"));
    h.put("CLM_QUERY_CD", lit("3"));
    h.put("DGNS_PRCDR_ICD_IND", lit("0"));
    h.put("CLM_MDCR_INSTNL_TOT_CHRG_AMT", round(col("pmt_v").multiply(col("charge_factor"))).cast("long"));
    h.put("CLM_MDCR_IP_PPS_CPTL_IME_AMT", lit(0L));
    h.put("CLM_OPRTNL_IME_AMT", col("ime_v"));
    h.put("CLM_MDCR_IP_PPS_DSPRPRTNT_AMT", lit(0L));
    h.put("CLM_HIPPS_UNCOMPD_CARE_AMT", col("uc_v"));
    h.put("CLM_OPRTNL_DSPRPRTNT_AMT", col("dsh_v"));
    h.put("CLM_BLG_PRVDR_OSCAR_NUM", col("ccn"));
    h.put("CLM_BLG_PRVDR_NPI_NUM", col("fac_npi"));
    h.put("CLM_ATNDG_PRVDR_NPI_NUM", col("atnd_npi"));
    h.put("CLM_CNTL_NUM", cntlNum(col("claim_key")));
    h.put("CLM_CNTRCTR_NUM", concat(state2(col("state_id")), lit("001")));
    Dataset<Row> cclf1 = lines(v, CclfFile.CCLF1, h, lit(0));

    Dataset<Row> rev = v.withColumn("j", explode(sequence(lit(1), col("n_lines"))));
    Column j = col("j");
    Map<String, Column> r = new LinkedHashMap<>(common);
    r.put("CLM_LINE_NUM", j);
    r.put("CLM_LINE_FROM_DT", col("from_dt"));
    r.put("CLM_LINE_THRU_DT", col("thru_dt"));
    Column revCode = lit(null).cast("string");
    for (Claims.Kind k : List.of(Claims.Kind.IP, Claims.Kind.OP, Claims.Kind.SNF, Claims.Kind.HHA, Claims.Kind.HSP)) {
      revCode = when(kind.equalTo(k.name()), claims.pick(k.key + ".rev", "line.rev", col("claim_key"), j)).otherwise(revCode);
    }
    r.put("CLM_LINE_PROD_REV_CTR_CD", revCode);
    r.put("CLM_LINE_INSTNL_REV_CTR_DT", col("from_dt"));
    r.put("CLM_LINE_HCPCS_CD", when(kind.equalTo("OP"), claims.pick("op.hcpcs", "line.hcpcs", col("claim_key"), j)));
    r.put("PRVDR_OSCAR_NUM", col("ccn"));
    r.put("CLM_LINE_SRVC_UNIT_QTY", lit(10_000L));
    r.put("CLM_LINE_CVRD_PD_AMT", Claims.lineShare(col("pmt_v"), j, col("n_lines")));
    r.put("CLM_FAC_PRVDR_OSCAR_NUM", col("ccn"));
    Dataset<Row> cclf2 = lines(rev, CclfFile.CCLF2, r, j);

    Dataset<Row> dx = v.withColumn("j", explode(sequence(lit(1), col("n_dx"))));
    Map<String, Column> d = new LinkedHashMap<>(common);
    d.put("CLM_PROD_TYPE_CD", when(j.equalTo(1), lit("P")).otherwise(lit("D")));
    d.put("CLM_VAL_SQNC_NUM", j);
    d.put("CLM_DGNS_CD", claims.diagnosis(j));
    d.put("PRVDR_OSCAR_NUM", col("ccn"));
    d.put("CLM_POA_IND", when(kind.equalTo("IP"), lit("Y")));
    d.put("DGNS_PRCDR_ICD_IND", lit("0"));
    d.put("CLM_BLG_PRVDR_OSCAR_NUM", col("ccn"));
    Dataset<Row> cclf4 = lines(dx, CclfFile.CCLF4, d, j);
    return List.of(cclf1, cclf2, cclf4);
  }

  /** CCLF5 lines from carrier claim versions x deliveries. */
  Dataset<Row> carrier(Dataset<Row> versions, Providers providers) {
    Dataset<Row> v = versions.withColumn("j", explode(sequence(lit(1), col("n_lines"))));
    Column j = col("j");
    Column paid = Claims.lineShare(Claims.scaled(col("amount_cents")), j, col("n_lines"));
    double ratio = rules.number("carrier.paid_to_allowed");
    Column allowed =
        when(col("fixed_allowed_cents").isNotNull(), Claims.scaled(col("fixed_allowed_cents")))
            .otherwise(round(paid.divide(ratio)).cast("long"));
    Column role = col("role");
    Column addon =
        when(role.equalTo("PCP"), claims.pick("pcp.addon.hcpcs", "line.hcpcs", col("claim_key"), j))
            .when(role.equalTo("SPEC"), claims.pick("specialist.addon.hcpcs", "line.hcpcs", col("claim_key"), j))
            .otherwise(claims.pick("other.hcpcs", "line.hcpcs", col("claim_key"), j));
    Column spec = col("specialty");
    // visit claims carry the beneficiary-year's condition codes first (Conditions), then two filler codes
    Column dxList = org.apache.spark.sql.functions.concat(
        java.util.Arrays.asList(versions.columns()).contains("cond_dx") ? col("cond_dx") : array().cast("array<string>"),
        array(claims.diagnosis(lit(1)), claims.diagnosis(lit(2))));
    Map<String, Column> m = new LinkedHashMap<>();
    m.put("CUR_CLM_UNIQ_ID", col("cur_clm_uniq_id"));
    m.put("CLM_LINE_NUM", j);
    m.put("BENE_MBI_ID", col("mbi"));
    m.put("CLM_TYPE_CD", col("clm_type_cd"));
    m.put("CLM_FROM_DT", col("from_dt"));
    m.put("CLM_THRU_DT", col("thru_dt"));
    m.put("RNDRG_PRVDR_TYPE_CD", lit("1"));
    m.put("RNDRG_PRVDR_FIPS_ST_CD", state2(col("state_id")));
    m.put("CLM_PRVDR_SPCLTY_CD", spec);
    m.put("CLM_FED_TYPE_SRVC_CD", when(spec.equalTo("69"), lit("5")).when(spec.equalTo("30"), lit("4")).otherwise(lit("1")));
    m.put("CLM_POS_CD", when(spec.equalTo("69"), lit("81")).otherwise(lit("11")));
    m.put("CLM_LINE_FROM_DT", col("from_dt"));
    m.put("CLM_LINE_THRU_DT", col("thru_dt"));
    m.put("CLM_LINE_HCPCS_CD", when(j.equalTo(1), col("first_hcpcs")).otherwise(addon));
    m.put("CLM_LINE_CVRD_PD_AMT", paid);
    m.put("CLM_LINE_DGNS_CD", org.apache.spark.sql.functions.try_element_at(dxList, lit(1)));
    m.put("CLM_RNDRG_PRVDR_TAX_NUM", col("tin"));
    m.put("RNDRG_PRVDR_NPI_NUM", col("npi"));
    m.put("CLM_CARR_PMT_DNL_CD", lit("1"));
    m.put("CLM_PRCSG_IND_CD", lit("A"));
    m.put("CLM_ADJSMT_TYPE_CD", col("adj_cd"));
    m.put("CLM_EFCTV_DT", col("efctv_dt"));
    m.put("CLM_IDR_LD_DT", col("idr_ld_dt"));
    m.put("CLM_CNTL_NUM", cntlNum(col("claim_key")));
    m.put("CLM_LINE_ALOWD_CHRG_AMT", allowed);
    m.put("CLM_LINE_SRVC_UNIT_QTY", lit(10_000L));
    m.put("CLM_DISP_CD", dispCd());
    for (int i = 1; i <= 8; i++) {
      m.put("CLM_DGNS_" + i + "_CD", org.apache.spark.sql.functions.try_element_at(dxList, lit(i)));
    }
    m.put("DGNS_PRCDR_ICD_IND", lit("0"));
    m.put("CLM_RNDRG_PRVDR_NPI_NUM", col("npi"));
    m.put("CLM_RFRG_PRVDR_NPI_NUM", when(role.equalTo("OTHER"), providers.npi(col("pcp_org"), lit(0))));
    m.put("CLM_CNTRCTR_NUM", concat(state2(col("state_id")), lit("112")));
    return lines(v, CclfFile.CCLF5, m, j);
  }

  /** CCLF6 lines from DME claim versions x deliveries. */
  Dataset<Row> dme(Dataset<Row> versions) {
    Dataset<Row> v = versions.withColumn("j", explode(sequence(lit(1), col("n_lines"))));
    Column j = col("j");
    Column paid = Claims.lineShare(Claims.scaled(col("amount_cents")), j, col("n_lines"));
    Map<String, Column> m = new LinkedHashMap<>();
    m.put("CUR_CLM_UNIQ_ID", col("cur_clm_uniq_id"));
    m.put("CLM_LINE_NUM", j);
    m.put("BENE_MBI_ID", col("mbi"));
    m.put("CLM_TYPE_CD", col("clm_type_cd"));
    m.put("CLM_FROM_DT", col("from_dt"));
    m.put("CLM_THRU_DT", col("thru_dt"));
    m.put("CLM_FED_TYPE_SRVC_CD", lit("R"));
    m.put("CLM_POS_CD", lit("12"));
    m.put("CLM_LINE_FROM_DT", col("from_dt"));
    m.put("CLM_LINE_THRU_DT", col("thru_dt"));
    m.put("CLM_LINE_HCPCS_CD", claims.pick("dme.hcpcs", "line.hcpcs", col("claim_key"), j));
    m.put("CLM_LINE_CVRD_PD_AMT", paid);
    m.put("PAYTO_PRVDR_NPI_NUM", col("supplier_npi"));
    m.put("ORDRG_PRVDR_NPI_NUM", col("ordering_npi"));
    m.put("CLM_CARR_PMT_DNL_CD", lit("1"));
    m.put("CLM_PRCSG_IND_CD", lit("A"));
    m.put("CLM_ADJSMT_TYPE_CD", col("adj_cd"));
    m.put("CLM_EFCTV_DT", col("efctv_dt"));
    m.put("CLM_IDR_LD_DT", col("idr_ld_dt"));
    m.put("CLM_CNTL_NUM", cntlNum(col("claim_key")));
    m.put("CLM_LINE_ALOWD_CHRG_AMT", round(paid.divide(rules.number("carrier.paid_to_allowed"))).cast("long"));
    m.put("CLM_DISP_CD", dispCd());
    m.put("CLM_BLG_PRVDR_NPI_NUM", col("supplier_npi"));
    m.put("CLM_RFRG_PRVDR_NPI_NUM", col("ordering_npi"));
    return lines(v, CclfFile.CCLF6, m, j);
  }

  /** Whether a line has its file's record length (used by the manifest's checks). */
  static Column hasLength(Column value, int recordLength) {
    return length(value).equalTo(recordLength);
  }
}
