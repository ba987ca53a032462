package org.mssp.compare;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mssp.testsupport.SharedSpark;

class WarehouseComparisonTest {
  private static final StructType SCHEMA =
      DataTypes.createStructType(
          List.of(
              DataTypes.createStructField("bene_mbi_id", DataTypes.StringType, false),
              DataTypes.createStructField("paid", DataTypes.createDecimalType(12, 2), false),
              DataTypes.createStructField("run_id", DataTypes.StringType, false)));

  private static Dataset<Row> frame(Row... rows) {
    SparkSession spark = SharedSpark.session();
    return spark.createDataFrame(List.of(rows), SCHEMA);
  }

  private static Row row(String mbi, String paid, String runId) {
    return RowFactory.create(mbi, new BigDecimal(paid), runId);
  }

  @Test
  void sameRowsInAnotherOrderWithDifferentRunIdsAreEqualWhenRunIdIsIgnored() {
    Dataset<Row> local = frame(row("bene_a", "10.00", "local"), row("bene_b", "2.50", "local"));
    Dataset<Row> cluster = frame(row("bene_b", "2.50", "cluster"), row("bene_a", "10.00", "cluster"));

    assertThat(WarehouseComparison.compareTable("t", local, cluster, Set.of("run_id"), 20)).isNull();
  }

  @Test
  void runIdIsComparedWhenNotIgnored() {
    Dataset<Row> local = frame(row("bene_a", "10.00", "local"));
    Dataset<Row> cluster = frame(row("bene_a", "10.00", "cluster"));

    WarehouseComparison.TableDifference d =
        WarehouseComparison.compareTable("t", local, cluster, Set.of(), 20);

    assertThat(d.onlyLeft()).containsExactly("{\"bene_mbi_id\":\"bene_a\",\"paid\":10.00,\"run_id\":\"local\"}");
    assertThat(d.onlyRight()).containsExactly("{\"bene_mbi_id\":\"bene_a\",\"paid\":10.00,\"run_id\":\"cluster\"}");
  }

  @Test
  void rowsAreComparedAsMultisetsSoADuplicateCounts() {
    Dataset<Row> left = frame(row("bene_a", "1.00", "x"), row("bene_a", "1.00", "x"));
    Dataset<Row> right = frame(row("bene_a", "1.00", "x"));

    WarehouseComparison.TableDifference d =
        WarehouseComparison.compareTable("t", left, right, Set.of("run_id"), 20);

    // left has bene_a twice, right once: one copy is only in left, none only in right.
    assertThat(d.onlyLeftCount()).isEqualTo(1);
    assertThat(d.onlyRightCount()).isZero();
    assertThat(d.onlyLeft()).containsExactly("{\"bene_mbi_id\":\"bene_a\",\"paid\":1.00}");
  }

  @Test
  void aCentOfDifferenceInMoneyIsADifference() {
    Dataset<Row> left = frame(row("bene_a", "10.00", "x"));
    Dataset<Row> right = frame(row("bene_a", "10.01", "x"));

    WarehouseComparison.TableDifference d =
        WarehouseComparison.compareTable("t", left, right, Set.of("run_id"), 20);

    assertThat(d.onlyLeft()).containsExactly("{\"bene_mbi_id\":\"bene_a\",\"paid\":10.00}");
    assertThat(d.onlyRight()).containsExactly("{\"bene_mbi_id\":\"bene_a\",\"paid\":10.01}");
  }

  @Test
  void differentColumnTypesAreASchemaDifference() {
    Dataset<Row> left = frame(row("bene_a", "10.00", "x"));
    Dataset<Row> right = left.withColumn("paid", left.col("paid").cast("double"));

    WarehouseComparison.TableDifference d =
        WarehouseComparison.compareTable("t", left, right, Set.of("run_id"), 20);

    assertThat(d.problem())
        .isEqualTo("schemas differ: left [bene_mbi_id:string, paid:decimal(12,2)]; "
            + "right [bene_mbi_id:string, paid:double]");
  }

  @Test
  void anIgnoredTableIsNotComparedAndTheOthersStillAre(@TempDir Path dir) {
    String left = dir.resolve("left").toString();
    String right = dir.resolve("right").toString();
    frame(row("bene_a", "1.00", "x")).write().format("delta").save(left + "/claims");
    frame(row("bene_a", "1.00", "y")).write().format("delta").save(right + "/claims");
    // run_manifest-like table: differs between the two runs, and exists on the left only
    frame(row("run", "1.00", "x")).write().format("delta").save(left + "/run_manifest");
    SparkSession spark = SharedSpark.session();

    WarehouseComparison.Result ignoring = WarehouseComparison.run(
        new WarehouseComparison.Config(left, right, Set.of("run_id"), Set.of("run_manifest"), 20), spark);
    assertThat(ignoring.tablesCompared()).containsExactly("claims");
    assertThat(ignoring.same()).isTrue();

    WarehouseComparison.Result all = WarehouseComparison.run(
        new WarehouseComparison.Config(left, right, Set.of("run_id"), Set.of(), 20), spark);
    assertThat(all.differences()).extracting(WarehouseComparison.TableDifference::table).containsExactly("run_manifest");
  }
}
