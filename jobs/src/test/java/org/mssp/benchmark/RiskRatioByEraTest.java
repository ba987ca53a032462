package org.mssp.benchmark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.mssp.benchmark.BenchmarkCalculator.AcoInput;
import org.mssp.benchmark.BenchmarkCalculator.Cohorts;
import org.mssp.benchmark.BenchmarkCalculator.Result;
import org.mssp.benchmark.BenchmarkCalculator.TypeInput;
import org.mssp.benchmark.BenchmarkCalculator.TypeResult;
import org.mssp.benchmark.BenchmarkCalculator.Years;
import org.mssp.benchmark.rules.BenchmarkRules;

/**
 * The risk ratio BY3 → PY at reconciliation of each agreement era (mssp-methodology.md §3.5),
 * worked by hand in the comments. One aged/non-dual type with 1,000 PY person-years.
 */
class RiskRatioByEraTest {
  private static final BenchmarkRules RULES = BenchmarkRules.load();
  private static final String AND = "AGED_NON_DUAL";

  private static BigDecimal d(String s) {
    return new BigDecimal(s);
  }

  private static void assertDecimal(BigDecimal actual, String expected) {
    assertThat(actual.setScale(6, RoundingMode.HALF_UP)).isEqualByComparingTo(d(expected));
  }

  /**
   * Before July 2019 (FIRST_2012, agreement 2016, PY2018): history as BenchmarkCalculatorTest's
   * first case (historical 10,250, flat national growth 500); BY3 HCC 1.0 and demographic 0.8.
   * PY: 400 newly assigned person-years at HCC 1.10, 600 continuously assigned at HCC
   * {@code hccContinuing} and demographic 0.816; all PY beneficiaries HCC {@code hccAll}.
   */
  private static Result preJuly2019(String hccContinuing, String hccAll, String demographicContinuing, String continuity) {
    TypeInput t = new TypeInput(AND,
        Years.of("1000", "1000", "1000", "1000"),
        Years.of("8000", "9000", "10000", "10200"),
        Years.of("0.8", "1.0", "1.0", hccAll),
        Years.of("8000", "9000", "10000", "10500"),
        Years.of(null, null, null, null),
        Years.of("0.8", "0.8", "0.8", "0.85"),
        new Cohorts(d("400"), d("1.10"), d("600"), d(hccContinuing),
            demographicContinuing == null ? null : d(demographicContinuing)));
    return BenchmarkCalculator.compute(new AcoInput("A0001", 2018, LocalDate.parse("2016-01-01"), 1, null, null, null,
        List.of(t), continuity), RULES);
  }

  @Test
  void before2019NewlyAssignedTakeTheHccRatioAndContinuouslyAssignedTheDemographicRatio() {
    // all PY HCC = (400 x 1.10 + 600 x 1.05) / 1,000 = 1.07
    Result r = preJuly2019("1.05", "1.07", "0.816", BenchmarkCalculator.CONTINUITY_PRIOR_PY);
    TypeResult x = r.types().get(0);
    assertThat(r.riskRatioMethod()).isEqualTo(BenchmarkRules.NEWLY_CONTINUOUS);
    assertThat(r.continuityBasis()).isEqualTo(BenchmarkCalculator.CONTINUITY_PRIOR_PY);
    // newly: 1.10 / 1.0 = 1.10 ; continuously: HCC 1.05 / 1.0 = 1.05 did not fall -> demographic 0.816 / 0.8 = 1.02
    assertDecimal(x.riskDetail().newly(), "1.10");
    assertDecimal(x.riskDetail().continuingHcc(), "1.05");
    assertDecimal(x.riskDetail().continuingDemographic(), "1.02");
    assertDecimal(x.riskDetail().continuing(), "1.02");
    assertDecimal(x.riskDetail().personYearsNewly(), "400");
    assertDecimal(x.riskDetail().personYearsContinuing(), "600");
    // combined (400 x 1.10 + 600 x 1.02) / 1,000 = (440 + 612) / 1,000 = 1.052 ; full HCC ratio 1.07 kept for reference
    assertDecimal(x.riskRatio(), "1.052");
    assertDecimal(x.riskRatioUncapped(), "1.07");
    // all-PY demographic ratio 0.85 / 0.8 = 1.0625 (reported, not used) ; no cap in this era
    assertDecimal(x.riskDetail().demographic(), "1.0625");
    assertThat(x.riskDetail().cap()).isNull();
    // updated = 10,250 x 1.052 + 500 = 10,783 + 500 = 11,283
    assertDecimal(x.updated(), "11283");
  }

  @Test
  void before2019ContinuouslyAssignedWhoseHccRatioFellTakeThatLowerHccRatio() {
    // all PY HCC = (440 + 600 x 0.95) / 1,000 = 1.01
    TypeResult x = preJuly2019("0.95", "1.01", "0.816", BenchmarkCalculator.CONTINUITY_BENCHMARK_YEAR).types().get(0);
    // continuously: HCC 0.95 / 1.0 = 0.95 < 1 -> 0.95 instead of the demographic 1.02
    assertDecimal(x.riskDetail().continuing(), "0.95");
    // combined (400 x 1.10 + 600 x 0.95) / 1,000 = (440 + 570) / 1,000 = 1.01
    assertDecimal(x.riskRatio(), "1.01");
    // updated = 10,250 x 1.01 + 500 = 10,352.5 + 500 = 10,852.5
    assertDecimal(x.updated(), "10852.5");
  }

