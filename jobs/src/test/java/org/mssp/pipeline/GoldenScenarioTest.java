package org.mssp.pipeline;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mssp.assignment.AssignmentTables;
import org.mssp.allocation.AllocationTables;
import org.mssp.benchmark.BenchmarkTables;
import org.mssp.common.cclf.CclfFile;
import org.mssp.common.schema.TableSpec;
import org.mssp.common.spark.DeltaTables;
import org.mssp.expenditure.ExpenditureJob;
import org.mssp.expenditure.ExpenditureTables;
import org.mssp.ingest.IngestTables;
import org.mssp.settlement.SettlementTables;
import org.mssp.testdata.GoldenScenario;
import org.mssp.testsupport.DataFrameAssert;
import org.mssp.testsupport.SharedSpark;

/**
 * Issue 8: the golden scenario (src/test/resources/golden/, story in its README.md) run through
 * {@link Pipeline} once, and every final table compared exactly, order-insensitive, on all
 * non-lineage columns, with rows written by hand under golden/expected/.
 *
 * <p>Claim and beneficiary tables: the expected file names the surviving versions and their
 * current MBI; the other columns of those rows are the source values of golden/cclf/*.csv
 * (final action keeps a version verbatim) cast to the table's types, and every field the source
 * leaves blank must be null.
 */
class GoldenScenarioTest {
  static final GoldenScenario SCENARIO = GoldenScenario.PY2018;
  static final int PY = SCENARIO.performanceYear();

  @TempDir static Path dir;
  static String warehouse;

  @BeforeAll
  static void runPipeline() throws IOException {
    warehouse = runEveryStage(SCENARIO, dir, input -> new Pipeline.Config(input.toString(),
        dir.resolve("warehouse").toString(), PY, "golden", ExpenditureJob.Mode.EVALUATOR, null, null,
        input.resolve("reference/aco_quality.csv").toString(), null, input.resolve("reference/allocation_plan.json"),
        null, null));
  }

  /**
   * Writes {@code scenario} under {@code dir/dataset}, runs {@link Pipeline} with the configuration
   * {@code config} builds from that folder, checks that every stage ran, and returns the warehouse.
   */
  static String runEveryStage(GoldenScenario scenario, Path dir, java.util.function.Function<Path, Pipeline.Config> config)
      throws IOException {
    Path input = dir.resolve("dataset");
    scenario.write(input);
    Pipeline.Config c = config.apply(input);
    List<Pipeline.StageResult> stages = Pipeline.run(c, SharedSpark.session(), Pipeline.Listener.NONE);
    assertThat(stages).extracting(Pipeline.StageResult::stage).containsExactly(Pipeline.Stage.INGEST,
        Pipeline.Stage.ASSIGN, Pipeline.Stage.EXPENDITURES, Pipeline.Stage.BENCHMARK, Pipeline.Stage.SETTLE,
        Pipeline.Stage.ALLOCATE);
    return c.warehouse();
  }

  /** The years of a table of the warehouse, ascending. */
  static List<Integer> years(String warehouse, TableSpec spec) {
    return DeltaTables.read(SharedSpark.session(), warehouse, spec).select("year").distinct().orderBy("year")
        .as(org.apache.spark.sql.Encoders.INT()).collectAsList();
  }

  @Test
  void expendituresRanForTheBenchmarkYearsOfEveryAgreementAndThePerformanceYear() {
    assertThat(years(warehouse, ExpenditureTables.NATIONAL_EXPENDITURE)).containsExactly(2013, 2014, 2015, 2016, 2017, 2018);
  }

  // ------------------------------------------------------------------ layer 1: ingest

  @Test
  void partAClaimHeaderHoldsTheAdjustmentNotTheCancelledOriginal() {
    assertClaims(IngestTables.PART_A_CLAIM_HEADER, CclfFile.CCLF1, "part_a_claim_header.csv");
  }

  @Test
  void partARevenueLinesFollowTheirFinalHeaders() {
    assertClaims(IngestTables.PART_A_CLAIM_REVENUE_LINE, CclfFile.CCLF2, "part_a_claim_revenue_line.csv");
  }

  @Test
  void partADiagnosesFollowTheirFinalHeaders() {
    assertClaims(IngestTables.PART_A_CLAIM_DIAGNOSIS, CclfFile.CCLF4, "part_a_claim_diagnosis.csv");
  }

