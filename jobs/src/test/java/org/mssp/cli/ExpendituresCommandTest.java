package org.mssp.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code aco expenditures --year}: a comma-separated list or the option repeated. */
class ExpendituresCommandTest {
  @Test
  void theCommandTakesAListOrTheOptionRepeated() {
    ExpendituresCommand listed = new ExpendituresCommand();
    new CommandLine(listed).parseArgs("--warehouse", "w", "--year", "2016,2015");
    ExpendituresCommand repeated = new ExpendituresCommand();
    new CommandLine(repeated).parseArgs("--warehouse", "w", "--year", "2016", "--year", "2015");
    assertThat(listed.years).containsExactly(2016, 2015);
    assertThat(repeated.years).containsExactly(2016, 2015);
  }
}
