package org.mssp.allocation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mssp.allocation.AllocationFixtures.*;
import static org.mssp.allocation.ProviderGroup.*;

import org.junit.jupiter.api.Test;
import org.mssp.allocation.AllocationEngine.Result;

/** The incremental-quality and threshold models, hand-computed. */
class AllocationModelsTest {

  private static final String IQ = "{\"model\": \"INCREMENTAL_QUALITY\", \"z\": \"1.96\", \"min_denominator\": 20}";

  @Test
  void incrementalQualityCountsOnlyImprovementBeyondSamplingNoiseWeightedByAttribution() {
    // HIGH: 100/100 → 100/100, d = 0: a high performer with no room to improve earns nothing.
    // BIG: 50/100 → 70/100, d = 0.20; pooled p = 0.6, se = sqrt(0.24 × 0.02) = 0.069282,
    //      z·se = 0.135793 < 0.20 → counts; weight 0.20 × 10 beneficiaries = 2.0.
    // SMALL: 50/100 → 60/100, d = 0.10; p = 0.55, se = sqrt(0.2475 × 0.02) = 0.070356,
    //      z·se = 0.137898 > 0.10 → noise, weight 0.
    // TWO: M1 40/100 → 60/100, d = 0.20, p = 0.5, z·se = 0.138593 → counts;
    //      M2 (lower is better) 30/100 → 10/100, d = 0.20, p = 0.2, z·se = 0.110874 → counts;
    //      improvement 0.40 × 5 beneficiaries = 2.0.
    // TINY: 1/10 → 9/10, denominators below 20: not comparable.
    // 1,000.00 over weights 2.0 : 2.0 → BIG 500.00, TWO 500.00.
    Result r = allocate("1000.00", singleGroup(SPECIALIST, IQ), list(
        provider("HIGH", SPECIALIST, 50, measure("M1", 100, 100, 100L, 100L)),
        provider("BIG", SPECIALIST, 10, measure("M1", 70, 100, 50L, 100L)),
        provider("SMALL", SPECIALIST, 40, measure("M1", 60, 100, 50L, 100L)),
        provider("TWO", SPECIALIST, 5, measure("M1", 60, 100, 40L, 100L), lowerIsBetter("M2", 10, 100, 30, 100)),
        provider("TINY", SPECIALIST, 20, measure("M1", 9, 10, 1L, 10L))));
    assertThat(providerLine(r, "BIG").amount()).isEqualByComparingTo("500.00");
    assertThat(providerLine(r, "TWO").amount()).isEqualByComparingTo("500.00");
    assertThat(providerLine(r, "TWO").qualityImprovement()).isEqualByComparingTo("0.4");
    assertThat(providerLine(r, "TWO").measuresImproved()).isEqualTo(2);
    assertThat(providerLine(r, "BIG").weightTotal()).isEqualByComparingTo("4.0");

    AllocationLine high = providerLine(r, "HIGH");
    assertThat(high.amount()).isEqualByComparingTo("0.00");
    assertThat(high.qualityImprovement()).isEqualByComparingTo("0");
    assertThat(high.reason()).isEqualTo("no measure improved beyond sampling noise (z = 1.96) on 1 comparable measure(s)");
    assertThat(providerLine(r, "SMALL").amount()).isEqualByComparingTo("0.00");
    assertThat(providerLine(r, "TINY").reason())
        .isEqualTo("no measure with this and prior-year denominators of at least 20");
  }

  @Test
  void incrementalQualityWithZeroZCountsAnyImprovement() {
    // z = 0: SMALL's d = 0.10 now counts; weights BIG 0.2 × 10 = 2, SMALL 0.1 × 40 = 4 → 1/3, 2/3 of 90.00.
    Result r = allocate("90.00", singleGroup(SPECIALIST, IQ.replace("1.96", "0")), list(
        provider("BIG", SPECIALIST, 10, measure("M1", 70, 100, 50L, 100L)),
        provider("SMALL", SPECIALIST, 40, measure("M1", 60, 100, 50L, 100L))));
    assertThat(providerLine(r, "BIG").amount()).isEqualByComparingTo("30.00");
    assertThat(providerLine(r, "SMALL").amount()).isEqualByComparingTo("60.00");
  }

