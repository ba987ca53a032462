package org.mssp.ingest;

import java.util.Locale;
import org.mssp.common.cclf.CclfField;

/** Column names the ingest tables share; CCLF field columns are the layout names in snake case. */
public final class IngestColumns {
  private IngestColumns() {}

  // Lineage, on every stg and final row.
  /** CMS file name of the delivered file, without folder or compression suffix. */
  public static final String SOURCE_FILE = "source_file";
  /** CMS name of the delivery (the archive name without {@code .zip}), or the enrollment file name. */
  public static final String DELIVERY = "delivery";
  /** MONTHLY, RUNOUT, WEEKLY, or ENROLLMENT for the MBSF-style file. */
  public static final String DELIVERY_KIND = "delivery_kind";
  /** The {@code D} date of the delivery; for enrollment files 31 December of the year. */
  public static final String DELIVERY_DATE = "delivery_date";
  /** 1-based line number in the (decompressed) file. */
  public static final String LINE_NUMBER = "line_number";
  /** The ingest run that wrote the row. */
  public static final String RUN_ID = "run_id";

  // Raw and quarantine columns.
  /** Which CCLF file (CCLF1 ...) or MBSF. */
  public static final String FILE_TYPE = "file_type";
  /** The line as read, without its line end. */
  public static final String RAW_LINE = "raw_line";
  /** Quality rule that failed. */
  public static final String RULE = "rule";
  /** Field that rule checks, null for whole-line rules. */
  public static final String FIELD = "field";
  /** Message naming file, line, field and rule. */
  public static final String MESSAGE = "message";

  // Claims.
  /** Current MBI (after the CCLF9 crosswalk) on claim and beneficiary tables. */
  public static final String BENE_MBI_ID = "bene_mbi_id";
  /** MBI as delivered on the claim line, before the crosswalk. */
  public static final String SOURCE_BENE_MBI_ID = "source_bene_mbi_id";
  public static final String CUR_CLM_UNIQ_ID = "cur_clm_uniq_id";
  public static final String CLM_LINE_NUM = "clm_line_num";
  public static final String CLM_ADJSMT_TYPE_CD = "clm_adjsmt_type_cd";
  public static final String CLM_EFCTV_DT = "clm_efctv_dt";
  public static final String CLM_TYPE_CD = "clm_type_cd";

  // Crosswalk.
  public static final String PREVIOUS_MBI = "previous_mbi";
  public static final String CURRENT_MBI = "current_mbi";

  /** The stg column of a CCLF field: its layout name in lower case, e.g. {@code clm_pmt_amt}. */
  public static String of(CclfField field) {
    return field.name().toLowerCase(Locale.ROOT);
  }

  /** The stg column of a CCLF field name. */
  public static String of(String fieldName) {
    return fieldName.toLowerCase(Locale.ROOT);
  }
}
