package org.mssp.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mssp.ingest.CclfFixtures.partA;
import static org.mssp.ingest.CclfFixtures.partB;
import static org.mssp.ingest.CclfFixtures.stg;

import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.mssp.common.cclf.CclfFile;
import org.mssp.testsupport.SharedSpark;

/** Final action (claims-formats.md §1.6): one rule per test, claim ids name the case. */
class IngestFinalActionTest {
  private final SparkSession spark = SharedSpark.session();
  private static final String MBI = "1AA0AA0AA00";
  private static final String CCN = "330001";

  private Dataset<Row> noXref() {
    return spark.createDataFrame(List.of(), IngestTables.BENEFICIARY_MBI_XREF.schema());
  }

  private List<String> finalIds(Dataset<Row> df) {
    return df.select(IngestColumns.CUR_CLM_UNIQ_ID).orderBy(IngestColumns.CUR_CLM_UNIQ_ID).as(Encoders.STRING()).collectAsList();
  }

  private static String a(String id, String adj, String efctv, String amount) {
    return partA(id, MBI, CCN, "2018-01-01", "2018-01-05", adj, efctv, amount);
  }

  @Test
  void cancellationRemovesItselfAndItsOriginal() {
    Dataset<Row> stg1 =
        stg(spark, CclfFile.CCLF1,
            "2018-02-15", a("0000000000101", "0", "2018-01-10", "500.00"),
            "2018-03-15", a("0000000000102", "1", "2018-02-10", "500.00"));
    assertThat(finalIds(FinalClaims.partAHeaders(stg1, noXref()).rows())).isEmpty();
  }

  @Test
  void adjustmentChainLeavesTheLastAdjustment() {
    // original 100 → cancelled, adjusted to 120 → cancelled, adjusted to 130
    Dataset<Row> stg1 =
        stg(spark, CclfFile.CCLF1,
            "2018-02-15", a("0000000000201", "0", "2018-01-10", "100.00"),
            "2018-03-15", a("0000000000202", "1", "2018-02-10", "100.00"),
            "2018-03-15", a("0000000000203", "2", "2018-02-10", "120.00"),
            "2018-04-15", a("0000000000204", "1", "2018-03-10", "120.00"),
            "2018-04-15", a("0000000000205", "2", "2018-03-10", "130.00"));
    assertThat(finalIds(FinalClaims.partAHeaders(stg1, noXref()).rows())).containsExactly("0000000000205");
  }

  @Test
  void cancellationPairsWithTheOldestClaimOfTheSameAmount() {
    // Two originals of 100 in one related set and one cancellation: the older one goes, a third
    // claim of another amount in the set stays final too (a set may hold more than one final).
    Dataset<Row> stg1 =
        stg(spark, CclfFile.CCLF1,
            "2018-02-15", a("0000000000302", "0", "2018-01-12", "100.00"),
            "2018-02-15", a("0000000000301", "0", "2018-01-10", "100.00"),
            "2018-02-15", a("0000000000303", "0", "2018-01-10", "75.00"),
            "2018-03-15", a("0000000000304", "1", "2018-02-10", "100.00"));
    assertThat(finalIds(FinalClaims.partAHeaders(stg1, noXref()).rows())).containsExactly("0000000000302", "0000000000303");
  }

  @Test
  void unmatchedCancellationIsNeverFinal() {
    Dataset<Row> stg1 =
        stg(spark, CclfFile.CCLF1,
            "2018-02-15", a("0000000000401", "0", "2018-01-10", "100.00"),
            "2018-03-15", a("0000000000402", "1", "2018-02-10", "90.00"));
    assertThat(finalIds(FinalClaims.partAHeaders(stg1, noXref()).rows())).containsExactly("0000000000401");
  }

  @Test
  void reDeliveredClaimVersionIsKeptOnceFromTheLatestDelivery() {
    String v = a("0000000000501", "0", "2018-01-10", "100.00");
    Dataset<Row> stg1 = stg(spark, CclfFile.CCLF1, "2018-02-15", v, "2019-04-15", v);
    Dataset<Row> headers = FinalClaims.partAHeaders(stg1, noXref()).rows();
    assertThat(headers.select(IngestColumns.CUR_CLM_UNIQ_ID, IngestColumns.DELIVERY_DATE).collectAsList().toString())
        .isEqualTo("[[0000000000501,2019-04-15]]");
  }

  @Test
  void cancellationInALaterDeliveryStillCancelsAcrossRunOutReDelivery() {
    String original = a("0000000000601", "0", "2018-11-10", "100.00");
    String cancel = a("0000000000602", "1", "2019-01-10", "100.00");
    // run-out re-delivers both versions; the monthly of Feb 2019 carries the cancellation too
    Dataset<Row> stg1 =
        stg(spark, CclfFile.CCLF1,
            "2018-12-15", original, "2019-02-15", cancel, "2019-04-15", original, "2019-04-15", cancel);
    assertThat(finalIds(FinalClaims.partAHeaders(stg1, noXref()).rows())).isEmpty();
  }

