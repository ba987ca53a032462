package org.mssp.baseline;

import java.sql.Date;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedSet;
import java.util.function.Function;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;
import org.mssp.assignment.AssignmentWindow;
import org.mssp.assignment.rules.AssignmentRules;
import org.mssp.benchmark.rules.BenchmarkRules;
import org.mssp.common.schema.TableSpec;
import org.mssp.common.spark.DeltaTables;

/**
 * The DuckDB baseline's queries ({@link AssignmentBaseline#query}, {@link
 * ExpenditureBaseline#query}), word for word but for the {@link SqlDialect}'s two
 * names, run by Spark SQL on the same tables: what Spark's engine itself takes for the work DuckDB
 * is timed on, without the Spark stages' other tables, key checks and Delta writes. It tells the
 * share of the Spark/DuckDB ratio that is the engine on this machine from the share that is the
 * stages' own design (docs/benchmarks.md).
 *
 * <p>Inputs: the current snapshot of each input table, as temporary views of the same names for
 * the query's run (dropped after it), and the rule tables as the DuckDB side builds them. Output:
 * the query's rows, collected (DuckDB materialises them into an in-memory table), timed from the
 * query's start to its last row.
 */
public final class SparkSqlBaseline {
  private SparkSqlBaseline() {}

  /** The rows and the seconds of one run. */
  public record Result(List<Row> rows, double seconds) {}

  /** The assignment query for PY {@code py} on the warehouse's tables. */
  public static Result assignment(SparkSession spark, String warehouse, int py) {
    return withViews(spark, warehouse, BaselineJob.ASSIGNMENT_INPUTS, views -> {
      List<Integer> starts = spark.sql(AssignmentBaseline.AGREEMENT_START_YEARS + py).collectAsList().stream()
          .map(r -> r.getInt(0)).toList();
      SortedSet<Integer> years = AssignmentBaseline.assignmentYears(py, starts);
      AssignmentRules rules = AssignmentRules.forYear(py);
      for (RuleTable t : AssignmentBaseline.ruleTables(rules, AssignmentWindow.forYears(years, rules))) {
        views.add(t.name(), ruleFrame(spark, t));
      }
      return AssignmentBaseline.query(rules, SqlDialect.SPARK);
    });
  }

  /** The expenditure query of {@code year} (evaluator mode) on the warehouse's tables. */
  public static Result expenditure(SparkSession spark, String warehouse, int year) {
    return withViews(spark, warehouse, BaselineJob.EXPENDITURE_INPUTS, views -> {
      BenchmarkRules rules = BenchmarkRules.load();
      RuleTable t = ExpenditureBaseline.ruleTable(rules, year);
      views.add(t.name(), ruleFrame(spark, t));
      return ExpenditureBaseline.query(rules, year, SqlDialect.SPARK);
    });
  }

  /** The temporary views of one run. */
  private static final class Views {
    private final List<String> names = new ArrayList<>();

    void add(String name, Dataset<Row> frame) {
      frame.createOrReplaceTempView(name);
      names.add(name);
    }
  }

  private static Result withViews(SparkSession spark, String warehouse, List<TableSpec> required,
      Function<Views, String> query) {
    Views views = new Views();
    try {
      for (TableSpec t : required) {
        if (!DeltaTables.exists(spark, DeltaTables.path(warehouse, t))) {
          throw BaselineJob.missingTable("run the Spark SQL baseline on " + warehouse, t);
        }
        views.add(t.name(), DeltaTables.read(spark, warehouse, t));
      }
      for (TableSpec t : BaselineJob.OPTIONAL_INPUTS) {
        views.add(t.name(), DeltaTables.readOrEmpty(spark, warehouse, t));
      }
      String sql = query.apply(views);
      long start = System.nanoTime();
      List<Row> out = spark.sql(sql).collectAsList();
      return new Result(out, (System.nanoTime() - start) / 1e9);
    } finally {
      views.names.forEach(v -> spark.catalog().dropTempView(v));
    }
  }

  private static Dataset<Row> ruleFrame(SparkSession spark, RuleTable t) {
    List<Row> rows = t.rows().stream()
        .map(values -> RowFactory.create(values.stream().map(v -> v instanceof LocalDate d ? Date.valueOf(d) : v).toArray()))
        .toList();
    return spark.createDataFrame(rows, StructType.fromDDL(t.columns()));
  }
}
