package org.mssp.generate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.mssp.cli.AcoCommand;
import org.mssp.common.error.PipelineException;
import org.mssp.testsupport.SharedSpark;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** Bad arguments end with one line naming the argument, exit code 2, and no complete-looking output. */
class GenerateCommandTest {
  private static final String COUNTY = SharedSpark.sharedDir().resolve("data/mssp-county-ffs-2018.csv").toString();

  private record Result(int exit, String err) {}

  private static Result run(String... args) {
    SharedSpark.session();
    CommandLine cli = AcoCommand.commandLine();
    StringWriter err = new StringWriter();
    cli.setErr(new PrintWriter(err));
    cli.setOut(new PrintWriter(new StringWriter()));
    int exit = cli.execute(args);
    return new Result(exit, err.toString().trim());
  }

  private static boolean hasManifest(Path root) throws Exception {
    if (!Files.exists(root)) {
      return false;
    }
    try (Stream<Path> s = Files.walk(root)) {
      return s.anyMatch(p -> p.getFileName().toString().equals(GenerateJob.MANIFEST));
    }
  }

  @Test
  void negativeBeneficiariesIsAOneLineErrorNamingTheArgument(@TempDir Path dir) throws Exception {
    Path out = dir.resolve("out");
    Result r = run("generate", "--beneficiaries", "-5", "--years", "2017-2018", "--county-file", COUNTY,
        "--output", out.toString());
    assertThat(r.exit()).isEqualTo(AcoCommand.EXIT_ARGUMENT);
    assertThat(r.err()).doesNotContain("\n")
        .isEqualTo("aco generate: Invalid argument --beneficiaries=-5: an integer from 1 to 10000000");
    assertThat(out).doesNotExist();
  }

  @Test
  void unknownCountyFileIsAOneLineErrorNamingTheArgument(@TempDir Path dir) throws Exception {
    Path out = dir.resolve("out");
    Result r = run("generate", "--beneficiaries", "10", "--years", "2018", "--county-file", "/no/such/county.csv",
        "--output", out.toString());
    assertThat(r.exit()).isEqualTo(AcoCommand.EXIT_ARGUMENT);
    assertThat(r.err()).doesNotContain("\n").startsWith("aco generate: Invalid argument --county-file=/no/such/county.csv");
    assertThat(hasManifest(out)).isFalse();
  }

  @Test
  void unwritableOutputIsAOneLineErrorAndLeavesNoManifest(@TempDir Path dir) throws Exception {
    Path file = Files.writeString(dir.resolve("plain.txt"), "a file, not a folder");
    Path out = file.resolve("dataset");
    Result r = run("generate", "--beneficiaries", "10", "--years", "2018", "--county-file", COUNTY,
        "--output", out.toString());
    assertThat(r.exit()).isEqualTo(AcoCommand.EXIT_ARGUMENT);
    assertThat(r.err()).doesNotContain("\n").startsWith("aco generate: Invalid argument --output=" + out);
    assertThat(hasManifest(dir)).isFalse();
  }

  @Test
  void nonEmptyOutputIsRefusedWithoutOverwriteAndLeftAlone(@TempDir Path out) throws Exception {
    Files.writeString(out.resolve("keep.txt"), "mine");
    Result r = run("generate", "--beneficiaries", "10", "--years", "2018", "--county-file", COUNTY,
        "--output", out.toString());
    assertThat(r.exit()).isEqualTo(AcoCommand.EXIT_ARGUMENT);
    assertThat(r.err()).isEqualTo("aco generate: Invalid argument --output=" + out
        + ": exists and is not empty (use --overwrite to replace it)");
    try (Stream<Path> s = Files.list(out)) {
      assertThat(s.map(p -> p.getFileName().toString())).containsExactly("keep.txt");
    }
  }

  @Test
  void badYearsAndRatesNameTheirArgument() {
    assertThat(run("generate", "--beneficiaries", "10", "--years", "2018-2015", "--county-file", COUNTY,
        "--output", "/tmp/x").err()).startsWith("aco generate: Invalid argument --years=2018-2015");
    assertThat(run("generate", "--beneficiaries", "10", "--years", "2018", "--county-file", COUNTY,
        "--output", "/tmp/x", "--malformed-rate", "1.5").err()).startsWith("aco generate: Invalid argument --malformed-rate=1.5");
    assertThat(run("generate", "--beneficiaries", "10", "--acos", "0", "--years", "2018", "--county-file", COUNTY,
        "--output", "/tmp/x").err()).startsWith("aco generate: Invalid argument --acos=0");
  }

  @Test
  void withoutACountyFileAndNoSharedFolderTheErrorSaysWhatToPass(@TempDir Path dir) {
    // the tests run in jobs/, where ../shared (the default's folder) does not exist
    org.junit.jupiter.api.Assumptions.assumeFalse(Files.exists(Path.of("../shared/data/mssp-county-ffs-2018.csv")));
    Result r = run("generate", "--beneficiaries", "10", "--years", "2018", "--output", dir.resolve("out").toString());
    assertThat(r.exit()).isEqualTo(AcoCommand.EXIT_ARGUMENT);
    assertThat(r.err()).doesNotContain("\n").startsWith("aco generate: Invalid argument --county-file")
        .contains("not given, and the default ../shared/data/mssp-county-ffs-2018.csv");
    assertThat(dir.resolve("out")).doesNotExist();
  }

  @Test
  void countyFileWithoutTheCmsColumnsIsRejected(@TempDir Path dir) throws Exception {
    Path bad = dir.resolve("county.csv");
    Files.writeString(bad, "a,b\n1,2\n");
    assertThatThrownBy(() -> Counties.read(bad.toString(), new org.apache.hadoop.conf.Configuration()))
        .isInstanceOf(PipelineException.class)
        .hasMessage("Invalid argument --county-file=" + bad + ": not a CMS county FFS file: no column 'State Name'");
  }
}
