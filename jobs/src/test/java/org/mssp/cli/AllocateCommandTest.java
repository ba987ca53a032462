package org.mssp.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code aco allocate} argument and plan checks, before any Spark session is started. */
class AllocateCommandTest {
  private final StringWriter err = new StringWriter();

  @TempDir Path dir;

  private int run(String... args) {
    CommandLine cli = AcoCommand.commandLine();
    cli.setOut(new PrintWriter(new StringWriter(), true));
    cli.setErr(new PrintWriter(err, true));
    return cli.execute(args);
  }

  @Test
  void planIsRequired() {
    assertThat(run("allocate", "--warehouse", "/tmp/w", "--performance-year", "2018")).isEqualTo(AcoCommand.EXIT_ARGUMENT);
    assertThat(err.toString()).startsWith("Missing required option: '--plan=<plan>'");
  }

  @Test
  void missingPlanFileIsAnArgumentError() {
    assertThat(run("allocate", "--warehouse", "/tmp/w", "--performance-year", "2018", "--plan", "/nonexistent/plan.json"))
        .isEqualTo(AcoCommand.EXIT_ARGUMENT);
    assertThat(err.toString().strip())
        .isEqualTo("aco allocate: Invalid argument --plan=/nonexistent/plan.json: an allocation plan JSON file (docs/allocation.md)");
  }

  @Test
  void planThatDoesNotAddUpFailsNamingTheField() throws IOException {
    Path plan = dir.resolve("plan.json");
    Files.writeString(plan, "{\"plan_set_version\": \"v\", \"plans\": [{\"plan_id\": \"d\", \"aco_id\": \"*\","
        + " \"tier1\": {\"share\": \"0.3\"}, \"tier2\": {\"PCP\": \"0.6\", \"SPECIALIST\": \"0.3\"},"
        + " \"tier3\": {\"PCP\": {\"model\": \"ATTRIBUTION\"}, \"SPECIALIST\": {\"model\": \"ATTRIBUTION\"}}}]}");
    assertThat(run("allocate", "--warehouse", "/tmp/w", "--performance-year", "2018", "--plan", plan.toString()))
        .isEqualTo(AcoCommand.EXIT_FAILED);
    assertThat(err.toString().strip())
        .isEqualTo("aco allocate: Cannot load allocation plan plan.json: field plans[0].tier2: group shares add up to 0.9, not exactly 1");
  }
}
