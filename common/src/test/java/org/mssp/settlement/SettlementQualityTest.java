package org.mssp.settlement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mssp.settlement.TotalsFixture.aco;
import static org.mssp.settlement.TotalsFixture.settle;

import org.junit.jupiter.api.Test;

/**
 * The quality link of each era (spec §4.4).
 * Fixture default: PY2018 Track 1, 60,000 beneficiaries (MSR 2 %), benchmark $1,000,000,
 * quality 0.9; expected values are computed by hand in the comments.
 */
class SettlementQualityTest {
  @Test
  void failingTheQualityStandardBeforePy2021ForfeitsSavings() {
    SettlementResult r = settle(aco("t1_failed").met(false));
    assertThat(r.grossSavingsLosses()).isEqualByComparingTo("100000");
    assertThat(r.qualityFactor()).isEqualByComparingTo("0");
    assertThat(r.finalSharingRate()).isEqualByComparingTo("0");
    assertThat(r.earnedSavingsLosses()).isEqualByComparingTo("0");
  }

  @Test
  void payForReportingCountsAsFullQualityScoreBeforePy2021() {
    // 100,000 x 0.5 x 1.0 x 0.98 = 49,000 although the score field says 0.3.
    SettlementResult r = settle(aco("p4r").quality("0.3").payForReporting());
    assertThat(r.qualityFactor()).isEqualByComparingTo("1");
    assertThat(r.earnedSavingsLosses()).isEqualByComparingTo("49000");
  }

  @Test
  void fromPy2021MeetingTheStandardEarnsTheFlatMaxRate() {
    // BASIC C, quality 0.5: 100,000 x 0.50 (flat) x 0.98 = 49,000.
    SettlementResult r = settle(aco("flat").year(2021).track("BASIC_C").msr("0").quality("0.5"));
    assertThat(r.qualityMethod()).isEqualTo("STANDARD_FLAT");
    assertThat(r.finalSharingRate()).isEqualByComparingTo("0.5");
    assertThat(r.earnedSavingsLosses()).isEqualByComparingTo("49000");
  }

  @Test
  void fromPy2021FailingTheStandardForfeitsSavings() {
    SettlementResult r = settle(aco("flat_failed").year(2022).track("BASIC_A").met(false));
    assertThat(r.finalSharingRate()).isEqualByComparingTo("0");
    assertThat(r.earnedSavingsLosses()).isEqualByComparingTo("0");
  }

  @Test
  void fromPy2023SlidingScaleEarnsMaxRateTimesScoreBelowTheStandard() {
    // ENHANCED, score 0.6: 100,000 x 0.75 x 0.6 x 0.98 = 44,100.
    SettlementResult r =
        settle(aco("sliding").year(2023).track("ENHANCED").msr("0").quality("0.6").met(false).slidingScaleEligible());
    assertThat(r.qualityMethod()).isEqualTo("SLIDING_SCALE");
    assertThat(r.finalSharingRate()).isEqualByComparingTo("0.45");
    assertThat(r.earnedSavingsLosses()).isEqualByComparingTo("44100");
  }

  @Test
  void fromPy2023BelowTheStandardWithoutSlidingScaleEarnsNothing() {
    SettlementResult r =
        settle(aco("below_std").year(2024).track("ENHANCED").msr("0").quality("0.6").met(false));
    assertThat(r.earnedSavingsLosses()).isEqualByComparingTo("0");
  }
}
