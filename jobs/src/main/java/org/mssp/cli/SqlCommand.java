package org.mssp.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.mssp.common.error.Errors;
import org.mssp.common.spark.DeltaTables;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code aco sql}: runs one Spark SQL query over a warehouse, with every Delta table in it
 * registered as a view of the same name, and prints the result.
 */
@Command(
    name = "sql",
    mixinStandardHelpOptions = true,
    description = {
      "Run a Spark SQL query over the warehouse's tables and print the result.",
      "Every Delta table folder of the warehouse is a view of the same name, e.g.",
      "  aco sql --warehouse wh \"select aco_id, count(*) from beneficiary_assignment group by aco_id\""
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
    List<String> tables = registerTables(session, warehouse);
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
        Object v = r.get(i);
        line[i] = v == null ? "NULL" : v instanceof java.math.BigDecimal d ? d.toPlainString() : v.toString();
      }
      cells.add(line);
    }
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
    if (rows.size() > maxRows) {
      b.append(" (more not shown; raise --max-rows)");
    }
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

  /** Registers each Delta table folder directly under the warehouse as a temporary view. */
  static List<String> registerTables(SparkSession session, String warehouse) {
    List<String> names = new ArrayList<>();
    try {
      Path root = new Path(warehouse);
      FileSystem fs = root.getFileSystem(session.sparkContext().hadoopConfiguration());
      if (!fs.exists(root)) {
        throw Errors.badArgument("--warehouse", warehouse, "no such folder");
      }
      for (FileStatus status : fs.listStatus(root)) {
        String name = status.getPath().getName();
        if (status.isDirectory() && !name.startsWith("_")
            && DeltaTables.exists(session, status.getPath().toString())) {
          session.read().format("delta").load(status.getPath().toString()).createOrReplaceTempView(name);
          names.add(name);
        }
      }
    } catch (IOException e) {
      throw Errors.cannot("list warehouse " + warehouse, e.getMessage());
    }
    return names;
  }
}
