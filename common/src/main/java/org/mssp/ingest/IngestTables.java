package org.mssp.ingest;

import static org.mssp.ingest.IngestColumns.BENE_MBI_ID;
import static org.mssp.ingest.IngestColumns.CLM_LINE_NUM;
import static org.mssp.ingest.IngestColumns.CUR_CLM_UNIQ_ID;
import static org.mssp.ingest.IngestColumns.CURRENT_MBI;
import static org.mssp.ingest.IngestColumns.DELIVERY;
import static org.mssp.ingest.IngestColumns.DELIVERY_DATE;
import static org.mssp.ingest.IngestColumns.DELIVERY_KIND;
import static org.mssp.ingest.IngestColumns.FIELD;
import static org.mssp.ingest.IngestColumns.FILE_TYPE;
import static org.mssp.ingest.IngestColumns.LINE_NUMBER;
import static org.mssp.ingest.IngestColumns.MESSAGE;
import static org.mssp.ingest.IngestColumns.PREVIOUS_MBI;
import static org.mssp.ingest.IngestColumns.RAW_LINE;
import static org.mssp.ingest.IngestColumns.RULE;
import static org.mssp.ingest.IngestColumns.RUN_ID;
import static org.mssp.ingest.IngestColumns.SOURCE_BENE_MBI_ID;
import static org.mssp.ingest.IngestColumns.SOURCE_FILE;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.mssp.common.cclf.CclfField;
import org.mssp.common.cclf.CclfFile;
import org.mssp.common.cclf.CclfLayout;
import org.mssp.common.schema.TableSpec;

/**
 * The contracts of every table {@code aco ingest} writes: the {@code stg} tables (one per CCLF
 * file, generated from the layout data, plus the MBSF-style enrollment file), the final tables
 * later stages read, and the ingest bookkeeping tables (quarantine, per-file metrics, deliveries).
 */
public final class IngestTables {
  private IngestTables() {}

  /** Lineage columns carried by every stg row, in output order. */
  public static final List<StructField> LINEAGE =
      List.of(
          DataTypes.createStructField(SOURCE_FILE, DataTypes.StringType, false),
          DataTypes.createStructField(DELIVERY, DataTypes.StringType, false),
          DataTypes.createStructField(DELIVERY_KIND, DataTypes.StringType, false),
          DataTypes.createStructField(DELIVERY_DATE, DataTypes.DateType, false),
          DataTypes.createStructField(LINE_NUMBER, DataTypes.LongType, false),
          DataTypes.createStructField(RUN_ID, DataTypes.StringType, false));

  private static final List<String> LINE_KEY = List.of(SOURCE_FILE, LINE_NUMBER);
  private static final Map<CclfFile, TableSpec> STG = stgSpecs();

  /** The Spark type of a CCLF field, from its parse kind. */
  public static DataType typeOf(CclfField f) {
    return switch (f.kind()) {
      case DIGITS, TEXT -> DataTypes.StringType;
      case DATE -> DataTypes.DateType;
      case AMOUNT, QUANTITY -> DataTypes.createDecimalType(f.precision(), f.scale());
    };
  }

  /**
   * {@code stg_cclf<n>}. Grain: one row per accepted line of a delivered CCLF file. Key: source
   * file × line number. Columns: every layout field (snake case, typed from its picture), then the
   * lineage columns.
   */
  public static TableSpec stg(CclfFile file) {
    TableSpec spec = STG.get(file);
    if (spec == null) {
      throw new IllegalArgumentException(file + " has no stg table");
    }
    return spec;
  }

  private static Map<CclfFile, TableSpec> stgSpecs() {
    Map<CclfFile, TableSpec> specs = new EnumMap<>(CclfFile.class);
    for (Map.Entry<CclfFile, CclfLayout> e : CclfLayout.all().entrySet()) {
      List<StructField> fields = new ArrayList<>();
      for (CclfField f : e.getValue().fields()) {
        fields.add(DataTypes.createStructField(IngestColumns.of(f), typeOf(f), true));
      }
      fields.addAll(LINEAGE);
      specs.put(
          e.getKey(),
          new TableSpec(
              "stg_" + e.getKey().tableName(),
              "one row per accepted line of a delivered " + e.getKey() + " file",
              DataTypes.createStructType(fields),
              LINE_KEY,
              List.of()));
    }
    return specs;
  }

  // ---------------------------------------------------------------- enrollment (MBSF-style)

