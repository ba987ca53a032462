package org.mssp.benchmark;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.mssp.benchmark.rules.BenchmarkRules;
import org.mssp.common.rules.RuleCsv;
import org.mssp.testsupport.SharedSpark;

/**
 * Identities of the published PY2018 results (all 548 ACOs, mssp-methodology.md §5) that our
 * totals and era rules must reproduce. The PUF rounds per capita to whole dollars and
 * person-years to whole years, so a total may differ from its recomputation by at most the
 * rounding bound Σ (½ · person-years + ½ · per capita + ¼); no other tolerance is allowed.
 */
class BenchmarkPuf2018Test {
  private static final List<String[]> TYPES = List.of(
      new String[] {"ESRD", "ESRD"}, new String[] {"DIS", "DIS"},
      new String[] {"AGDU", "AGED_Dual"}, new String[] {"AGND", "AGED_NonDual"});
  private static final BigDecimal HALF = new BigDecimal("0.5");
  private static final BigDecimal QUARTER = new BigDecimal("0.25");
  private static List<Map<String, String>> rows;

  @BeforeAll
  static void read() throws IOException {
    List<String> lines = Files.readAllLines(SharedSpark.sharedDir().resolve("data/mssp-aco-results-2018.csv"));
    List<String> header = RuleCsv.split(lines.get(0));
    rows = new ArrayList<>();
    for (String line : lines.subList(1, lines.size())) {
      if (line.isBlank()) {
        continue;
      }
      List<String> f = RuleCsv.split(line);
      Map<String, String> m = new HashMap<>();
      for (int i = 0; i < header.size(); i++) {
        m.put(header.get(i), f.get(i));
      }
      rows.add(m);
    }
  }

  private static BigDecimal d(Map<String, String> r, String column) {
    return new BigDecimal(r.get(column).trim());
  }

  @Test
  void all548AcosAreInTheFile() {
    assertThat(rows).hasSize(548);
  }

  @Test
  void totalExpenditureIsTheSumOfTypePerCapitaTimesPersonYears() {
    int checked = 0;
    for (Map<String, String> r : rows) {
      List<BigDecimal> pc = new ArrayList<>(), py = new ArrayList<>();
      BigDecimal bound = BigDecimal.ZERO;
      for (String[] t : TYPES) {
        pc.add(d(r, "Per_Capita_Exp_ALL_" + t[0] + "_PY"));
        py.add(d(r, "N_AB_Year_" + t[1] + "_PY"));
        bound = bound.add(HALF.multiply(pc.get(pc.size() - 1))).add(HALF.multiply(py.get(py.size() - 1))).add(QUARTER);
      }
      BigDecimal diff = BenchmarkCalculator.total(pc, py).subtract(d(r, "ABtotExp")).abs();
      assertThat(diff).as("ACO %s", r.get("ACO_ID")).isLessThanOrEqualTo(bound);
      checked++;
    }
    assertThat(checked).isEqualTo(548);
  }

  @Test
  void totalBenchmarkIsUpdatedPerCapitaTimesPersonYears() {
    for (Map<String, String> r : rows) {
      BigDecimal u = d(r, "UpdatedBnchmk");
      BigDecimal n = d(r, "N_AB_Year_PY");
      BigDecimal bound = HALF.multiply(u).add(HALF.multiply(n)).add(QUARTER);
      BigDecimal diff = BenchmarkCalculator.total(List.of(u), List.of(n)).subtract(d(r, "ABtotBnchmk")).abs();
      assertThat(diff).as("ACO %s", r.get("ACO_ID")).isLessThanOrEqualTo(bound);
    }
  }

  @Test
  void benchmarkYearWeightsOfEveryEraSumToOne() {
    for (BenchmarkRules.Era e : BenchmarkRules.load().eras()) {
      assertThat(e.weightBy1().add(e.weightBy2()).add(e.weightBy3())).as(e.era()).isEqualByComparingTo("1");
    }
  }

  /**
   * Every PY2018 ACO maps to an era, and the era's rules match the PUF flags: a regional trend and
   * update (RegTrndUpdt = 1) exactly for the 2017+ rebased agreements, a prior savings adjustment
   * exactly for the 2016 rebasings.
   */
  @Test
  void eraRulesMatchThePublishedRegionalTrendAndPriorSavingsFlags() {
    BenchmarkRules rules = BenchmarkRules.load();
    Map<String, Integer> eras = new HashMap<>();
    for (Map<String, String> r : rows) {
      String s = r.get("Current_Start_Date");
      LocalDate start = LocalDate.of(Integer.parseInt(s.substring(6, 10)), Integer.parseInt(s.substring(0, 2)),
          Integer.parseInt(s.substring(3, 5)));
      BenchmarkRules.Era era = rules.eraFor(r.get("ACO_ID"), 2018, start, Integer.parseInt(r.get("Agreement_Period_Num")));
      eras.merge(era.era(), 1, Integer::sum);
      boolean regionalTrend = era.trendMethod().equals("REGIONAL") && era.updateMethod().equals("REGIONAL");
      assertThat(regionalTrend).as("ACO %s RegTrndUpdt", r.get("ACO_ID")).isEqualTo(r.get("RegTrndUpdt").equals("1"));
      String prior = r.get("Prior_Sav_Adj").trim();
      assertThat(era.priorSavings().equals("ADD")).as("ACO %s Prior_Sav_Adj", r.get("ACO_ID"))
          .isEqualTo(!prior.isEmpty() && !prior.equals("."));
    }
    assertThat(eras).containsEntry("FIRST_2012", 305).containsEntry("REBASE_2016", 107).containsEntry("REBASE_2017", 136);
  }
}
