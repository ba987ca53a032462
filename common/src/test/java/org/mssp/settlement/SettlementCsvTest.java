package org.mssp.settlement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.mssp.common.error.PipelineException;
import org.mssp.settlement.csv.Csv;

/** The small CSV reader/writer and the ACO totals contract's parsing. */
class SettlementCsvTest {
  private static final String HEADER =
      "aco_id,performance_year,track,assigned_beneficiaries,benchmark_total,expenditure_total,"
          + "msr_election,quality_score,quality_standard_met,euc_loss_reduction_fraction\n";

  @Test
  void quotedFieldsKeepCommasQuotesAndLineBreaks() throws Exception {
    Csv.Table t = Csv.read(new StringReader("a,b\n\"x, y\",\"say \"\"hi\"\"\nthere\"\n\nz,\n"));
    assertThat(t.header()).containsExactly("a", "b");
    assertThat(t.records()).hasSize(2);
    assertThat(t.records().get(0).value("a")).isEqualTo("x, y");
    assertThat(t.records().get(0).value("b")).isEqualTo("say \"hi\"\nthere");
    assertThat(t.records().get(1).line()).isEqualTo(5);
    assertThat(t.records().get(1).value("b")).isEmpty();
  }

  @Test
  void writerQuotesOnlyWhereNeededAndRoundTrips() throws Exception {
    StringWriter w = new StringWriter();
    Csv.writeRow(w, List.of("plain", "a,b", "q\"q"));
    assertThat(w.toString()).isEqualTo("plain,\"a,b\",\"q\"\"q\"\n");
    Csv.Table t = Csv.read(new StringReader("c1,c2,c3\n" + w));
    assertThat(t.records().get(0).fields().values()).containsExactly("plain", "a,b", "q\"q");
  }

  @Test
  void aRowWithMoreFieldsThanTheHeaderIsRejectedNamingTheLine() {
    assertThatThrownBy(
            () -> AcoTotalsCsv.read(new StringReader(HEADER + "A1,2018,TRACK_1,1,1,1,VARIABLE,1,true,0,extra\n"), "t.csv"))
        .isInstanceOf(PipelineException.class)
        .hasMessage("Cannot read t.csv, line 2: has 11 fields but the header has 10");
  }

  @Test
  void parsesTheContractWithBlankDefaultsAndOptionalColumns() throws IOException {
    List<AcoTotalsCsv.Row> rows =
        AcoTotalsCsv.read(
            new StringReader(
                HEADER.strip() + ",year_in_track,pay_for_reporting\n"
                    + "A1,2018,TRACK_2,5000,100.50,90,0.02,0.9,,,3,TRUE\n"),
            "t.csv");
    AcoTotals t = rows.get(0).totals();
    assertThat(rows.get(0).where()).isEqualTo("row 1 (line 2)");
    assertThat(t.benchmarkTotal()).isEqualByComparingTo("100.50");
    assertThat(t.qualityStandardMet()).isNull();
    assertThat(t.eucLossReductionFraction()).isNull();
    assertThat(t.yearInTrack()).isEqualTo(3);
    assertThat(t.payForReporting()).isTrue();
    assertThat(t.slidingScaleEligible()).isFalse();
  }

  @Test
  void aBooleanThatIsNotTrueOrFalseIsRejected() {
    assertThatThrownBy(
            () -> AcoTotalsCsv.read(new StringReader(HEADER + "A1,2018,TRACK_1,1,1,1,VARIABLE,1,yes please,0\n"), "t.csv"))
        .isInstanceOf(PipelineException.class)
        .hasMessage("Cannot read t.csv, row 1 (line 2), column quality_standard_met: 'yes please' is not true or false");
  }

  @Test
  void aFractionalBeneficiaryCountIsRejected() {
    assertThatThrownBy(
            () -> AcoTotalsCsv.read(new StringReader(HEADER + "A1,2018,TRACK_1,10.5,1,1,VARIABLE,1,true,0\n"), "t.csv"))
        .isInstanceOf(PipelineException.class)
        .hasMessage("Cannot read t.csv, row 1 (line 2), column assigned_beneficiaries: '10.5' is not a whole number");
  }

  @Test
  void anEmptyFileIsRejected() {
    assertThatThrownBy(() -> AcoTotalsCsv.read(new StringReader(""), "t.csv"))
        .isInstanceOf(PipelineException.class)
        .hasMessage("Cannot read t.csv, line 1: the file is empty (no header row)");
  }
}
