package org.mssp.allocation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mssp.allocation.AllocationFixtures.allocate;
import static org.mssp.allocation.AllocationFixtures.providerLine;
import static org.mssp.allocation.AllocationFixtures.singleGroup;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.mssp.allocation.AllocationEngine.Result;
import org.mssp.assignment.AssignmentTables;
import org.mssp.common.schema.TableSpec;
import org.mssp.expenditure.ExpenditureTables;
import org.mssp.reference.ReferenceTables;
import org.mssp.risk.RiskTables;
import org.mssp.testsupport.SharedSpark;

/**
 * Allocation inputs from the expenditure tables (docs/allocation.md): the attribution model's
 * person-years basis, and the risk-adjusted cost per attributed beneficiary with the provider cost
 * file as an override. Expected values worked by hand in the comments.
 */
class AllocationInputsTest {
  private static final String PY_BASIS = "{\"model\": \"ATTRIBUTION\", \"basis\": \"PERSON_YEARS\"}";

  private static ProviderInput withPersonYears(String npi, long beneficiaries, String personYears) {
    return new ProviderInput(npi, "T" + npi, ProviderGroup.PCP, beneficiaries, List.of(), null, null, BigDecimal.ZERO,
        personYears == null ? null : new BigDecimal(personYears), null);
  }

  @Test
  void attributionByPersonYearsWeighsPartYearBeneficiariesByTheirMonths() {
    List<ProviderInput> providers = List.of(
        withPersonYears("P1", 2, "1.5"), withPersonYears("P2", 2, "0.5"), withPersonYears("P3", 1, null));
    // person-years 1.5 : 0.5 : 0 of 100.00 -> 75.00, 25.00, 0.00
    Result byPy = allocate("100.00", singleGroup(ProviderGroup.PCP, PY_BASIS), providers);
    assertThat(providerLine(byPy, "P1").amount()).isEqualByComparingTo("75.00");
    assertThat(providerLine(byPy, "P2").amount()).isEqualByComparingTo("25.00");
    assertThat(providerLine(byPy, "P3").amount()).isEqualByComparingTo("0.00");
    assertThat(providerLine(byPy, "P1").weight()).isEqualByComparingTo("1.5");
    assertThat(providerLine(byPy, "P1").reason()).isEqualTo("weight = 1.5 person-years of 2 attributed beneficiaries");
    assertThat(providerLine(byPy, "P3").reason()).isEqualTo("no attributed person-years");
    // the same providers by beneficiaries 2 : 2 : 1 -> 40.00, 40.00, 20.00
    Result byCount = allocate("100.00", singleGroup(ProviderGroup.PCP, "{\"model\": \"ATTRIBUTION\"}"), providers);
    assertThat(providerLine(byCount, "P1").amount()).isEqualByComparingTo("40.00");
    assertThat(providerLine(byCount, "P3").amount()).isEqualByComparingTo("20.00");
  }

  @Test
  void anUnknownAttributionBasisFailsNamingThePlanPath() {
    assertThatThrownBy(() -> singleGroup(ProviderGroup.PCP, "{\"model\": \"ATTRIBUTION\", \"basis\": \"VISITS\"}"))
        .hasMessageContaining("tier3.PCP.basis")
        .hasMessageContaining("unknown basis 'VISITS' (expected ATTRIBUTED_BENEFICIARIES or PERSON_YEARS)");
  }

  private static SparkSession spark() {
    return SharedSpark.session();
  }

  private static Dataset<Row> frame(StructType schema, Object[]... rows) {
    List<Row> list = new ArrayList<>();
    for (Object[] r : rows) {
      list.add(RowFactory.create(r));
    }
    return spark().createDataFrame(list, schema);
  }

  private static StructType columnsOf(TableSpec spec, String... names) {
    StructType s = new StructType();
    for (String n : names) {
      s = s.add(spec.schema().apply(n));
    }
    return s;
  }

  private static BigDecimal m(String s) {
    return new BigDecimal(s);
  }

  private static Dataset<Row> empty(TableSpec spec) {
    return spark().createDataFrame(List.of(), spec.schema());
  }

