package org.mssp.settlement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mssp.settlement.TotalsFixture.aco;
import static org.mssp.settlement.TotalsFixture.settle;

import java.math.BigDecimal;
import java.math.RoundingMode;
import org.junit.jupiter.api.Test;

/**
 * The worked validation rows of other eras (methodology spec §5.3, PY2014 and PY2021 PUFs),
 * inline. Expected values are our hand computation from the printed (rounded) PUF figures; the
 * comments give the published amount and why any gap exists.
 */
class SettlementPublishedRowsTest {

  @Test
  void py2014Track1VariableMsrAndQualityScoreSharing() {
    // A67373: n 34,601 -> MSR 0.025 - 0.003 x 14,601/29,999 = 2.35399 %; savings 32,173,449.
    // 32,173,449 x 0.5 x 0.91696 x 0.98 = 14,455,865.24 -> 14,455,865
    // (published 14,455,933 on the unrounded score, spec §5.3).
    SettlementResult r =
        settle(aco("A67373").year(2014).beneficiaries(34601).benchmark("450902466")
            .expenditure("418729017").quality("0.91696"));
    assertThat(r.msr().setScale(8, RoundingMode.HALF_UP)).isEqualByComparingTo("0.02353985");
    assertThat(r.earnedSavingsLosses()).isEqualByComparingTo("14455865");
  }

  @Test
  void py2014Track2FixedTwoPercentMsr() {
    // A85439: 13,767,493 x 0.6 x 0.93002 x 0.98 = 7,528,777.78 -> 7,528,778 (published 7,528,797).
    SettlementResult r =
        settle(aco("A85439").year(2014).track("TRACK_2").msr("0.02").yearInTrack(2).beneficiaries(7863)
            .benchmark("108469972").expenditure("94702479").quality("0.93002"));
    assertThat(r.earnedSavingsLosses()).isEqualByComparingTo("7528778");
  }

  @Test
  void py2014SmallAcoClearsItsBandMsrButFailsQuality() {
    // A65307: n 4,866 -> MSR 0.050 - 0.011 x 1,866/1,999 = 3.973 %; savings 4.575 % pass; quality
    // failed -> 0 (published 0).
    SettlementResult r =
        settle(aco("A65307").year(2014).beneficiaries(4866).benchmark("39903071")
            .expenditure("38077400").quality("0").met(false));
    assertThat(r.msr().setScale(6, RoundingMode.HALF_UP)).isEqualByComparingTo("0.039732");
    assertThat(r.corridorPassed()).isTrue();
    assertThat(r.earnedSavingsLosses()).isEqualByComparingTo("0");
  }

  @Test
  void py2014Track2InsideTheTwoPercentCorridor() {
    // A99470: 1.25 % < 2 % -> 0 (published 0).
    SettlementResult r =
        settle(aco("A99470").year(2014).track("TRACK_2").msr("0.02").yearInTrack(2).beneficiaries(16426)
            .benchmark("140992951").expenditure("139228583").quality("0.8087"));
    assertThat(r.corridorPassed()).isFalse();
    assertThat(r.earnedSavingsLosses()).isEqualByComparingTo("0");
  }

  @Test
  void py2021BasicLevelsAndEnhancedEarnTheFlatMaxRate() {
    // A4911 BASIC A: 7,557,909 x 0.40 x 0.98 = 2,962,700.33 -> 2,962,700 (published 2,962,700).
    assertThat(
            settle(aco("A4911").year(2021).track("BASIC_A").beneficiaries(13189).benchmark("164606118")
                .expenditure("157048209").quality("0.943")).earnedSavingsLosses())
        .isEqualByComparingTo("2962700");
    // A3319 BASIC C, MSR 0: 6,246,209 x 0.5 x 0.98 = 3,060,642.41 -> 3,060,642
    // (published 3,060,643: the PUF's totals are rounded to the dollar).
    assertThat(
            settle(aco("A3319").year(2021).track("BASIC_C").msr("0").beneficiaries(9638).benchmark("97637780")
                .expenditure("91391571").quality("0.9856")).earnedSavingsLosses())
        .isEqualByComparingTo("3060642");
    // A1063 BASIC E: 7,661,679 x 0.5 x 0.98 = 3,754,222.71 -> 3,754,223 (published 3,754,223).
    assertThat(
            settle(aco("A1063").year(2021).track("BASIC_E").msr("0").beneficiaries(14068).benchmark("134462920")
                .expenditure("126801241").quality("0.9095")).earnedSavingsLosses())
        .isEqualByComparingTo("3754223");
    // A4575 ENHANCED: 6,058,713 x 0.75 x 0.98 = 4,453,154.06 -> 4,453,154 (published 4,453,154).
    assertThat(
            settle(aco("A4575").year(2021).track("ENHANCED").msr("0").beneficiaries(14686).benchmark("163578065")
                .expenditure("157519352").quality("0.8837")).earnedSavingsLosses())
        .isEqualByComparingTo("4453154");
  }

  @Test
  void py2021CovidEucFullyOffsetsBasicLevelELosses() {
    // A1052: -877,620 (-1.28 %, beyond the 0.5 % MLR) x 0.30 = -263,286; EUC fraction 1 -> 0.
    SettlementResult r =
        settle(aco("A1052").year(2021).track("BASIC_E").msr("0.005").beneficiaries(6809)
            .benchmark("68731852").expenditure("69609472").quality("0.9479").eucFraction("1"));
    assertThat(r.amountAfterLimit()).isEqualByComparingTo(new BigDecimal("-263286"));
    assertThat(r.eucReduction()).isEqualByComparingTo("263286");
    assertThat(r.earnedSavingsLosses()).isEqualByComparingTo("0");
  }
}
