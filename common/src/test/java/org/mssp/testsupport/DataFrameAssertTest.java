package org.mssp.testsupport;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

class DataFrameAssertTest {
  private static final StructType SCHEMA =
      new StructType().add("id", DataTypes.StringType).add("amt", DataTypes.createDecimalType(9, 2));

  private Dataset<Row> frame(Object[]... rows) {
    SparkSession spark = SharedSpark.session();
    return spark.createDataFrame(
        java.util.Arrays.stream(rows).map(RowFactory::create).toList(), SCHEMA);
  }

  @Test
  void sameRowsInAnotherOrderAreEqual() {
    DataFrameAssert.assertSameRows(
        frame(new Object[] {"a", new java.math.BigDecimal("1.00")}, new Object[] {"b", null}),
        frame(new Object[] {"b", null}, new Object[] {"a", new java.math.BigDecimal("1.00")}));
  }

  @Test
  void differingRowsAreListedOnEachSide() {
    assertThatThrownBy(
            () ->
                DataFrameAssert.assertSameRows(
                    frame(new Object[] {"a", new java.math.BigDecimal("1.00")}),
                    frame(new Object[] {"a", new java.math.BigDecimal("1.01")})))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("only in expected (1):\n  [a, 1.00]")
        .hasMessageContaining("only in actual (1):\n  [a, 1.01]");
  }

  @Test
  void duplicateRowsCount() {
    assertThatThrownBy(
            () ->
                DataFrameAssert.assertSameRows(
                    frame(new Object[] {"a", null}, new Object[] {"a", null}),
                    frame(new Object[] {"a", null})))
        .hasMessageContaining("only in expected (1)");
  }

  @Test
  void schemaDifferenceIsReportedBeforeRows() {
    SparkSession spark = SharedSpark.session();
    Dataset<Row> other =
        spark.createDataFrame(
            List.of(RowFactory.create("a", 1.0)),
            new StructType().add("id", DataTypes.StringType).add("amt", DataTypes.DoubleType));
    assertThatThrownBy(
            () -> DataFrameAssert.assertSameRows(frame(new Object[] {"a", null}), other))
        .hasMessageContaining("Schemas differ")
        .hasMessageContaining("amt:decimal(9,2)")
        .hasMessageContaining("amt:double");
  }
}