  @Test
  void thresholdGatesOnQualityAndCostAgainstTheGroupMedianThenWeighsByAttribution() {
    // Costs 10,000 / 9,000 / 12,000 / 11,000: median (10,000 + 11,000)/2 = 10,500 × 1.10 = 11,550.00.
    // S1: composite 0.90 ≥ 0.80, cost 10,000 ≤ 11,550 → eligible, 30 beneficiaries.
    // S2: composite 7,999/10,000 = 0.7999 < 0.80 → gate just missed.
    // S3: composite 0.85, cost 12,000 > 11,550 → cost gate missed.
    // S4: composite 0.95, cost 11,000 → eligible, 10 beneficiaries.
    // 800.00 × 30/40 = 600.00 and × 10/40 = 200.00.
    String model = "{\"model\": \"THRESHOLD\", \"quality_gate\": \"0.80\","
        + " \"cost_gate\": {\"max_ratio_to_group_median\": \"1.10\"}, \"weight\": \"ATTRIBUTED_BENEFICIARIES\"}";
    Result r = allocate("800.00", singleGroup(HOSPITAL_FACILITY, model), list(
        withCost(provider("S1", HOSPITAL_FACILITY, 30, measure("Q", 90, 100, null, null)), "10000.00"),
        withCost(provider("S2", HOSPITAL_FACILITY, 50, measure("Q", 7999, 10000, null, null)), "9000.00"),
        withCost(provider("S3", HOSPITAL_FACILITY, 40, measure("Q", 85, 100, null, null)), "12000.00"),
        withCost(provider("S4", HOSPITAL_FACILITY, 10, measure("Q", 95, 100, null, null)), "11000.00")));
    assertThat(providerLine(r, "S1").amount()).isEqualByComparingTo("600.00");
    assertThat(providerLine(r, "S4").amount()).isEqualByComparingTo("200.00");
    AllocationLine missed = providerLine(r, "S2");
    assertThat(missed.amount()).isEqualByComparingTo("0.00");
    assertThat(missed.qualityGatePassed()).isFalse();
    assertThat(missed.reason()).isEqualTo("quality gate missed: composite 0.7999000000 < gate 0.80");
    AllocationLine costly = providerLine(r, "S3");
    assertThat(costly.costGateLimit()).isEqualByComparingTo("11550.00");
    assertThat(costly.costGatePassed()).isFalse();
    assertThat(costly.reason()).isEqualTo("cost gate missed: cost per beneficiary 12000.00 > limit 11550.00 (cost from PROVIDER_COST_FILE)");
  }

  @Test
  void thresholdWithEqualWeightPaysProvidersWithoutAttributedBeneficiaries() {
    // Non-attributed group, quality gate 0.70, no cost gate, EQUAL weights:
    // ED1 0.80 passes; ED2 0.60 misses; RAD has no measures → fails; 100.01 all to ED1.
    // LOWER: a lower-is-better measure 20/100 → 1 − 0.20 = 0.80 passes too → 50.01 / 50.00.
    String model = "{\"model\": \"THRESHOLD\", \"quality_gate\": \"0.70\", \"weight\": \"EQUAL\"}";
    Result r = allocate("100.01", singleGroup(NON_ATTRIBUTED, model), list(
        provider("ED1", NON_ATTRIBUTED, 0, measure("Q", 80, 100, null, null)),
        provider("ED2", NON_ATTRIBUTED, 0, measure("Q", 60, 100, null, null)),
        provider("RAD", NON_ATTRIBUTED, 0),
        provider("LOWER", NON_ATTRIBUTED, 0, lowerIsBetter("R", 20, 100, 20, 100))));
    assertThat(providerLine(r, "ED1").amount()).isEqualByComparingTo("50.01");
    assertThat(providerLine(r, "LOWER").amount()).isEqualByComparingTo("50.00");
    assertThat(providerLine(r, "ED1").reason()).isEqualTo("passed the gates; weight = 1 (EQUAL)");
    assertThat(providerLine(r, "ED2").amount()).isEqualByComparingTo("0.00");
    assertThat(providerLine(r, "RAD").reason()).isEqualTo("quality gate failed: no quality measures");
  }

  @Test
  void thresholdWeightedByAttributionGivesNothingToAProviderWithNoAttributedBeneficiaries() {
    String model = "{\"model\": \"THRESHOLD\", \"quality_gate\": \"0.70\", \"weight\": \"ATTRIBUTED_BENEFICIARIES\"}";
    Result r = allocate("300.00", singleGroup(NON_ATTRIBUTED, model), list(
        provider("HOSPITALIST", NON_ATTRIBUTED, 0, measure("Q", 90, 100, null, null)),
        provider("PCPLIKE", NON_ATTRIBUTED, 12, measure("Q", 75, 100, null, null))));
    AllocationLine h = providerLine(r, "HOSPITALIST");
    assertThat(h.amount()).isEqualByComparingTo("0.00");
    assertThat(h.qualityGatePassed()).isTrue();
    assertThat(h.reason()).isEqualTo("passed the gates but has no attributed beneficiaries (weight ATTRIBUTED_BENEFICIARIES)");
    assertThat(providerLine(r, "PCPLIKE").amount()).isEqualByComparingTo("300.00");
  }

  @Test
  void absoluteCostGateAndMissingCostData() {
    // limit 9,500.00: A 9,500.00 passes (≤), B 9,500.01 misses, C has no cost → fails the gate.
    String model = "{\"model\": \"THRESHOLD\", \"quality_gate\": \"0\","
        + " \"cost_gate\": {\"max_cost_per_beneficiary\": \"9500\"}, \"weight\": \"EQUAL\"}";
    Result r = allocate("10.00", singleGroup(PCP, model), list(
        withCost(provider("A", PCP, 1, measure("Q", 1, 2, null, null)), "9500.00"),
        withCost(provider("B", PCP, 1, measure("Q", 1, 2, null, null)), "9500.01"),
        provider("C", PCP, 1, measure("Q", 1, 2, null, null))));
    assertThat(providerLine(r, "A").amount()).isEqualByComparingTo("10.00");
    assertThat(providerLine(r, "B").amount()).isEqualByComparingTo("0.00");
    assertThat(providerLine(r, "C").reason()).isEqualTo("cost gate failed: no risk-adjusted cost");
  }
}