  @Test
  void partBPhysicianLinesLoseTheCancelledPairAndCarryTheCurrentMbi() {
    assertClaims(IngestTables.PART_B_PHYSICIAN_LINE, CclfFile.CCLF5, "part_b_physician_line.csv");
  }

  @Test
  void partBDmeLines() {
    assertClaims(IngestTables.PART_B_DME_LINE, CclfFile.CCLF6, "part_b_dme_line.csv");
  }

  @Test
  void beneficiaryIsTheLatestCclf8RecordOfAnyOfItsMbis() {
    assertClaims(IngestTables.BENEFICIARY, CclfFile.CCLF8, "beneficiary.csv");
  }

  @Test
  void mbiCrosswalkHasTheOneChange() {
    assertTable(IngestTables.BENEFICIARY_MBI_XREF, expectedRows("beneficiary_mbi_xref.csv"));
  }

  @Test
  void beneficiaryMonthsByHand() {
    List<Map<String, String>> rows = new ArrayList<>();
    for (Map<String, String> r : SCENARIO.csv("expected/beneficiary_month.csv")) {
      String[] range = r.get("months").split("-");
      for (int m = Integer.parseInt(range[0]); m <= Integer.parseInt(range[1]); m++) {
        Map<String, String> row = new LinkedHashMap<>(r);
        row.remove("months");
        row.put("month", String.valueOf(m));
        rows.add(row);
      }
    }
    // 20 beneficiaries in 2018; 2 + 3 + 6 + 3 + 4 enrolled in the benchmark years 2013-2017
    assertThat(rows).hasSize((20 + 18) * 12);
    assertTable(IngestTables.BENEFICIARY_MONTH, rows);
  }

  // ------------------------------------------------------------------ layer 2: assignment

  @Test
  void beneficiaryAssignmentByHand() {
    assertTable(AssignmentTables.BENEFICIARY_ASSIGNMENT, expectedRows("beneficiary_assignment.csv"));
  }

  @Test
  void providerAttributionByHand() {
    assertTable(AssignmentTables.PROVIDER_ATTRIBUTION, expectedRows("provider_attribution.csv"));
  }

  @Test
  void assignmentSummaryByHand() {
    assertTable(AssignmentTables.ASSIGNMENT_SUMMARY, expectedRows("assignment_summary.csv"));
  }

  @Test
  void assignablePopulationByHand() {
    assertTable(AssignmentTables.ASSIGNABLE_POPULATION, expectedRows("assignable_population.csv"));
  }

  @Test
  void primaryCareContactByHand() {
    assertTable(AssignmentTables.PRIMARY_CARE_CONTACT, expectedRows("primary_care_contact.csv"));
  }

  // ------------------------------------------------------------------ layer 3: expenditures

  @Test
  void beneficiaryExpenditureByHand() {
    assertTable(ExpenditureTables.BENEFICIARY_EXPENDITURE, expectedRows("beneficiary_expenditure.csv"));
  }

  @Test
  void nationalExpenditureByHand() {
    assertTable(ExpenditureTables.NATIONAL_EXPENDITURE, expectedRows("national_expenditure.csv"));
  }

  @Test
  void countyExpenditureByHand() {
    assertTable(ExpenditureTables.COUNTY_EXPENDITURE, expectedRows("county_expenditure.csv"));
  }

  @Test
  void acoExpenditureByHand() {
    assertTable(ExpenditureTables.ACO_EXPENDITURE, expectedRows("aco_expenditure.csv"));
  }

  // ------------------------------------------------------------------ layer 4: benchmark, settlement, allocation

  @Test
  void acoBenchmarkByTypeByHand() {
    assertTable(BenchmarkTables.ACO_BENCHMARK_BY_TYPE, expectedRows("aco_benchmark_by_type.csv"));
  }

  @Test
  void acoBenchmarkByHand() {
    assertTable(BenchmarkTables.ACO_BENCHMARK, expectedRows("aco_benchmark.csv"));
  }

  @Test
  void acoTotalsByHand() {
    assertTable(SettlementTables.ACO_TOTALS, expectedRows("aco_totals.csv"));
  }

  @Test
  void acoSettlementByHand() {
    assertTable(SettlementTables.ACO_SETTLEMENT, expectedRows("aco_settlement.csv"));
  }

  @Test
  void providerAllocationByHand() {
    assertTable(AllocationTables.PROVIDER_ALLOCATION, expectedRows("provider_allocation.csv"));
  }

