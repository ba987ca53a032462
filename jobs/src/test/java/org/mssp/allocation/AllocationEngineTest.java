package org.mssp.allocation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mssp.allocation.AllocationFixtures.*;
import static org.mssp.allocation.ProviderGroup.*;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.mssp.allocation.AllocationEngine.Result;
import org.mssp.common.error.PipelineException;

/** Tiers 1 and 2, the attribution model, rounding, no-savings years and losses, hand-computed. */
class AllocationEngineTest {

  private static final String FOUR_GROUPS =
      "{\"PCP\": \"0.5\", \"SPECIALIST\": \"0.2\", \"HOSPITAL_FACILITY\": \"0.2\", \"NON_ATTRIBUTED\": \"0.1\"}";
  private static final String ATTRIBUTION_ALL =
      "{\"PCP\": {\"model\": \"ATTRIBUTION\"}, \"SPECIALIST\": {\"model\": \"ATTRIBUTION\"},"
          + " \"HOSPITAL_FACILITY\": {\"model\": \"ATTRIBUTION\"}, \"NON_ATTRIBUTED\": {\"model\": \"ATTRIBUTION\"}}";

  @Test
  void tier1TakesTheFixedAmountFirstThenItsShareOfTheRest() {
    // 1,000,000.00 earned: 100,000.00 fixed, then 30% of 900,000.00 = 270,000.00 → tier 1 = 370,000.00;
    // pool 630,000.00 → PCP 50% 315,000.00, SPECIALIST 20% 126,000.00, HOSPITAL 20% 126,000.00, NON 10% 63,000.00.
    AllocationPlan plan = plan("{\"fixed_amount\": \"100000.00\", \"share\": \"0.30\"}", FOUR_GROUPS, ATTRIBUTION_ALL, null);
    Result r = allocate("1000000.00", plan, List.of(provider("1", PCP, 1)));
    assertThat(line(r, 1, "OPERATIONS").amount()).isEqualByComparingTo("370000.00");
    assertThat(line(r, 2, "PCP").amount()).isEqualByComparingTo("315000.00");
    assertThat(line(r, 2, "SPECIALIST").amount()).isEqualByComparingTo("126000.00");
    assertThat(line(r, 2, "HOSPITAL_FACILITY").amount()).isEqualByComparingTo("126000.00");
    assertThat(line(r, 2, "NON_ATTRIBUTED").amount()).isEqualByComparingTo("63000.00");
    assertThat(providerLine(r, "1").amount()).isEqualByComparingTo("315000.00");
  }

  @Test
  void fixedAmountLargerThanEarnedTakesEverythingAndLeavesAnEmptyPool() {
    AllocationPlan plan = plan("{\"fixed_amount\": \"5000\", \"share\": \"0.5\"}", "{\"PCP\": \"1\"}",
        "{\"PCP\": {\"model\": \"ATTRIBUTION\"}}", null);
    Result r = allocate("1234.56", plan, List.of(provider("1", PCP, 3)));
    assertThat(line(r, 1, "OPERATIONS").amount()).isEqualByComparingTo("1234.56");
    assertThat(line(r, 2, "PCP").amount()).isEqualByComparingTo("0.00");
    assertThat(providerLine(r, "1").amount()).isEqualByComparingTo("0.00");
  }

  @Test
  void attributionModelSharesByAttributedBeneficiariesAndGivesZeroToProvidersWithNone() {
    // 1,000.00 over 30 : 10 : 0 beneficiaries → 750.00, 250.00, 0.00
    Result r = allocate("1000.00", singleGroup(PCP, "{\"model\": \"ATTRIBUTION\"}"),
        list(provider("A", PCP, 30), provider("B", PCP, 10), provider("C", PCP, 0)));
    assertThat(tier3Amounts(r)).containsExactly(
        Map.entry("A", new BigDecimal("750.00")), Map.entry("B", new BigDecimal("250.00")),
        Map.entry("C", new BigDecimal("0.00")));
    AllocationLine a = providerLine(r, "A");
    assertThat(a.weight()).isEqualByComparingTo("30");
    assertThat(a.weightTotal()).isEqualByComparingTo("40");
    assertThat(a.model()).isEqualTo("ATTRIBUTION");
    assertThat(a.reason()).isEqualTo("weight = 30 attributed beneficiaries");
    assertThat(providerLine(r, "C").reason()).isEqualTo("no attributed beneficiaries");
  }

  @Test
  void leftOverCentGoesToTheLargestRemainderAndTiesBreakByNpiThenTin() {
    // 100.00 over three equal weights: 33.33 each with remainder 1/3 cent; the one left-over cent
    // goes to the lowest NPI (1001), whatever order the providers come in.
    Result r = allocate("100.00", singleGroup(PCP, "{\"model\": \"ATTRIBUTION\"}"),
        list(provider("1003", PCP, 1), provider("1001", PCP, 1), provider("1002", PCP, 1)));
    assertThat(tier3Amounts(r)).containsExactly(
        Map.entry("1001", new BigDecimal("33.34")), Map.entry("1002", new BigDecimal("33.33")),
        Map.entry("1003", new BigDecimal("33.33")));
    assertThat(providerLine(r, "1001").extraCent()).isTrue();
    assertThat(providerLine(r, "1001").floorAmount()).isEqualByComparingTo("33.33");
  }

