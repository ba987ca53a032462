package org.mssp.allocation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Date;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.mssp.common.error.PipelineException;
import org.mssp.reference.ReferenceTables;
import org.mssp.testsupport.DataFrameAssert;
import org.mssp.testsupport.SharedSpark;

/**
 * Provider groups in the stage: roster specialty → mapping, facilities without NPI, unknown
 * providers, clinicians attributed at a facility CCN.
 */
class AllocationStageTest {
  private static final StructType PROVIDERS = new StructType()
      .add("aco_id", DataTypes.StringType)
      .add("npi", DataTypes.StringType)
      .add("tin", DataTypes.StringType);

  private static Dataset<Row> roster(SparkSession spark) {
    return spark.createDataFrame(List.of(
        RowFactory.create("1000000001", "111111111", "08", 2L),
        RowFactory.create("1000000003", "222222222", "93", 3L),
        RowFactory.create("1000000005", "222222222", "06", 4L)), ReferenceTables.PROVIDER_ROSTER.schema());
  }

  @Test
  void groupsComeFromTheRosterSpecialtyAndFacilitiesWithoutNpiAreHospitalFacility() {
    SparkSession spark = SharedSpark.session();
    Dataset<Row> providers = providers(spark,
        RowFactory.create("A1", "1000000001", "111111111"),
        RowFactory.create("A1", "1000000003", "222222222"),
        RowFactory.create("A1", "1000000005", "222222222"),
        RowFactory.create("A1", null, "333333333"));
    GroupMapping mapping = new GroupMapping("v", Map.of("08", ProviderGroup.PCP, "93", ProviderGroup.NON_ATTRIBUTED),
        ProviderGroup.SPECIALIST);
    Map<String, String> groups = new java.util.TreeMap<>();
    for (Row r : AllocationStage.withGroups(providers, roster(spark), mapping).collectAsList()) {
      groups.put(String.valueOf(r.<String>getAs("npi")), r.getAs("group_code"));
    }
    assertThat(groups).containsExactly(
        Map.entry("1000000001", "PCP"),
        Map.entry("1000000003", "NON_ATTRIBUTED"),
        Map.entry("1000000005", "SPECIALIST"),
        Map.entry("null", "HOSPITAL_FACILITY"));
  }

  @Test
  void providerMissingFromTheRosterFailsNamingIt() {
    SparkSession spark = SharedSpark.session();
    Dataset<Row> providers = providers(spark,
        RowFactory.create("A1", "1000000001", "111111111"),
        RowFactory.create("A1", "1000000009", "999999999"));
    assertThatThrownBy(() -> AllocationStage.withGroups(providers, roster(spark), GroupMapping.load()))
        .isInstanceOf(PipelineException.class)
        .hasMessage("Cannot allocate savings to providers: providers (NPI × TIN) are not on the provider roster,"
            + " so their group cannot be known, e.g. [A1/1000000009/999999999]");
  }

  // FQHC/RHC: CCN 331234 bills through participant TIN 222222222 of A1002; clinician 2000000002 is
  // on the roster under that TIN only.
  private static Dataset<Row> participants(SparkSession spark, Row... rows) {
    return spark.createDataFrame(List.of(rows), ReferenceTables.ACO_PARTICIPANTS.schema());
  }

  /** Provider keys (aco_id, npi, tin) as the stage joins them to the roster. */
  private static Dataset<Row> providers(SparkSession spark, Row... rows) {
    return spark.createDataFrame(List.of(rows), PROVIDERS);
  }

  private static Row participant(String aco, String tin, String ccn, long line) {
    return RowFactory.create(aco, tin, ccn, Date.valueOf("2018-01-01"), null, line);
  }

  private static Dataset<Row> fqhcRoster(SparkSession spark, Row... more) {
    List<Row> rows = new java.util.ArrayList<>(List.of(
        RowFactory.create("2000000002", "222222222", "08", 2L),
        RowFactory.create("2000000003", "444444444", "06", 3L)));
    rows.addAll(List.of(more));
    return spark.createDataFrame(rows, ReferenceTables.PROVIDER_ROSTER.schema());
  }

