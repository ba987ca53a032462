package org.mssp.benchmark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.mssp.benchmark.BenchmarkCalculator.AcoInput;
import org.mssp.benchmark.BenchmarkCalculator.Result;
import org.mssp.benchmark.BenchmarkCalculator.TypeInput;
import org.mssp.benchmark.BenchmarkCalculator.TypeResult;
import org.mssp.benchmark.BenchmarkCalculator.Years;
import org.mssp.benchmark.rules.BenchmarkRules;

/**
 * Each benchmark step of each agreement era, with the expected numbers worked by hand in the
 * comments (mssp-methodology.md §3). One enrollment type unless the test is about the mix.
 */
class BenchmarkCalculatorTest {
  private static final BenchmarkRules RULES = BenchmarkRules.load();
  private static final String AND = "AGED_NON_DUAL";

  private static BigDecimal d(String s) {
    return new BigDecimal(s);
  }

  /** Compares at 6 decimals (equal-weight eras carry 0.333333333333333333 weights). */
  private static void assertMoney(BigDecimal actual, String expected) {
    assertThat(actual.setScale(6, RoundingMode.HALF_UP)).isEqualByComparingTo(d(expected));
  }

  /**
   * ACO history: BY1 8,000 at risk 0.8; BY2 9,000 at risk 1.0; BY3 10,000 at risk 1.0; PY spend
   * 10,200 at risk 1.02; 1,000 person-years every year.
   */
  private static TypeInput history(Years national, Years regional, String riskPy) {
    return new TypeInput(
        AND,
        Years.of("1000", "1000", "1000", "1000"),
        Years.of("8000", "9000", "10000", "10200"),
        Years.of("0.8", "1.0", "1.0", riskPy),
        national,
        regional);
  }

  private static AcoInput aco(String start, int period, int py, String natWeight, String priorSavings, TypeInput... types) {
    return new AcoInput("A0001", py, LocalDate.parse(start), period,
        natWeight == null ? null : d(natWeight), natWeight == null ? null : d(natWeight),
        priorSavings == null ? null : d(priorSavings), List.of(types));
  }

  @Test
  void firstAgreement2012EraTrendsNationallyWeights10_30_60AndAddsFlatDollarUpdate() {
    // national per capita BY1 8,000, BY2 9,000, BY3 10,000, PY 10,500 -> trends 1.25 and 1.111..
    TypeInput t = history(Years.of("8000", "9000", "10000", "10500"), Years.of(null, null, null, null), "1.02");
    Result r = BenchmarkCalculator.compute(aco("2016-01-01", 1, 2018, null, null, t), RULES);
    TypeResult x = r.types().get(0);
    assertThat(r.era()).isEqualTo("FIRST_2012");
    // BY1: 8,000 x (1.0/0.8) x 1.25 = 12,500 ; BY2: 9,000 x 1 x (10,000/9,000) = 10,000
    assertMoney(x.restatedBy1(), "12500");
    assertMoney(x.restatedBy2(), "10000");
    assertThat(x.weightBy1().add(x.weightBy2()).add(x.weightBy3())).isEqualByComparingTo("1");
    // 0.1 x 12,500 + 0.3 x 10,000 + 0.6 x 10,000 = 10,250
    assertMoney(x.historical(), "10250");
    assertMoney(x.regionalAdjustment(), "0");
    // updated = 10,250 x (1.02 / 1.0) + (10,500 - 10,000) = 10,455 + 500 = 10,955
    assertMoney(x.updateFlatAmount(), "500");
    assertMoney(x.updated(), "10955");
    // total = 10,955 x 1,000 person-years; expenditure 10,200 x 1,000
    assertMoney(r.benchmarkTotal(), "10955000");
    assertMoney(r.expenditureTotal(), "10200000");
    assertMoney(r.updated(), "10955");
  }

  @Test
  void rebase2016UsesEqualWeightsAndAddsPriorSavings() {
    TypeInput t = history(Years.of("8000", "9000", "10000", "10500"), Years.of(null, null, null, null), "1.02");
    Result r = BenchmarkCalculator.compute(aco("2016-01-01", 2, 2018, null, "269", t), RULES);
    TypeResult x = r.types().get(0);
    assertThat(r.era()).isEqualTo("REBASE_2016");
    // (12,500 + 10,000 + 10,000) / 3 = 10,833.333333
    assertMoney(x.historical(), "10833.333333");
    assertMoney(x.priorSavingsAdjustment(), "269");
    // (10,833.333333 + 269) x 1.02 + 500 = 11,324.38 + 500 = 11,824.38
    assertMoney(x.updated(), "11824.380000");
  }