  @Test
  void endowmentLedgerByHand() {
    assertTable(AllocationTables.ENDOWMENT_LEDGER, expectedRows("endowment_ledger.csv"));
  }

  // ------------------------------------------------------------------ helpers

  static List<Map<String, String>> expectedRows(String file) {
    return SCENARIO.csv("expected/" + file);
  }

  /**
   * Lineage columns, not compared: where a row came from and which rule set version made it, not
   * what it says (a rule file change that leaves the scenario's values alone must not break it);
   * and the allocation tables' {@code reason}, a sentence explaining its row's figures (checked by
   * the allocation tests; here the figures themselves are compared).
   */
  static final List<String> LINEAGE = List.of("source_file", "delivery", "delivery_kind", "delivery_date",
      "line_number", "run_id", "rules_version", "rule_set_version", "plan_set_version", "reason");

  /**
   * Expected rows of a final claim (or CCLF8) table: for each row of the expected file, the one
   * source row of golden/cclf/&lt;file&gt;.csv with the same key values (all expected columns
   * except bene_mbi_id and source_bene_mbi_id; {@code from_delivery} matches the source's
   * delivery), with the expected MBIs.
   */
  static void assertClaims(TableSpec spec, CclfFile file, String expectedFile) {
    List<Map<String, String>> source = SCENARIO.csv("cclf/" + file.name().toLowerCase(Locale.ROOT) + ".csv");
    List<Map<String, String>> rows = new ArrayList<>();
    for (Map<String, String> e : expectedRows(expectedFile)) {
      List<Map<String, String>> matches = new ArrayList<>();
      for (Map<String, String> s : source) {
        boolean same = true;
        for (Map.Entry<String, String> k : e.entrySet()) {
          String name = k.getKey();
          if (name.equals("bene_mbi_id")) {
            continue;
          }
          String sourceValue = name.equals("source_bene_mbi_id") ? s.get("BENE_MBI_ID")
              : name.equals("from_delivery") ? s.get("delivery") : s.get(name.toUpperCase(Locale.ROOT));
          same &= k.getValue().equals(sourceValue);
        }
        if (same) {
          matches.add(s);
        }
      }
      assertThat(matches).as("source rows for expected " + e).hasSize(1);
      Map<String, String> row = new HashMap<>();
      matches.get(0).forEach((k, v) -> row.put(k.toLowerCase(Locale.ROOT), v));
      row.remove("delivery");
      row.put("bene_mbi_id", e.get("bene_mbi_id"));
      row.put("source_bene_mbi_id", e.get("source_bene_mbi_id"));
      rows.add(row);
    }
    assertTable(spec, rows);
  }

  /** Compares the warehouse table of {@code spec} with rows given as strings ("" = null). */
  static void assertTable(TableSpec spec, List<Map<String, String>> rows) {
    assertRows(spec, rows, DeltaTables.read(SharedSpark.session(), warehouse, spec));
  }

  /**
   * Compares {@code table} with rows given as strings ("" = null) on every non-lineage column of
   * {@code spec}, typed by its schema; a value naming no such column fails.
   */
  static void assertRows(TableSpec spec, List<Map<String, String>> rows, Dataset<Row> table) {
    List<StructField> fields = new ArrayList<>();
    for (StructField f : spec.schema().fields()) {
      if (!LINEAGE.contains(f.name())) {
        fields.add(f);
      }
    }
    List<String> names = fields.stream().map(StructField::name).toList();
    for (Map<String, String> r : rows) {
      for (String k : r.keySet()) {
        assertThat(names).as("expected column " + k + " of " + spec.name()).contains(k);
      }
    }
    StructType strings = new StructType();
    for (String n : names) {
      strings = strings.add(n, DataTypes.StringType);
    }
    List<Row> data = new ArrayList<>();
    for (Map<String, String> r : rows) {
      Object[] v = new Object[names.size()];
      for (int i = 0; i < v.length; i++) {
        String s = r.get(names.get(i));
        v[i] = s == null || s.isEmpty() ? null : s;
      }
      data.add(RowFactory.create(v));
    }
    Column[] typed = fields.stream().map(f -> col(f.name()).cast(f.dataType()).as(f.name())).toArray(Column[]::new);
    Dataset<Row> expected = SharedSpark.session().createDataFrame(data, strings).select(typed);
    Dataset<Row> actual = table.select(names.stream().map(org.apache.spark.sql.functions::col).toArray(Column[]::new));
    DataFrameAssert.assertSameRows(expected, actual);
  }
}
