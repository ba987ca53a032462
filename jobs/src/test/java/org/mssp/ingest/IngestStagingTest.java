package org.mssp.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mssp.ingest.CclfFixtures.fields;
import static org.mssp.ingest.CclfFixtures.line;
import static org.mssp.ingest.CclfFixtures.partA;

import java.math.BigDecimal;
import java.sql.Date;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.mssp.common.cclf.CclfFile;
import org.mssp.testsupport.DataFrameAssert;
import org.mssp.testsupport.SharedSpark;

/** raw → stg: layout-driven typing and one test per quarantine rule. */
class IngestStagingTest {
  private final SparkSession spark = SharedSpark.session();

  private EvaluatedLines evaluate(CclfFile file, List<String> lines) {
    return CclfStaging.evaluate(CclfFixtures.rawLines(spark, "F1", file.name(), lines), file);
  }

  @Test
  void typesFieldsFromTheLayoutAndNullsNoDateValues() {
    String good =
        line(
            CclfFile.CCLF1,
            fields(
                "CUR_CLM_UNIQ_ID", "0000000000042", "BENE_MBI_ID", "1AA0AA0AA00", "CLM_TYPE_CD", "60",
                "CLM_FROM_DT", "2018-01-03", "CLM_THRU_DT", "9999-12-31", "CLM_PMT_AMT", "-1234.56",
                "CLM_ADJSMT_TYPE_CD", "0", "CLM_EFCTV_DT", "1000-01-01", "PRVDR_OSCAR_NUM", "  12AB",
                "CLM_MDCR_INSTNL_TOT_CHRG_AMT", "99999999999.99"));
    Dataset<Row> stg = CclfStaging.accepted(evaluate(CclfFile.CCLF1, List.of(good)), CclfFile.CCLF1, "run1");
    Row r =
        stg.select(
                "cur_clm_uniq_id", "bene_mbi_id", "clm_from_dt", "clm_thru_dt", "clm_pmt_amt",
                "clm_efctv_dt", "prvdr_oscar_num", "clm_mdcr_instnl_tot_chrg_amt", "clm_bill_freq_cd",
                "line_number", "source_file", "run_id")
            .first();
    assertThat(r.getString(0)).isEqualTo("0000000000042");
    assertThat(r.getString(1)).isEqualTo("1AA0AA0AA00");
    assertThat(r.getDate(2)).isEqualTo(Date.valueOf("2018-01-03"));
    assertThat(r.get(3)).isNull();
    assertThat(r.getDecimal(4)).isEqualByComparingTo(new BigDecimal("-1234.56"));
    assertThat(r.getDecimal(4).scale()).isEqualTo(2);
    assertThat(r.get(5)).isNull();
    assertThat(r.getString(6)).isEqualTo("12AB");
    assertThat(r.getDecimal(7)).isEqualTo(new BigDecimal("99999999999.99"));
    assertThat(r.get(8)).isNull();
    assertThat(r.getLong(9)).isEqualTo(1L);
    assertThat(r.getString(10)).isEqualTo("F1");
    assertThat(r.getString(11)).isEqualTo("run1");
    assertThat(stg.schema().apply("clm_pmt_amt").dataType().simpleString()).isEqualTo("decimal(15,2)");
  }

