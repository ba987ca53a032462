package org.mssp.allocation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mssp.allocation.AllocationFixtures.*;
import static org.mssp.allocation.ProviderGroup.*;

import org.junit.jupiter.api.Test;
import org.mssp.allocation.AllocationEngine.Result;

/** The endowment model laid over the threshold model: advances, payments, claw-backs, carry-over. */
class EndowmentLedgerTest {

  private static String endowment(boolean carry) {
    return "{\"model\": \"ENDOWMENT\", \"advance_share\": \"0.5\", \"carry_forward_clawback\": " + carry
        + ", \"earned_by\": {\"model\": \"THRESHOLD\", \"quality_gate\": \"0.80\", \"weight\": \"ATTRIBUTED_BENEFICIARIES\"}}";
  }

  @Test
  void providerWhoMeetsTheGatesIsPaidEarnedMinusAdvanceAndOneWhoMissesIsClawedBack() {
    // 800.00 to PCP; GOOD passes (composite 0.9, 10 benes) and earns all 800.00.
    // GOOD: advance 0.5 × 1,000.00 = 500.00 → payment 300.00.
    // BAD misses the gate (0.5): earned 0, advance 0.5 × 600.00 = 300.00 → claw-back 300.00.
    // NEW has no prior-year allocation: no advance, earned 0.
    Result r = allocate("800.00", singleGroup(PCP, endowment(false)), list(
        withHistory(provider("GOOD", PCP, 10, measure("Q", 90, 100, null, null)), "1000.00", "0"),
        withHistory(provider("BAD", PCP, 10, measure("Q", 50, 100, null, null)), "600.00", "0"),
        withHistory(provider("NEW", PCP, 0, measure("Q", 95, 100, null, null)), null, "0")));
    assertThat(providerLine(r, "GOOD").amount()).isEqualByComparingTo("800.00");
    assertThat(providerLine(r, "GOOD").model()).isEqualTo("ENDOWMENT+THRESHOLD");
    LedgerLine good = ledger(r, "GOOD");
    assertThat(good.advance()).isEqualByComparingTo("500.00");
    assertThat(good.earned()).isEqualByComparingTo("800.00");
    assertThat(good.payment()).isEqualByComparingTo("300.00");
    assertThat(good.clawback()).isEqualByComparingTo("0.00");
    LedgerLine bad = ledger(r, "BAD");
    assertThat(bad.advance()).isEqualByComparingTo("300.00");
    assertThat(bad.earned()).isEqualByComparingTo("0.00");
    assertThat(bad.clawback()).isEqualByComparingTo("300.00");
    assertThat(bad.closingBalance()).isEqualByComparingTo("0.00");
    assertThat(bad.reason()).isEqualTo("claw-back: earned 0.00 below advance 300.00");
    LedgerLine fresh = ledger(r, "NEW");
    assertThat(fresh.advance()).isEqualByComparingTo("0.00");
    assertThat(fresh.reason()).endsWith("(no prior-year allocation, so no advance)");
  }

  @Test
  void shortfallIsCarriedForwardWhenThePlanSaysSoAndOffsetNextYear() {
    // Year 1: BAD's 300.00 shortfall is carried (no cash claw-back).
    Result y1 = allocate("800.00", singleGroup(PCP, endowment(true)), list(
        withHistory(provider("GOOD", PCP, 10, measure("Q", 90, 100, null, null)), "1000.00", "0"),
        withHistory(provider("BAD", PCP, 10, measure("Q", 50, 100, null, null)), "600.00", "0")));
    LedgerLine bad = ledger(y1, "BAD");
    assertThat(bad.clawback()).isEqualByComparingTo("0.00");
    assertThat(bad.closingBalance()).isEqualByComparingTo("300.00");
    // Year 2: BAD passes and earns 400.00 of 800.00 (10 of 20 benes); prior-year earned 0 → no
    // advance; net 400.00 − 0 − 300.00 opening = 100.00 payment, balance cleared.
    Result y2 = allocate("800.00", singleGroup(PCP, endowment(true)), list(
        withHistory(provider("GOOD", PCP, 10, measure("Q", 90, 100, null, null)), "800.00", "0"),
        withHistory(provider("BAD", PCP, 10, measure("Q", 85, 100, null, null)), "0.00", "300.00")));
    LedgerLine bad2 = ledger(y2, "BAD");
    assertThat(bad2.openingBalance()).isEqualByComparingTo("300.00");
    assertThat(bad2.earned()).isEqualByComparingTo("400.00");
    assertThat(bad2.payment()).isEqualByComparingTo("100.00");
    assertThat(bad2.closingBalance()).isEqualByComparingTo("0.00");
    // GOOD: advance 400.00, earned 400.00 → payment 0.
    assertThat(ledger(y2, "GOOD").payment()).isEqualByComparingTo("0.00");
  }

  @Test
  void endowmentYearWithoutSavingsClawsBackEveryAdvance() {
    Result r = allocate("0", singleGroup(PCP, endowment(false)), list(
        withHistory(provider("GOOD", PCP, 10, measure("Q", 90, 100, null, null)), "1000.00", "0")));
    LedgerLine good = ledger(r, "GOOD");
    assertThat(good.advance()).isEqualByComparingTo("500.00");
    assertThat(good.earned()).isEqualByComparingTo("0.00");
    assertThat(good.clawback()).isEqualByComparingTo("500.00");
  }

  @Test
  void openingBalanceOfAProviderNoLongerUnderAnEndowmentIsClawedBack() {
    Result r = allocate("100.00", singleGroup(PCP, "{\"model\": \"ATTRIBUTION\"}"), list(
        withHistory(provider("OLD", PCP, 1), "50.00", "120.00")));
    LedgerLine old = ledger(r, "OLD");
    assertThat(old.model()).isEqualTo("ENDOWMENT_ENDED");
    assertThat(old.clawback()).isEqualByComparingTo("120.00");
    assertThat(r.ledger()).hasSize(1);
  }
}
