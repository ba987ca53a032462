package org.mssp.baseline;

import java.sql.Date;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedSet;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;
import org.mssp.assignment.AssignmentWindow;
import org.mssp.assignment.rules.AssignmentRules;
import org.mssp.common.error.Errors;
import org.mssp.common.schema.TableSpec;
import org.mssp.common.spark.DeltaTables;

/**
 * The DuckDB baseline's assignment query ({@link AssignmentBaseline#query}), word for word but for
 * one function name, run by Spark SQL on the same tables: what Spark's engine itself takes for the
 * work DuckDB is timed on, without the Spark stage's other tables, key checks and Delta writes.
 * It tells apart the share of the Spark/DuckDB ratio that is the engine on this machine from the
 * share that is the stage's own design (docs/benchmarks.md).
 *
 * <p>Inputs: the current snapshot of each input table, as temporary views of the same names for
 * the query's run (dropped after it), the rule tables as {@link AssignmentBaseline#ruleTables}
 * gives them. Output: the query's rows, collected (the DuckDB side materialises them into an
 * in-memory table), timed from the query's start to its last row.
 */
public final class SparkSqlAssignment {
  private SparkSqlAssignment() {}

  /** The rows and the seconds of one run. */
  public record Result(List<Row> rows, double seconds) {}

  /** Runs the query for PY {@code py} on the warehouse's tables. */
  public static Result run(SparkSession spark, String warehouse, int py) {
    List<String> views = new ArrayList<>();
    try {
      for (TableSpec t : BaselineJob.ASSIGNMENT_INPUTS) {
        if (!DeltaTables.exists(spark, DeltaTables.path(warehouse, t))) {
          throw Errors.cannot("run the Spark SQL assignment on " + warehouse,
              "table " + t.name() + " is not in the warehouse (run the Spark stages first)");
        }
        view(spark, views, t.name(), DeltaTables.read(spark, warehouse, t));
      }
      for (TableSpec t : BaselineJob.OPTIONAL_INPUTS) {
        view(spark, views, t.name(), DeltaTables.exists(spark, DeltaTables.path(warehouse, t))
            ? DeltaTables.read(spark, warehouse, t)
            : spark.createDataFrame(List.of(), t.schema()));
      }
      List<Integer> starts = spark.sql(AssignmentBaseline.AGREEMENT_START_YEARS + py).collectAsList().stream()
          .map(r -> r.getInt(0)).toList();
      SortedSet<Integer> years = AssignmentBaseline.assignmentYears(py, starts);
      AssignmentRules rules = AssignmentRules.forYear(py);
      for (AssignmentBaseline.RuleTable t : AssignmentBaseline.ruleTables(rules, AssignmentWindow.forYears(years, rules))) {
        List<Row> rows = t.rows().stream().map(SparkSqlAssignment::row).toList();
        view(spark, views, t.name(), spark.createDataFrame(rows, StructType.fromDDL(t.columns())));
      }
      String query = AssignmentBaseline.query(rules, AssignmentBaseline.Dialect.SPARK);
      long start = System.nanoTime();
      List<Row> out = spark.sql(query).collectAsList();
      return new Result(out, (System.nanoTime() - start) / 1e9);
    } finally {
      views.forEach(v -> spark.catalog().dropTempView(v));
    }
  }

  private static void view(SparkSession spark, List<String> views, String name,
      org.apache.spark.sql.Dataset<Row> frame) {
    frame.createOrReplaceTempView(name);
    views.add(name);
  }

  /** A rule row with its dates as Spark's external date type. */
  private static Row row(List<Object> values) {
    return RowFactory.create(values.stream().map(v -> v instanceof LocalDate d ? Date.valueOf(d) : v).toArray());
  }
}