  @Test
  void aLineWithNonAsciiTextIsSlicedByCharacterLikeAnAsciiLine() {
    // Fields are sliced from the line's bytes when it is all ASCII; a Latin-1 character (one
    // byte in the file, two in Spark's UTF-8 strings) must not shift the fields after it.
    String accented =
        line(
            CclfFile.CCLF1,
            fields(
                "CUR_CLM_UNIQ_ID", "0000000000042", "PRVDR_OSCAR_NUM", "\u00d1\u00c912A",
                "BENE_MBI_ID", "1AA0AA0AA00", "CLM_TYPE_CD", "60", "CLM_FROM_DT", "2018-01-03",
                "CLM_PMT_AMT", "-1234.56", "CLM_ADJSMT_TYPE_CD", "0"));
    String ascii = accented.replace("\u00d1\u00c9", "NE");
    Dataset<Row> stg =
        CclfStaging.accepted(evaluate(CclfFile.CCLF1, List.of(accented, ascii)), CclfFile.CCLF1, "run1");
    List<Row> rows =
        stg.orderBy("line_number")
            .select("prvdr_oscar_num", "bene_mbi_id", "clm_type_cd", "clm_from_dt", "clm_pmt_amt")
            .collectAsList();
    assertThat(rows).hasSize(2);
    assertThat(rows.get(0).getString(0)).isEqualTo("\u00d1\u00c912A");
    assertThat(rows.get(1).getString(0)).isEqualTo("NE12A");
    for (Row r : rows) {
      assertThat(r.getString(1)).isEqualTo("1AA0AA0AA00");
      assertThat(r.getString(2)).isEqualTo("60");
      assertThat(r.getDate(3)).isEqualTo(Date.valueOf("2018-01-03"));
      assertThat(r.getDecimal(4)).isEqualByComparingTo(new BigDecimal("-1234.56"));
    }
  }

  @Test
  void eachMalformedLineIsQuarantinedWithItsRuleFieldAndLineNumber() {
    String good = partA("0000000000001", "1AA0AA0AA00", "330001", "2018-01-01", "2018-01-05", "0", "2018-01-20", "100.00");
    List<String> lines =
        List.of(
            good,
            good.substring(0, 200), // truncated: wrong record length
            good + "X", // too long
            partA("0000000000003", "1AA0AA0AA00", "330001", "2018-01-01", "2018-01-05", "0", "2018-01-20", "12A.00"),
            partA("0000000000004", "1AA0AA0AA00", "330001", "2018-02-30", "2018-01-05", "0", "2018-01-20", "1.00"),
            partA("00000000000X5", "1AA0AA0AA00", "330001", "2018-01-01", "2018-01-05", "0", "2018-01-20", "1.00"),
            partA("0000000000006", "1AA0AA0AA00", "330001", "2018-01-01", "2018-01-05", "7", "2018-01-20", "1.00"),
            partA("", "1AA0AA0AA00", "330001", "2018-01-01", "2018-01-05", "0", "2018-01-20", "1.00"),
            line(CclfFile.CCLF1, fields("CUR_CLM_UNIQ_ID", "0000000000008", "BENE_MBI_ID", "1AA0AA0AA00", "CLM_TYPE_CD", "71")));
    EvaluatedLines evaluated = evaluate(CclfFile.CCLF1, lines);
    Dataset<Row> q = CclfStaging.quarantined(evaluated, CclfFile.CCLF1, "run1");
    Dataset<Row> expected =
        spark.createDataFrame(
            List.of(
                org.apache.spark.sql.RowFactory.create(2L, "record_length", null),
                org.apache.spark.sql.RowFactory.create(3L, "record_length", null),
                org.apache.spark.sql.RowFactory.create(4L, "amount", "CLM_PMT_AMT"),
                org.apache.spark.sql.RowFactory.create(5L, "date", "CLM_FROM_DT"),
                org.apache.spark.sql.RowFactory.create(6L, "digits", "CUR_CLM_UNIQ_ID"),
                org.apache.spark.sql.RowFactory.create(7L, "adjustment_type", "CLM_ADJSMT_TYPE_CD"),
                org.apache.spark.sql.RowFactory.create(8L, "required", "CUR_CLM_UNIQ_ID"),
                org.apache.spark.sql.RowFactory.create(9L, "claim_type", "CLM_TYPE_CD")),
            q.select("line_number", "rule", "field").schema());
    DataFrameAssert.assertSameRows(expected, q.select("line_number", "rule", "field"));
    assertThat(CclfStaging.accepted(evaluated, CclfFile.CCLF1, "run1").count()).isEqualTo(1);
    List<String> messages =
        q.orderBy("line_number").select("message").as(org.apache.spark.sql.Encoders.STRING()).collectAsList();
    assertThat(messages.get(0)).isEqualTo("F1, line 2: record length must be 437 (rule record_length), found length 200");
    assertThat(messages.get(2))
        .startsWith("F1, line 4, field CLM_PMT_AMT: CLM_PMT_AMT must be a signed decimal")
        .endsWith("(rule amount), found '12A.00           '");
    assertThat(messages.get(7)).contains("line 9, field CLM_TYPE_CD: CLM_TYPE_CD must be one of [10, 20, 30, 40, 50, 60, 61]")
        .endsWith("found '71'");
    Row raw = q.filter("line_number = 4").select("raw_line", "run_id", "file_type").first();
    assertThat(raw.getString(0)).isEqualTo(lines.get(3));
    assertThat(raw.getString(1)).isEqualTo("run1");
    assertThat(raw.getString(2)).isEqualTo("CCLF1");
  }

