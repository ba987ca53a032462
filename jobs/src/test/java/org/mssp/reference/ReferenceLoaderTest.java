package org.mssp.reference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Date;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mssp.common.error.PipelineException;
import org.mssp.common.spark.DeltaTables;
import org.mssp.testsupport.DataFrameAssert;
import org.mssp.testsupport.SharedSpark;

class ReferenceLoaderTest {
  @TempDir Path dir;

  private Path write(String name, String... lines) throws IOException {
    Path ref = dir.resolve("reference");
    Files.createDirectories(ref);
    Path file = ref.resolve(name);
    Files.writeString(file, String.join("\n", lines) + "\n");
    return file;
  }

  @Test
  void participantListsLoadTypedWithTheirLineNumbersAndAReloadChangesNothing() throws IOException {
    write("aco_participants.csv",
        "aco_id,participant_tin,ccn,start_date,end_date",
        "A1001,123456789,,2018-01-01,",
        "A1001,223456789,\"451234\",2018-01-01,2018-06-30",
        "",
        "A1002,123456789,,2019-01-01,");
    SparkSession spark = SharedSpark.session();
    String warehouse = dir.resolve("wh").toString();

    Map<String, Long> written = ReferenceLoader.load(spark, dir.resolve("reference").toString(), warehouse);
    ReferenceLoader.load(spark, dir.resolve("reference").toString(), warehouse);

    assertThat(written).containsExactly(Map.entry("ref_aco_participants", 3L));
    DataFrameAssert.assertSameRows(
        spark.createDataFrame(List.of(
            RowFactory.create("A1001", "123456789", null, Date.valueOf("2018-01-01"), null, 2L),
            RowFactory.create("A1001", "223456789", "451234", Date.valueOf("2018-01-01"), Date.valueOf("2018-06-30"), 3L),
            RowFactory.create("A1002", "123456789", null, Date.valueOf("2019-01-01"), null, 5L)),
            ReferenceTables.ACO_PARTICIPANTS.schema()),
        DeltaTables.read(spark, warehouse, ReferenceTables.ACO_PARTICIPANTS));
  }

  @Test
  void riskScoresParseAsExactDecimals() throws IOException {
    Path file = write("prospective_risk_scores.csv",
        "bene_mbi_id,year,enrollment_type,hcc_risk_score,demographic_risk_score",
        "1EG4TE5MK73,2018,AGED_NON_DUAL,1.234,0.512");
    List<Row> rows = ReferenceLoader.parse(SharedSpark.session(), file.toString(),
        ReferenceTables.FILES.get(4)).collectAsList();
    assertThat(rows).hasSize(1);
    assertThat(rows.get(0).<BigDecimal>getAs("hcc_risk_score")).isEqualByComparingTo("1.234");
  }

  @Test
  void aBadDateFailsNamingFileLineAndField() throws IOException {
    Path file = write("aco_participants.csv",
        "aco_id,participant_tin,ccn,start_date,end_date",
        "A1001,123456789,,2018-01-01,",
        "A1001,223456789,,2018-13-45,");
    assertThatThrownBy(() -> ReferenceLoader.parse(SharedSpark.session(), file.toString(),
            ReferenceTables.FILES.get(0)))
        .isInstanceOf(PipelineException.class)
        .hasMessage("Cannot read " + file + ": invalid rows (first 1): line 3, field start_date: "
            + "'2018-13-45' is not a date (yyyy-MM-dd)");
  }

  @Test
  void aMissingRequiredColumnFailsNamingTheColumn() throws IOException {
    Path file = write("provider_roster.csv", "npi,billing_tin", "1234567890,123456789");
    assertThatThrownBy(() -> ReferenceLoader.parse(SharedSpark.session(), file.toString(),
            ReferenceTables.FILES.get(1)))
        .hasMessage("Cannot read " + file + ", line 1: the header lacks column 'specialty_code' "
            + "(it has [npi, billing_tin])");
  }

  @Test
  void anUnknownCodeAndAnEmptyRequiredFieldAreBothReported() throws IOException {
    Path file = write("aco_agreements.csv",
        "aco_id,performance_year,track,agreement_start_date,agreement_period_number,assignment_method,msr_election",
        "A1001,2018,TRACK_1,2016-01-01,2,SOMETIMES,VARIABLE",
        "A1002,2018,,2018-01-01,1,PROSPECTIVE,0.02");
    assertThatThrownBy(() -> ReferenceLoader.parse(SharedSpark.session(), file.toString(),
            ReferenceTables.FILES.get(3)))
        .hasMessage("Cannot read " + file + ": invalid rows (first 2): line 2, field assignment_method: "
            + "'SOMETIMES' is not one of [PROSPECTIVE, RETROSPECTIVE]; line 3, field track: the value is empty");
  }
}
