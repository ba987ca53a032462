package org.mssp.benchmark;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.countDistinct;
import static org.apache.spark.sql.functions.lit;
import static org.mssp.expenditure.ExpenditureTables.*;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.mssp.assignment.AssignmentTables;
import org.mssp.benchmark.rules.BenchmarkRules;
import org.mssp.common.error.Errors;
import org.mssp.common.spark.CsvFiles;
import org.mssp.common.spark.DeltaTables;
import org.mssp.expenditure.AcoExpenditureStage;
import org.mssp.expenditure.ExpenditureStage;
import org.mssp.ingest.IngestTables;
import org.mssp.reference.ReferenceTables;
import org.mssp.risk.RiskTables;
import org.mssp.settlement.SettlementColumns;
import org.mssp.settlement.SettlementTables;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code aco benchmark}: one performance year's ACO expenditures and benchmarks. Reads
 * {@code beneficiary_assignment}, {@code ref_aco_agreements} and the tables {@code aco
 * expenditures} wrote for the benchmark years and the PY; replaces the PY slice of
 * {@code aco_expenditure}, {@code aco_benchmark_by_type}, {@code aco_benchmark} and (when a
 * quality file is given) {@code aco_totals}, the input of {@code aco settle}.
 */
public final class BenchmarkJob {
  private static final Logger LOG = LoggerFactory.getLogger(BenchmarkJob.class);

  private BenchmarkJob() {}

  /**
   * @param qualityFile CSV aco_id, performance_year, quality_score, quality_standard_met and any
   *     of {@link #QUALITY_OPTIONAL}; when null, aco_totals is not written (quality does not come
   *     from claims)
   * @param priorSavingsFile CSV aco_id, prior_savings_per_capita (2016 rebasing and 2024+), or null
   */
  public record Config(String warehouse, int performanceYear, String qualityFile, String priorSavingsFile) {
    public Config {
      if (warehouse == null || warehouse.isBlank()) {
        throw Errors.badArgument("--warehouse", warehouse, "a warehouse path");
      }
      if (performanceYear < 2012 || performanceYear > 2100) {
        throw Errors.badArgument("--performance-year", performanceYear, "a performance year such as 2018");
      }
    }
  }

  /** The required columns of the {@code --quality} file. */
  public static final StructType QUALITY = new StructType()
      .add(ACO_ID, DataTypes.StringType, false)
      .add(PERFORMANCE_YEAR, DataTypes.IntegerType, false)
      .add(SettlementColumns.QUALITY_SCORE, SettlementTables.RATE, false)
      .add(SettlementColumns.QUALITY_STANDARD_MET, DataTypes.BooleanType, true);

  /**
   * Optional columns of the {@code --quality} file: settlement inputs that come neither from claims
   * nor from the benchmark (the EUC relief, e.g. for the COVID-19 PHE; participant revenue for the
   * revenue-based loss limits of BASIC C–E and Track 1+; pay-for-reporting; the PY2023+ sliding
   * scale). They are copied into {@code aco_totals} as given and checked by the settlement engine;
   * a column left out is null there (the engine's default).
   */
  public static final StructType QUALITY_OPTIONAL = new StructType()
      .add(SettlementColumns.EUC_LOSS_REDUCTION_FRACTION, SettlementTables.RATE, true)
      .add(SettlementColumns.EUC_LOSS_REDUCTION_AMOUNT, SettlementTables.MONEY, true)
      .add(SettlementColumns.PARTICIPANT_REVENUE_TOTAL, SettlementTables.MONEY, true)
      .add(SettlementColumns.PAY_FOR_REPORTING, DataTypes.BooleanType, true)
      .add(SettlementColumns.SLIDING_SCALE_ELIGIBLE, DataTypes.BooleanType, true);