  @Test
  void partBClaimTypeRuleUsesTheCarrierCodes() {
    String ok = CclfFixtures.partB("0000000000010", "1", "1AA0AA0AA00", "C1", "0", "2018-03-10", "50.00");
    String dme = ok.substring(0, 45) + "81" + ok.substring(47);
    Dataset<Row> q = CclfStaging.quarantined(evaluate(CclfFile.CCLF5, List.of(ok, dme)), CclfFile.CCLF5, "r");
    assertThat(q.select("line_number", "rule").collectAsList().toString()).isEqualTo("[[2,claim_type]]");
  }

  @Test
  void mbsfLinesAreCheckedPerFieldAndTheHeaderMustMatch() {
    String good = CclfFixtures.mbsfRow("1AA0AA0AA00", 2018, "3", "0", "10", "NA");
    String badHmo = good.replace(",0,0,0,0,0,0,0,0,0,0,0,0,10,", ",0,0,0,0,0,0,0,0,0,0,0,X,10,");
    String header = String.join(",", IngestTables.MBSF_HEADER);
    List<String> lines = List.of(header, good, badHmo, "1AA0AA0AA01,2018,short", CclfFixtures.mbsfRow("1AA0AA0AA02", 2017, "3", "0", "10", "NA"));
    EvaluatedLines evaluated = MbsfStaging.evaluate(CclfFixtures.rawLines(spark, "mbsf_2018.csv", "MBSF", lines), 2018);
    Dataset<Row> q = MbsfStaging.quarantined(evaluated, "r").orderBy("line_number");
    assertThat(q.select("line_number", "rule", "field").collectAsList().toString())
        .isEqualTo("[[3,code,HMO_IND_12], [4,field_count,null], [5,year,RFRNC_YR]]");
    assertThat(q.select("message").as(org.apache.spark.sql.Encoders.STRING()).collectAsList()).containsExactly(
        "mbsf_2018.csv, line 3, field HMO_IND_12: HMO_IND_12 must be one of [0, 1, 2, 4, A, B, C] (rule code), found 'X'",
        "mbsf_2018.csv, line 4: line must have 66 comma-separated fields (rule field_count), found 3 fields",
        "mbsf_2018.csv, line 5, field RFRNC_YR: RFRNC_YR must be 2018, the year in the file name (rule year), found '2017'");
    assertThat(MbsfStaging.accepted(evaluated, "r").select("bene_mbi_id", "rfrnc_yr").collectAsList().toString())
        .isEqualTo("[[1AA0AA0AA00,2018]]");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> MbsfStaging.checkHeader("mbsf_2018.csv", "BENE_MBI_ID,RFRNC_YR"))
        .hasMessageStartingWith("Cannot read mbsf_2018.csv, line 1: header does not match the MBSF-style column list (missing [BENE_BIRTH_DT");
  }
}
