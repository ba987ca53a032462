package org.mssp.baseline;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import org.apache.spark.sql.SparkSession;
import org.mssp.assignment.AssignmentTables;
import org.mssp.assignment.AssignmentWindow;
import org.mssp.assignment.rules.AssignmentRules;
import org.mssp.benchmark.rules.BenchmarkRules;
import org.mssp.common.error.Errors;
import org.mssp.common.error.PipelineException;
import org.mssp.common.schema.TableSpec;
import org.mssp.ingest.IngestTables;
import org.mssp.reference.ReferenceTables;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code aco baseline}: the benchmark's single-machine comparison. Registers the warehouse's
 * current Delta snapshots in an in-memory DuckDB (the Parquet files Spark resolves for each
 * table, {@link Snapshots}) and runs the SQL equivalents of the heaviest stages: assignment of
 * one performance year ({@link AssignmentBaseline}) and the beneficiary expenditure of each
 * requested year ({@link ExpenditureBaseline}). Times each query alone, with DuckDB using
 * {@code threads} threads. Spark is used only to list the snapshot files.
 */
public final class BaselineJob {
  private static final Logger LOG = LoggerFactory.getLogger(BaselineJob.class);

  private BaselineJob() {}

  /**
   * @param warehouse local warehouse root
   * @param performanceYear the performance year to assign
   * @param expenditureYears the calendar years whose expenditure to compute (may be empty)
   * @param threads DuckDB threads (the machine's cores for the benchmark)
   */
  public record Config(String warehouse, int performanceYear, List<Integer> expenditureYears, int threads) {
    public Config {
      if (warehouse == null || warehouse.isBlank()) {
        throw Errors.badArgument("--warehouse", warehouse, "a local warehouse folder");
      }
      if (performanceYear < 2012 || performanceYear > 2100) {
        throw Errors.badArgument("--performance-year", performanceYear, "a year from 2012 (the first MSSP year)");
      }
      if (threads < 1) {
        throw Errors.badArgument("--threads", threads, "at least 1");
      }
      expenditureYears = List.copyOf(expenditureYears);
    }
  }

  /**
   * One baseline stage's figures.
   *
   * @param stage {@code assign} or {@code expenditures <year>}
   * @param seconds the query alone
   * @param inputRows rows of the input tables the query reads (their whole current snapshots)
   * @param outputRows rows of the result
   */
  public record StageTiming(String stage, double seconds, long inputRows, long outputRows) {}

  /** Stage name of the assignment query. */
  public static final String ASSIGN = "assign";
  /** Stage name prefix of a year's expenditure query (the year follows). */
  public static final String EXPENDITURES = "expenditures ";

  /** The error for a required input table the warehouse does not hold. */
  static PipelineException missingTable(String action, TableSpec table) {
    return Errors.cannot(action, "table " + table.name() + " is not in the warehouse (run the Spark stages first)");
  }

  static final List<TableSpec> ASSIGNMENT_INPUTS = List.of(
      IngestTables.PART_B_PHYSICIAN_LINE, IngestTables.PART_A_CLAIM_HEADER, IngestTables.PART_A_CLAIM_REVENUE_LINE,
      IngestTables.BENEFICIARY_MONTH, ReferenceTables.ACO_PARTICIPANTS, ReferenceTables.ACO_AGREEMENTS);
  static final List<TableSpec> OPTIONAL_INPUTS = List.of(
      ReferenceTables.PROVIDER_ROSTER, ReferenceTables.VOLUNTARY_ALIGNMENT, IngestTables.BENEFICIARY_MBI_XREF);
  static final List<TableSpec> EXPENDITURE_INPUTS = List.of(
      IngestTables.PART_A_CLAIM_HEADER, IngestTables.PART_B_PHYSICIAN_LINE, IngestTables.PART_B_DME_LINE,
      IngestTables.BENEFICIARY_MONTH, AssignmentTables.ASSIGNABLE_POPULATION);
  /** The tables whose rows count as a stage's input rows (the claim and enrollment tables). */
  static final List<TableSpec> COUNTED = List.of(
      IngestTables.PART_B_PHYSICIAN_LINE, IngestTables.PART_A_CLAIM_HEADER, IngestTables.PART_A_CLAIM_REVENUE_LINE,
      IngestTables.PART_B_DME_LINE, IngestTables.BENEFICIARY_MONTH);

