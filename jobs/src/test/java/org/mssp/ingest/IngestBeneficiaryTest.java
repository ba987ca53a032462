package org.mssp.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mssp.ingest.CclfFixtures.stg;
import static org.mssp.ingest.CclfFixtures.xref;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.mssp.common.cclf.CclfFile;
import org.mssp.testsupport.SharedSpark;

/** CCLF9 crosswalk, beneficiary demographics and beneficiary months. */
class IngestBeneficiaryTest {
  private final SparkSession spark = SharedSpark.session();

  @Test
  void crosswalkResolvesChainsToTheCurrentMbi() {
    Dataset<Row> stg9 =
        stg(spark, CclfFile.CCLF9,
            "2018-03-15", xref("1BB0BB0BB00", "1AA0AA0AA00", "2016-01-01"),
            "2018-06-15", xref("1CC0CC0CC00", "1BB0BB0BB00", "2018-03-01"),
            "2019-04-15", xref("1BB0BB0BB00", "1AA0AA0AA00", "2016-01-01"));
    Dataset<Row> x = MbiCrosswalk.resolve(stg9);
    assertThat(x.select(IngestColumns.PREVIOUS_MBI, IngestColumns.CURRENT_MBI).orderBy(IngestColumns.PREVIOUS_MBI).collectAsList().toString())
        .isEqualTo("[[1AA0AA0AA00,1CC0CC0CC00], [1BB0BB0BB00,1CC0CC0CC00]]");
    IngestTables.BENEFICIARY_MBI_XREF.checkKey(x);
  }

  @Test
  void claimsUnderAnOldMbiAreKeyedToTheCurrentOneAndPairAcrossTheChange() {
    Dataset<Row> stg9 = stg(spark, CclfFile.CCLF9, "2018-06-15", xref("1BB0BB0BB00", "1AA0AA0AA00", "2016-01-01"));
    Dataset<Row> stg1 =
        stg(spark, CclfFile.CCLF1,
            "2018-02-15", CclfFixtures.partA("0000000000901", "1AA0AA0AA00", "330001", "2018-01-01", "2018-01-05", "0", "2018-01-10", "100.00"),
            "2018-07-15", CclfFixtures.partA("0000000000902", "1BB0BB0BB00", "330001", "2018-01-01", "2018-01-05", "1", "2018-06-10", "100.00"),
            "2018-07-15", CclfFixtures.partA("0000000000903", "1AA0AA0AA00", "330001", "2018-02-01", "2018-02-05", "0", "2018-06-10", "80.00"));
    Dataset<Row> headers = FinalClaims.partAHeaders(stg1, MbiCrosswalk.resolve(stg9)).rows();
    assertThat(headers.select(IngestColumns.CUR_CLM_UNIQ_ID, IngestColumns.BENE_MBI_ID, IngestColumns.SOURCE_BENE_MBI_ID).collectAsList().toString())
        .isEqualTo("[[0000000000903,1BB0BB0BB00,1AA0AA0AA00]]");
  }

  @Test
  void crosswalkCycleFailsNamingTheMbis() {
    Dataset<Row> stg9 =
        stg(spark, CclfFile.CCLF9,
            "2018-03-15", xref("1BB0BB0BB00", "1AA0AA0AA00", "2016-01-01"),
            "2018-06-15", xref("1AA0AA0AA00", "1BB0BB0BB00", "2018-03-01"));
    assertThatThrownBy(() -> MbiCrosswalk.resolve(stg9))
        .hasMessageStartingWith("Cannot write table beneficiary_mbi_xref: check 'no cycles' failed: CCLF9 links form a cycle through MBI 1");
  }

  @Test
  void demographicsKeepTheLatestRecordPerCurrentMbi() {
    Dataset<Row> stg9 = stg(spark, CclfFile.CCLF9, "2018-06-15", xref("1BB0BB0BB00", "1AA0AA0AA00", "2016-01-01"));
    Dataset<Row> stg8 =
        stg(spark, CclfFile.CCLF8,
            "2018-02-15", CclfFixtures.bene("1AA0AA0AA00", "1950-05-01", ""),
            "2018-06-15", CclfFixtures.bene("1BB0BB0BB00", "1950-05-01", "2018-05-20"),
            "2018-02-15", CclfFixtures.bene("1DD0DD0DD00", "1940-01-01", "9999-12-31"));
    Dataset<Row> bene = Beneficiaries.demographics(stg8, MbiCrosswalk.resolve(stg9)).rows();
    assertThat(bene.select(IngestColumns.BENE_MBI_ID, "bene_death_dt", IngestColumns.DELIVERY_DATE).orderBy(IngestColumns.BENE_MBI_ID).collectAsList().toString())
        .isEqualTo("[[1BB0BB0BB00,2018-05-20,2018-06-15], [1DD0DD0DD00,null,2018-02-15]]");
  }

