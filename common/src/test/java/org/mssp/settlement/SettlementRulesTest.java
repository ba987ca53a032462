package org.mssp.settlement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.StringReader;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.mssp.common.error.PipelineException;
import org.mssp.settlement.rules.SettlementRules;
import org.mssp.settlement.rules.SettlementRulesLoader;

class SettlementRulesTest {
  private static final SettlementRules RULES = SettlementRulesLoader.load();

  @Test
  void packagedRulesCoverEveryTrackOfItsEraFrom2013To2025() {
    assertThat(RULES.version()).isEqualTo("settlement-2026.11-r1");
    assertThat(RULES.knownTracks())
        .containsExactly(
            "BASIC_A", "BASIC_B", "BASIC_C", "BASIC_D", "BASIC_E", "ENHANCED",
            "TRACK_1", "TRACK_1_PLUS", "TRACK_2", "TRACK_3");
    for (int year = 2013; year <= 2025; year++) {
      assertThat(RULES.qualityLink(year)).as("quality link %d", year).isPresent();
      assertThat(RULES.sequestrationRate(year)).as("sequestration %d", year).isPresent();
      assertThat(RULES.variableMsr(year, 0)).as("msr %d", year).isPresent();
    }
    assertThat(RULES.track("TRACK_1", 2013)).isPresent();
    assertThat(RULES.track("ENHANCED", 2025)).isPresent();
    assertThat(RULES.track("TRACK_1_PLUS", 2021)).isEmpty();
    assertThat(RULES.qualityLink(2012)).isEmpty();
    assertThat(RULES.qualityLink(2026)).isEmpty();
  }

  @Test
  void everyRuleRowCitesItsSource() {
    assertThat(RULES.tracks()).allSatisfy(r -> assertThat(r.source()).isNotBlank());
    assertThat(RULES.msrBands()).allSatisfy(r -> assertThat(r.source()).isNotBlank());
    assertThat(RULES.lossLimits()).allSatisfy(r -> assertThat(r.source()).isNotBlank());
    assertThat(RULES.qualityLinks()).allSatisfy(r -> assertThat(r.source()).isNotBlank());
    assertThat(RULES.sequestration()).allSatisfy(r -> assertThat(r.source()).isNotBlank());
    assertThat(RULES.euc()).allSatisfy(r -> assertThat(r.source()).isNotBlank());
  }

  @Test
  void variableMsrIsExactAtEveryBandEdge() {
    // 42 CFR 425.604(b) / 425.605(b)(1): the rate at each band's low and high end.
    String[][] edges = {
      {"0", "0.122"}, {"499", "0.122"}, {"500", "0.122"}, {"999", "0.087"},
      {"1000", "0.087"}, {"2999", "0.050"}, {"3000", "0.050"}, {"4999", "0.039"},
      {"5000", "0.039"}, {"5999", "0.036"}, {"6000", "0.036"}, {"6999", "0.034"},
      {"7000", "0.034"}, {"9999", "0.030"}, {"10000", "0.030"}, {"14999", "0.027"},
      {"15000", "0.027"}, {"19999", "0.025"}, {"20000", "0.025"}, {"49999", "0.022"},
      {"50000", "0.022"}, {"59999", "0.020"}, {"60000", "0.020"}, {"1000000", "0.020"}
    };
    for (String[] e : edges) {
      assertThat(RULES.variableMsr(2018, Integer.parseInt(e[0])).orElseThrow())
          .as("MSR at %s beneficiaries", e[0])
          .isEqualByComparingTo(e[1]);
    }
  }

  @Test
  void variableMsrInterpolatesLinearlyInsideABand() {
    // 9,139: 0.031 - 0.001 x 139/999 = 0.030860860860...; PUF 2018 A1002 shows 0.030860861.
    assertThat(RULES.variableMsr(2018, 9139).orElseThrow().setScale(12, java.math.RoundingMode.HALF_UP))
        .isEqualByComparingTo("0.030860860861");
    // 605: 0.122 - 0.035 x 105/499 = 0.114635270541...; PUF 11.4635271 %.
    assertThat(RULES.variableMsr(2018, 605).orElseThrow().setScale(12, java.math.RoundingMode.HALF_UP))
        .isEqualByComparingTo("0.114635270541");
    // 3,785: 0.050 - 0.011 x 785/1999 = 0.045680340170...; PUF A1071 0.04568034.
    assertThat(RULES.variableMsr(2018, 3785).orElseThrow().setScale(12, java.math.RoundingMode.HALF_UP))
        .isEqualByComparingTo("0.045680340170");
    // 5,500: half way from 3.9 % to 3.6 % over 999 steps: 0.039 - 0.003 x 500/999.
    assertThat(RULES.variableMsr(2018, 5500).orElseThrow().setScale(12, java.math.RoundingMode.HALF_UP))
        .isEqualByComparingTo("0.037498498498");
  }

