package org.mssp.baseline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mssp.common.spark.DeltaTables;
import org.mssp.ingest.IngestResult;
import org.mssp.ingest.IngestTables;
import org.mssp.testdata.GeneratedWarehouse;
import org.mssp.testsupport.SharedSpark;

/**
 * The ingest floor reads what the ingest read and copies what it wrote: on the shared generated
 * dataset and warehouse, its delivery read counts the lines the ingest counted, its stg copies
 * hold the lines the ingest accepted, its final copies and reads hold the final tables' rows, and
 * it leaves no scratch folder behind.
 */
class IngestFloorTest {
  private static IngestFloor.Result result;
  @TempDir static Path tempDir;
  private static Path scratch;

  @BeforeAll
  static void measure() throws IOException {
    GeneratedWarehouse generated = GeneratedWarehouse.get();
    scratch = tempDir.resolve("scratch");
    result = IngestFloor.run(new IngestFloor.Config(generated.dataset().toString(),
        generated.warehouse().toString(), scratch.toString()), SharedSpark.session());
  }

  @Test
  void theDeliveryReadCountsEveryLineTheIngestRead() {
    IngestResult ingest = GeneratedWarehouse.get().ingest();
    assertThat(result.lines()).isEqualTo(ingest.linesRead());
    assertThat(result.rows(IngestFloor.READ_DELIVERY)).isEqualTo(ingest.linesRead());
  }

  @Test
  void theStgCopiesHoldEveryAcceptedLine() {
    long accepted = GeneratedWarehouse.get().ingest().files().stream()
        .mapToLong(IngestResult.FileMetrics::linesAccepted).sum();
    assertThat(result.rows(IngestFloor.COPY_STG)).isEqualTo(accepted);
  }

  @Test
  void everyFinalTableIsCopiedAndReadWhole() {
    SparkSession spark = SharedSpark.session();
    String warehouse = GeneratedWarehouse.get().warehouse().toString();
    Map<String, Long> expected = IngestFloor.FINAL_TABLES.stream().collect(Collectors.toMap(
        t -> t.name(), t -> DeltaTables.read(spark, warehouse, t).count()));
    for (String step : new String[] {IngestFloor.COPY_FINAL, IngestFloor.READ_FINAL}) {
      assertThat(result.steps().stream().filter(s -> s.step().equals(step))
              .collect(Collectors.toMap(IngestFloor.Step::table, IngestFloor.Step::rows)))
          .as(step).isEqualTo(expected);
    }
    assertThat(expected.get(IngestTables.PART_B_PHYSICIAN_LINE.name())).isPositive();
  }

  @Test
  void theFloorIsTheDeliveryAndStgAndFinalWritesAndNoScratchIsLeft() {
    assertThat(result.steps()).allSatisfy(s -> assertThat(s.seconds()).isPositive());
    assertThat(result.floorSeconds()).isEqualTo(result.seconds(IngestFloor.READ_DELIVERY)
        + result.seconds(IngestFloor.COPY_STG) + result.seconds(IngestFloor.COPY_FINAL)
        - result.seconds(IngestFloor.READ_FINAL));
    assertThat(scratch).doesNotExist();
  }

  @Test
  void aWarehouseTheIngestHasNotFilledIsRefused(@TempDir Path empty) {
    String input = GeneratedWarehouse.get().dataset().toString();
    assertThatThrownBy(() -> IngestFloor.run(new IngestFloor.Config(input, empty.toString(),
            empty.resolve("scratch").toString()), SharedSpark.session()))
        .hasMessageContaining("warehouse " + empty + " has no stg tables; run aco ingest of " + input + " into it first");
  }
}