  @Test
  void before2019ContinuouslyAssignedWithoutDemographicScoresFailNamingTheType() {
    assertThatThrownBy(() -> preJuly2019("1.05", "1.07", null, BenchmarkCalculator.CONTINUITY_PRIOR_PY))
        .hasMessage("Cannot compute benchmark for ACO A0001, PY2018: no demographic risk score BY3 and PY of "
            + "continuously assigned AGED_NON_DUAL (needed for their demographic risk ratio; see risk_normalization)");
  }

  /** Pathways case of BenchmarkCalculatorTest: adjusted historical 10,485.6875, update 1.0875. */
  private static TypeResult pathways(String riskPy) {
    TypeInput t = new TypeInput(AND,
        Years.of("1000", "1000", "1000", "1000"),
        Years.of("8000", "9000", "10000", "10200"),
        Years.of("0.8", "1.0", "1.0", riskPy),
        Years.of("8000", "8000", "10000", "10500"),
        Years.of("10000", "10000", "11000", "12100"));
    return BenchmarkCalculator.compute(new AcoInput("A0001", 2021, LocalDate.parse("2020-01-01"), 1, d("0.25"), d("0.25"),
        null, List.of(t)), RULES).types().get(0);
  }

  @Test
  void from2019RiskGrowthIsCappedAt3PercentButADeclineIsNot() {
    TypeResult up = pathways("1.05");
    // 1.05 / 1.0 capped at 1 + 0.03
    assertDecimal(up.riskDetail().cap(), "1.03");
    assertDecimal(up.riskRatio(), "1.03");
    TypeResult down = pathways("0.95");
    // 0.95 < 1.03: uncapped ; 10,485.6875 x 0.95 x 1.0875 = 10,833.025898
    assertDecimal(down.riskRatio(), "0.95");
    assertDecimal(down.updated(), "10833.025898");
    assertThat(down.riskDetail().newly()).isNull();
  }

  /**
   * 2024 first agreement, PY2024: flat history 10,000 at risk 1.0 (BY3 demographic 1.0); no
   * regional difference; update 1/6 x 1.049 + 5/6 x (0.4 x 1.04 + 0.6 x 1.06) = 1.0515.
   */
  private static TypeResult from2024(String hccPy, String demographicPy) {
    TypeInput t = new TypeInput(AND,
        Years.of("1000", "1000", "1000", "1000"),
        Years.of("10000", "10000", "10000", "10000"),
        Years.of("1.0", "1.0", "1.0", hccPy),
        Years.of("10000", "10000", "10000", "10400"),
        Years.of("10000", "10000", "10000", "10600"),
        Years.of("1.0", "1.0", "1.0", demographicPy), null);
    return BenchmarkCalculator.compute(new AcoInput("A0001", 2024, LocalDate.parse("2024-01-01"), 1, d("0.4"), d("0.4"),
        null, List.of(t)), RULES).types().get(0);
  }

  @Test
  void from2024TheCapIsAppliedAfterDemographicRiskGrowth() {
    // demographic 1.01 / 1.0 -> cap 1.01 x 1.03 = 1.0403 ; HCC 1.06 -> 1.0403 (the 2019 rule would give 1.03)
    TypeResult grew = from2024("1.06", "1.01");
    assertDecimal(grew.riskDetail().demographic(), "1.01");
    assertDecimal(grew.riskDetail().cap(), "1.0403");
    assertDecimal(grew.riskRatio(), "1.0403");
    assertDecimal(grew.updateFactor(), "1.0515");
    // 10,000 x 1.0403 x 1.0515 = 10,938.7545
    assertDecimal(grew.updated(), "10938.7545");
    // demographic 0.98 -> cap 0.98 x 1.03 = 1.0094 < HCC 1.02: the cap binds below 3 %
    TypeResult fell = from2024("1.02", "0.98");
    assertDecimal(fell.riskDetail().cap(), "1.0094");
    assertDecimal(fell.riskRatio(), "1.0094");
    // 10,000 x 1.0094 x 1.0515 = 10,613.841
    assertDecimal(fell.updated(), "10613.841");
  }

  @Test
  void from2024WithoutDemographicScoresFailsNamingTheType() {
    assertThatThrownBy(() -> from2024("1.02", null))
        .hasMessage("Cannot compute benchmark for ACO A0001, PY2024: no demographic risk score BY3 and PY of "
            + "AGED_NON_DUAL (needed for the risk cap after demographic growth; see risk_normalization)");
  }

  @Test
  void eachEraNamesItsRiskRatioMethodWithATag() {
    // eras.csv: before July 2019 split, July 2019-2023 capped HCC, 2024+ cap after demographic growth
    assertThat(RULES.eraFor("A", 2018, LocalDate.parse("2016-01-01"), 1).riskRatioMethod()).isEqualTo("NEWLY_CONTINUOUS");
    assertThat(RULES.eraFor("A", 2018, LocalDate.parse("2017-01-01"), 2).riskRatioMethod()).isEqualTo("NEWLY_CONTINUOUS");
    assertThat(RULES.eraFor("A", 2021, LocalDate.parse("2019-07-01"), 1).riskRatioMethod()).isEqualTo("HCC_CAPPED");
    assertThat(RULES.eraFor("A", 2025, LocalDate.parse("2024-01-01"), 2).riskRatioMethod())
        .isEqualTo("HCC_CAPPED_AFTER_DEMOGRAPHIC");
  }
}