  @Test
  void rebase2017TrendsAndUpdatesRegionallyWithA35PercentAdjustmentWhenCheaperThanRegion() {
    // regional (risk 1.0) BY1 8,800, BY2 10,000, BY3 11,000, PY 11,550 -> trends 1.25 and 1.1
    TypeInput t = history(Years.of("8000", "9000", "10000", "10500"), Years.of("8800", "10000", "11000", "11550"), "1.02");
    Result r = BenchmarkCalculator.compute(aco("2017-01-01", 2, 2018, null, null, t), RULES);
    TypeResult x = r.types().get(0);
    assertThat(r.era()).isEqualTo("REBASE_2017");
    assertMoney(x.trendBy1(), "1.25");
    assertMoney(x.trendBy2(), "1.1");
    // restated 12,500, 9,900, 10,000 -> mean 10,800
    assertMoney(x.historical(), "10800");
    // region 11,000 x ACO BY3 risk 1.0; (11,000 - 10,800) > 0 -> lower; 35% x 200 = 70
    assertThat(r.regionalDirection()).isEqualTo(BenchmarkCalculator.LOWER);
    assertThat(r.regionalApplication()).isEqualTo(1);
    assertMoney(x.regionalAdjustment(), "70");
    // (10,800 + 70) x 1.02 x (11,550 / 11,000 = 1.05) = 10,870 x 1.071 = 11,641.77
    assertMoney(x.updateFactor(), "1.05");
    assertMoney(x.updated(), "11641.77");
  }

  @Test
  void rebase2017SecondApplicationUses50PercentWhenDearerThanRegion() {
    TypeInput t = history(Years.of("8000", "9000", "10000", "10500"), Years.of("8800", "10000", "10000", "10500"), "1.0");
    // third agreement = second rebasing: trends 10,000/8,800 and 1.0; restated 8,000x1.25x1.136364=11,363.636364, 9,000, 10,000
    Result r = BenchmarkCalculator.compute(aco("2018-01-01", 3, 2019, null, null, t), RULES);
    TypeResult x = r.types().get(0);
    assertThat(r.regionalApplication()).isEqualTo(2);
    // hist = (11,363.636364 + 9,000 + 10,000)/3 = 10,121.212121 ; region 10,000 < hist -> higher, 50%
    assertMoney(x.historical(), "10121.212121");
    assertThat(r.regionalDirection()).isEqualTo(BenchmarkCalculator.HIGHER);
    assertThat(r.regionalWeight()).isEqualByComparingTo("0.50");
    // 0.5 x (10,000 - 10,121.212121) = -60.606061
    assertMoney(x.regionalAdjustment(), "-60.606061");
  }

  @Test
  void pathways2019FirstAgreementBlendsTrendsCapsRiskGrowthAt3PercentAndAdjustsRegionally() {
    // national BY1 8,000, BY2 8,000, BY3 10,000, PY 10,500; regional BY1 10,000, BY2 10,000, BY3 11,000, PY 12,100
    TypeInput t = history(Years.of("8000", "8000", "10000", "10500"), Years.of("10000", "10000", "11000", "12100"), "1.05");
    Result r = BenchmarkCalculator.compute(aco("2020-01-01", 1, 2021, "0.25", null, t), RULES);
    TypeResult x = r.types().get(0);
    assertThat(r.era()).isEqualTo("PATHWAYS_2019");
    // trend = 0.25 x 1.25 + 0.75 x 1.1 = 1.1375 for BY1 and BY2
    assertMoney(x.trendBy1(), "1.1375");
    assertMoney(x.trendBy2(), "1.1375");
    // restated 8,000 x 1.25 x 1.1375 = 11,375 ; 9,000 x 1.1375 = 10,237.5
    // hist = 0.1 x 11,375 + 0.3 x 10,237.5 + 0.6 x 10,000 = 1,137.5 + 3,071.25 + 6,000 = 10,208.75
    assertMoney(x.historical(), "10208.75");
    // 35% x (11,000 - 10,208.75) = 276.9375, under the 5% x 10,000 = 500 cap
    assertMoney(x.regionalAdjustment(), "276.9375");
    // risk 1.05 capped at 1.03; update 0.25 x 1.05 + 0.75 x 1.1 = 1.0875
    assertMoney(x.riskRatioUncapped(), "1.05");
    assertMoney(x.riskRatio(), "1.03");
    assertMoney(x.updateFactor(), "1.0875");
    // 10,485.6875 x 1.03 x 1.0875 = 11,745.280711 ; x 1,000 person-years
    assertMoney(x.updated(), "11745.280711");
    assertMoney(r.benchmarkTotal(), "11745280.710938");
  }

