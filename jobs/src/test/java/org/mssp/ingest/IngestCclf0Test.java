package org.mssp.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.mssp.common.cclf.CclfFile;

/** CCLF0 parsing and reconciliation: a delivery whose counts do not match fails naming the file. */
class IngestCclf0Test {
  private static final String F1 = "P.A9999.ACO.ZC1Y18.D180215.T0100000";
  private static final String F5 = "P.A9999.ACO.ZC5Y18.D180215.T0100000";
  private static final String F0 = "P.A9999.ACO.ZC0Y18.D180215.T0100000";

  private static Delivery delivery(String... files) {
    LocalDate d = LocalDate.of(2018, 2, 15);
    return new Delivery(
        "P.A9999.ACO.ZCY18.D180215.T0100000", "MONTHLY", d, "/x", false, "bytes:1",
        java.util.Arrays.stream(files)
            .map(f -> new SourceFile("/x/" + f, f, "CCLF" + f.charAt(14), "D", "MONTHLY", d))
            .toList());
  }

  private static Cclf0Summary summary(String... lines) {
    return Cclf0Summary.parse(F0, List.of(lines));
  }

  @Test
  void parsesPaddedPipeDelimitedLinesAndSkipsTheLabelRow() {
    Cclf0Summary s =
        summary(
            "File Number  |File Description    |Total Records Count |Record Length",
            "CCLF1        |Part A claims header|1,234               |437          ");
    assertThat(s.entries().get(CclfFile.CCLF1).recordCount()).isEqualTo(1234L);
    assertThat(s.entries().get(CclfFile.CCLF1).recordLength()).isEqualTo(437);
  }

  @Test
  void countMismatchFailsNamingTheFile() {
    Cclf0Summary s = summary("CCLF1|Part A claims header|10|437");
    assertThatThrownBy(() -> s.reconcile(delivery(F0, F1), Map.of(F1, 9L)))
        .hasMessage(
            "Cannot read " + F1 + ": record count does not reconcile with CCLF0: 9 lines read, CCLF0 declares 10"
                + " (truncated or incomplete file?)");
  }

  @Test
  void recordLengthOtherThanTheLayoutFailsNamingTheFile() {
    Cclf0Summary s = summary("CCLF1|Part A claims header|10|450");
    assertThatThrownBy(() -> s.reconcile(delivery(F0, F1), Map.of(F1, 10L)))
        .hasMessage("Cannot read " + F1 + ": CCLF0 declares record length 450 but the CCLF IP v36 layout of CCLF1 is 437");
  }

  @Test
  void fileMissingFromCclf0OrFromTheDeliveryFails() {
    Cclf0Summary s = summary("CCLF1|Part A claims header|10|437", "CCLF5|Part B physician line|3|388");
    assertThatThrownBy(() -> s.reconcile(delivery(F0, F1), Map.of(F1, 10L)))
        .hasMessage("Cannot read P.A9999.ACO.ZCY18.D180215.T0100000: CCLF0 lists CCLF5 with 3 records but the delivery has no CCLF5 file");
    Cclf0Summary only1 = summary("CCLF1|Part A claims header|10|437");
    assertThatThrownBy(() -> only1.reconcile(delivery(F0, F1, F5), Map.of(F1, 10L, F5, 1L)))
        .hasMessage("Cannot read " + F5 + ": the delivery's CCLF0 (" + F0 + ") does not list CCLF5");
  }

  @Test
  void nonNumericCountFailsNamingLineAndField() {
    assertThatThrownBy(() -> summary("CCLF1|Part A claims header|ten|437"))
        .hasMessage("Cannot read " + F0 + ", line 1, field Total Records Count: 'ten' is not a number");
  }

  @Test
  void matchingCountsReconcile() {
    summary("CCLF1|Part A claims header|10|437").reconcile(delivery(F0, F1), Map.of(F1, 10L));
  }
}
