package org.mssp.settlement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mssp.settlement.TotalsFixture.aco;
import static org.mssp.settlement.TotalsFixture.settle;

import org.junit.jupiter.api.Test;
import org.mssp.common.error.InvalidValueException;

/**
 * The extreme and uncontrollable circumstances (EUC) reduction of shared losses (spec §4.1).
 * Fixture default: PY2018 Track 1, 60,000 beneficiaries (MSR 2 %), benchmark $1,000,000,
 * quality 0.9; expected values are computed by hand in the comments.
 */
class SettlementEucTest {
  @Test
  void eucFractionReducesTheLossAfterTheLimit() {
    // -40,000 x (1 - 0.25) = -30,000.
    SettlementResult r =
        settle(aco("euc").track("TRACK_3").msr("0.02").expenditure("1100000").eucFraction("0.25"));
    assertThat(r.eucReduction()).isEqualByComparingTo("10000");
    assertThat(r.earnedSavingsLosses()).isEqualByComparingTo("-30000");
  }

  @Test
  void eucAppliesAfterTheLossLimit() {
    // Track 2 year 1: -138,000 -> limit -50,000; half of it relieved -> -25,000.
    SettlementResult r =
        settle(aco("euc_limit").track("TRACK_2").msr("0.02").yearInTrack(1).expenditure("1300000").eucFraction("0.5"));
    assertThat(r.amountAfterLimit()).isEqualByComparingTo("-50000");
    assertThat(r.earnedSavingsLosses()).isEqualByComparingTo("-25000");
  }

  @Test
  void fullEucReliefOffsetsAllLossesAsInPy2020() {
    SettlementResult r =
        settle(aco("covid").year(2020).track("BASIC_E").msr("0.005").expenditure("1100000").eucFraction("1"));
    // -100,000 x 0.30 = -30,000, limit 4 % = 40,000; relief 30,000 -> 0.
    assertThat(r.eucReduction()).isEqualByComparingTo("30000");
    assertThat(r.earnedSavingsLosses()).isEqualByComparingTo("0");
  }

  @Test
  void eucDoesNotTouchSavings() {
    SettlementResult r = settle(aco("euc_savings").eucFraction("0.5"));
    assertThat(r.eucReduction()).isEqualByComparingTo("0");
    assertThat(r.earnedSavingsLosses()).isEqualByComparingTo("44100");
  }

  @Test
  void eucBeforePy2017IsRejected() {
    assertThatThrownBy(
            () -> settle(aco("old_euc").year(2016).track("TRACK_2").msr("0.02").yearInTrack(1).eucFraction("0.5")))
        .isInstanceOf(InvalidValueException.class)
        .hasMessage(
            "Cannot settle ACO old_euc, PY2016: column euc_loss_reduction_fraction: rule table 'euc' has no rows for 2016 (no EUC relief of shared losses that year)");
  }

  @Test
  void eucAmountLargerThanTheLossIsRejected() {
    assertThatThrownBy(
            () -> settle(aco("euc_big").track("TRACK_3").msr("0.02").expenditure("1100000").eucAmount("40001")))
        .isInstanceOf(InvalidValueException.class)
        .hasMessage(
            "Cannot settle ACO euc_big, PY2018: column euc_loss_reduction_amount: EUC reduction 40001 exceeds the shared loss after the limit, 40000.00");
  }
}