  @Test
  void revenueLinesAndDiagnosesFollowTheFinalHeaders() {
    Dataset<Row> stg1 =
        stg(spark, CclfFile.CCLF1,
            "2018-02-15", a("0000000000701", "0", "2018-01-10", "100.00"),
            "2018-03-15", a("0000000000702", "1", "2018-02-10", "100.00"),
            "2018-03-15", a("0000000000703", "2", "2018-02-10", "110.00"));
    Dataset<Row> stg2 =
        stg(spark, CclfFile.CCLF2,
            "2018-02-15", CclfFixtures.line(CclfFile.CCLF2, CclfFixtures.fields("CUR_CLM_UNIQ_ID", "0000000000701", "CLM_LINE_NUM", "1", "BENE_MBI_ID", MBI, "CLM_TYPE_CD", "60", "CLM_LINE_CVRD_PD_AMT", "100.00")),
            "2018-03-15", CclfFixtures.line(CclfFile.CCLF2, CclfFixtures.fields("CUR_CLM_UNIQ_ID", "0000000000703", "CLM_LINE_NUM", "1", "BENE_MBI_ID", MBI, "CLM_TYPE_CD", "60", "CLM_LINE_CVRD_PD_AMT", "110.00")),
            "2018-04-15", CclfFixtures.line(CclfFile.CCLF2, CclfFixtures.fields("CUR_CLM_UNIQ_ID", "0000000000703", "CLM_LINE_NUM", "1", "BENE_MBI_ID", MBI, "CLM_TYPE_CD", "60", "CLM_LINE_CVRD_PD_AMT", "110.00")));
    Dataset<Row> headers = FinalClaims.partAHeaders(stg1, noXref()).rows();
    Dataset<Row> lines =
        FinalClaims.partALines(stg2, IngestTables.PART_A_CLAIM_REVENUE_LINE.key(), headers, noXref()).rows();
    assertThat(lines.select(IngestColumns.CUR_CLM_UNIQ_ID, IngestColumns.CLM_LINE_NUM, IngestColumns.DELIVERY_DATE).collectAsList().toString())
        .isEqualTo("[[0000000000703,1,2018-04-15]]");
    IngestTables.PART_A_CLAIM_REVENUE_LINE.checkKey(IngestTables.PART_A_CLAIM_REVENUE_LINE.conform(lines));
  }

  @Test
  void partBLinesPairCancellationsPerControlNumberAndLine() {
    Dataset<Row> stg5 =
        stg(spark, CclfFile.CCLF5,
            "2018-04-15", partB("0000000000801", "1", MBI, "CNTL8", "0", "2018-03-10", "50.00"),
            "2018-04-15", partB("0000000000801", "2", MBI, "CNTL8", "0", "2018-03-10", "20.00"),
            "2018-05-15", partB("0000000000802", "1", MBI, "CNTL8", "1", "2018-04-10", "50.00"),
            "2018-05-15", partB("0000000000803", "1", MBI, "CNTL8", "2", "2018-04-10", "45.00"));
    Dataset<Row> lines = FinalClaims.partBLines(stg5, noXref()).rows();
    assertThat(lines.select(IngestColumns.CUR_CLM_UNIQ_ID, IngestColumns.CLM_LINE_NUM)
            .orderBy(IngestColumns.CUR_CLM_UNIQ_ID, IngestColumns.CLM_LINE_NUM).collectAsList().toString())
        .isEqualTo("[[0000000000801,2], [0000000000803,1]]");
  }
  @Test
  void theChoiceIsMadeOnNarrowColumnsAndFetchesTheWholeStgRowUnderTheCurrentMbi() {
    // One line version delivered twice under a previous MBI; CCLF9 maps that MBI to MBI.
    String previous = "1CC0CC0CC00";
    String v = partB("0000000000901", "1", previous, "CNTL9", "0", "2018-03-10", "50.00");
    Dataset<Row> stg5 = stg(spark, CclfFile.CCLF5, "2018-04-15", v, "2018-05-15", v);
    Dataset<Row> xref =
        MbiCrosswalk.resolve(stg(spark, CclfFile.CCLF9, "2018-05-15", CclfFixtures.xref(MBI, previous, "2018-01-01")));
    try (FinalClaims.Selection selection = FinalClaims.partBLines(stg5, xref)) {
      // the choice: stg key (file, line number) and the table's key, nothing wide
      assertThat(selection.chosen().collectAsList().toString()).isEqualTo("[[CCLF5.2018-05-15,2,0000000000901,1]]");
      Dataset<Row> rows = selection.rows();
      // every stg column plus the MBI as delivered, from the chosen (latest) stg line
      assertThat(rows.columns()).hasSize(stg5.columns().length + 1);
      assertThat(rows.select(IngestColumns.SOURCE_FILE, IngestColumns.LINE_NUMBER, IngestColumns.BENE_MBI_ID,
              IngestColumns.SOURCE_BENE_MBI_ID, "clm_cntl_num", "clm_line_cvrd_pd_amt").collectAsList().toString())
          .isEqualTo("[[CCLF5.2018-05-15,2," + MBI + "," + previous + ",CNTL9,50.00]]");
      IngestTables.PART_B_PHYSICIAN_LINE.conform(rows);
      // the wide rows are fetched by a hash join, not sorted for a merge join
      String plan = rows.queryExecution().executedPlan().toString();
      assertThat(plan).contains("ShuffledHashJoin").doesNotContain("SortMergeJoin");
    }
  }

  @Test
  void theFetchJoinHasAtMostAMillionChosenRowsPerPartition() {
    assertThat(FinalClaims.joinPartitions(0, 4)).isEqualTo(4);
    assertThat(FinalClaims.joinPartitions(3_999_999, 4)).isEqualTo(4);
    assertThat(FinalClaims.joinPartitions(5_504_535, 4)).isEqualTo(6); // 100,000 x 4 years' physician lines
    assertThat(FinalClaims.joinPartitions(16_000_001, 8)).isEqualTo(17);
  }
}
