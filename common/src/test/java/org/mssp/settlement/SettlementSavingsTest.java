package org.mssp.settlement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mssp.settlement.TotalsFixture.aco;
import static org.mssp.settlement.TotalsFixture.settle;

import org.junit.jupiter.api.Test;

/**
 * Shared savings: sharing rate, sequestration by year and the performance payment limit (spec §4.1, §4.3).
 * Fixture default: PY2018 Track 1, 60,000 beneficiaries (MSR 2 %), benchmark $1,000,000,
 * quality 0.9; expected values are computed by hand in the comments.
 */
class SettlementSavingsTest {
  @Test
  void track1SharesMaxRateTimesQualityAfterTwoPercentSequestration() {
    // 100,000 x (0.5 x 0.9 = 0.45) = 45,000; x 0.98 = 44,100; cap 10 % = 100,000 not binding.
    SettlementResult r = settle(aco("t1_savings"));
    assertThat(r.finalSharingRate()).isEqualByComparingTo("0.45");
    assertThat(r.amountBeforeLimits()).isEqualByComparingTo("45000");
    assertThat(r.sequestrationRate()).isEqualByComparingTo("0.02");
    assertThat(r.amountAfterSequestration()).isEqualByComparingTo("44100");
    assertThat(r.limitBasis()).isEqualTo("PERFORMANCE_PAYMENT_LIMIT");
    assertThat(r.limitAmount()).isEqualByComparingTo("100000");
    assertThat(r.limitBinding()).isFalse();
    assertThat(r.earnedSavingsLosses()).isEqualByComparingTo("44100");
    assertThat(r.ruleSetVersion()).isEqualTo("settlement-2026.11-r1");
  }

  @Test
  void performancePaymentLimitCapsTheSequesteredAmount() {
    // PUF 2018 A1409: 37,681,081 x 0.5 x 0.9081 x 0.98 = 16,766,... > 10 % x 121,182,225
    // = 12,118,222.5 -> published 12,118,223.
    SettlementResult r =
        settle(
            aco("A1409")
                .beneficiaries(5451)
                .benchmark("121182225")
                .expenditure("83501144")
                .quality("0.9081"));
    assertThat(r.limitBinding()).isTrue();
    assertThat(r.limitAmount()).isEqualByComparingTo("12118222.5");
    assertThat(r.amountAfterLimit()).isEqualByComparingTo("12118222.5");
    assertThat(r.earnedSavingsLosses()).isEqualByComparingTo("12118223");
  }

  @Test
  void track3CapIsTwentyPercentOfBenchmark() {
    // 400,000 x 0.75 x 1.0 x 0.98 = 294,000 > 200,000 -> 200,000.
    SettlementResult r =
        settle(aco("t3_cap").track("TRACK_3").msr("0.02").quality("1").expenditure("600000"));
    assertThat(r.limitAmount()).isEqualByComparingTo("200000");
    assertThat(r.earnedSavingsLosses()).isEqualByComparingTo("200000");
  }

  @Test
  void noSequestrationOnPy2019AndPy2020Payments() {
    // 100,000 x 0.45 = 45,000, factor 1.00 (sequester suspended).
    assertThat(settle(aco("py2019").year(2019)).earnedSavingsLosses()).isEqualByComparingTo("45000");
    assertThat(settle(aco("py2020").year(2020)).earnedSavingsLosses()).isEqualByComparingTo("45000");
    assertThat(settle(aco("py2020").year(2020)).sequestrationRate()).isEqualByComparingTo("0");
  }

  @Test
  void sequestrationBackAtTwoPercentFromPy2021() {
    // PY2021 BASIC A met: 100,000 x 0.40 x 0.98 = 39,200; PY2025 ENHANCED: x 0.75 x 0.98 = 73,500.
    assertThat(settle(aco("py2021").year(2021).track("BASIC_A")).earnedSavingsLosses())
        .isEqualByComparingTo("39200");
    assertThat(settle(aco("py2025").year(2025).track("ENHANCED").msr("0")).earnedSavingsLosses())
        .isEqualByComparingTo("73500");
  }
}
