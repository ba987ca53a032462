package org.mssp.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.mssp.common.quality.QualityRules;
import org.mssp.testsupport.SharedSpark;

/**
 * The ingest's one-pass line accounting: counts per file, the key (source file × line number)
 * proven unique only when each file lies, in line order, in one partition, and (check) the rejected
 * lines kept from the same pass.
 */
class LineAccountingTest {
  private static final StructType SCHEMA =
      DataTypes.createStructType(
          List.of(
              DataTypes.createStructField(IngestColumns.SOURCE_FILE, DataTypes.StringType, true),
              DataTypes.createStructField(IngestColumns.LINE_NUMBER, DataTypes.LongType, true),
              DataTypes.createStructField(QualityRules.RULE, DataTypes.StringType, true)));

  private final SparkSession spark = SharedSpark.session();

  /** The accounting of the lines of {@code frame}, the rejected lines released. */
  private LineAccounting accounting(Dataset<Row> frame) {
    try (LineAccounting.Checked c = check(frame)) {
      return c.accounting();
    }
  }

  private LineAccounting.Checked check(Dataset<Row> frame) {
    return LineAccounting.check(new EvaluatedLines(spark, frame.javaRDD(), frame.schema()));
  }

  /** Rows (file, line, rule or null) split evenly, in order, over {@code partitions}. */
  private Dataset<Row> lines(int partitions, Object... fileLineRule) {
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < fileLineRule.length; i += 3) {
      rows.add(RowFactory.create(fileLineRule[i], fileLineRule[i + 1], fileLineRule[i + 2]));
    }
    return spark.createDataFrame(
        JavaSparkContext.fromSparkContext(spark.sparkContext()).parallelize(rows, partitions), SCHEMA);
  }

  @Test
  void countsLinesAndAcceptedPerFileAndProvesTheKeyWhenEachFileIsOnePartitionInOrder() {
    LineAccounting a =
        accounting(
            lines(2,
                "F1", 1L, null, "F1", 2L, "record_length", "F1", 3L, null,
                "F2", 1L, null, "F2", 2L, null, "F2", 3L, "numeric"));

    assertThat(a.counts()).containsOnlyKeys("F1", "F2");
    assertThat(a.counts().get("F1")).containsExactly(3, 2);
    assertThat(a.counts().get("F2")).containsExactly(3, 2);
    assertThat(a.keyProven()).isTrue();
  }

  @Test
  void aFileSplitAcrossPartitionsIsCountedWholeButItsKeyIsNotProven() {
    // Four lines of F1 over two partitions: lines 1-2 and 3-4.
    LineAccounting a = accounting(lines(2, "F1", 1L, null, "F1", 2L, null, "F1", 3L, null, "F1", 4L, "x"));

    assertThat(a.counts().get("F1")).containsExactly(4, 3);
    assertThat(a.keyProven()).isFalse();
  }

  @Test
  void aRepeatedOrOutOfOrderLineNumberLeavesTheKeyUnproven() {
    assertThat(accounting(lines(1, "F1", 1L, null, "F1", 2L, null, "F1", 2L, null)).keyProven())
        .isFalse();
    assertThat(accounting(lines(1, "F1", 2L, null, "F1", 1L, null)).keyProven()).isFalse();
    assertThat(accounting(lines(1, "F1", 1L, null, "F1", null, null)).keyProven()).isFalse();
  }

  @Test
  void linesWithoutASourceFileAreNotCountedForAnyFileAndLeaveTheKeyUnproven() {
    LineAccounting a = accounting(lines(1, "F1", 1L, null, null, 2L, null));

    assertThat(a.counts()).containsOnlyKeys("F1");
    assertThat(a.counts().get("F1")).containsExactly(1, 1);
    assertThat(a.keyProven()).isFalse();
  }

  @Test
  void anEmptyFrameHasNoFilesAndNothingToDisprove() {
    LineAccounting a = accounting(lines(2));

    assertThat(a.counts()).isEmpty();
    assertThat(a.keyProven()).isTrue();
  }

  @Test
  void checkCountsAndKeepsTheRejectedLinesInTheSamePass() {
    // Two partitions: F1 (lines 1-3, line 2 rejected) | F2 (lines 1-3, lines 1 and 3 rejected).
    Dataset<Row> frame =
        lines(2,
            "F1", 1L, null, "F1", 2L, "record_length", "F1", 3L, null,
            "F2", 1L, "amount", "F2", 2L, null, "F2", 3L, "date");
    try (LineAccounting.Checked c = check(frame)) {
      assertThat(c.accounting().counts()).containsOnlyKeys("F1", "F2");
      assertThat(c.accounting().counts().get("F1")).containsExactly(3, 2);
      assertThat(c.accounting().counts().get("F2")).containsExactly(3, 1);
      assertThat(c.accounting().keyProven()).isTrue();
      assertThat(c.rejected().schema()).isEqualTo(SCHEMA);
      assertThat(c.rejected().orderBy(IngestColumns.SOURCE_FILE, IngestColumns.LINE_NUMBER).collectAsList())
          .extracting(Row::toString)
          .containsExactly("[F1,2,record_length]", "[F2,1,amount]", "[F2,3,date]");
    }
  }

  @Test
  void checkOfLinesWithoutRejectionsKeepsNothing() {
    Dataset<Row> frame = lines(1, "F1", 1L, null, "F1", 2L, null);
    try (LineAccounting.Checked c = check(frame)) {
      assertThat(c.accounting().counts().get("F1")).containsExactly(2, 2);
      assertThat(c.rejected().count()).isZero();
    }
  }
}
