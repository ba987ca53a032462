package org.mssp.ingest;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.countDistinct;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.year;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.mssp.common.schema.TableSpec;
import org.mssp.common.spark.DeltaTables;
import org.mssp.testdata.GeneratedWarehouse;
import org.mssp.testsupport.SharedSpark;

/**
 * Integration: a generated multi-month, two-year dataset with mess (cancellations, adjustments,
 * re-deliveries, run-outs, MBI changes, malformed lines) is ingested and every count reconciles
 * exactly with the generator's manifest: lines per file, malformed lines per file and kind, and
 * final-action claims, lines and paid amounts per file × service year × claim type.
 */
class IngestGeneratedDatasetTest {
  private final SparkSession spark = SharedSpark.session();

  /** Manifest malformed kind → the ingest rule that must catch it. */
  private static final Map<String, String> KIND_TO_RULE =
      Map.of("wrong_length", "record_length", "bad_date", "date", "non_numeric_amount", "amount");

  @Test
  void countsReconcileWithTheGeneratorManifest() throws Exception {
    GeneratedWarehouse generated = GeneratedWarehouse.get();
    Path ds = generated.dataset();
    JsonNode manifest = new ObjectMapper().readTree(ds.resolve("manifest.json").toFile());
    Path warehouse = generated.warehouse();
    IngestResult result = generated.ingest();

    // Lines and malformed lines per delivered file.
    Map<String, IngestResult.FileMetrics> byFile = new HashMap<>();
    result.files().forEach(m -> byFile.put(m.sourceFile(), m));
    Map<String, Long> quarantineByFileAndRule = new HashMap<>();
    for (Row r :
        DeltaTables.read(spark, warehouse.toString(), IngestTables.QUARANTINE)
            .groupBy("source_file", "rule").count().collectAsList()) {
      quarantineByFileAndRule.put(r.getString(0) + "|" + r.getString(1), r.getLong(2));
    }
    int files = 0;
    for (JsonNode d : manifest.get("deliveries")) {
      for (JsonNode f : d.get("files")) {
        String name = f.get("name").asText().replaceAll("\\.gz$", "");
        IngestResult.FileMetrics m = byFile.get(name);
        assertThat(m).as(name).isNotNull();
        assertThat(m.linesRead()).as(name + " lines").isEqualTo(f.get("lines").asLong());
        assertThat(m.linesQuarantined()).as(name + " malformed").isEqualTo(f.get("malformed_lines").asLong());
        assertThat(m.linesAccepted() + m.linesQuarantined()).isEqualTo(m.linesRead());
        assertThat(m.reconciled()).isTrue();
        f.get("malformed").fields().forEachRemaining(k ->
            assertThat(quarantineByFileAndRule.getOrDefault(name + "|" + KIND_TO_RULE.get(k.getKey()), 0L))
                .as(name + " " + k.getKey()).isEqualTo(k.getValue().asLong()));
        files++;
      }
    }
    long cclfFiles = result.files().stream().filter(m -> !m.fileType().equals("MBSF")).count();
    assertThat(cclfFiles).isEqualTo(files);
    long cclfLines = result.files().stream().filter(m -> !m.fileType().equals("MBSF")).mapToLong(IngestResult.FileMetrics::linesRead).sum();
    assertThat(cclfLines).isEqualTo(manifest.get("totals").get("lines").asLong());

    // Final action per file × service year × claim type.
    Map<String, String> expected = new TreeMap<>();
    for (JsonNode e : manifest.get("truth").get("final_action")) {
      String key = e.get("file").asText() + "|" + e.get("service_year").asInt() + "|" + e.get("clm_type_cd").asText();
      String paid = e.has("paid") ? new BigDecimal(e.get("paid").asText()).toPlainString() : "-";
      expected.put(key, e.get("claims").asLong() + "/" + e.get("lines").asLong() + "/" + paid);
    }
    Map<String, String> actual = new TreeMap<>();
    Dataset<Row> headers = read(warehouse, IngestTables.PART_A_CLAIM_HEADER);
    Dataset<Row> headerKeys = headers.select(col("cur_clm_uniq_id"), year(col("clm_thru_dt")).as("y"), col("clm_type_cd").as("t"));
    collect(actual, "CCLF1", headers.groupBy(year(col("clm_thru_dt")), col("clm_type_cd"))
        .agg(count(lit(1)), count(lit(1)), sum("clm_pmt_amt").cast("string")));
    collect(actual, "CCLF2", read(warehouse, IngestTables.PART_A_CLAIM_REVENUE_LINE).drop("clm_type_cd")
        .join(headerKeys, "cur_clm_uniq_id").groupBy(col("y"), col("t"))
        .agg(countDistinct("cur_clm_uniq_id"), count(lit(1)), sum("clm_line_cvrd_pd_amt").cast("string")));
    collect(actual, "CCLF4", read(warehouse, IngestTables.PART_A_CLAIM_DIAGNOSIS).drop("clm_type_cd")
        .join(headerKeys, "cur_clm_uniq_id").groupBy(col("y"), col("t"))
        .agg(countDistinct("cur_clm_uniq_id"), count(lit(1)), lit("-")));
    for (var t : Map.of("CCLF5", IngestTables.PART_B_PHYSICIAN_LINE, "CCLF6", IngestTables.PART_B_DME_LINE).entrySet()) {
      collect(actual, t.getKey(), read(warehouse, t.getValue())
          .groupBy(year(col("clm_thru_dt")), col("clm_type_cd"))
          .agg(countDistinct("clm_cntl_num"), count(lit(1)), sum("clm_line_cvrd_pd_amt").cast("string")));
    }
    // CCLF4 rows carry no amount.
    expected.replaceAll((k, v) -> k.startsWith("CCLF4") ? v.replaceAll("/[^/]*$", "/-") : v);
    assertThat(actual).isEqualTo(expected);

    // MBI changes: one crosswalk row per change.
    assertThat(read(warehouse, IngestTables.BENEFICIARY_MBI_XREF).count())
        .isEqualTo(manifest.get("truth").get("mbi_changes").asLong());
    // Every beneficiary once, under the current MBI.
    assertThat(read(warehouse, IngestTables.BENEFICIARY).count())
        .isEqualTo(manifest.get("truth").get("distinct_beneficiaries").asLong());
  }

  private Dataset<Row> read(Path warehouse, TableSpec spec) {
    return DeltaTables.read(spark, warehouse.toString(), spec);
  }

  private static void collect(Map<String, String> out, String file, Dataset<Row> agg) {
    for (Row r : agg.collectAsList()) {
      String paid = r.get(4) == null ? "0.00" : r.get(4).toString();
      out.put(file + "|" + r.getInt(0) + "|" + r.getString(1), r.getLong(2) + "/" + r.getLong(3) + "/"
          + (paid.equals("-") ? "-" : new BigDecimal(paid).toPlainString()));
    }
  }
}
