package org.mssp.settlement;

import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mssp.settlement.TotalsFixture.aco;
import static org.mssp.settlement.TotalsFixture.settle;

import org.junit.jupiter.api.Test;
import org.mssp.common.error.InvalidValueException;

/**
 * Values that break the ACO totals contract or have no rules: one message naming ACO, year and column.
 * Fixture default: PY2018 Track 1, 60,000 beneficiaries (MSR 2 %), benchmark $1,000,000,
 * quality 0.9; expected values are computed by hand in the comments.
 */
class SettlementBadValuesTest {
  @Test
  void unknownTrackIsRejectedNamingTheKnownTracks() {
    assertThatThrownBy(() -> settle(aco("x").track("TRACK_9")))
        .isInstanceOf(InvalidValueException.class)
        .hasMessage(
            "Cannot settle ACO x, PY2018: column track: unknown track 'TRACK_9'; expected one of [BASIC_A, BASIC_B, BASIC_C, BASIC_D, BASIC_E, ENHANCED, TRACK_1, TRACK_1_PLUS, TRACK_2, TRACK_3]");
  }

  @Test
  void aYearWithoutRulesIsRejected() {
    assertThatThrownBy(() -> settle(aco("x").year(2030)))
        .isInstanceOf(InvalidValueException.class)
        .hasMessage(
            "Cannot settle ACO x, PY2030: column performance_year: rule table 'quality_link' has no rows for 2030");
  }

  @Test
  void aTrackOutsideItsYearsIsRejected() {
    assertThatThrownBy(() -> settle(aco("x").year(2025).track("TRACK_1_PLUS")))
        .isInstanceOf(InvalidValueException.class)
        .hasMessage(
            "Cannot settle ACO x, PY2025: column track: rule table 'tracks' has no rows for 2025 for TRACK_1_PLUS (its rules cover PY2018-2020)");
  }

  @Test
  void negativeOrZeroBenchmarkIsRejected() {
    assertThatThrownBy(() -> settle(aco("x").benchmark("-5")))
        .isInstanceOf(InvalidValueException.class)
        .hasMessage("Cannot settle ACO x, PY2018: column benchmark_total: must be positive, got -5");
    assertThatThrownBy(() -> settle(aco("x").benchmark("0")))
        .isInstanceOf(InvalidValueException.class)
        .hasMessage("Cannot settle ACO x, PY2018: column benchmark_total: must be positive, got 0");
  }

  @Test
  void qualityScoreAboveOneIsRejected() {
    assertThatThrownBy(() -> settle(aco("x").quality("1.2")))
        .isInstanceOf(InvalidValueException.class)
        .hasMessage("Cannot settle ACO x, PY2018: column quality_score: must be between 0 and 1, got 1.2");
  }

  @Test
  void qualityStandardMetIsRequiredFromPy2021() {
    assertThatThrownBy(() -> settle(aco("x").year(2021).track("BASIC_A").met(null)))
        .isInstanceOf(InvalidValueException.class)
        .hasMessage(
            "Cannot settle ACO x, PY2021: column quality_standard_met: is required from PY2021 (quality method STANDARD_FLAT): give true or false");
  }

  @Test
  void track2NeedsTheYearInTrack() {
    assertThatThrownBy(() -> settle(aco("x").track("TRACK_2").msr("0.02")))
        .isInstanceOf(InvalidValueException.class)
        .hasMessage(
            "Cannot settle ACO x, PY2018: column year_in_track: is required for TRACK_2 in PY2018: its loss limit depends on the year in the track");
  }

  @Test
  void fixedMsrOnTrack1IsRejected() {
    assertThatThrownBy(() -> settle(aco("x").msr("0.02")))
        .isInstanceOf(InvalidValueException.class)
        .hasMessage(
            "Cannot settle ACO x, PY2018: column msr_election: fixed MSR/MLR 0.02 is not an election of TRACK_1; allowed: [VARIABLE]");
  }

  @Test
  void msrElectionThatIsNotARateIsRejected() {
    assertThatThrownBy(() -> settle(aco("x").track("TRACK_3").msr("two percent")))
        .isInstanceOf(InvalidValueException.class)
        .hasMessage(
            "Cannot settle ACO x, PY2018: column msr_election: 'two percent' is neither VARIABLE nor a rate such as 0.02");
  }

  @Test
  void slidingScaleBeforePy2023IsRejected() {
    assertThatThrownBy(() -> settle(aco("x").slidingScaleEligible()))
        .isInstanceOf(InvalidValueException.class)
        .hasMessage(
            "Cannot settle ACO x, PY2018: column sliding_scale_eligible: the quality sliding scale does not exist in PY2018 (quality method SCORE)");
  }
}