  @Test
  void pathways2019CapsThePositiveRegionalAdjustmentAt5PercentOfNationalPerCapita() {
    // region 20,000 at every year: trends 0.25x1.25+0.75x1 = 1.0625 ; hist = 0.1x10,625 + 0.3x9,562.5 + 0.6x10,000 = 8,931.25+... see below
    TypeInput t = history(Years.of("8000", "8000", "10000", "10500"), Years.of("20000", "20000", "20000", "20000"), "1.0");
    Result r = BenchmarkCalculator.compute(aco("2020-01-01", 1, 2021, "0.25", null, t), RULES);
    TypeResult x = r.types().get(0);
    // restated 8,000x1.25x1.0625 = 10,625 ; 9,000x1.0625 = 9,562.5 ; hist = 1,062.5 + 2,868.75 + 6,000 = 9,931.25
    assertMoney(x.historical(), "9931.25");
    // 35% x (20,000 - 9,931.25) = 3,524.0625 -> capped at 0.05 x 10,000 = 500
    assertMoney(x.regionalAdjustmentUncapped(), "3524.0625");
    assertMoney(x.regionalAdjustment(), "500");
  }

  @Test
  void pathways2019HigherSpendingAcoGets15PercentOfTheNegativeDifference() {
    TypeInput t = history(Years.of("8000", "8000", "10000", "10500"), Years.of("8000", "8000", "9000", "9000"), "1.0");
    Result r = BenchmarkCalculator.compute(aco("2020-01-01", 1, 2021, "0.25", null, t), RULES);
    TypeResult x = r.types().get(0);
    // trend = 0.25 x 1.25 + 0.75 x 1.125 = 1.15625 ; restated 11,562.5 and 10,406.25
    // hist = 1,156.25 + 3,121.875 + 6,000 = 10,278.125 ; 15% x (9,000 - 10,278.125) = -191.71875
    assertMoney(x.historical(), "10278.125");
    assertThat(r.regionalDirection()).isEqualTo(BenchmarkCalculator.HIGHER);
    assertMoney(x.regionalAdjustment(), "-191.71875");
  }

  private static TypeInput flatHistory(String regionalBy3, String regionalPy, String riskPy) {
    return new TypeInput(
        AND,
        Years.of("1000", "1000", "1000", "1000"),
        Years.of("10000", "10000", "10000", "10000"),
        Years.of("1.0", "1.0", "1.0", riskPy),
        Years.of("10000", "10000", "10000", "10400"),
        Years.of(regionalBy3, regionalBy3, regionalBy3, regionalPy),
        // demographic risk flat at 1.0: the 2024 cap is 1.0 x 1.03, as the 2019 era's
        Years.of("1.0", "1.0", "1.0", "1.0"), null);
  }

  @Test
  void acpt2024EliminatesNegativeRegionalAdjustmentUsesPriorSavingsAndBlendsAcptAtOneSixthInPy2024() {
    TypeInput t = flatHistory("9000", "9540", "1.01");
    Result r = BenchmarkCalculator.compute(aco("2024-01-01", 2, 2024, "0.4", "800", t), RULES);
    TypeResult x = r.types().get(0);
    assertThat(r.era()).isEqualTo("ACPT_2024");
    assertMoney(x.historical(), "10000");
    // 25% (2nd application, higher) x (9,000 - 10,000) = -250 -> floored at 0
    assertMoney(x.regionalAdjustmentUncapped(), "-250");
    assertMoney(x.regionalAdjustment(), "0");
    // prior savings: min(50% x 800, 5% x 10,000) = 400 > 0 -> used
    assertMoney(x.priorSavingsAdjustment(), "400");
    // update = 1/6 x 1.049 + 5/6 x (0.4 x 1.04 + 0.6 x 1.06 = 1.052) = 1.0515
    assertMoney(x.updateFactor(), "1.0515");
    // 10,400 x 1.01 x 1.0515 = 11,044.956
    assertMoney(x.updated(), "11044.956");
  }

  @Test
  void acpt2024KeepsThePositiveRegionalAdjustmentWhenItExceedsPriorSavings() {
    TypeInput t = flatHistory("12000", "12480", "1.0");
    Result r = BenchmarkCalculator.compute(aco("2024-01-01", 2, 2024, "0.4", "800", t), RULES);
    TypeResult x = r.types().get(0);
    // 50% x 2,000 = 1,000 -> capped 500 ; prior savings 400 < 500 -> regional kept, no prior savings
    assertMoney(x.regionalAdjustment(), "500");
    assertMoney(x.priorSavingsAdjustment(), "0");
  }