  /** Runs the baseline; the open database is handed to {@code inspect} before it closes (tests). */
  public static List<StageTiming> run(Config config, SparkSession spark, java.util.function.Consumer<DuckDb> inspect) {
    String action = "run the DuckDB baseline on " + config.warehouse();
    Map<TableSpec, List<String>> files = new LinkedHashMap<>();
    List<TableSpec> required = new ArrayList<>(ASSIGNMENT_INPUTS);
    if (!config.expenditureYears().isEmpty()) {
      EXPENDITURE_INPUTS.stream().filter(t -> !required.contains(t)).forEach(required::add);
    }
    for (TableSpec t : required) {
      List<String> f = Snapshots.files(spark, config.warehouse(), t);
      if (f.isEmpty() && !org.mssp.common.spark.DeltaTables.exists(spark,
          org.mssp.common.spark.DeltaTables.path(config.warehouse(), t))) {
        throw missingTable(action, t);
      }
      files.put(t, f);
    }
    for (TableSpec t : OPTIONAL_INPUTS) {
      files.put(t, Snapshots.files(spark, config.warehouse(), t));
    }
    List<StageTiming> timings = new ArrayList<>();
    try (DuckDb db = new DuckDb(config.threads())) {
      files.forEach(db::registerTable);
      Map<String, Long> rows = new LinkedHashMap<>();
      for (TableSpec t : COUNTED) {
        if (files.containsKey(t)) {
          rows.put(t.name(), db.count(t.name()));
        }
      }

      int py = config.performanceYear();
      AssignmentRules rules = AssignmentRules.forYear(py);
      SortedSet<Integer> years = AssignmentBaseline.assignmentYears(db, py);
      AssignmentBaseline.loadRules(db, rules, AssignmentWindow.forYears(years, rules));
      DuckDb.Timed assigned = db.timed(AssignmentBaseline.OUTPUT, AssignmentBaseline.query(rules, SqlDialect.DUCKDB));
      long assignInput = sum(rows, IngestTables.PART_B_PHYSICIAN_LINE, IngestTables.PART_A_CLAIM_HEADER,
          IngestTables.PART_A_CLAIM_REVENUE_LINE, IngestTables.BENEFICIARY_MONTH);
      timings.add(new StageTiming(ASSIGN, assigned.seconds(), assignInput, assigned.rows()));
      LOG.info("baseline assign PY{} (years {}): {} rows in {} s", py, years, assigned.rows(), assigned.seconds());

      BenchmarkRules benchmarkRules = BenchmarkRules.load();
      long expenditureInput = sum(rows, IngestTables.PART_A_CLAIM_HEADER, IngestTables.PART_B_PHYSICIAN_LINE,
          IngestTables.PART_B_DME_LINE, IngestTables.BENEFICIARY_MONTH);
      for (int year : config.expenditureYears()) {
        ExpenditureBaseline.loadRules(db, benchmarkRules, year);
        DuckDb.Timed t = db.timed(ExpenditureBaseline.output(year), ExpenditureBaseline.query(benchmarkRules, year, SqlDialect.DUCKDB));
        timings.add(new StageTiming(EXPENDITURES + year, t.seconds(), expenditureInput, t.rows()));
        LOG.info("baseline expenditures {}: {} rows in {} s", year, t.rows(), t.seconds());
      }
      inspect.accept(db);
    }
    return timings;
  }

  private static long sum(Map<String, Long> rows, TableSpec... tables) {
    long n = 0;
    for (TableSpec t : tables) {
      n += rows.getOrDefault(t.name(), 0L);
    }
    return n;
  }
}
