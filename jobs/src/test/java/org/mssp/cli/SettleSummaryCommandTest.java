package org.mssp.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code aco settle-summary}: the CSV contract end to end, and one clear message per bad input. */
class SettleSummaryCommandTest {
  private static final String HEADER =
      "aco_id,performance_year,track,assigned_beneficiaries,benchmark_total,expenditure_total,"
          + "msr_election,quality_score,quality_standard_met,euc_loss_reduction_fraction";

  @TempDir Path dir;
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    CommandLine cli = AcoCommand.commandLine();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    return cli.execute(args);
  }

  private Path input(String... lines) throws IOException {
    Path p = dir.resolve("totals.csv");
    Files.writeString(p, String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
    return p;
  }

  private int settle(Path input) {
    return run("settle-summary", "--input", input.toString(), "--output", dir.resolve("out.csv").toString());
  }

  /** Asserts exit 1, exactly one message line, and that no output (or temp) file was left. */
  private void assertFailedWith(int exit, String message) throws IOException {
    assertThat(exit).isEqualTo(AcoCommand.EXIT_FAILED);
    assertThat(err.toString().strip()).isEqualTo(message);
    try (Stream<Path> files = Files.list(dir)) {
      assertThat(files.map(p -> p.getFileName().toString())).containsExactly("totals.csv");
    }
  }

  @Test
  void writesOneWaterfallRowPerInputRowWithHandComputedEarnings() throws IOException {
    Path in =
        input(
            HEADER + ",year_in_track,participant_revenue_total",
            // Track 1, n 60,000 (MSR 2 %): 100,000 x 0.45 x 0.98 = 44,100.
            "t1_savings,2018,TRACK_1,60000,1000000,900000,VARIABLE,0.9,true,0,,",
            // Track 2 year 1: -300,000 x (1 - 0.54) = -138,000 -> limit 5 % = -50,000; EUC 10 % -> -45,000.
            "t2_losses,2018,TRACK_2,20000,1000000,1300000,0.02,0.9,true,0.1,1,",
            // BASIC C PY2022: -1,000,000 x 0.30 = -300,000 -> revenue limit 2 % x 2,000,000 = -40,000.
            "basic_c,2022,BASIC_C,12000,10000000,11000000,0,0.95,true,,,2000000");
    Path outFile = dir.resolve("out.csv");
    assertThat(run("settle-summary", "--input", in.toString(), "--output", outFile.toString())).isZero();
    assertThat(out.toString())
        .contains("settled 3 ACO-years with rules settlement-2026.11-r1: earned savings 44100, losses owed 85000");

    List<String> lines = Files.readAllLines(outFile);
    assertThat(lines).hasSize(4);
    assertThat(lines.get(0))
        .isEqualTo(
            "aco_id,performance_year,track,assigned_beneficiaries,benchmark_total,expenditure_total,"
                + "savings,savings_rate,msr_election,msr,mlr,corridor_passed,gross_savings_losses,"
                + "quality_score,quality_standard_met,quality_method,quality_factor,max_sharing_rate,"
                + "final_sharing_rate,shared_loss_rate,amount_before_limits,sequestration_rate,"
                + "amount_after_sequestration,limit_basis,limit_amount,limit_binding,amount_after_limit,"
                + "euc_loss_reduction_fraction,euc_reduction,earned_savings_losses,rule_set_version");
    assertThat(lines.get(1))
        .isEqualTo(
            "t1_savings,2018,TRACK_1,60000,1000000.00,900000.00,100000.00,0.1000000000,VARIABLE,"
                + "0.0200000000,,true,100000.00,0.9000000000,true,SCORE,0.9000000000,0.5000000000,"
                + "0.4500000000,,45000.00,0.0200000000,44100.00,PERFORMANCE_PAYMENT_LIMIT,100000.00,"
                + "false,44100.00,0.0000000000,0.00,44100.00,settlement-2026.11-r1");
    assertThat(lines.get(2)).startsWith("t2_losses,2018,TRACK_2,").endsWith(",-45000.00,settlement-2026.11-r1");
    assertThat(lines.get(2)).contains(",LOSS_LIMIT_BENCHMARK,50000.00,true,-50000.00,0.1000000000,5000.00,");
    assertThat(lines.get(3)).contains(",LOSS_LIMIT_REVENUE,40000.00,true,-40000.00,").endsWith(",-40000.00,settlement-2026.11-r1");
  }

  @Test
  void unknownTrackFailsNamingRowAndColumn() throws IOException {
    Path in =
        input(
            HEADER,
            "A1,2018,TRACK_1,60000,1000000,900000,VARIABLE,0.9,true,0",
            "A2,2018,TRACK_9,60000,1000000,900000,VARIABLE,0.9,true,0");
    assertFailedWith(
        settle(in),
        "aco settle-summary: Cannot read " + in + ", row 2 (line 3), column track: unknown track 'TRACK_9'; "
            + "expected one of [BASIC_A, BASIC_B, BASIC_C, BASIC_D, BASIC_E, ENHANCED, TRACK_1, TRACK_1_PLUS, TRACK_2, TRACK_3] (ACO A2, PY2018)");
  }

  @Test
  void yearWithoutRulesFailsNamingRowAndColumn() throws IOException {
    Path in = input(HEADER, "A1,2031,ENHANCED,60000,1000000,900000,0,0.9,true,0");
    assertFailedWith(
        settle(in),
        "aco settle-summary: Cannot read " + in + ", row 1 (line 2), column performance_year: "
            + "rule table 'quality_link' has no rows for 2031 (ACO A1, PY2031)");
  }

  @Test
  void missingColumnFailsNamingTheColumn() throws IOException {
    Path in =
        input(
            "aco_id,performance_year,track,assigned_beneficiaries,expenditure_total,msr_election,"
                + "quality_score,quality_standard_met,euc_loss_reduction_fraction",
            "A1,2018,TRACK_1,60000,900000,VARIABLE,0.9,true,0");
    assertFailedWith(
        settle(in), "aco settle-summary: Cannot read " + in + ", header: missing column benchmark_total");
  }

  @Test
  void negativeBenchmarkFailsNamingRowAndColumn() throws IOException {
    Path in = input(HEADER, "A1,2018,TRACK_1,60000,-1000000,900000,VARIABLE,0.9,true,0");
    assertFailedWith(
        settle(in),
        "aco settle-summary: Cannot read " + in + ", row 1 (line 2), column benchmark_total: "
            + "must be positive, got -1000000 (ACO A1, PY2018)");
  }

  @Test
  void nonNumericBenchmarkFailsNamingRowAndColumn() throws IOException {
    Path in = input(HEADER, "A1,2018,TRACK_1,60000,1000000,900000,VARIABLE,0.9,true,0",
        "A2,2018,TRACK_1,60000,$1M,900000,VARIABLE,0.9,true,0");
    assertFailedWith(
        settle(in),
        "aco settle-summary: Cannot read " + in + ", row 2 (line 3), column benchmark_total: '$1M' is not a number");
  }

  @Test
  void unknownColumnFailsSoATypoCannotBeIgnored() throws IOException {
    Path in = input(HEADER + ",year_in_trak", "A1,2018,TRACK_1,60000,1000000,900000,VARIABLE,0.9,true,0,1");
    assertThat(settle(in)).isEqualTo(AcoCommand.EXIT_FAILED);
    assertThat(err.toString()).startsWith("aco settle-summary: Cannot read " + in + ", header: unknown column year_in_trak; expected ");
  }

  @Test
  void duplicateAcoYearFailsNamingBothRows() throws IOException {
    Path in = input(HEADER, "A1,2018,TRACK_1,60000,1000000,900000,VARIABLE,0.9,true,0",
        "A1,2018,TRACK_1,60000,1000000,900000,VARIABLE,0.9,true,0");
    assertFailedWith(
        settle(in),
        "aco settle-summary: Cannot read " + in + ", row 2 (line 3), column aco_id: ACO A1, PY2018 appears "
            + "again (first at row 1 (line 2)); one row per ACO and performance year");
  }

  @Test
  void failureLeavesAnExistingOutputUntouched() throws IOException {
    Path in = input(HEADER, "A1,2018,TRACK_9,60000,1000000,900000,VARIABLE,0.9,true,0");
    Path existing = dir.resolve("out.csv");
    Files.writeString(existing, "previous run\n");
    assertThat(settle(in)).isEqualTo(AcoCommand.EXIT_FAILED);
    assertThat(Files.readString(existing)).isEqualTo("previous run\n");
  }

  @Test
  void missingInputFileFailsWithOneMessage() throws IOException {
    Path in = dir.resolve("nope.csv");
    int exit = run("settle-summary", "--input", in.toString(), "--output", dir.resolve("out.csv").toString());
    assertThat(exit).isEqualTo(AcoCommand.EXIT_FAILED);
    assertThat(err.toString().strip()).isEqualTo("aco settle-summary: Cannot read " + in + ": file not found");
    assertThat(Files.exists(dir.resolve("out.csv"))).isFalse();
  }

  @Test
  void missingOutputOptionIsAnArgumentError() {
    assertThat(run("settle-summary", "--input", "x.csv")).isEqualTo(AcoCommand.EXIT_ARGUMENT);
    assertThat(err.toString()).startsWith("Missing required option: '--output=<output>'");
  }
}
