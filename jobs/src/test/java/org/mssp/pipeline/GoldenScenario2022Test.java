package org.mssp.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mssp.allocation.AllocationTables;
import org.mssp.assignment.AssignmentTables;
import org.mssp.benchmark.BenchmarkTables;
import org.mssp.common.schema.TableSpec;
import org.mssp.common.spark.DeltaTables;
import org.mssp.expenditure.ExpenditureJob;
import org.mssp.expenditure.ExpenditureTables;
import org.mssp.settlement.SettlementTables;
import org.mssp.testdata.GoldenScenario;
import org.mssp.testsupport.SharedSpark;

/**
 * Issue 8, the second golden scenario (src/test/resources/golden-2022/, story and arithmetic in
 * its README.md): the 2019+ rules the PY2018 scenario cannot reach. PY2022 in ACO mode with a
 * CMS-format parameter file (truncation caps, risk renormalisation factors) and county file; a
 * PROSPECTIVE ACO (window boundaries, prospective before retrospective, the year-end exclusion of
 * a beneficiary who joins Medicare Advantage, voluntary alignment without a primary care service)
 * and a RETROSPECTIVE renewal; the blended trend and update, a regional adjustment held at the
 * +5 % cap, the +3 % risk cap, a truncation that bites; ENHANCED and BASIC C settlement with the
 * revenue-based loss limit and EUC relief; the allocation of a savings and a loss, with a cost per
 * beneficiary at risk other than 1. {@link Pipeline} runs once; the tables from assignment to
 * allocation are compared exactly with rows written by hand under golden-2022/expected/ (the
 * ingest tables are the PY2018 scenario's subject).
 */
class GoldenScenario2022Test {
  static final GoldenScenario SCENARIO = GoldenScenario.PY2022;

  @TempDir static Path dir;
  static String warehouse;

  @BeforeAll
  static void runPipeline() throws IOException {
    warehouse = GoldenScenarioTest.runEveryStage(SCENARIO, dir, input -> new Pipeline.Config(input.toString(),
        dir.resolve("warehouse").toString(), SCENARIO.performanceYear(), "golden-2022", ExpenditureJob.Mode.ACO,
        input.resolve("cms/national_parameters.csv").toString(), input.resolve("cms/county_ffs_2019_2022.csv").toString(),
        input.resolve("reference/aco_quality.csv").toString(), null, input.resolve("reference/allocation_plan.json"),
        null, null));
  }

  @Test
  void expendituresRanForTheBenchmarkYearsAndThePerformanceYear() {
    assertThat(GoldenScenarioTest.years(warehouse, ExpenditureTables.ACO_EXPENDITURE)).containsExactly(2019, 2020, 2021, 2022);
  }

  @Test
  void beneficiaryAssignmentByHand() {
    assertTable(AssignmentTables.BENEFICIARY_ASSIGNMENT, "beneficiary_assignment.csv");
  }

  @Test
  void providerAttributionByHand() {
    assertTable(AssignmentTables.PROVIDER_ATTRIBUTION, "provider_attribution.csv");
  }

  @Test
  void assignmentSummaryByHand() {
    assertTable(AssignmentTables.ASSIGNMENT_SUMMARY, "assignment_summary.csv");
  }

  @Test
  void primaryCareContactByHand() {
    assertTable(AssignmentTables.PRIMARY_CARE_CONTACT, "primary_care_contact.csv");
  }

  @Test
  void countyExpenditureIsTheCountyFileByHand() {
    assertTable(ExpenditureTables.COUNTY_EXPENDITURE, "county_expenditure.csv");
  }

  @Test
  void acoExpenditureByHand() {
    assertTable(ExpenditureTables.ACO_EXPENDITURE, "aco_expenditure.csv");
  }

  @Test
  void acoBenchmarkByTypeByHand() {
    assertTable(BenchmarkTables.ACO_BENCHMARK_BY_TYPE, "aco_benchmark_by_type.csv");
  }

  @Test
  void acoBenchmarkByHand() {
    assertTable(BenchmarkTables.ACO_BENCHMARK, "aco_benchmark.csv");
  }

  @Test
  void acoTotalsByHand() {
    assertTable(SettlementTables.ACO_TOTALS, "aco_totals.csv");
  }

  @Test
  void acoSettlementByHand() {
    assertTable(SettlementTables.ACO_SETTLEMENT, "aco_settlement.csv");
  }

  @Test
  void providerAllocationByHand() {
    assertTable(AllocationTables.PROVIDER_ALLOCATION, "provider_allocation.csv");
  }

  @Test
  void endowmentLedgerByHand() {
    assertTable(AllocationTables.ENDOWMENT_LEDGER, "endowment_ledger.csv");
  }

  static void assertTable(TableSpec spec, String expectedFile) {
    List<Map<String, String>> rows = SCENARIO.csv("expected/" + expectedFile);
    GoldenScenarioTest.assertRows(spec, rows, DeltaTables.read(SharedSpark.session(), warehouse, spec));
  }
}
