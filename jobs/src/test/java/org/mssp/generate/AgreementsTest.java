package org.mssp.generate;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.mssp.benchmark.rules.BenchmarkRules;
import org.mssp.settlement.rules.SettlementRules;
import org.mssp.settlement.rules.SettlementRulesLoader;

/**
 * The generated agreements (no Spark): benchmark years inside the generated span when it allows,
 * tracks and eras valid for every year by the settlement and benchmark rule files, and the
 * agreement-year and renewal mix of the 2018 PUF.
 */
class AgreementsTest {
  private static final SettlementRules SETTLEMENT = SettlementRulesLoader.load();
  private static final GenerateRules RULES = GenerateRules.load();

  private static List<Agreements.Row> rows(int acos, int first, int last, long seed) {
    GenerateConfig config = new GenerateConfig(1000, acos, first, last, seed, "unused", false, false, "unused.csv",
        "A9999", MessRates.defaults(RULES));
    return new Agreements(config, RULES, SETTLEMENT).rows();
  }

  private static Map<String, Agreements.Row> lastYear(List<Agreements.Row> rows, int year) {
    Map<String, Agreements.Row> m = new LinkedHashMap<>();
    rows.stream().filter(r -> r.performanceYear() == year).forEach(r -> m.put(r.acoId(), r));
    return m;
  }

  @Test
  void fourYearSpanPutsEveryAcoInAnAgreementStartingInTheLastYearWithBenchmarkYearsInside() {
    Map<String, Agreements.Row> py = lastYear(rows(40, 2015, 2018, 1), 2018);
    assertThat(py).hasSize(40);
    // PY2018 with BY1 >= 2015 needs a start >= 2018: only 2018 qualifies, and a 2018 start runs
    // to 2020, past the last year of Tracks 2 and 3 (2019), so only Track 1 or 1+ is allowed.
    assertThat(py.values()).allSatisfy(r -> {
      assertThat(r.agreementStart()).isEqualTo(LocalDate.of(2018, 1, 1));
      assertThat(r.track()).isIn("TRACK_1", "TRACK_1_PLUS");
      assertThat(r.assignmentMethod()).isEqualTo("RETROSPECTIVE");
    });
  }

  @Test
  void longerSpanAllowsLaterAgreementYearsOnlyWhenTheirBenchmarkYearsAreInside() {
    // 2014-2018: PY2018 starts 2017 (BY 2014-2016) or 2018 (BY 2015-2017); 2016 (BY 2013) is not allowed.
    Map<String, Agreements.Row> py = lastYear(rows(300, 2014, 2018, 2), 2018);
    assertThat(py.values()).allSatisfy(r -> assertThat(r.agreementStart().getYear() - 3).isGreaterThanOrEqualTo(2014));
    assertThat(py.values().stream().map(r -> r.agreementStart().getYear()).distinct().sorted().toList())
        .containsExactly(2017, 2018);
  }

  @Test
  void shortSpanStartsTheLastAgreementInTheLastYear() {
    // 2017-2018 cannot hold three benchmark years; a 2018 start keeps 2017 (BY3) inside.
    Map<String, Agreements.Row> py = lastYear(rows(20, 2017, 2018, 3), 2018);
    assertThat(py.values()).allSatisfy(r -> assertThat(r.agreementStart()).isEqualTo(LocalDate.of(2018, 1, 1)));
  }

  @Test
  void everyRowHasATrackAndMsrElectionTheSettlementRulesAllowAndAnEraTheBenchmarkRulesKnow() {
    BenchmarkRules benchmark = BenchmarkRules.load();
    List<Agreements.Row> all = new ArrayList<>();
    all.addAll(rows(200, 2013, 2018, 4));
    all.addAll(rows(200, 2016, 2025, 5));
    for (Agreements.Row r : all) {
      var track = SETTLEMENT.track(r.track(), r.performanceYear());
      assertThat(track).as(r.toString()).isPresent();
      assertThat(track.get().msrElections()).as(r.toString()).contains(r.msrElection());
      assertThat(benchmark.eraFor(r.acoId(), r.performanceYear(), r.agreementStart(), r.periodNumber()))
          .as(r.toString()).isNotNull();
      assertThat(r.agreementStart().getYear()).isLessThanOrEqualTo(r.performanceYear());
      if (r.agreementStart().getYear() == 2019) {
        assertThat(r.agreementStart()).isEqualTo(LocalDate.of(2019, 7, 1));
        assertThat(r.track()).isIn(Agreements.PATHWAYS);
      }
    }
  }

  @Test
  void agreementsChainWithoutGapsAndBasicAcosClimbTheGlidePath() {
    List<Agreements.Row> all = rows(200, 2016, 2025, 6);
    Map<String, List<Agreements.Row>> byAco = new LinkedHashMap<>();
    all.forEach(r -> byAco.computeIfAbsent(r.acoId(), k -> new ArrayList<>()).add(r));
    for (List<Agreements.Row> rs : byAco.values()) {
      for (int i = 1; i < rs.size(); i++) {
        Agreements.Row a = rs.get(i - 1);
        Agreements.Row b = rs.get(i);
        assertThat(b.performanceYear()).isEqualTo(a.performanceYear() + 1);
        if (b.agreementStart().equals(a.agreementStart())) {
          assertThat(b.periodNumber()).isEqualTo(a.periodNumber());
          assertThat(b.assignmentMethod()).isEqualTo(a.assignmentMethod());
          if (a.track().startsWith("BASIC_")) {
            // one level a year, July 2019 entrants stay for PY2020, E is the top
            int expected = Math.min(Agreements.PATHWAYS.indexOf(a.track())
                + (a.agreementStart().getYear() == 2019 && a.performanceYear() == 2019 ? 0 : 1), 4);
            assertThat(Agreements.PATHWAYS.indexOf(b.track())).as(b.toString()).isEqualTo(expected);
          } else {
            assertThat(b.track()).isEqualTo(a.track());
          }
        } else {
          assertThat(b.periodNumber()).isEqualTo(a.periodNumber() + 1);
          assertThat(b.performanceYear()).isEqualTo(b.agreementStart().getYear());
        }
      }
    }
  }

  @Test
  void agreementYearAndRenewalMixFollowThe2018Puf() {
    // 2013-2018: PY2018 may start 2016, 2017 or 2018 (all with BYs >= 2013), weights 0.36 / 0.28 /
    // 0.35 (PUF: 198 / 156 / 192 of 548); renewals 0.44 (243 of 548 in a second agreement).
    Map<String, Agreements.Row> py = lastYear(rows(2000, 2013, 2018, 7), 2018);
    Map<Integer, Long> starts = new LinkedHashMap<>();
    py.values().forEach(r -> starts.merge(r.agreementStart().getYear(), 1L, Long::sum));
    double n = py.size();
    assertThat(starts.get(2018) / n).isBetween(0.35 / 0.99 - 0.04, 0.35 / 0.99 + 0.04);
    assertThat(starts.get(2017) / n).isBetween(0.28 / 0.99 - 0.04, 0.28 / 0.99 + 0.04);
    assertThat(starts.get(2016) / n).isBetween(0.36 / 0.99 - 0.04, 0.36 / 0.99 + 0.04);
    // A 2016 start may follow a 2013 one; 2017 and 2018 starts would follow 2014 and 2015 ones.
    long renewals = py.values().stream().filter(r -> r.periodNumber() >= 2).count();
    assertThat(renewals / n).isBetween(0.40, 0.48);
  }
}
