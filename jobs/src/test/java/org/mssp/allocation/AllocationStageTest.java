package org.mssp.allocation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
import org.mssp.testsupport.SharedSpark;

/** Provider groups in the stage: roster specialty → mapping, facilities without NPI, unknown providers. */
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
    Dataset<Row> providers = spark.createDataFrame(List.of(
        RowFactory.create("A1", "1000000001", "111111111"),
        RowFactory.create("A1", "1000000003", "222222222"),
        RowFactory.create("A1", "1000000005", "222222222"),
        RowFactory.create("A1", null, "333333333")), PROVIDERS);
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
    Dataset<Row> providers = spark.createDataFrame(List.of(
        RowFactory.create("A1", "1000000001", "111111111"),
        RowFactory.create("A1", "1000000009", "999999999")), PROVIDERS);
    assertThatThrownBy(() -> AllocationStage.withGroups(providers, roster(spark), GroupMapping.load()))
        .isInstanceOf(PipelineException.class)
        .hasMessage("Cannot allocate savings to providers: providers (NPI × TIN) are not on the provider roster,"
            + " so their group cannot be known, e.g. [A1/1000000009/999999999]");
  }
}