  /** Monthly columns of the MBSF-style enrollment file, without the {@code _01} month suffix. */
  public static final List<String> MBSF_MONTHLY =
      List.of(
          "STATE_CNTY_FIPS_CD",
          "MDCR_ENTLMT_BUYIN_IND",
          "HMO_IND",
          "MDCR_STUS_CD",
          "DUAL_STUS_CD");

  /** Header of the MBSF-style file, in order (docs/input-formats.md). */
  public static final List<String> MBSF_HEADER = mbsfHeader();

  private static List<String> mbsfHeader() {
    List<String> h = new ArrayList<>(
        List.of(
            "BENE_MBI_ID",
            "RFRNC_YR",
            "BENE_BIRTH_DT",
            "BENE_SEX_CD",
            "BENE_DEATH_DT",
            "BENE_ORGNL_ENTLMT_RSN_CD"));
    for (String m : MBSF_MONTHLY) {
      for (int month = 1; month <= 12; month++) {
        h.add(monthly(m, month));
      }
    }
    return List.copyOf(h);
  }

  /** The MBSF column of a monthly field for month 1-12, e.g. {@code HMO_IND_03}. */
  public static String monthly(String field, int month) {
    return String.format(Locale.ROOT, "%s_%02d", field, month);
  }

  /**
   * {@code stg_mbsf}. Grain: one row per accepted line of an {@code enrollment/mbsf_<year>.csv}
   * file (one beneficiary × year). Key: source file × line number.
   */
  public static final TableSpec STG_MBSF = stgMbsf();

  private static TableSpec stgMbsf() {
    List<StructField> fields = new ArrayList<>();
    for (String c : MBSF_HEADER) {
      DataType t =
          switch (c) {
            case "RFRNC_YR" -> DataTypes.IntegerType;
            case "BENE_BIRTH_DT", "BENE_DEATH_DT" -> DataTypes.DateType;
            default -> DataTypes.StringType;
          };
      fields.add(DataTypes.createStructField(IngestColumns.of(c), t, true));
    }
    fields.addAll(LINEAGE);
    return new TableSpec(
        "stg_mbsf",
        "one row per accepted line of an MBSF-style enrollment file (beneficiary × year)",
        DataTypes.createStructType(fields),
        LINE_KEY,
        List.of());
  }

  // ---------------------------------------------------------------- final tables

  /** A final claim table: the stg columns with the current MBI, plus the MBI as delivered. */
  private static TableSpec finalClaims(CclfFile file, String name, String grain, List<String> key) {
    List<StructField> fields = new ArrayList<>();
    for (StructField f : stg(file).schema().fields()) {
      // Key columns are declared non-null so the key check rejects nulls in them.
      fields.add(key.contains(f.name()) ? DataTypes.createStructField(f.name(), f.dataType(), false) : f);
      if (f.name().equals(BENE_MBI_ID)) {
        fields.add(DataTypes.createStructField(SOURCE_BENE_MBI_ID, DataTypes.StringType, true));
      }
    }
    return new TableSpec(name, grain, DataTypes.createStructType(fields), key, List.of());
  }

  /**
   * {@code part_a_claim_header}. Grain: one row per final-action Part A claim (CCLF1 claim version
   * left after cancellations are paired off, claims-formats.md §1.6). Key: cur_clm_uniq_id.
   * {@code bene_mbi_id} is the current MBI.
   */
  public static final TableSpec PART_A_CLAIM_HEADER =
      finalClaims(
          CclfFile.CCLF1,
          "part_a_claim_header",
          "one row per final-action Part A claim",
          List.of(CUR_CLM_UNIQ_ID));

  /**
   * {@code part_a_claim_revenue_line}. Grain: one row per revenue-center line (CCLF2) of a
   * final-action Part A claim. Key: cur_clm_uniq_id × clm_line_num.
   */
  public static final TableSpec PART_A_CLAIM_REVENUE_LINE =
      finalClaims(
          CclfFile.CCLF2,
          "part_a_claim_revenue_line",
          "one row per revenue-center line of a final-action Part A claim",
          List.of(CUR_CLM_UNIQ_ID, CLM_LINE_NUM));