  /**
   * One type for the 2024-era overall floor tests: flat history at {@code hist} (risk 1.0,
   * demographic 1.0), national per capita flat at {@code hist}, regional flat at {@code regional}.
   */
  private static TypeInput flat2024(String type, String personYears, String hist, String regional) {
    return new TypeInput(type, Years.of(personYears, personYears, personYears, personYears),
        Years.of(hist, hist, hist, hist), Years.of("1.0", "1.0", "1.0", "1.0"), Years.of(hist, hist, hist, hist),
        Years.of(regional, regional, regional, regional), Years.of("1.0", "1.0", "1.0", "1.0"), null);
  }

  @Test
  void acpt2024KeepsATypesNegativeAdjustmentCappedAt1_5PercentWhenTheOverallAdjustmentIsPositive() {
    // ESRD 100 py: hist 80,000, regional 90,000 -> diff +10,000 ; AND 900 py: hist 10,000, regional 9,500 -> -500
    // direction: 100 x 10,000 - 900 x 500 = +550,000 -> LOWER, first application weight 35 %
    Result r = BenchmarkCalculator.compute(aco("2024-01-01", 1, 2024, "0.5", null,
        flat2024("ESRD", "100", "80000", "90000"), flat2024(AND, "900", "10000", "9500")), RULES);
    assertThat(r.regionalDirection()).isEqualTo(BenchmarkCalculator.LOWER);
    TypeResult esrd = r.types().get(0);
    TypeResult and = r.types().get(1);
    // ESRD 35 % x 10,000 = 3,500 (cap +5 % x 80,000 = 4,000: not binding)
    assertMoney(esrd.regionalAdjustment(), "3500");
    // AND 35 % x -500 = -175 -> capped at -1.5 % x 10,000 = -150
    assertMoney(and.regionalAdjustmentUncapped(), "-175");
    assertMoney(and.regionalAdjustment(), "-150");
    // overall 100 x 3,500 - 900 x 150 = 215,000 > 0: kept ; per capita 215,000 / 1,000 = 215
    assertMoney(r.regionalAdjustment(), "215");
  }

  @Test
  void acpt2024ZeroesEveryTypesAdjustmentWhenTheOverallAdjustmentIsNegative() {
    // ESRD 100 py: regional 81,000 -> +1,000 ; AND 900 py: regional 9,000 -> -1,000
    // direction: 100,000 - 900,000 < 0 -> HIGHER, 15 % ; ESRD +150, AND -150 (cap -150)
    // overall 100 x 150 - 900 x 150 = -120,000 < 0 -> both 0, the uncapped values kept for the record
    Result r = BenchmarkCalculator.compute(aco("2024-01-01", 1, 2024, "0.5", null,
        flat2024("ESRD", "100", "80000", "81000"), flat2024(AND, "900", "10000", "9000")), RULES);
    assertThat(r.regionalDirection()).isEqualTo(BenchmarkCalculator.HIGHER);
    TypeResult esrd = r.types().get(0);
    TypeResult and = r.types().get(1);
    assertMoney(esrd.regionalAdjustmentUncapped(), "150");
    assertMoney(esrd.regionalAdjustment(), "0");
    assertMoney(and.regionalAdjustmentUncapped(), "-150");
    assertMoney(and.regionalAdjustment(), "0");
    assertMoney(r.regionalAdjustment(), "0");
    // the historical benchmark is then unadjusted: ESRD 80,000 before risk and update
    assertMoney(esrd.adjustedHistorical(), "80000");
  }

  @Test
  void directionAndTotalsUseEachTypesPersonYears() {
    // Two types, FIRST_2012 arithmetic (no trend: national flat). ESRD 100 py at 80,000 ; AND 900 py at 10,000.
    TypeInput esrd = new TypeInput("ESRD", Years.of("100", "100", "100", "50"), Years.of("80000", "80000", "80000", "90000"),
        Years.of("1", "1", "1", "1"), Years.of("80000", "80000", "80000", "84000"), Years.of(null, null, null, null));
    TypeInput and = new TypeInput(AND, Years.of("900", "900", "900", "950"), Years.of("10000", "10000", "10000", "9000"),
        Years.of("1", "1", "1", "1"), Years.of("10000", "10000", "10000", "10500"), Years.of(null, null, null, null));
    Result r = BenchmarkCalculator.compute(aco("2016-01-01", 1, 2018, null, null, esrd, and), RULES);
    // historical = (100 x 80,000 + 900 x 10,000) / 1,000 = 17,000 (BY3 mix)
    assertMoney(r.historical(), "17000");
    // updated: ESRD 84,000, AND 10,500 -> total 50 x 84,000 + 950 x 10,500 = 4,200,000 + 9,975,000 = 14,175,000
    assertMoney(r.benchmarkTotal(), "14175000");
    assertMoney(r.updated(), "14175");
    // expenditure 50 x 90,000 + 950 x 9,000 = 13,050,000
    assertMoney(r.expenditureTotal(), "13050000");
  }