  @Test
  void track2LossLimitFollowsTheYearInTrack() {
    assertThat(RULES.lossLimit("TRACK_2", 2018, 1).orElseThrow().benchmarkRate()).isEqualByComparingTo("0.05");
    assertThat(RULES.lossLimit("TRACK_2", 2018, 2).orElseThrow().benchmarkRate()).isEqualByComparingTo("0.075");
    assertThat(RULES.lossLimit("TRACK_2", 2018, 3).orElseThrow().benchmarkRate()).isEqualByComparingTo("0.10");
    assertThat(RULES.lossLimit("TRACK_2", 2018, 6).orElseThrow().benchmarkRate()).isEqualByComparingTo("0.10");
    assertThat(RULES.lossLimitNeedsYearInTrack("TRACK_2", 2018)).isTrue();
    assertThat(RULES.lossLimitNeedsYearInTrack("ENHANCED", 2022)).isFalse();
  }

  @Test
  void loaderRejectsOverlappingYearsInATable() {
    Map<String, String> files = packagedWith(
        "sequestration.csv",
        "from_year,to_year,rate,source\n2013,2018,0.02,a\n2018,2020,0.00,b\n");
    assertThatThrownBy(() -> SettlementRulesLoader.load(n -> reader(files, n)))
        .isInstanceOf(PipelineException.class)
        .hasMessage("Cannot load rule table 'sequestration': rows 1 and 2 cover the same years");
  }

  @Test
  void loaderRejectsAGapInTheMsrBands() {
    Map<String, String> files = packagedWith(
        "msr_bands.csv",
        "from_year,to_year,beneficiaries_low,beneficiaries_high,rate_at_low,rate_at_high,source\n"
            + "2018,2018,0,4999,0.05,0.039,a\n2018,2018,6000,,0.02,0.02,b\n");
    assertThatThrownBy(() -> SettlementRulesLoader.load(n -> reader(files, n)))
        .isInstanceOf(PipelineException.class)
        .hasMessage(
            "Cannot load rule table 'msr_bands': PY2018: a band starts at 6000 beneficiaries, expected 5000 (gap or overlap)");
  }

  @Test
  void loaderRejectsARateOutsideZeroToOneNamingLineAndColumn() {
    Map<String, String> files = packagedWith(
        "sequestration.csv", "from_year,to_year,rate,source\n2013,2018,2,a\n");
    assertThatThrownBy(() -> SettlementRulesLoader.load(n -> reader(files, n)))
        .isInstanceOf(PipelineException.class)
        .hasMessage("Cannot load rule table 'sequestration': line 2, column rate: rate 2 is not between 0 and 1");
  }

  @Test
  void loaderRejectsATableWithoutSourceColumn() {
    Map<String, String> files = packagedWith("euc.csv", "from_year,to_year,applies_to\n2017,2025,LOSSES_AFTER_LIMIT\n");
    assertThatThrownBy(() -> SettlementRulesLoader.load(n -> reader(files, n)))
        .isInstanceOf(PipelineException.class)
        .hasMessage("Cannot load rule table 'euc': the header has no 'source' column");
  }

  private static Map<String, String> packagedWith(String name, String content) {
    Map<String, String> files = new HashMap<>();
    for (String f : new String[] {"VERSION", "tracks.csv", "msr_bands.csv", "loss_limits.csv",
        "quality_link.csv", "sequestration.csv", "euc.csv"}) {
      try (var in = SettlementRulesTest.class.getClassLoader()
          .getResourceAsStream(SettlementRulesLoader.RESOURCE_DIR + f)) {
        files.put(f, new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }
    files.put(name, content);
    return files;
  }

  private static StringReader reader(Map<String, String> files, String name) {
    String text = files.get(name);
    return text == null ? null : new StringReader(text);
  }
}
