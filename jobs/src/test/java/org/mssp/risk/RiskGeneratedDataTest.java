package org.mssp.risk;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.round;
import static org.apache.spark.sql.functions.size;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.mssp.common.spark.DeltaTables;
import org.mssp.ingest.IngestTables;
import org.mssp.reference.ReferenceTables;
import org.mssp.testdata.GeneratedWarehouse;
import org.mssp.testsupport.SharedSpark;

/**
 * The two risk paths agree on generated data: the CMS-provided score file the generator writes
 * (its own simple path: hand-listed HCCs per condition profile, looked up in CMS's coefficients)
 * equals what {@code aco risk} computes from the ingested claims (diagnosis extraction, filters,
 * ICD-10 mapping, hierarchies, interactions, segments), for every non-ESRD beneficiary-year.
 * 2017 is the dataset's first year (everyone a new enrollee), 2018 scores 2017's conditions.
 */
class RiskGeneratedDataTest {
  private static GeneratedWarehouse generated;
  private static RiskJob.Result result2018;

  @BeforeAll
  static void score() {
    generated = GeneratedWarehouse.get();
    String tables = SharedSpark.sharedDir().resolve("reference/cms-hcc").toString();
    String w = generated.warehouse().toString();
    RiskJob.run(new RiskJob.Config(w, 2017, 2026, tables, null), SharedSpark.session());
    result2018 = RiskJob.run(new RiskJob.Config(w, 2018, 2026, tables, null), SharedSpark.session());
  }

  @Test
  void computedScoresEqualTheGeneratorsCmsProvidedScores() {
    SparkSession spark = SharedSpark.session();
    String w = generated.warehouse().toString();
    Dataset<Row> xref = DeltaTables.read(spark, w, IngestTables.BENEFICIARY_MBI_XREF).select("previous_mbi", "current_mbi");
    Dataset<Row> cms = DeltaTables.read(spark, w, ReferenceTables.PROSPECTIVE_RISK_SCORES)
        .where(col("enrollment_type").notEqual("ESRD"))
        .join(xref, col("bene_mbi_id").equalTo(col("previous_mbi")), "left")
        .select(coalesce(col("current_mbi"), col("bene_mbi_id")).as("bene_id"), col("year"),
            col("hcc_risk_score").as("cms_score"), col("demographic_risk_score").as("cms_demographic"))
        .distinct();
    Dataset<Row> computed = DeltaTables.read(spark, w, RiskTables.BENEFICIARY_RISK_SCORE)
        .select(col("bene_id"), col("year"), round(col("blended_score"), 3).as("score"),
            round(col("blended_demographic_score"), 3).as("demographic"), col("segment"), col("factors"));
    Dataset<Row> joined = cms.join(computed, org.mssp.expenditure.ExpenditureStage.on("bene_id", "year"), "left");
    long rows = joined.count();
    List<Row> disagreements = joined.where(col("score").isNull()
        .or(col("score").notEqual(col("cms_score"))).or(col("demographic").notEqual(col("cms_demographic")))).limit(10).collectAsList();
    assertThat(rows).isPositive();
    assertThat(disagreements).as("beneficiary-years whose computed score differs from the CMS-provided file").isEmpty();
    // the comparison is not vacuous: 2017 is all new enrollees, 2018 has community segments with HCCs that fired
    assertThat(computed.where(col("year").equalTo(2017)).select("segment").distinct().collectAsList())
        .extracting(r -> r.getString(0)).containsOnly("NE");
    long withHccs = computed.where(col("year").equalTo(2018).and(size(col("factors")).gt(0))).count();
    long segments = computed.where(col("year").equalTo(2018)).select("segment").distinct().count();
    assertThat(withHccs).isGreaterThan(10);
    assertThat(segments).isGreaterThanOrEqualTo(3);
  }

  @Test
  void fillerCodesNotInTheMappingAreCountedNotFailed() {
    // the generator's filler list holds N183 (no longer a valid ICD-10 code), which no model maps
    List<Row> n183 = DeltaTables.read(SharedSpark.session(), generated.warehouse().toString(), RiskTables.RISK_UNMAPPED_DIAGNOSIS)
        .where(col("year").equalTo(2018).and(col("dx_code").equalTo("N183"))).collectAsList();
    assertThat(n183).hasSize(1);
    assertThat(n183.get(0).<Long>getAs("beneficiaries")).isPositive();
    assertThat(result2018.unmappedCodes()).isGreaterThanOrEqualTo(1);
  }
}
