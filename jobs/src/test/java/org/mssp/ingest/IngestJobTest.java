package org.mssp.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mssp.ingest.CclfFixtures.bene;
import static org.mssp.ingest.CclfFixtures.fields;
import static org.mssp.ingest.CclfFixtures.line;
import static org.mssp.ingest.CclfFixtures.partA;
import static org.mssp.ingest.CclfFixtures.partB;
import static org.mssp.ingest.CclfFixtures.xref;

import io.delta.tables.DeltaTable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mssp.common.cclf.CclfFile;
import org.mssp.common.schema.TableSpec;
import org.mssp.common.spark.DeltaTables;
import org.mssp.testsupport.SharedSpark;

/**
 * End to end on tiny deliveries in all three forms (folder, zip, gzip): line accounting,
 * quarantine, lineage, final tables, idempotence and a run-out superseding earlier deliveries.
 */
class IngestJobTest {
  private final SparkSession spark = SharedSpark.session();
  @TempDir Path tmp;

  private static final String OLD = "1AA0AA0AA00";
  private static final String NEW = "1BB0BB0BB00";
  private static final String OTHER = "1DD0DD0DD00";

  private static String a(String id, String mbi, String adj, String efctv, String amount) {
    return partA(id, mbi, "330001", "2018-01-01", "2018-01-05", adj, efctv, amount);
  }

  private static Map<CclfFile, List<String>> files(Object... typeAndLines) {
    Map<CclfFile, List<String>> m = new LinkedHashMap<>();
    for (int i = 0; i < typeAndLines.length; i += 2) {
      @SuppressWarnings("unchecked")
      List<String> lines = (List<String>) typeAndLines[i + 1];
      m.put((CclfFile) typeAndLines[i], lines);
    }
    return m;
  }

  private IngestResult ingest(Path input, Path warehouse, String runId) {
    return IngestJob.run(new IngestConfig(input.toString(), warehouse.toString(), runId), spark);
  }

  private Map<String, Long> versions(Path warehouse) throws IOException {
    Map<String, Long> v = new TreeMap<>();
    try (var dirs = Files.list(warehouse)) {
      for (Path d : dirs.filter(p -> !p.getFileName().toString().startsWith("_")).toList()) {
        v.put(d.getFileName().toString(), DeltaTable.forPath(spark, d.toString()).history(1).select("version").as(Encoders.LONG()).first());
      }
    }
    return v;
  }

  private List<String> ids(Path warehouse, TableSpec spec, String... cols) {
    return DeltaTables.read(spark, warehouse.toString(), spec)
        .selectExpr("concat_ws('|', " + String.join(", ", cols) + ")")
        .as(Encoders.STRING())
        .collectAsList()
        .stream()
        .sorted()
        .toList();
  }