  /**
   * {@code primary_care_contact}, or no rows (with a warning) in a warehouse assigned before the
   * table existed: the continuity split then rests on the prior assignment alone.
   */
  static Dataset<Row> primaryCareContacts(SparkSession spark, String warehouse) {
    if (DeltaTables.exists(spark, DeltaTables.path(warehouse, AssignmentTables.PRIMARY_CARE_CONTACT))) {
      return DeltaTables.read(spark, warehouse, AssignmentTables.PRIMARY_CARE_CONTACT);
    }
    LOG.warn("warehouse {} has no {} table (assigned by an older version; rerun aco assign): continuously assigned"
        + " beneficiaries are those assigned to the ACO in the prior year only", warehouse,
        AssignmentTables.PRIMARY_CARE_CONTACT.name());
    return DeltaTables.empty(spark, AssignmentTables.PRIMARY_CARE_CONTACT);
  }

  /**
   * The {@code --quality} file, columns matched by header name in any order: the four required
   * columns and any of {@link #QUALITY_OPTIONAL} (absent ones null). A missing required column,
   * an unknown or a repeated one fails naming the file and the column.
   */
  public static Dataset<Row> readQuality(SparkSession spark, String file) {
    List<String> names = CsvFiles.header(spark, file);
    List<String> required = List.of(QUALITY.fieldNames());
    List<String> optional = List.of(QUALITY_OPTIONAL.fieldNames());
    if (names.isEmpty()) {
      throw Errors.badInput(file, "header", "the file is empty; expected the columns " + required);
    }
    StructType schema = new StructType();
    for (String n : names) {
      if (!required.contains(n) && !optional.contains(n)) {
        throw Errors.badInput(file, "header, column " + n,
            "unknown column; expected " + required + " and optionally " + optional);
      }
      if (List.of(schema.fieldNames()).contains(n)) {
        throw Errors.badInput(file, "header, column " + n, "the column is repeated");
      }
      StructField f = required.contains(n) ? QUALITY.apply(n) : QUALITY_OPTIONAL.apply(n);
      schema = schema.add(n, f.dataType(), true);
    }
    for (String n : required) {
      if (!names.contains(n)) {
        throw Errors.badInput(file, "header", "missing column " + n);
      }
    }
    // enforceSchema=false: Spark checks the header against the schema's names, not just positions
    Dataset<Row> read = spark.read().option("header", "true").option("enforceSchema", "false")
        .option("mode", "FAILFAST").schema(schema).csv(file);
    List<Column> out = new ArrayList<>();
    for (StructType s : List.of(QUALITY, QUALITY_OPTIONAL)) {
      for (StructField f : s.fields()) {
        out.add(names.contains(f.name()) ? col(f.name()) : lit(null).cast(f.dataType()).as(f.name()));
      }
    }
    return read.select(out.toArray(Column[]::new));
  }

  public static final StructType PRIOR_SAVINGS = new StructType()
      .add(ACO_ID, DataTypes.StringType, false)
      .add("prior_savings_per_capita", PER_CAPITA, false);