  /**
   * {@code part_a_claim_diagnosis}. Grain: one row per diagnosis code (CCLF4) of a final-action
   * Part A claim. Key: cur_clm_uniq_id × clm_prod_type_cd × clm_val_sqnc_num.
   */
  public static final TableSpec PART_A_CLAIM_DIAGNOSIS =
      finalClaims(
          CclfFile.CCLF4,
          "part_a_claim_diagnosis",
          "one row per diagnosis of a final-action Part A claim",
          List.of(CUR_CLM_UNIQ_ID, "clm_prod_type_cd", "clm_val_sqnc_num"));

  /**
   * {@code part_b_physician_line}. Grain: one row per final-action Part B physician/supplier line
   * (CCLF5). Key: cur_clm_uniq_id × clm_line_num.
   */
  public static final TableSpec PART_B_PHYSICIAN_LINE =
      finalClaims(
          CclfFile.CCLF5,
          "part_b_physician_line",
          "one row per final-action Part B physician line",
          List.of(CUR_CLM_UNIQ_ID, CLM_LINE_NUM));

  /**
   * {@code part_b_dme_line}. Grain: one row per final-action Part B DME line (CCLF6). Key:
   * cur_clm_uniq_id × clm_line_num.
   */
  public static final TableSpec PART_B_DME_LINE =
      finalClaims(
          CclfFile.CCLF6,
          "part_b_dme_line",
          "one row per final-action Part B DME line",
          List.of(CUR_CLM_UNIQ_ID, CLM_LINE_NUM));

  /**
   * {@code beneficiary_mbi_xref}. Grain: one row per MBI that was ever replaced. Key: previous_mbi.
   * current_mbi is the end of the CCLF9 chain (resolved transitively).
   */
  public static final TableSpec BENEFICIARY_MBI_XREF =
      new TableSpec(
          "beneficiary_mbi_xref",
          "one row per replaced MBI",
          DataTypes.createStructType(
              List.of(
                  DataTypes.createStructField(PREVIOUS_MBI, DataTypes.StringType, false),
                  DataTypes.createStructField(CURRENT_MBI, DataTypes.StringType, false),
                  DataTypes.createStructField("prvs_id_efctv_dt", DataTypes.DateType, true),
                  DataTypes.createStructField("prvs_id_obslt_dt", DataTypes.DateType, true),
                  DataTypes.createStructField(SOURCE_FILE, DataTypes.StringType, false),
                  DataTypes.createStructField(DELIVERY_DATE, DataTypes.DateType, false),
                  DataTypes.createStructField(LINE_NUMBER, DataTypes.LongType, false))),
          List.of(PREVIOUS_MBI),
          List.of());

  /**
   * {@code beneficiary}. Grain: one row per beneficiary (current MBI): the latest CCLF8 record
   * delivered for any of its MBIs. Key: bene_mbi_id.
   */
  public static final TableSpec BENEFICIARY =
      finalClaims(CclfFile.CCLF8, "beneficiary", "one row per beneficiary (current MBI)", List.of(BENE_MBI_ID));

  /**
   * {@code beneficiary_month}. Grain: one row per beneficiary (current MBI) × calendar month in
   * which the MBSF-style file lists the beneficiary. Key: bene_mbi_id × year × month.
   */
  public static final TableSpec BENEFICIARY_MONTH =
      new TableSpec(
          "beneficiary_month",
          "one row per beneficiary (current MBI) × calendar month of an MBSF year",
          DataTypes.createStructType(
              List.of(
                  DataTypes.createStructField(BENE_MBI_ID, DataTypes.StringType, false),
                  DataTypes.createStructField("year", DataTypes.IntegerType, false),
                  DataTypes.createStructField("month", DataTypes.IntegerType, false),
                  DataTypes.createStructField(SOURCE_BENE_MBI_ID, DataTypes.StringType, false),
                  DataTypes.createStructField("birth_date", DataTypes.DateType, true),
                  DataTypes.createStructField("death_date", DataTypes.DateType, true),
                  DataTypes.createStructField("sex_code", DataTypes.StringType, true),
                  DataTypes.createStructField("orec", DataTypes.StringType, true),
                  DataTypes.createStructField("state_county_fips", DataTypes.StringType, true),
                  DataTypes.createStructField("buyin_code", DataTypes.StringType, true),
                  DataTypes.createStructField("hmo_code", DataTypes.StringType, true),
                  DataTypes.createStructField("medicare_status_code", DataTypes.StringType, true),
                  DataTypes.createStructField("dual_status_code", DataTypes.StringType, true),
                  DataTypes.createStructField("part_a", DataTypes.BooleanType, false),
                  DataTypes.createStructField("part_b", DataTypes.BooleanType, false),
                  DataTypes.createStructField("state_buyin", DataTypes.BooleanType, false),
                  DataTypes.createStructField("medicare_advantage_or_group", DataTypes.BooleanType, false),
                  DataTypes.createStructField("esrd", DataTypes.BooleanType, false),
                  DataTypes.createStructField("dual_status", DataTypes.StringType, false),
                  DataTypes.createStructField("enrollment_type", DataTypes.StringType, true),
                  DataTypes.createStructField("ffs_part_a_and_b", DataTypes.BooleanType, false),
                  DataTypes.createStructField(SOURCE_FILE, DataTypes.StringType, false),
                  DataTypes.createStructField(LINE_NUMBER, DataTypes.LongType, false))),
          List.of(BENE_MBI_ID, "year", "month"),
          List.of());

