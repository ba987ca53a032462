package org.mssp.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mssp.ingest.CclfFixtures.partA;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mssp.common.cclf.CclfFile;
import org.mssp.common.error.PipelineException;
import org.mssp.testsupport.SharedSpark;

/**
 * Deliveries that must fail the run before anything is written: each message names the file (and
 * the line and field where there is one), and the warehouse stays empty.
 */
class IngestBadInputTest {
  private final SparkSession spark = SharedSpark.session();
  @TempDir Path tmp;

  private static final String F1 = "P.A9999.ACO.ZC1Y18.D180215.T0100000";
  private static final LocalDate FEB = LocalDate.of(2018, 2, 15);

  private static Map<CclfFile, List<String>> twoClaims() {
    Map<CclfFile, List<String>> m = new LinkedHashMap<>();
    m.put(
        CclfFile.CCLF1,
        List.of(
            partA("0000000000001", "1AA0AA0AA00", "330001", "2018-01-01", "2018-01-02", "0", "2018-01-10", "10.00"),
            partA("0000000000002", "1AA0AA0AA00", "330001", "2018-01-03", "2018-01-04", "0", "2018-01-10", "20.00")));
    return m;
  }

  private void assertFails(Path input, String messagePattern) {
    Path warehouse = tmp.resolve("wh");
    assertThatThrownBy(() -> IngestJob.run(new IngestConfig(input.toString(), warehouse.toString(), "bad"), spark))
        .isInstanceOf(PipelineException.class)
        .hasMessageMatching(messagePattern);
    String[] left = warehouse.toFile().list();
    assertThat(left == null ? List.of() : Arrays.asList(left)).as("nothing written").isEmpty();
  }

  @Test
  void missingCclf0FailsNamingTheDelivery() throws IOException {
    CclfFixtures.delivery(tmp.resolve("in"), "MONTHLY", 2018, FEB, CclfFixtures.Form.FOLDER, twoClaims(), Map.of(), false);
    assertFails(
        tmp.resolve("in"),
        "Cannot read .*/cclf/P\\.A9999\\.ACO\\.ZCY18\\.D180215\\.T0100000: delivery P\\.A9999\\.ACO\\.ZCY18\\.D180215\\.T0100000"
            + " has no CCLF0 summary file \\(ZC0\\)");
  }

  @Test
  void truncatedFileFailsTheCclf0Reconciliation() throws IOException {
    CclfFixtures.delivery(
        tmp.resolve("in"), "MONTHLY", 2018, FEB, CclfFixtures.Form.FOLDER, twoClaims(), Map.of(CclfFile.CCLF1, "3|437"), true);
    assertFails(
        tmp.resolve("in"),
        "Cannot read " + F1.replace(".", "\\.") + ": record count does not reconcile with CCLF0: 2 lines read, CCLF0 declares 3"
            + " \\(truncated or incomplete file\\?\\)");
  }

  @Test
  void recordLengthOtherThanTheLayoutFailsNamingTheFile() throws IOException {
    CclfFixtures.delivery(
        tmp.resolve("in"), "MONTHLY", 2018, FEB, CclfFixtures.Form.FOLDER, twoClaims(), Map.of(CclfFile.CCLF1, "2|450"), true);
    assertFails(
        tmp.resolve("in"),
        "Cannot read " + F1.replace(".", "\\.") + ": CCLF0 declares record length 450 but the CCLF IP v36 layout of CCLF1 is 437");
  }

  @Test
  void corruptZipFailsNamingTheArchive() throws IOException {
    Path cclf = Files.createDirectories(tmp.resolve("in/cclf"));
    Files.write(cclf.resolve("P.A9999.ACO.ZCY18.D180215.T0100000.zip"), "this is not a zip archive".getBytes());
    assertFails(
        tmp.resolve("in"),
        "Cannot read .*/P\\.A9999\\.ACO\\.ZCY18\\.D180215\\.T0100000\\.zip: corrupt or empty zip archive: no member files");
  }

  @Test
  void truncatedZipFailsNamingTheArchiveAndMember() throws IOException {
    CclfFixtures.delivery(tmp.resolve("src"), "MONTHLY", 2018, FEB, CclfFixtures.Form.ZIP, twoClaims(), Map.of(), true);
    byte[] zip = Files.readAllBytes(tmp.resolve("src/cclf/P.A9999.ACO.ZCY18.D180215.T0100000.zip"));
    Path cclf = Files.createDirectories(tmp.resolve("in/cclf"));
    Files.write(cclf.resolve("P.A9999.ACO.ZCY18.D180215.T0100000.zip"), Arrays.copyOf(zip, 150));
    assertFails(
        tmp.resolve("in"),
        "Cannot read .*/P\\.A9999\\.ACO\\.ZCY18\\.D180215\\.T0100000\\.zip, member " + F1.replace(".", "\\.")
            + ": corrupt zip archive \\(.*\\)");
  }

  @Test
  void corruptGzipFailsNamingTheFile() throws IOException {
    CclfFixtures.delivery(tmp.resolve("in"), "MONTHLY", 2018, FEB, CclfFixtures.Form.GZIP, twoClaims(), Map.of(), true);
    Path gz = tmp.resolve("in/cclf/P.A9999.ACO.ZCY18.D180215.T0100000/" + F1 + ".gz");
    byte[] bytes = Files.readAllBytes(gz);
    Files.write(gz, Arrays.copyOf(bytes, bytes.length / 2));
    assertFails(tmp.resolve("in"), "Cannot read " + F1.replace(".", "\\.") + ": unreadable after line \\d+ \\(.*\\)");
  }

  @Test
  void unexpectedEntryInTheDeliveriesFolderFails() throws IOException {
    Files.createDirectories(tmp.resolve("in/cclf/notes"));
    assertFails(tmp.resolve("in"), "Cannot read .*/cclf/notes: not a CMS delivery folder or zip .*");
  }
}