  /** Runs the performance year; returns the number of ACO benchmarks written. */
  public static long run(Config config, SparkSession spark) {
    BenchmarkRules rules = BenchmarkRules.load();
    int py = config.performanceYear();
    String w = config.warehouse();
    Dataset<Row> agreements = DeltaTables.read(spark, w, ReferenceTables.ACO_AGREEMENTS)
        .where(col(PERFORMANCE_YEAR).equalTo(py));
    Dataset<Row> allAssignment = DeltaTables.read(spark, w, AssignmentTables.BENEFICIARY_ASSIGNMENT);
    Dataset<Row> assignment = allAssignment.where(col(PERFORMANCE_YEAR).equalTo(py));
    List<Integer> years = assignment.select(AssignmentTables.ASSIGNMENT_YEAR).distinct().collectAsList()
        .stream().map(r -> r.getInt(0)).toList();
    if (years.isEmpty()) {
      throw Errors.cannot("compute benchmarks for PY" + py, "beneficiary_assignment has no rows for " + py);
    }
    Map<Integer, BigDecimal> completion = new TreeMap<>();
    for (int y : years) {
      completion.put(y, rules.completionFactor(y));
    }
    Dataset<Row> bene = DeltaTables.read(spark, w, BENEFICIARY_EXPENDITURE).where(col(YEAR).isin(years.toArray()));
    Dataset<Row> risk = DeltaTables.read(spark, w, RiskTables.BENEFICIARY_RISK).where(col(YEAR).isin(years.toArray()));
    Dataset<Row> county = DeltaTables.read(spark, w, COUNTY_EXPENDITURE).where(col(YEAR).isin(years.toArray()));
    Dataset<Row> national = DeltaTables.read(spark, w, NATIONAL_EXPENDITURE).where(col(YEAR).isin(years.toArray()));
    // The ACOs' assigned months by county lived in each month (the regional service area), once for
    // the regional figures and the national weights.
    Dataset<Row> countyMonths = RegionalStage.acoCountyMonths(assignment,
        ExpenditureStage.eligibleMonths(DeltaTables.read(spark, w, IngestTables.BENEFICIARY_MONTH), years)).persist();

    Dataset<Row> acoExp = AcoExpenditureStage.acoExpenditure(assignment, bene, risk, completion, rules.version()).persist();
    try {
      Dataset<Row> counts = assignment.where(col(AssignmentTables.ASSIGNMENT_YEAR).equalTo(py))
          .groupBy(ACO_ID).agg(countDistinct(col(BENE_ID)).as("assigned_beneficiaries"));
      Dataset<Row> quality = config.qualityFile() == null ? null
          : readQuality(spark, config.qualityFile()).where(col(PERFORMANCE_YEAR).equalTo(py));
      Dataset<Row> prior = config.priorSavingsFile() == null ? null
          : spark.read().option("header", "true").option("mode", "FAILFAST").schema(PRIOR_SAVINGS).csv(config.priorSavingsFile());
      // §3.5: newly / continuously assigned split of the PY (used by agreements before July 2019)
      Dataset<Row> cohorts = RiskCohortStage.cohorts(
          allAssignment.where(col(PERFORMANCE_YEAR).isin(py - 1, py)),
          primaryCareContacts(spark, w).where(col(PERFORMANCE_YEAR).isin(py - 1, py)), bene, risk, py);
      BenchmarkStage.Outputs out = BenchmarkStage.benchmarks(py, agreements, acoExp,
          RegionalStage.acoRegional(countyMonths, county), RegionalStage.nationalWeights(countyMonths, county),
          national, counts, prior, quality, cohorts, rules);
      for (Row r : out.benchmark().where(col("risk_ratio_method").equalTo(BenchmarkRules.NEWLY_CONTINUOUS)
          .and(col("continuity_basis").equalTo(BenchmarkCalculator.CONTINUITY_NONE))).select(ACO_ID).collectAsList()) {
        LOG.warn("benchmark PY{}: ACO {} has no assignment of {}; every PY beneficiary counts as newly assigned "
            + "(full HCC risk ratio)", py, r.getString(0), py - 1);
      }
      String slice = PERFORMANCE_YEAR + " = " + py;
      DeltaTables.replaceSlice(acoExp, ACO_EXPENDITURE, w, slice);
      DeltaTables.replaceSlice(out.byType(), BenchmarkTables.ACO_BENCHMARK_BY_TYPE, w, slice);
      DeltaTables.replaceSlice(out.benchmark(), BenchmarkTables.ACO_BENCHMARK, w, slice);
      if (out.acoTotals() != null) {
        DeltaTables.replaceSlice(out.acoTotals(), SettlementTables.ACO_TOTALS, w, slice);
      } else {
        LOG.warn("benchmark PY{}: no --quality file, aco_totals not written", py);
      }
      long n = out.benchmark().count();
      LOG.info("benchmark PY{}: {} ACOs", py, n);
      return n;
    } finally {
      acoExp.unpersist();
      countyMonths.unpersist();
    }
  }
}
