package org.mssp.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.mssp.common.error.Errors;
import org.mssp.pipeline.Catalog;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code aco sql}: runs one Spark SQL query over a warehouse, with every Delta table in it
 * registered as a view of the same name and as {@code mssp.<name>} ({@link Catalog}), and prints
 * the result.
 */
@Command(
    name = "sql",
    mixinStandardHelpOptions = true,
    description = {
      "Run a Spark SQL query over the warehouse's tables and print the result.",
      "Every Delta table of the warehouse can be named bare or as mssp.<table>, e.g.",
      "  aco sql --warehouse wh \"select aco_id, count(*) from mssp.beneficiary_assignment group by aco_id\""
    })
public final class SqlCommand implements Callable<Integer> {
  @Option(names = "--warehouse", required = true, description = "Warehouse root (folder or s3a://).")
  String warehouse;

  @Option(names = "--max-rows", defaultValue = "100", description = "Rows to print (default: ${DEFAULT-VALUE}).")
  int maxRows;

  @Parameters(index = "0", paramLabel = "QUERY", description = "The SQL query.")
  String query;

  @Mixin SparkOptions spark;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    if (maxRows < 1) {
      throw Errors.badArgument("--max-rows", maxRows, "a positive number");
    }
    SparkSession session = spark.session("aco-sql");
    if (!exists(session, warehouse)) {
      throw Errors.badArgument("--warehouse", warehouse, "no such folder");
    }
    Map<String, String> tables = Catalog.registerForSession(session, warehouse);
    if (tables.isEmpty()) {
      throw Errors.cannot("run the query", "warehouse " + warehouse + " holds no Delta tables");
    }
    Dataset<Row> result = session.sql(query);
    PrintWriter out = spec.commandLine().getOut();
    out.print(format(result.columns(), result.limit(maxRows + 1).collectAsList(), maxRows));
    out.flush();
    return 0;
  }

  /** A plain text table: header, rule, rows; a last line says when rows were left out. */
  static String format(String[] columns, List<Row> rows, int maxRows) {
    int n = columns.length;
    List<String[]> cells = new ArrayList<>();
    for (Row r : rows.subList(0, Math.min(rows.size(), maxRows))) {
      String[] line = new String[n];
      for (int i = 0; i < n; i++) {
        line[i] = cell(r.get(i));
      }
      cells.add(line);
    }
    return format(columns, cells) + (rows.size() > maxRows ? "(more rows not shown; raise --max-rows)\n" : "");
  }

  /** One value as text: NULL, plain decimals, arrays as [a, b], maps as {k: v}, structs as (a, b). */
  static String cell(Object v) {
    if (v == null) {
      return "NULL";
    } else if (v instanceof java.math.BigDecimal d) {
      return d.toPlainString();
    } else if (v instanceof scala.collection.Map<?, ?> m) {
      List<String> entries = new ArrayList<>();
      scala.jdk.javaapi.CollectionConverters.asJava(m).forEach((k, x) -> entries.add(cell(k) + ": " + cell(x)));
      return "{" + String.join(", ", entries) + "}";
    } else if (v instanceof scala.collection.Iterable<?> it) {
      List<String> items = new ArrayList<>();
      scala.jdk.javaapi.CollectionConverters.asJava(it).forEach(x -> items.add(cell(x)));
      return "[" + String.join(", ", items) + "]";
    } else if (v instanceof Row row) {
      List<String> items = new ArrayList<>();
      for (int i = 0; i < row.length(); i++) {
        items.add(cell(row.get(i)));
      }
      return "(" + String.join(", ", items) + ")";
    }
    return v.toString();
  }

  /** A plain text table of already formatted cells, with a row count. */
  static String format(String[] columns, List<String[]> cells) {
    int n = columns.length;
    int[] width = new int[n];
    for (int i = 0; i < n; i++) {
      width[i] = columns[i].length();
      for (String[] line : cells) {
        width[i] = Math.max(width[i], line[i].length());
      }
    }
    StringBuilder b = new StringBuilder();
    appendLine(b, columns, width);
    for (int i = 0; i < n; i++) {
      b.append(i == 0 ? "" : " ").append("-".repeat(width[i]));
    }
    b.append('\n');
    for (String[] line : cells) {
      appendLine(b, line, width);
    }
    b.append(cells.size()).append(cells.size() == 1 ? " row" : " rows");
    return b.append('\n').toString();
  }

  private static void appendLine(StringBuilder b, String[] values, int[] width) {
    for (int i = 0; i < values.length; i++) {
      if (i > 0) {
        b.append(' ');
      }
      b.append(values[i]).append(" ".repeat(width[i] - values[i].length()));
    }
    b.append('\n');
  }

  private static boolean exists(SparkSession session, String warehouse) {
    try {
      Path root = new Path(warehouse);
      return root.getFileSystem(session.sparkContext().hadoopConfiguration()).exists(root);
    } catch (IOException e) {
      throw Errors.cannot("list warehouse " + warehouse, e.getMessage());
    }
  }
}