  @Test
  void largestRemainderBeatsTieOrder() {
    // 0.10 over weights 1, 2 (NPIs A, B): quotas 3.33 and 6.67 cents → floors 3, 6; remainders
    // 1/3 and 2/3: the left-over cent goes to B although A comes first.
    Result r = allocate("0.10", singleGroup(PCP, "{\"model\": \"ATTRIBUTION\"}"),
        list(provider("A", PCP, 1), provider("B", PCP, 2)));
    assertThat(providerLine(r, "A").amount()).isEqualByComparingTo("0.03");
    assertThat(providerLine(r, "B").amount()).isEqualByComparingTo("0.07");
  }

  @Test
  void tier2CentsFollowCanonicalGroupOrderOnTies() {
    // pool 0.01 over four groups at 0.25 each: equal remainders, the cent goes to PCP.
    String tier2 = "{\"PCP\": \"0.25\", \"SPECIALIST\": \"0.25\", \"HOSPITAL_FACILITY\": \"0.25\", \"NON_ATTRIBUTED\": \"0.25\"}";
    Result r = allocate("0.01", plan("{\"share\": \"0\"}", tier2, ATTRIBUTION_ALL, null), List.of());
    assertThat(line(r, 2, "PCP").amount()).isEqualByComparingTo("0.01");
    assertThat(line(r, 2, "NON_ATTRIBUTED").amount()).isEqualByComparingTo("0.00");
  }

  @Test
  void groupWithoutEligibleProvidersLeavesItsAmountWithTheAco() {
    Result r = allocate("500.00", singleGroup(SPECIALIST, "{\"model\": \"ATTRIBUTION\"}"),
        list(provider("S", SPECIALIST, 0)));
    AllocationLine reserve = r.allocation().stream()
        .filter(l -> l.recipientType().equals("ACO_RESERVE")).findFirst().orElseThrow();
    assertThat(reserve.amount()).isEqualByComparingTo("500.00");
    assertThat(reserve.reason()).isEqualTo("retained by the ACO: no provider of the group has a positive weight");
    assertThat(providerLine(r, "S").amount()).isEqualByComparingTo("0.00");
  }

  @Test
  void yearWithoutEarnedSavingsAllocatesNothingAndRecordsWhy() {
    Result r = allocate("0", singleGroup(PCP, "{\"model\": \"ATTRIBUTION\"}"), list(provider("A", PCP, 10)));
    assertThat(r.allocation()).hasSize(1);
    AllocationLine only = r.allocation().get(0);
    assertThat(only.tier()).isEqualTo(1);
    assertThat(only.amount()).isEqualByComparingTo("0.00");
    assertThat(only.reason()).isEqualTo("no earned savings: nothing allocated (savings rate below the MSR)");
  }

  @Test
  void lossesAreBorneByTheAcoWhenThePlanDoesNotShareThem() {
    Result r = allocate("-1000.00", singleGroup(PCP, "{\"model\": \"ATTRIBUTION\"}"), list(provider("A", PCP, 10)));
    assertThat(r.allocation()).hasSize(1);
    assertThat(r.allocation().get(0).amount()).isEqualByComparingTo("-1000.00");
    assertThat(r.allocation().get(0).reason()).startsWith("losses owed are borne by the ACO");
  }

  @Test
  void sharedLossesGoByTier2SharesThenAttributedBeneficiariesNeverToProvidersWithoutThem() {
    // loss 1,000.00, participants bear 40% = 400.00: PCP 50% = 200.00 split 3:1 → 150.00, 50.00;
    // SPECIALIST 50% = 200.00, its only provider has no beneficiaries → the ACO keeps it.
    AllocationPlan plan = plan("{\"share\": \"0.2\"}", "{\"PCP\": \"0.5\", \"SPECIALIST\": \"0.5\"}",
        "{\"PCP\": {\"model\": \"ATTRIBUTION\"}, \"SPECIALIST\": {\"model\": \"THRESHOLD\", \"quality_gate\": \"0.5\", \"weight\": \"EQUAL\"}}",
        "{\"participant_share\": \"0.4\"}");
    Result r = allocate("-1000.00", plan,
        list(provider("P1", PCP, 3), provider("P2", PCP, 1), provider("S1", SPECIALIST, 0)));
    assertThat(line(r, 1, "OPERATIONS").amount()).isEqualByComparingTo("-600.00");
    assertThat(line(r, 2, "PCP").amount()).isEqualByComparingTo("-200.00");
    assertThat(providerLine(r, "P1").amount()).isEqualByComparingTo("-150.00");
    assertThat(providerLine(r, "P2").amount()).isEqualByComparingTo("-50.00");
    assertThat(providerLine(r, "P1").model()).isEqualTo("LOSS_SHARE");
    assertThat(providerLine(r, "S1").amount()).isEqualByComparingTo("0.00");
    assertThat(tier3Amounts(r).get("ACO_RESERVE:SPECIALIST")).isEqualByComparingTo("-200.00");
  }

  @Test
  void earnedAmountWithFractionsOfCentsIsRejectedNamingTheAco() {
    assertThatThrownBy(() -> allocate("10.001", singleGroup(PCP, "{\"model\": \"ATTRIBUTION\"}"), List.of()))
        .isInstanceOf(PipelineException.class)
        .hasMessage("Cannot allocate savings of ACO A1001, PY2019: earned_savings_losses must be dollars and cents, got 10.001");
  }
}
