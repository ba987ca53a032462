package org.mssp.testsupport;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Order-insensitive, schema-aware comparison of two small DataFrames. Fails with a message that
 * names the schema difference, or lists the rows only in the expected frame and the rows only in
 * the actual one (a multiset difference, so duplicated rows count).
 */
public final class DataFrameAssert {
  private static final int MAX_ROWS_SHOWN = 20;

  private DataFrameAssert() {}

  /** Asserts same column names, types and nullability-insensitive schema, and the same rows. */
  public static void assertSameRows(Dataset<Row> expected, Dataset<Row> actual) {
    assertSameSchema(expected.schema(), actual.schema());
    List<String> expectedRows = render(expected);
    List<String> actualRows = render(actual);
    Map<String, Integer> counts = new HashMap<>();
    for (String r : expectedRows) {
      counts.merge(r, 1, Integer::sum);
    }
    List<String> onlyActual = new ArrayList<>();
    for (String r : actualRows) {
      Integer n = counts.get(r);
      if (n == null) {
        onlyActual.add(r);
      } else if (n == 1) {
        counts.remove(r);
      } else {
        counts.put(r, n - 1);
      }
    }
    List<String> onlyExpected = new ArrayList<>();
    counts.forEach((row, n) -> {
      for (int i = 0; i < n; i++) {
        onlyExpected.add(row);
      }
    });
    if (!onlyExpected.isEmpty() || !onlyActual.isEmpty()) {
      onlyExpected.sort(null);
      onlyActual.sort(null);
      StringBuilder msg = new StringBuilder();
      msg.append("DataFrames differ (expected ")
          .append(expectedRows.size())
          .append(" rows, actual ")
          .append(actualRows.size())
          .append(")\ncolumns: ")
          .append(String.join(", ", actual.columns()))
          .append("\nonly in expected (")
          .append(onlyExpected.size())
          .append("):\n");
      appendRows(msg, onlyExpected);
      msg.append("only in actual (").append(onlyActual.size()).append("):\n");
      appendRows(msg, onlyActual);
      throw new AssertionError(msg.toString());
    }
  }

  /** Asserts the two schemas have the same fields, in order, with the same data types. */
  public static void assertSameSchema(StructType expected, StructType actual) {
    List<String> e = describe(expected);
    List<String> a = describe(actual);
    if (!e.equals(a)) {
      throw new AssertionError(
          "Schemas differ\nexpected: " + String.join(", ", e) + "\nactual:   " + String.join(", ", a));
    }
  }

  private static List<String> describe(StructType schema) {
    return Arrays.stream(schema.fields())
        .map(f -> f.name() + ":" + f.dataType().simpleString())
        .collect(Collectors.toList());
  }

  private static List<String> render(Dataset<Row> df) {
    StructField[] fields = df.schema().fields();
    List<String> out = new ArrayList<>();
    for (Row row : df.collectAsList()) {
      StringBuilder b = new StringBuilder("[");
      for (int i = 0; i < fields.length; i++) {
        if (i > 0) {
          b.append(", ");
        }
        Object v = row.get(i);
        b.append(v == null ? "null" : normalise(v));
      }
      out.add(b.append(']').toString());
    }
    return out;
  }

  private static String normalise(Object v) {
    if (v instanceof java.math.BigDecimal d) {
      return d.toPlainString();
    }
    if (v instanceof scala.collection.Seq<?> seq) {
      return scala.jdk.javaapi.CollectionConverters.asJava(seq).toString();
    }
    return v.toString();
  }

  private static void appendRows(StringBuilder msg, List<String> rows) {
    rows.stream().limit(MAX_ROWS_SHOWN).forEach(r -> msg.append("  ").append(r).append('\n'));
    if (rows.size() > MAX_ROWS_SHOWN) {
      msg.append("  ... ").append(rows.size() - MAX_ROWS_SHOWN).append(" more\n");
    }
  }
}
