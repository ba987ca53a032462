package org.mssp.settlement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mssp.settlement.TotalsFixture.aco;
import static org.mssp.settlement.TotalsFixture.settle;

import org.junit.jupiter.api.Test;

/**
 * The MSR/MLR corridor (spec §4.2): gross savings or losses only beyond it.
 * Fixture default: PY2018 Track 1, 60,000 beneficiaries (MSR 2 %), benchmark $1,000,000,
 * quality 0.9; expected values are computed by hand in the comments.
 */
class SettlementCorridorTest {
  @Test
  void savingsBelowTheMsrGiveNoGrossSavings() {
    // 1,000,000 - 985,000 = 15,000 = 1.5 % < MSR 2 %.
    SettlementResult r = settle(aco("below_msr").expenditure("985000"));
    assertThat(r.savings()).isEqualByComparingTo("15000");
    assertThat(r.savingsRate()).isEqualByComparingTo("0.015");
    assertThat(r.msr()).isEqualByComparingTo("0.02");
    assertThat(r.corridorPassed()).isFalse();
    assertThat(r.grossSavingsLosses()).isEqualByComparingTo("0");
    assertThat(r.earnedSavingsLosses()).isEqualByComparingTo("0");
  }

  @Test
  void savingsExactlyAtTheMsrPassTheCorridorAndShareFromTheFirstDollar() {
    // 20,000 = 2 % = MSR: gross 20,000 x 0.45 x 0.98 = 8,820.
    SettlementResult r = settle(aco("at_msr").expenditure("980000"));
    assertThat(r.corridorPassed()).isTrue();
    assertThat(r.grossSavingsLosses()).isEqualByComparingTo("20000");
    assertThat(r.earnedSavingsLosses()).isEqualByComparingTo("8820");
  }

  @Test
  void twoSidedTrackUsesMlrEqualToItsFixedMsrElection() {
    // Track 3, fixed 1 %: loss of 0.9 % stays inside the corridor.
    SettlementResult r =
        settle(aco("inside_mlr").track("TRACK_3").msr("0.01").expenditure("1009000"));
    assertThat(r.mlr()).isEqualByComparingTo("0.01");
    assertThat(r.corridorPassed()).isFalse();
    assertThat(r.earnedSavingsLosses()).isEqualByComparingTo("0");
  }

  @Test
  void oneSidedTrackShowsGrossLossesBeyondTheMsrButOwesNothing() {
    // PUF 2018 A1071: n=3,785 (MSR 4.568 %), -5,849,446 = -11.9 % -> gross negative, earned 0.
    SettlementResult r =
        settle(
            aco("A1071")
                .beneficiaries(3785)
                .benchmark("49166832")
                .expenditure("55016278")
                .quality("0.7228"));
    assertThat(r.grossSavingsLosses()).isEqualByComparingTo("-5849446");
    assertThat(r.mlr()).isNull();
    assertThat(r.sharedLossRate()).isNull();
    assertThat(r.limitAmount()).isNull();
    assertThat(r.earnedSavingsLosses()).isEqualByComparingTo("0");
  }

  @Test
  void zeroMsrElectionSharesAnySavings() {
    // Track 1+ fixed 0: 1 dollar of savings is shared: 1 x 0.45 x 0.98 = 0.441 -> $0.
    SettlementResult r = settle(aco("zero_msr").track("TRACK_1_PLUS").msr("0").expenditure("999999"));
    assertThat(r.corridorPassed()).isTrue();
    assertThat(r.grossSavingsLosses()).isEqualByComparingTo("1");
    assertThat(r.amountAfterLimit()).isEqualByComparingTo("0.441");
    assertThat(r.earnedSavingsLosses()).isEqualByComparingTo("0");
  }
}
