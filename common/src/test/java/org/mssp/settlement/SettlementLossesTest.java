package org.mssp.settlement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mssp.settlement.TotalsFixture.aco;
import static org.mssp.settlement.TotalsFixture.settle;

import org.junit.jupiter.api.Test;

/**
 * Shared losses: loss rates with floors and ceilings, fixed rates, loss limits (spec §4.3).
 * Fixture default: PY2018 Track 1, 60,000 beneficiaries (MSR 2 %), benchmark $1,000,000,
 * quality 0.9; expected values are computed by hand in the comments.
 */
class SettlementLossesTest {
  @Test
  void track3LossRateIsFlooredAtFortyPercent() {
    // 1 - 0.75 x 0.9 = 0.325 -> floor 0.40; -100,000 x 0.40 = -40,000; limit 15 % = 150,000.
    SettlementResult r = settle(aco("t3_floor").track("TRACK_3").msr("0.02").expenditure("1100000"));
    assertThat(r.sharedLossRate()).isEqualByComparingTo("0.40");
    assertThat(r.amountBeforeLimits()).isEqualByComparingTo("-40000");
    assertThat(r.sequestrationRate()).isEqualByComparingTo("0");
    assertThat(r.limitAmount()).isEqualByComparingTo("150000");
    assertThat(r.limitBinding()).isFalse();
    assertThat(r.earnedSavingsLosses()).isEqualByComparingTo("-40000");
  }

  @Test
  void track3LossRateIsCappedAtSeventyFivePercentWhenQualityFails() {
    // Quality failed: sharing 0 -> 1 - 0 = 1 -> ceiling 0.75; -100,000 x 0.75 = -75,000.
    SettlementResult r =
        settle(aco("t3_ceiling").track("TRACK_3").msr("0.02").met(false).expenditure("1100000"));
    assertThat(r.sharedLossRate()).isEqualByComparingTo("0.75");
    assertThat(r.earnedSavingsLosses()).isEqualByComparingTo("-75000");
  }

  @Test
  void track3LossRateBetweenFloorAndCeilingIsOneMinusSharingRate() {
    // Quality 0.4: 1 - 0.75 x 0.4 = 0.70; -100,000 x 0.70 = -70,000.
    SettlementResult r =
        settle(aco("t3_mid").track("TRACK_3").msr("0.02").quality("0.4").expenditure("1100000"));
    assertThat(r.sharedLossRate()).isEqualByComparingTo("0.70");
    assertThat(r.earnedSavingsLosses()).isEqualByComparingTo("-70000");
  }

  @Test
  void track2LossRateIsOneMinusSharingRateAndAtMostSixtyPercent() {
    // q 0.9: 1 - 0.54 = 0.46 -> -46,000. q 0.5: 1 - 0.30 = 0.70 -> ceiling 0.60 -> -60,000.
    TotalsFixture base = aco("t2").track("TRACK_2").msr("0.02").yearInTrack(3).expenditure("1100000");
    assertThat(settle(base).sharedLossRate()).isEqualByComparingTo("0.46");
    assertThat(settle(base).earnedSavingsLosses()).isEqualByComparingTo("-46000");
    assertThat(settle(base.quality("0.5")).sharedLossRate()).isEqualByComparingTo("0.60");
    assertThat(settle(base.quality("0.5")).earnedSavingsLosses()).isEqualByComparingTo("-60000");
  }

  @Test
  void track2LossLimitIsFiveSevenAndAHalfThenTenPercentByYearInTrack() {
    // -300,000 x 0.46 = -138,000; limits 50,000 / 75,000 / 100,000 / 100,000.
    TotalsFixture base = aco("t2_limit").track("TRACK_2").msr("0.02").expenditure("1300000");
    assertThat(settle(base.yearInTrack(1)).earnedSavingsLosses()).isEqualByComparingTo("-50000");
    assertThat(settle(base.yearInTrack(2)).earnedSavingsLosses()).isEqualByComparingTo("-75000");
    assertThat(settle(base.yearInTrack(3)).earnedSavingsLosses()).isEqualByComparingTo("-100000");
    assertThat(settle(base.yearInTrack(5)).earnedSavingsLosses()).isEqualByComparingTo("-100000");
    assertThat(settle(base.yearInTrack(1)).limitBinding()).isTrue();
  }

