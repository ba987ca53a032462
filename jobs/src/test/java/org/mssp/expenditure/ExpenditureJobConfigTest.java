package org.mssp.expenditure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.mssp.expenditure.ExpenditureJob.Config;
import org.mssp.expenditure.ExpenditureJob.Mode;
import org.mssp.risk.RiskStage;

/** The years of one expenditure run: as given on the command line, in order, each once, all valid. */
class ExpenditureJobConfigTest {
  @Test
  void yearsAreSortedAndEachKeptOnce() {
    Config c = new Config("w", List.of(2018, 2015, 2018, 2016), Mode.EVALUATOR, null, null, RiskStage.Source.CMS);
    assertThat(c.years()).containsExactly(2015, 2016, 2018);
    assertThat(new Config("w", 2017, Mode.EVALUATOR, null, null).years()).containsExactly(2017);
  }

  @Test
  void noYearOrAnImplausibleOneIsRefusedNamingTheOption() {
    assertThatThrownBy(() -> new Config("w", List.of(), Mode.EVALUATOR, null, null, RiskStage.Source.CMS))
        .hasMessageContaining("--year");
    assertThatThrownBy(() -> new Config("w", List.of(2018, 218), Mode.EVALUATOR, null, null, RiskStage.Source.CMS))
        .hasMessageContaining("--year").hasMessageContaining("218");
  }
}
