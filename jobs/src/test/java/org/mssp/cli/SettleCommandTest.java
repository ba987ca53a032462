package org.mssp.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code aco settle} argument checks, before any Spark session is started. */
class SettleCommandTest {
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    CommandLine cli = AcoCommand.commandLine();
    cli.setOut(new PrintWriter(new StringWriter(), true));
    cli.setErr(new PrintWriter(err, true));
    return cli.execute(args);
  }

  @Test
  void performanceYearIsRequired() {
    assertThat(run("settle", "--warehouse", "/tmp/w")).isEqualTo(AcoCommand.EXIT_ARGUMENT);
    assertThat(err.toString()).startsWith("Missing required option: '--performance-year=<performanceYear>'");
  }

  @Test
  void implausiblePerformanceYearIsAnArgumentError() {
    assertThat(run("settle", "--warehouse", "/tmp/w", "--performance-year", "1999", "--totals", "t.csv"))
        .isEqualTo(AcoCommand.EXIT_ARGUMENT);
    assertThat(err.toString().strip())
        .isEqualTo("aco settle: Invalid argument --performance-year=1999: a year such as 2018");
  }
}
