package org.mssp.settlement;

import static org.apache.spark.sql.functions.col;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.AnalysisException;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.mssp.common.error.Errors;
import org.mssp.common.error.InvalidValueException;
import org.mssp.common.spark.DeltaTables;
import org.mssp.settlement.rules.SettlementRules;
import org.mssp.settlement.rules.SettlementRulesLoader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Settles one performance year: reads ACO totals (a CSV in the {@code settle-summary} contract,
 * or a Delta table of {@link SettlementTables#ACO_TOTALS} shape such as the benchmark stage's
 * output), runs {@link SettlementStage}, and replaces that year's slice of
 * {@code <warehouse>/aco_settlement}. Re-running a year gives the same table.
 */
public final class SettlementJob {
  private static final Logger LOG = LoggerFactory.getLogger(SettlementJob.class);

  private SettlementJob() {}

  /**
   * @param warehouse warehouse root (local path or s3a://)
   * @param performanceYear the year to settle; required, never defaulted
   * @param totals a {@code .csv} file, or the path of a Delta table of ACO totals
   */
  public record Config(String warehouse, int performanceYear, String totals) {
    public Config {
      if (warehouse == null || warehouse.isBlank()) {
        throw Errors.badArgument("--warehouse", warehouse, "a warehouse root path");
      }
      if (performanceYear < 2012 || performanceYear > 2100) {
        throw Errors.badArgument("--performance-year", performanceYear, "a year such as 2018");
      }
      if (totals == null || totals.isBlank()) {
        throw Errors.badArgument("--totals", totals, "a CSV of ACO totals or a Delta table path");
      }
    }

    boolean totalsIsCsv() {
      return totals.toLowerCase(Locale.ROOT).endsWith(".csv");
    }
  }

  /** Runs the job; returns the number of ACOs settled. */
  public static long run(Config config, SparkSession spark) {
    SettlementRules rules = SettlementRulesLoader.load();
    SettlementCalculator calculator = new SettlementCalculator(rules);
    int year = config.performanceYear();
    calculator
        .missingTableFor(year)
        .ifPresent(
            table -> {
              throw Errors.missingRules("settle PY" + year, table, year);
            });

    Dataset<Row> totals =
        config.totalsIsCsv() ? readCsv(spark, config.totals(), calculator) : readDelta(spark, config.totals());
    long all = totals.count();
    Dataset<Row> ofYear = totals.filter(col(SettlementColumns.PERFORMANCE_YEAR).equalTo(year));
    long settled = ofYear.count();
    if (settled == 0) {
      throw Errors.cannot(
          "settle PY" + year, "no ACO totals for " + year + " in " + config.totals());
    }
    if (all > settled) {
      LOG.info("{} rows of other performance years in {} left for their own runs", all - settled, config.totals());
    }
    Dataset<Row> settlement = SettlementStage.settle(ofYear, rules);
    DeltaTables.replaceSlice(
        settlement,
        SettlementTables.ACO_SETTLEMENT,
        config.warehouse(),
        SettlementColumns.PERFORMANCE_YEAR + " = " + year);
    LOG.info("aco_settlement PY{}: {} ACOs settled with rules {}", year, settled, rules.version());
    return settled;
  }

  /**
   * Reads a totals CSV with the same parser and checks as {@code settle-summary}, so a bad row
   * fails naming the file, row and column before anything is written.
   */
  static Dataset<Row> readCsv(SparkSession spark, String file, SettlementCalculator calculator) {
    // The file is ACO-level (hundreds of rows): read it whole through Spark's file systems
    // (local, s3a://) and parse it on the driver.
    String text;
    try {
      List<Row> whole = spark.read().option("wholetext", true).text(file).collectAsList();
      text = whole.isEmpty() ? "" : whole.get(0).getString(0);
    } catch (Exception e) {
      // Scala's AnalysisException ("Path does not exist") is checked in Java's eyes
      if (e instanceof AnalysisException) {
        throw Errors.badInput(file, "", "file not found or unreadable (" + e.getMessage() + ")");
      }
      throw e;
    }
    List<AcoTotalsCsv.Row> rows;
    try (Reader reader = new StringReader(text)) {
      rows = AcoTotalsCsv.read(reader, file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    for (AcoTotalsCsv.Row row : rows) {
      try {
        calculator.settle(row.totals());
      } catch (InvalidValueException e) {
        throw AcoTotalsCsv.locate(file, row, e);
      }
    }
    List<Row> sparkRows = rows.stream().map(r -> SettlementTables.totalsRow(r.totals())).toList();
    return spark.createDataFrame(sparkRows, SettlementTables.ACO_TOTALS.schema());
  }

  static Dataset<Row> readDelta(SparkSession spark, String table) {
    if (!DeltaTables.exists(spark, table)) {
      throw Errors.badInput(table, "", "not a Delta table (give a .csv file or a Delta table path)");
    }
    Dataset<Row> df = spark.read().format("delta").load(table);
    List<String> present = List.of(df.columns());
    List<String> missing =
        SettlementColumns.REQUIRED_INPUT.stream().filter(c -> !present.contains(c)).toList();
    if (!missing.isEmpty()) {
      throw Errors.badInput(table, "", "missing column" + (missing.size() > 1 ? "s " : " ") + String.join(", ", missing));
    }
    return df;
  }
}