  @Test
  void aTypeWithoutBy1PersonYearsRescalesTheOtherWeights() {
    TypeInput t = new TypeInput(AND, Years.of("0", "1000", "1000", "1000"), Years.of(null, "9000", "10000", "10000"),
        Years.of(null, "1.0", "1.0", "1.0"), Years.of("8000", "9000", "10000", "10000"), Years.of(null, null, null, null));
    TypeResult x = BenchmarkCalculator.compute(aco("2016-01-01", 1, 2018, null, null, t), RULES).types().get(0);
    // weights 0.3/0.9 and 0.6/0.9 ; hist = 1/3 x 10,000 + 2/3 x 10,000 = 10,000
    assertThat(x.historyBasis()).isEqualTo(BenchmarkCalculator.BASIS_PARTIAL);
    assertMoney(x.weightBy2(), "0.333333");
    assertMoney(x.weightBy3(), "0.666667");
    assertMoney(x.historical(), "10000");
  }

  @Test
  void aTypeNewInThePerformanceYearTakesNationalBy3WithoutRegionalAdjustmentAndNationalGrowth() {
    // ESRD appears only in the PY: historical = national BY3 80,000 at risk 1.0 ; no region -> no adjustment ;
    // regional growth falls back to national 84,000/80,000 = 1.05 ; risk 1.02 ; 80,000 x 1.02 x 1.05 = 85,680
    TypeInput esrd = new TypeInput("ESRD", Years.of(null, null, null, "1"), Years.of(null, null, null, "90000"),
        Years.of(null, null, null, "1.02"), Years.of("80000", "80000", "80000", "84000"), Years.of(null, null, null, null));
    TypeResult x = BenchmarkCalculator.compute(aco("2020-01-01", 1, 2021, "0.25", null, esrd), RULES).types().get(0);
    assertThat(x.historyBasis()).isEqualTo(BenchmarkCalculator.BASIS_NATIONAL);
    assertMoney(x.historical(), "80000");
    assertMoney(x.regionalAdjustment(), "0");
    assertMoney(x.updateFactor(), "1.05");
    assertMoney(x.updated(), "85680");
  }

  @Test
  void pathways2019TypeWithoutRegionalFiguresTrendsAndUpdatesNationallyWithoutAdjustment() {
    // No county of the ACO's beneficiaries has a figure of the type (suppressed cells of CMS's county file):
    // trend = national 10,000/8,000 = 1.25 for BY1 and BY2 (in the blend too) ; restated 8,000 x 1.25 x 1.25 = 12,500,
    // 9,000 x 1.25 = 11,250 ; hist = 1,250 + 3,375 + 6,000 = 10,625 ; regional := hist, no adjustment ;
    // risk 1.05 capped at 1.03 ; update = national growth 10,500/10,000 = 1.05 ; 10,625 x 1.03 x 1.05 = 11,490.9375
    TypeInput t = history(Years.of("8000", "8000", "10000", "10500"), Years.of(null, null, null, null), "1.05");
    Result r = BenchmarkCalculator.compute(aco("2020-01-01", 1, 2021, "0.25", null, t), RULES);
    TypeResult x = r.types().get(0);
    assertMoney(x.trendBy1(), "1.25");
    assertMoney(x.trendBy2(), "1.25");
    assertMoney(x.historical(), "10625");
    assertMoney(x.regional(), "10625");
    assertMoney(x.regionalAdjustment(), "0");
    assertMoney(x.updateFactor(), "1.05");
    assertMoney(x.updated(), "11490.9375");
    assertMoney(r.benchmarkTotal(), "11490937.5");
  }

  @Test
  void anAgreementWithoutAnEraFailsNamingTheAco() {
    TypeInput t = history(Years.of("8000", "9000", "10000", "10500"), Years.of(null, null, null, null), "1.0");
    assertThatThrownBy(() -> BenchmarkCalculator.compute(aco("2014-01-01", 2, 2016, null, null, t), RULES))
        .hasMessage("Cannot compute benchmark for ACO A0001, PY2016: rule table 'eras' has no RENEWAL era for an agreement starting 2014-01-01");
  }
}