  @Test
  void ingestsDeliveriesInEveryFormIdempotentlyAndRunOutSupersedes() throws IOException {
    Path input = tmp.resolve("in");
    Path warehouse = tmp.resolve("wh");
    String good = partB("0000000000802", "1", OTHER, "CNTL82", "0", "2018-01-20", "50.00");
    org.mssp.common.cclf.CclfField paid = org.mssp.common.cclf.CclfLayout.of(CclfFile.CCLF5).field("CLM_LINE_CVRD_PD_AMT");
    String badAmount = good.substring(0, paid.start() - 1) + "0000000000X0.00" + good.substring(paid.end());
    CclfFixtures.delivery(input, "MONTHLY", 2018, LocalDate.of(2018, 2, 15), CclfFixtures.Form.FOLDER,
        files(
            CclfFile.CCLF1, List.of(a("0000000000101", OTHER, "0", "2018-01-10", "100.00"), a("0000000000103", OLD, "0", "2018-01-12", "300.00")),
            CclfFile.CCLF2, List.of(line(CclfFile.CCLF2, fields("CUR_CLM_UNIQ_ID", "0000000000103", "CLM_LINE_NUM", "1", "BENE_MBI_ID", OLD, "CLM_TYPE_CD", "60", "CLM_LINE_CVRD_PD_AMT", "300.00"))),
            CclfFile.CCLF4, List.of(line(CclfFile.CCLF4, fields("CUR_CLM_UNIQ_ID", "0000000000103", "BENE_MBI_ID", OLD, "CLM_TYPE_CD", "60", "CLM_PROD_TYPE_CD", "P", "CLM_VAL_SQNC_NUM", "1", "CLM_DGNS_CD", "I10"))),
            CclfFile.CCLF5, List.of(partB("0000000000801", "1", OLD, "CNTL81", "0", "2018-01-20", "50.00"), badAmount),
            CclfFile.CCLF6, List.of(line(CclfFile.CCLF6, fields("CUR_CLM_UNIQ_ID", "0000000000901", "CLM_LINE_NUM", "1", "BENE_MBI_ID", OTHER, "CLM_TYPE_CD", "82", "CLM_CNTL_NUM", "CNTL91", "CLM_ADJSMT_TYPE_CD", "0", "CLM_EFCTV_DT", "2018-01-22", "CLM_LINE_CVRD_PD_AMT", "20.00"))),
            CclfFile.CCLF8, List.of(bene(OLD, "1950-05-01", ""), bene(OTHER, "1940-01-01", ""))),
        Map.of(), true);
    CclfFixtures.delivery(input, "MONTHLY", 2018, LocalDate.of(2018, 3, 15), CclfFixtures.Form.ZIP,
        files(
            CclfFile.CCLF1, List.of(a("0000000000102", OTHER, "1", "2018-02-10", "100.00")),
            CclfFile.CCLF8, List.of(bene(NEW, "1950-05-01", "")),
            CclfFile.CCLF9, List.of(xref(NEW, OLD, "2015-01-01"))),
        Map.of(), true);
    CclfFixtures.enrollment(input, 2018, List.of(
        CclfFixtures.mbsfRow(OLD, 2018, "3", "0", "10", "NA"),
        CclfFixtures.mbsfRow(OTHER, 2018, "3", "0", "20", "02")));

    IngestResult first = ingest(input, warehouse, "run1");
    assertThat(first.files()).hasSize(10);
    for (IngestResult.FileMetrics m : first.files()) {
      assertThat(m.linesRead()).as(m.sourceFile()).isEqualTo(m.linesAccepted() + m.linesQuarantined());
      assertThat(m.reconciled()).isTrue();
    }
    assertThat(first.linesRead()).isEqualTo(14);
    assertThat(first.linesQuarantined()).isEqualTo(1);
    assertThat(first.quarantineExamples())
        .containsExactly(
            "P.A9999.ACO.ZC5Y18.D180215.T0100000, line 2, field CLM_LINE_CVRD_PD_AMT: CLM_LINE_CVRD_PD_AMT must be a"
                + " signed decimal with at most 11 integer and 2 decimal digits (rule amount), found '0000000000X0.00'");
    assertThat(ids(warehouse, IngestTables.QUARANTINE, "source_file", "line_number", "rule", "field", "run_id"))
        .containsExactly("P.A9999.ACO.ZC5Y18.D180215.T0100000|2|amount|CLM_LINE_CVRD_PD_AMT|run1");
    assertThat(ids(warehouse, IngestTables.stg(CclfFile.CCLF1), "cur_clm_uniq_id", "source_file", "delivery", "delivery_date", "line_number", "run_id"))
        .containsExactly(
            "0000000000101|P.A9999.ACO.ZC1Y18.D180215.T0100000|P.A9999.ACO.ZCY18.D180215.T0100000|2018-02-15|1|run1",
            "0000000000102|P.A9999.ACO.ZC1Y18.D180315.T0100000|P.A9999.ACO.ZCY18.D180315.T0100000|2018-03-15|1|run1",
            "0000000000103|P.A9999.ACO.ZC1Y18.D180215.T0100000|P.A9999.ACO.ZCY18.D180215.T0100000|2018-02-15|2|run1");
    // 101 is cancelled by 102; 103 is keyed to the new MBI through CCLF9
    assertThat(ids(warehouse, IngestTables.PART_A_CLAIM_HEADER, "cur_clm_uniq_id", "bene_mbi_id", "source_bene_mbi_id", "cast(clm_pmt_amt as string)"))
        .containsExactly("0000000000103|1BB0BB0BB00|1AA0AA0AA00|300.00");
    assertThat(ids(warehouse, IngestTables.PART_A_CLAIM_REVENUE_LINE, "cur_clm_uniq_id", "clm_line_num", "bene_mbi_id"))
        .containsExactly("0000000000103|1|1BB0BB0BB00");
    assertThat(ids(warehouse, IngestTables.PART_A_CLAIM_DIAGNOSIS, "cur_clm_uniq_id", "clm_dgns_cd"))
        .containsExactly("0000000000103|I10");
    assertThat(ids(warehouse, IngestTables.PART_B_PHYSICIAN_LINE, "cur_clm_uniq_id", "bene_mbi_id"))
        .containsExactly("0000000000801|1BB0BB0BB00");
    assertThat(ids(warehouse, IngestTables.PART_B_DME_LINE, "cur_clm_uniq_id")).containsExactly("0000000000901");
    assertThat(ids(warehouse, IngestTables.BENEFICIARY, "bene_mbi_id", "delivery_date"))
        .containsExactly("1BB0BB0BB00|2018-03-15", "1DD0DD0DD00|2018-02-15");
    assertThat(ids(warehouse, IngestTables.BENEFICIARY_MONTH, "bene_mbi_id", "enrollment_type").stream().distinct().toList())
        .containsExactly("1BB0BB0BB00|AGED_NON_DUAL", "1DD0DD0DD00|DISABLED");
    assertThat(DeltaTables.read(spark, warehouse.toString(), IngestTables.BENEFICIARY_MONTH).count()).isEqualTo(24);
    assertThat(ids(warehouse, IngestTables.FILE_METRICS, "source_file", "lines_read", "lines_accepted", "lines_quarantined"))
        .contains("P.A9999.ACO.ZC5Y18.D180215.T0100000|2|1|1", "mbsf_2018.csv|2|2|0");
    assertThat(Files.exists(warehouse.resolve("_staging/run1"))).isFalse();

    // The same deliveries again: skipped, no table changes.
    Map<String, Long> before = versions(warehouse);
    IngestResult again = ingest(input, warehouse, "run2");
    assertThat(again.files()).isEmpty();
    assertThat(again.skipped()).hasSize(3);
    assertThat(versions(warehouse)).isEqualTo(before);

    // The 2018 run-out (gzipped) re-delivers 103 and brings an adjustment pair for 103's set.
    CclfFixtures.delivery(input, "RUNOUT", 2018, LocalDate.of(2019, 4, 15), CclfFixtures.Form.GZIP,
        files(
            CclfFile.CCLF1, List.of(
                a("0000000000103", OLD, "0", "2018-01-12", "300.00"),
                a("0000000000104", NEW, "1", "2019-02-01", "300.00"),
                a("0000000000105", NEW, "2", "2019-02-01", "310.00")),
            CclfFile.CCLF9, List.of(xref(NEW, OLD, "2015-01-01"))),
        Map.of(), true);
    IngestResult third = ingest(input, warehouse, "run3");
    assertThat(third.skipped()).hasSize(3);
    assertThat(third.files()).extracting(IngestResult.FileMetrics::sourceFile)
        .containsExactly("P.A9999.ACO.ZC1R18.D190415.T0100000", "P.A9999.ACO.ZC9R18.D190415.T0100000");
    assertThat(ids(warehouse, IngestTables.PART_A_CLAIM_HEADER, "cur_clm_uniq_id", "bene_mbi_id", "delivery_date"))
        .containsExactly("0000000000105|1BB0BB0BB00|2019-04-15");
    assertThat(DeltaTables.read(spark, warehouse.toString(), IngestTables.stg(CclfFile.CCLF1)).count()).isEqualTo(6);
    // revenue line of the cancelled 103 is gone with it
    assertThat(DeltaTables.read(spark, warehouse.toString(), IngestTables.PART_A_CLAIM_REVENUE_LINE).count()).isZero();
  }
}
