package org.mssp.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import org.apache.spark.sql.SparkSession;
import org.mssp.baseline.BaselineJob;
import org.mssp.baseline.SparkSqlBaseline;
import org.mssp.common.error.Errors;
import org.mssp.expenditure.ExpenditureJob;
import org.mssp.pipeline.Pipeline;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code aco baseline}: the DuckDB equivalent of assignment and expenditures on a warehouse, timed. */
@Command(
    name = "baseline",
    mixinStandardHelpOptions = true,
    description = {
      "Run the DuckDB baseline of the heaviest stages on a local warehouse the Spark stages have filled:",
      "assignment of the performance year and beneficiary expenditure of each year (evaluator mode),",
      "in SQL over the same Delta snapshots and rule files. Prints seconds, input rows and rows/s per stage.",
      "See docs/benchmarks.md."
    })
public final class BaselineCommand implements Callable<Integer> {
  @Option(names = "--warehouse", required = true, description = "Local warehouse root.")
  String warehouse;

  @Option(names = "--performance-year", required = true, description = "Performance year, e.g. 2018.")
  int performanceYear;

  @Option(names = "--years", split = ",",
      description = "Expenditure years (default: the PY and its agreements' benchmark years, as the pipeline runs them).")
  List<Integer> years;

  @Option(names = "--threads", description = "DuckDB threads (default: the machine's cores).")
  Integer threads;

  @Option(names = "--list-years", description = "Print the default expenditure years, one line, and exit.")
  boolean listYears;

  @Option(names = "--tsv", description = "Also write stage, seconds, input rows, output rows as TSV to this file.")
  Path tsv;

  @Option(names = "--spark-sql",
      description = "Also run each baseline query as it is on Spark SQL (the same SQL, Spark's engine) and print its"
          + " time beside DuckDB's.")
  boolean sparkSql;

  @Mixin SparkOptions spark;

  /** Prefix of the stage names of the Spark SQL runs ({@code --spark-sql}). */
  static final String SPARK_SQL = "spark-sql ";

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    SparkSession session = spark.session("aco baseline PY" + performanceYear);
    List<Integer> expenditureYears = years;
    if (expenditureYears == null || listYears) {
      expenditureYears = Pipeline.expenditureYears(new Pipeline.Config(null, warehouse, performanceYear, null,
          ExpenditureJob.Mode.EVALUATOR, null, null, null, null, null, null, null), session);
    }
    if (listYears) {
      out.println(String.join(" ", expenditureYears.stream().map(String::valueOf).toList()));
      out.flush();
      return 0;
    }
    int cores = threads != null ? threads : Runtime.getRuntime().availableProcessors();
    List<BaselineJob.StageTiming> timings = BaselineJob.run(
        new BaselineJob.Config(warehouse, performanceYear, expenditureYears, cores), session, db -> {});
    out.printf(Locale.ROOT, "DuckDB baseline, %d threads, PY%d, warehouse %s%n", cores, performanceYear, warehouse);
    out.printf(Locale.ROOT, "%-28s %9s %14s %12s %12s%n", "stage", "seconds", "input rows", "rows/s", "output rows");
    List<String> lines = new ArrayList<>();
    for (BaselineJob.StageTiming t : timings) {
      out.printf(Locale.ROOT, "%-28s %9.2f %,14d %,12.0f %,12d%n", t.stage(), t.seconds(), t.inputRows(),
          t.inputRows() / Math.max(t.seconds(), 1e-9), t.outputRows());
      lines.add(String.format(Locale.ROOT, "%s\t%.3f\t%d\t%d", t.stage(), t.seconds(), t.inputRows(), t.outputRows()));
    }
    if (sparkSql) {
      Map<String, BaselineJob.StageTiming> byStage = new LinkedHashMap<>();
      timings.forEach(t -> byStage.put(t.stage(), t));
      Map<String, Supplier<SparkSqlBaseline.Result>> queries = new LinkedHashMap<>();
      queries.put(BaselineJob.ASSIGN, () -> SparkSqlBaseline.assignment(session, warehouse, performanceYear));
      for (int year : expenditureYears) {
        queries.put(BaselineJob.EXPENDITURES + year, () -> SparkSqlBaseline.expenditure(session, warehouse, year));
      }
      for (Map.Entry<String, Supplier<SparkSqlBaseline.Result>> q : queries.entrySet()) {
        BaselineJob.StageTiming duck = byStage.get(q.getKey());
        SparkSqlBaseline.Result r = q.getValue().get();
        String stage = SPARK_SQL + duck.stage();
        out.printf(Locale.ROOT, "%-28s %9.2f %,14d %,12.0f %,12d   (the same query on Spark SQL: %.1fx DuckDB)%n",
            stage, r.seconds(), duck.inputRows(), duck.inputRows() / Math.max(r.seconds(), 1e-9), r.rows().size(),
            r.seconds() / duck.seconds());
        lines.add(String.format(Locale.ROOT, "%s\t%.3f\t%d\t%d", stage, r.seconds(), duck.inputRows(), r.rows().size()));
      }
    }
    out.flush();
    if (tsv != null) {
      try {
        Files.write(tsv, lines);
      } catch (IOException e) {
        throw Errors.cannot("write " + tsv, e.getMessage());
      }
    }
    return 0;
  }
}