  @Test
  void enhancedLossLimitIsFifteenPercentOfBenchmark() {
    // PY2022 met, q 0.8: 1 - 0.75 x 0.8 = 0.40; -500,000 x 0.40 = -200,000 > 150,000 -> -150,000.
    SettlementResult r =
        settle(aco("enh_limit").year(2022).track("ENHANCED").msr("0").quality("0.8").expenditure("1500000"));
    assertThat(r.sharedLossRate()).isEqualByComparingTo("0.40");
    assertThat(r.limitBasis()).isEqualTo("LOSS_LIMIT_BENCHMARK");
    assertThat(r.earnedSavingsLosses()).isEqualByComparingTo("-150000");
  }

  @Test
  void enhancedFromPy2021LossRateIsSeventyFivePercentWhenTheStandardIsNotMet() {
    SettlementResult r =
        settle(aco("enh_failed").year(2021).track("ENHANCED").msr("0").met(false).expenditure("1100000"));
    assertThat(r.sharedLossRate()).isEqualByComparingTo("0.75");
    // -75,000, fully within the 150,000 limit.
    assertThat(r.earnedSavingsLosses()).isEqualByComparingTo("-75000");
  }

  @Test
  void basicLevelCLossIsThirtyPercentLimitedByRevenueWhenRevenueIsLower() {
    // B 10,000,000, E 11,000,000: -1,000,000 x 0.30 = -300,000.
    // limits: 1 % x 10,000,000 = 100,000; 2 % x 2,000,000 revenue = 40,000 -> -40,000.
    TotalsFixture base =
        aco("basic_c").year(2022).track("BASIC_C").msr("0").benchmark("10000000").expenditure("11000000");
    SettlementResult r = settle(base.revenue("2000000"));
    assertThat(r.sharedLossRate()).isEqualByComparingTo("0.30");
    assertThat(r.limitBasis()).isEqualTo("LOSS_LIMIT_REVENUE");
    assertThat(r.limitAmount()).isEqualByComparingTo("40000");
    assertThat(r.earnedSavingsLosses()).isEqualByComparingTo("-40000");
  }

  @Test
  void basicLevelCRevenueLimitIsCappedAtOnePercentOfBenchmark() {
    // revenue 20,000,000 x 2 % = 400,000 > 100,000 benchmark cap -> -100,000.
    SettlementResult r =
        settle(aco("basic_c_cap").year(2022).track("BASIC_C").msr("0").benchmark("10000000")
            .expenditure("11000000").revenue("20000000"));
    assertThat(r.limitBasis()).isEqualTo("LOSS_LIMIT_BENCHMARK");
    assertThat(r.earnedSavingsLosses()).isEqualByComparingTo("-100000");
  }

  @Test
  void withoutParticipantRevenueTheBenchmarkCapIsUsedAndFlagged() {
    SettlementResult r =
        settle(aco("basic_d_norev").year(2022).track("BASIC_D").msr("0").benchmark("10000000").expenditure("11000000"));
    // BASIC D: 2 % x 10,000,000 = 200,000 < 300,000 -> -200,000.
    assertThat(r.limitBasis()).isEqualTo("LOSS_LIMIT_BENCHMARK_REVENUE_NOT_GIVEN");
    assertThat(r.earnedSavingsLosses()).isEqualByComparingTo("-200000");
  }

  @Test
  void track1PlusSharesThirtyPercentOfLosses() {
    // PUF 2018 A2392: -5,861,333 x 0.30 = -1,758,399.9; 4 % limit 5,210,631.68 not binding;
    // EUC $717 -> -1,757,682.9 -> published -1,757,683.
    SettlementResult r =
        settle(aco("A2392").track("TRACK_1_PLUS").beneficiaries(14719).benchmark("130265792")
            .expenditure("136127125").quality("0.9732").eucAmount("717"));
    assertThat(r.msr()).isGreaterThan(new java.math.BigDecimal("0.027168")).isLessThan(new java.math.BigDecimal("0.027169"));
    assertThat(r.amountBeforeLimits()).isEqualByComparingTo("-1758399.9");
    assertThat(r.eucReduction()).isEqualByComparingTo("717");
    assertThat(r.earnedSavingsLosses()).isEqualByComparingTo("-1757683");
  }
}
