package org.mssp.generate.quality;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mssp.allocation.GroupMapping;
import org.mssp.generate.quality.ProviderQualityGenerator.Provider;
import org.mssp.generate.quality.ProviderQualityGenerator.QualityRow;

class AllocationQualityGeneratorTest {
  @TempDir Path dir;

  private static List<Provider> pcps(int n) {
    List<Provider> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(new Provider("A1", String.valueOf(1_000_000_000L + i), "111111111", "08", 200));
    }
    return out;
  }

  @Test
  void sameSeedGivesTheSameRowsWhateverTheProviderOrder() {
    GroupMapping mapping = GroupMapping.load();
    List<Provider> providers = pcps(50);
    List<QualityRow> first = ProviderQualityGenerator.quality(7, 2019, providers, mapping);
    List<Provider> reversed = new ArrayList<>(providers);
    Collections.reverse(reversed);
    assertThat(ProviderQualityGenerator.quality(7, 2019, reversed, mapping)).isEqualTo(first);
    assertThat(ProviderQualityGenerator.quality(8, 2019, providers, mapping)).isNotEqualTo(first);
  }

  @Test
  void ratesSpreadAcrossProvidersMostHavePriorYearsAndNumeratorsNeverExceedDenominators() {
    List<QualityRow> rows = ProviderQualityGenerator.quality(42, 2019, pcps(400), GroupMapping.load());
    List<Double> bp = rows.stream().filter(r -> r.measureId().equals("HTN_BP_CONTROL"))
        .map(r -> (double) r.numerator() / r.denominator()).sorted().toList();
    assertThat(bp).hasSize(400);
    double p10 = bp.get(40);
    double p90 = bp.get(360);
    // a realistic spread: the middle 80% of providers span more than 20 points, not all 0 or 1
    assertThat(p90 - p10).isGreaterThan(0.20);
    assertThat(p10).isGreaterThan(0.2);
    assertThat(p90).isLessThan(0.98);
    long withPrior = rows.stream().filter(r -> r.measureId().equals("HTN_BP_CONTROL") && r.priorDenominator() != null).count();
    assertThat(withPrior).isBetween(320L, 390L);
    assertThat(rows).allSatisfy(r -> {
      assertThat(r.numerator()).isBetween(0L, r.denominator());
      if (r.priorDenominator() != null) {
        assertThat(r.priorNumerator()).isBetween(0L, r.priorDenominator());
      }
    });
    // on average providers improve (mean yearly improvement 0.10 on the logit scale)
    double meanDelta = rows.stream().filter(r -> r.priorDenominator() != null && r.priorDenominator() > 0 && r.higherIsBetter())
        .mapToDouble(r -> (double) r.numerator() / r.denominator() - (double) r.priorNumerator() / r.priorDenominator())
        .average().orElseThrow();
    assertThat(meanDelta).isGreaterThan(0);
  }

  @Test
  void writesQualityAndCostFilesInTheInputContractAndGivesNoCostToNonAttributedProviders() throws IOException {
    List<Provider> providers = List.of(
        new Provider("A1", "1000000001", "111111111", "08", 120),
        new Provider("A1", "1000000003", "222222222", "93", 0));
    Path quality = ProviderQualityGenerator.write(dir, 1, 2018, providers);
    List<String> lines = Files.readAllLines(quality);
    assertThat(lines.get(0)).isEqualTo(
        "aco_id,performance_year,npi,tin,measure_id,higher_is_better,numerator,denominator,prior_numerator,prior_denominator");
    assertThat(lines).anyMatch(l -> l.startsWith("A1,2018,1000000003,222222222,MED_RECONCILIATION,true,"));
    List<String> cost = Files.readAllLines(dir.resolve("quality/provider_cost_2018.csv"));
    assertThat(cost.get(0)).isEqualTo("aco_id,performance_year,npi,tin,risk_adjusted_cost_per_beneficiary");
    assertThat(cost).hasSize(2);
    assertThat(cost.get(1)).startsWith("A1,2018,1000000001,111111111,");
  }
}