  @Test
  void enrollmentTypeFollowsEsrdThenDisabledThenAgedDualThenAgedNonDual() {
    List<String> lines = new ArrayList<>();
    lines.add(String.join(",", IngestTables.MBSF_HEADER));
    lines.add(CclfFixtures.mbsfRow("1ES0ES0ES00", 2018, "3", "0", "21", "02")); // ESRD beats disabled and dual
    lines.add(CclfFixtures.mbsfRow("1DI0DI0DI00", 2018, "3", "0", "20", "02")); // disabled beats dual
    lines.add(CclfFixtures.mbsfRow("1AD0AD0AD00", 2018, "C", "0", "10", "03")); // aged, partial dual, buy-in
    lines.add(CclfFixtures.mbsfRow("1AN0AN0AN00", 2018, "1", "A", "10", "NA")); // aged non-dual, A only, MA
    lines.add(CclfFixtures.mbsfRow("1NE0NE0NE00", 2018, "0", "0", "00", "NA")); // not entitled
    EvaluatedLines evaluated = MbsfStaging.evaluate(CclfFixtures.rawLines(spark, "mbsf_2018.csv", "MBSF", lines), 2018);
    Dataset<Row> stgMbsf = MbsfStaging.accepted(evaluated, "r");
    Dataset<Row> xref = spark.createDataFrame(List.of(), IngestTables.BENEFICIARY_MBI_XREF.schema());
    Dataset<Row> months = Beneficiaries.months(stgMbsf, xref);
    assertThat(months.count()).isEqualTo(60);
    IngestTables.BENEFICIARY_MONTH.checkKey(months);
    List<Row> march =
        months.filter("month = 3")
            .select(IngestColumns.BENE_MBI_ID, "enrollment_type", "part_a", "part_b", "medicare_advantage_or_group", "esrd", "dual_status", "ffs_part_a_and_b")
            .orderBy(IngestColumns.BENE_MBI_ID)
            .collectAsList();
    assertThat(march)
        .containsExactly(
            RowFactory.create("1AD0AD0AD00", "AGED_DUAL", true, true, false, false, "PARTIAL", true),
            RowFactory.create("1AN0AN0AN00", "AGED_NON_DUAL", true, false, true, false, "NON_DUAL", false),
            RowFactory.create("1DI0DI0DI00", "DISABLED", true, true, false, false, "FULL", true),
            RowFactory.create("1ES0ES0ES00", "ESRD", true, true, false, true, "FULL", true),
            RowFactory.create("1NE0NE0NE00", null, false, false, false, false, "NON_DUAL", false));
  }

  @Test
  void enrollmentRowsMeetingOnOneBeneficiaryYearKeepTheCurrentMbiRowThenTheLatestLine() {
    List<String> lines = new ArrayList<>();
    lines.add(String.join(",", IngestTables.MBSF_HEADER));
    lines.add(CclfFixtures.mbsfRow("1NW0NW0NW00", 2018, "3", "0", "10", "NA")); // line 2: current MBI, aged
    lines.add(CclfFixtures.mbsfRow("1OL0OL0OL00", 2018, "3", "0", "20", "02")); // line 3: old MBI, later line
    lines.add(CclfFixtures.mbsfRow("1TW0TW0TW00", 2018, "3", "0", "10", "NA")); // line 4
    lines.add(CclfFixtures.mbsfRow("1TW0TW0TW00", 2018, "3", "0", "20", "NA")); // line 5: same MBI, later
    EvaluatedLines evaluated = MbsfStaging.evaluate(CclfFixtures.rawLines(spark, "mbsf_2018.csv", "MBSF", lines), 2018);
    Dataset<Row> stg9 = stg(spark, CclfFile.CCLF9, "2018-06-15", xref("1NW0NW0NW00", "1OL0OL0OL00", "2018-01-01"));
    Dataset<Row> months = Beneficiaries.months(MbsfStaging.accepted(evaluated, "r"), MbiCrosswalk.resolve(stg9));
    IngestTables.BENEFICIARY_MONTH.checkKey(months);
    // 1NW: the row under the current MBI (line 2) beats the later row under the old one (line 3),
    // for all 12 months; 1TW: the later line (5) wins.
    List<Row> perBeneficiary =
        months.groupBy(IngestColumns.BENE_MBI_ID, IngestColumns.SOURCE_BENE_MBI_ID, "enrollment_type", IngestColumns.LINE_NUMBER)
            .count()
            .orderBy(IngestColumns.BENE_MBI_ID)
            .collectAsList();
    assertThat(perBeneficiary)
        .containsExactly(
            RowFactory.create("1NW0NW0NW00", "1NW0NW0NW00", "AGED_NON_DUAL", 2L, 12L),
            RowFactory.create("1TW0TW0TW00", "1TW0TW0TW00", "DISABLED", 5L, 12L));
  }
}