  // ---------------------------------------------------------------- bookkeeping

  /**
   * {@code ingest_quarantine}. Grain: one row per rejected input line (its first failed rule).
   * Key: source file × line number.
   */
  public static final TableSpec QUARANTINE =
      new TableSpec(
          "ingest_quarantine",
          "one row per rejected input line",
          DataTypes.createStructType(
              List.of(
                  DataTypes.createStructField(SOURCE_FILE, DataTypes.StringType, false),
                  DataTypes.createStructField(LINE_NUMBER, DataTypes.LongType, false),
                  DataTypes.createStructField(FILE_TYPE, DataTypes.StringType, false),
                  DataTypes.createStructField(DELIVERY, DataTypes.StringType, false),
                  DataTypes.createStructField(RULE, DataTypes.StringType, false),
                  DataTypes.createStructField(FIELD, DataTypes.StringType, true),
                  DataTypes.createStructField(MESSAGE, DataTypes.StringType, false),
                  DataTypes.createStructField(RAW_LINE, DataTypes.StringType, false),
                  DataTypes.createStructField(RUN_ID, DataTypes.StringType, false))),
          LINE_KEY,
          List.of());

  /**
   * {@code ingest_file_metrics}. Grain: one row per ingest run × input file. Key: run_id × source
   * file. Invariant: lines_read = lines_accepted + lines_quarantined.
   */
  public static final TableSpec FILE_METRICS =
      new TableSpec(
          "ingest_file_metrics",
          "one row per ingest run × input file",
          DataTypes.createStructType(
              List.of(
                  DataTypes.createStructField(RUN_ID, DataTypes.StringType, false),
                  DataTypes.createStructField(SOURCE_FILE, DataTypes.StringType, false),
                  DataTypes.createStructField(FILE_TYPE, DataTypes.StringType, false),
                  DataTypes.createStructField(DELIVERY, DataTypes.StringType, false),
                  DataTypes.createStructField("lines_read", DataTypes.LongType, false),
                  DataTypes.createStructField("lines_accepted", DataTypes.LongType, false),
                  DataTypes.createStructField("lines_quarantined", DataTypes.LongType, false),
                  DataTypes.createStructField("cclf0_record_count", DataTypes.LongType, true),
                  DataTypes.createStructField("reconciled", DataTypes.BooleanType, false))),
          List.of(RUN_ID, SOURCE_FILE),
          List.of());

  /**
   * {@code ingest_delivery}. Grain: one row per ingested delivery (or enrollment file). Key:
   * delivery. A delivery listed here with the same fingerprint is skipped by later runs, so
   * ingesting it again changes no table.
   */
  public static final TableSpec DELIVERIES =
      new TableSpec(
          "ingest_delivery",
          "one row per ingested delivery or enrollment file",
          DataTypes.createStructType(
              List.of(
                  DataTypes.createStructField(DELIVERY, DataTypes.StringType, false),
                  DataTypes.createStructField(DELIVERY_KIND, DataTypes.StringType, false),
                  DataTypes.createStructField(DELIVERY_DATE, DataTypes.DateType, false),
                  DataTypes.createStructField("fingerprint", DataTypes.StringType, false),
                  DataTypes.createStructField("file_count", DataTypes.IntegerType, false),
                  DataTypes.createStructField("lines_read", DataTypes.LongType, false),
                  DataTypes.createStructField(RUN_ID, DataTypes.StringType, false))),
          List.of(DELIVERY),
          List.of());
}