  @Test
  void personYearsAndRiskAdjustedCostComeFromTheExpenditureTablesAndTheCostFileOverrides() {
    String and = "AGED_NON_DUAL";
    String p1 = "1000000001";
    String p2 = "1000000003";
    String p3 = "1000000005";
    Dataset<Row> attribution = frame(columnsOf(AssignmentTables.PROVIDER_ATTRIBUTION,
            "bene_id", "performance_year", "assignment_year", "aco_id", "npi", "tin"),
        new Object[] {"b1_full_year", 2019, 2019, "A1", p1, "111111111"},
        new Object[] {"b2_half_year", 2019, 2019, "A1", p1, "111111111"},
        new Object[] {"b3_file_cost", 2019, 2019, "A1", p2, "222222222"},
        new Object[] {"b5_no_score", 2019, 2019, "A1", p3, "222222222"},
        // a benchmark-year attribution does not count
        new Object[] {"b4_by_row", 2019, 2018, "A1", p1, "111111111"});
    Dataset<Row> expenditure = frame(columnsOf(ExpenditureTables.BENEFICIARY_EXPENDITURE,
            "bene_id", "year", "enrollment_type", "eligible_months", "truncated_spend"),
        new Object[] {"b1_full_year", 2019, and, 12, m("12000.00")},
        new Object[] {"b2_half_year", 2019, and, 6, m("3000.00")},
        new Object[] {"b3_file_cost", 2019, and, 12, m("5000.00")},
        new Object[] {"b5_no_score", 2019, and, 12, m("7000.00")},
        new Object[] {"b4_by_row", 2019, and, 12, m("99999.00")},
        new Object[] {"b1_full_year", 2018, and, 12, m("88888.00")});
    Dataset<Row> risk = frame(columnsOf(RiskTables.BENEFICIARY_RISK, "bene_id", "year", "enrollment_type",
            "normalized_risk_score"),
        new Object[] {"b1_full_year", 2019, and, m("1.2")},
        new Object[] {"b2_half_year", 2019, and, m("0.5")},
        new Object[] {"b3_file_cost", 2019, and, m("1.0")});
    Dataset<Row> cost = frame(AllocationTables.PROVIDER_COST.schema(),
        new Object[] {"A1", 2019, p2, "222222222", m("9000.00")});
    Dataset<Row> roster = frame(ReferenceTables.PROVIDER_ROSTER.schema(),
        new Object[] {p1, "111111111", "08", 2L},
        new Object[] {p2, "222222222", "08", 1L},
        new Object[] {p3, "222222222", "08", 1L});

    Map<String, String> got = new TreeMap<>();
    for (Row r : AllocationStage.providers(attribution, roster, empty(AllocationTables.PROVIDER_QUALITY), cost,
        empty(AllocationTables.PROVIDER_ALLOCATION), empty(AllocationTables.ENDOWMENT_LEDGER), expenditure, risk,
        GroupMapping.load(), 2019).collectAsList()) {
      got.put(r.getAs("npi"), r.<Long>getAs("attributed_beneficiaries") + "|"
          + r.<BigDecimal>getAs("attributed_person_years").stripTrailingZeros().toPlainString() + "|"
          + r.getAs("cost_per_beneficiary") + "|" + r.getAs("cost_source"));
    }
    assertThat(got).containsExactly(
        // P1: (12 + 6) / 12 = 1.5 person-years ; cost = (12,000 + 3,000) x 12 / (1.2 x 12 + 0.5 x 6)
        //     = 180,000 / 17.4 = 10,344.827586 -> 10,344.83
        Map.entry(p1, "2|1.5|10344.83|EXPENDITURE_TABLES"),
        // P2: computed 5,000 x 12 / (1.0 x 12) = 5,000.00, replaced by the file's 9,000.00
        Map.entry(p2, "1|1|9000.00|PROVIDER_COST_FILE"),
        // P3: its only beneficiary has no risk score: no cost
        Map.entry(p3, "1|1|null|null"));
  }
}