  @Test
  void clinicianAttributedAtAFacilityCcnHasTheGroupOfItsRosterRowUnderTheCcnsParticipantTin() {
    SparkSession spark = SharedSpark.session();
    Dataset<Row> providers = providers(spark,
        RowFactory.create("A1002", "2000000002", "331234"));
    Dataset<Row> roster = AllocationStage.rosterWithFacilityCcns(fqhcRoster(spark),
        participants(spark, participant("A1002", "222222222", "331234", 2L), participant("A1002", "444444444", null, 3L)));
    GroupMapping mapping = new GroupMapping("v", Map.of("08", ProviderGroup.PCP), ProviderGroup.SPECIALIST);
    List<Row> grouped = AllocationStage.withGroups(providers, roster, mapping)
        .select("aco_id", "npi", "tin", "group_code").collectAsList();
    assertThat(grouped).containsExactly(RowFactory.create("A1002", "2000000002", "331234", "PCP"));
  }

  @Test
  void rosterGainsOneRowPerNpiAndCcnAndKeepsItsOwnRowForAnNpiAtACcn() {
    SparkSession spark = SharedSpark.session();
    // CCN 331234 bills through two TINs, both listing 2000000002 as 08: one derived row.
    // 2000000003 has a roster row of its own at CCN 335555 (specialty 01): it stands over the derived 06.
    Dataset<Row> roster = fqhcRoster(spark,
        RowFactory.create("2000000002", "333333333", "08", 4L),
        RowFactory.create("2000000003", "335555", "01", 5L));
    Dataset<Row> extended = AllocationStage.rosterWithFacilityCcns(roster, participants(spark,
        participant("A1002", "222222222", "331234", 2L),
        participant("A1003", "333333333", "331234", 3L),
        participant("A1002", "444444444", "335555", 4L),
        participant("A1002", "444444444", null, 5L)));
    DataFrameAssert.assertSameRows(
        spark.createDataFrame(List.of(
            RowFactory.create("2000000002", "222222222", "08", 2L),
            RowFactory.create("2000000003", "444444444", "06", 3L),
            RowFactory.create("2000000002", "333333333", "08", 4L),
            RowFactory.create("2000000003", "335555", "01", 5L),
            RowFactory.create("2000000002", "331234", "08", 2L)), ReferenceTables.PROVIDER_ROSTER.schema()),
        extended);
  }

  @Test
  void clinicianAtACcnWithoutAParticipantRowStillFailsNamingIt() {
    SparkSession spark = SharedSpark.session();
    Dataset<Row> providers = providers(spark,
        RowFactory.create("A1002", "2000000002", "331234"),
        RowFactory.create("A1002", "2000000002", "339999"));
    Dataset<Row> roster = AllocationStage.rosterWithFacilityCcns(fqhcRoster(spark),
        participants(spark, participant("A1002", "222222222", "331234", 2L)));
    assertThatThrownBy(() -> AllocationStage.withGroups(providers, roster, GroupMapping.load()))
        .isInstanceOf(PipelineException.class)
        .hasMessage("Cannot allocate savings to providers: providers (NPI × TIN) are not on the provider roster,"
            + " so their group cannot be known, e.g. [A1002/2000000002/339999]");
  }

  @Test
  void npiReachingACcnThroughTinsWithDifferentSpecialtiesFailsNamingTheNpiAndCcn() {
    SparkSession spark = SharedSpark.session();
    Dataset<Row> roster = fqhcRoster(spark, RowFactory.create("2000000002", "333333333", "11", 4L));
    Dataset<Row> participants = participants(spark,
        participant("A1002", "222222222", "331234", 2L),
        participant("A1003", "333333333", "331234", 3L));
    assertThatThrownBy(() -> AllocationStage.rosterWithFacilityCcns(roster, participants))
        .isInstanceOf(PipelineException.class)
        .hasMessage("Cannot allocate savings to providers: an NPI bills through a CCN under participant TINs with"
            + " different roster specialties, so its group at the CCN cannot be known, e.g."
            + " [NPI 2000000002 at CCN 331234 (08 via TIN 222222222, 11 via TIN 333333333)]");
  }
}
