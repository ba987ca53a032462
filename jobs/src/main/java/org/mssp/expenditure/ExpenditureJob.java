package org.mssp.expenditure;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.mssp.expenditure.ExpenditureStage.on;
import static org.mssp.expenditure.ExpenditureTables.*;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.mssp.assignment.AssignmentTables;
import org.mssp.benchmark.RegionalStage;
import org.mssp.benchmark.rules.BenchmarkRules;
import org.mssp.common.error.Errors;
import org.mssp.common.spark.CsvFiles;
import org.mssp.common.spark.DeltaTables;
import org.mssp.ingest.IngestTables;
import org.mssp.reference.ReferenceTables;
import org.mssp.risk.RiskStage;
import org.mssp.risk.RiskTables;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code aco expenditures}: calendar years' beneficiary expenditure, risk and national /
 * county reference figures. Reads the ingest final tables, {@code assignable_population} and
 * {@code ref_prospective_risk_scores}; replaces the years' slice of {@code beneficiary_expenditure},
 * {@code beneficiary_risk}, {@code risk_normalization}, {@code national_expenditure} and
 * {@code county_expenditure}.
 *
 * <p>Modes: EVALUATOR (the warehouse holds the nation: truncation caps, risk normalisation and
 * county figures come from the national assignable population) and ACO (an ACO's own extract:
 * caps and normalisation factors from a parameter CSV, county figures from CMS's county file).
 */
public final class ExpenditureJob {
  private static final Logger LOG = LoggerFactory.getLogger(ExpenditureJob.class);

  private ExpenditureJob() {}

  public enum Mode { EVALUATOR, ACO }

  /**
   * @param years the calendar years, computed together in one pass (each year with its own rules)
   * @param nationalParameters ACO mode: CSV with year, enrollment_type, truncation_cap,
   *     risk_normalization_factor and optionally demographic_normalization_factor (one row per
   *     year × type)
   * @param countyFile ACO mode: CMS county-level FFS CSV for the years
   */
  public record Config(String warehouse, List<Integer> years, Mode mode, String nationalParameters, String countyFile,
      RiskStage.Source riskSource) {
    /** One year, scores from CMS's file. */
    public Config(String warehouse, int year, Mode mode, String nationalParameters, String countyFile) {
      this(warehouse, List.of(year), mode, nationalParameters, countyFile, RiskStage.Source.CMS);
    }

    /** One year. */
    public Config(String warehouse, int year, Mode mode, String nationalParameters, String countyFile,
        RiskStage.Source riskSource) {
      this(warehouse, List.of(year), mode, nationalParameters, countyFile, riskSource);
    }

    public Config {
      if (riskSource == null) {
        throw Errors.badArgument("--risk-source", null, "CMS or COMPUTED");
      }
      if (warehouse == null || warehouse.isBlank()) {
        throw Errors.badArgument("--warehouse", warehouse, "a warehouse path");
      }
      if (years == null || years.isEmpty()) {
        throw Errors.badArgument("--year", years, "one or more calendar years such as 2018");
      }
      for (Integer year : years) {
        if (year == null || year < 2010 || year > 2100) {
          throw Errors.badArgument("--year", year, "a calendar year such as 2018");
        }
      }
      years = List.copyOf(new java.util.TreeSet<>(years));
      if (mode == Mode.ACO && (nationalParameters == null || countyFile == null)) {
        throw Errors.badArgument("--mode", mode, "ACO mode needs --national-parameters and --county-file");
      }
    }
  }

  /** Columns of the ACO-mode national parameter CSV. */
  public static final StructType NATIONAL_PARAMETERS = new StructType()
      .add(YEAR, DataTypes.IntegerType, false)
      .add(ENROLLMENT_TYPE, DataTypes.StringType, false)
      .add(TRUNCATION_CAP, MONEY, false)
      .add("risk_normalization_factor", RATIO, false);

  /**
   * Runs the years in one pass: each table is read once for all of them and each output table is
   * written once (its slice {@code year IN (...)}), every row with the rules of its own year.
   * Returns the number of beneficiary_expenditure rows written.
   */
  public static long run(Config config, SparkSession spark) {
    BenchmarkRules rules = BenchmarkRules.load();
    List<Integer> years = config.years();
    String w = config.warehouse();
    Map<Integer, BigDecimal> completion = new TreeMap<>();
    Map<Integer, BigDecimal> percentile = new TreeMap<>();
    for (int year : years) {
      completion.put(year, rules.completionFactor(year));
      if (config.mode() == Mode.EVALUATOR) {
        percentile.put(year, rules.parameter("truncation_percentile", year));
      }
    }
    Column cf = ExpenditureStage.byYear(col(YEAR), ExpenditureStage.constants(completion));

    Dataset<Row> claims = ExpenditureStage.claimPayments(
        DeltaTables.read(spark, w, IngestTables.PART_A_CLAIM_HEADER),
        DeltaTables.read(spark, w, IngestTables.PART_B_PHYSICIAN_LINE),
        DeltaTables.read(spark, w, IngestTables.PART_B_DME_LINE), years, rules)
        // The years' claims, narrowed to what the counts and sums below read, are scanned once.
        .select(BENE_ID, YEAR, ExpenditureStage.MONTH, ExpenditureStage.CATEGORY, ExpenditureStage.PAID,
            ExpenditureStage.WITHIN_RUNOUT);
    // The claims are aggregated to beneficiary-months once (at most one row per beneficiary and
    // month); the exclusion counts and the expenditures both read that, not the claims.
    Dataset<Row> monthly = ExpenditureStage.monthlySpend(claims).persist();
    Dataset<Row> months = ExpenditureStage.eligibleMonths(DeltaTables.read(spark, w, IngestTables.BENEFICIARY_MONTH), years)
        .persist();
    Dataset<Row> assignable = DeltaTables.read(spark, w, AssignmentTables.ASSIGNABLE_POPULATION)
        .where(col(AssignmentTables.ASSIGNMENT_YEAR).isin(years.toArray()))
        .select(col(BENE_ID), col(AssignmentTables.ASSIGNMENT_YEAR).as(YEAR));
    Dataset<Row> raw = ExpenditureStage.beneficiaryExpenditureFromMonthly(monthly, months, assignable, rules.version()).persist();
    try {
      // Inside the try, so a failure here also releases the cached months.
      logExclusions(monthly, months, years);
      Dataset<Row> caps;
      Dataset<Row> factors;
      Dataset<Row> county;
      String source;
      if (config.mode() == Mode.EVALUATOR) {
        caps = ExpenditureStage.truncationCaps(raw,
            ExpenditureStage.byYear(col(YEAR), ExpenditureStage.constants(percentile))).persist();
        source = "EVALUATOR";
      } else {
        Dataset<Row> params = spark.read().option("header", "true").schema(NATIONAL_PARAMETERS)
            .option("mode", "FAILFAST").csv(config.nationalParameters()).where(col(YEAR).isin(years.toArray()));
        caps = params.select(YEAR, ENROLLMENT_TYPE, TRUNCATION_CAP).persist();
        source = "PARAMETER_FILE";
        java.util.Set<Integer> present = new java.util.TreeSet<>();
        for (Row r : caps.select(YEAR).distinct().collectAsList()) {
          present.add(r.getInt(0));
        }
        for (int year : years) {
          if (!present.contains(year)) {
            throw Errors.cannot("compute expenditures for " + year, config.nationalParameters() + " has no rows for " + year);
          }
        }
      }
      Dataset<Row> truncated = ExpenditureStage.applyTruncation(raw, caps).persist();
      Dataset<Row> scores = RiskStage.cmsScores(DeltaTables.read(spark, w, ReferenceTables.PROSPECTIVE_RISK_SCORES), years);
      if (config.riskSource() == RiskStage.Source.COMPUTED) {
        // docs/risk-adjustment.md: the computed CMS-HCC score of the year (aco risk) replaces CMS's file
        if (!DeltaTables.exists(spark, DeltaTables.path(w, RiskTables.BENEFICIARY_RISK_SCORE))) {
          throw Errors.cannot("compute expenditures for " + yearsText(years) + " with --risk-source COMPUTED",
              "the warehouse has no beneficiary_risk_score table; run aco risk --year " + years.get(0) + " first");
        }
        scores = RiskStage.computedScores(DeltaTables.read(spark, w, RiskTables.BENEFICIARY_RISK_SCORE), scores, truncated, years);
      }
      Dataset<Row> national = null;
      if (config.mode() == Mode.EVALUATOR) {
        factors = RiskStage.normalizationFactors(scores, truncated);
        national = ExpenditureStage.nationalExpenditure(truncated, caps, cf, source, rules.version());
      } else {
        // The demographic factor is an optional fifth column: files without it leave demographic
        // scores unnormalised (null), which only the eras that need demographic ratios reject.
        boolean withDemographic = CsvFiles.header(spark, config.nationalParameters())
            .contains(RiskStage.DEMOGRAPHIC_FACTOR);
        StructType schema = withDemographic
            ? NATIONAL_PARAMETERS.add(RiskStage.DEMOGRAPHIC_FACTOR, RATIO, true) : NATIONAL_PARAMETERS;
        Dataset<Row> params = spark.read().option("header", "true").schema(schema)
            .option("mode", "FAILFAST").csv(config.nationalParameters()).where(col(YEAR).isin(years.toArray()));
        factors = params.select(col(YEAR), col(ENROLLMENT_TYPE), col("risk_normalization_factor").as("normalization_factor"),
            withDemographic ? col(RiskStage.DEMOGRAPHIC_FACTOR) : lit(null).cast(RATIO).as(RiskStage.DEMOGRAPHIC_FACTOR),
            lit("PARAMETER_FILE").as("source"));
      }
      Dataset<Row> risk = RiskStage.normalize(scores, factors).persist();
      if (config.mode() == Mode.EVALUATOR) {
        county = RegionalStage.countyExpenditure(truncated, risk, months, cf);
      } else {
        county = RegionalStage.countyFromCmsFile(spark.read().option("header", "true").csv(config.countyFile()))
            .where(col(YEAR).isin(years.toArray()));
        Dataset<Row> nat = RegionalStage.nationalFromCounties(county);
        national = caps.join(nat, on(YEAR, ENROLLMENT_TYPE), "left")
            .withColumn("beneficiaries", lit(null).cast(DataTypes.LongType))
            .withColumn(ELIGIBLE_MONTHS, lit(null).cast(DataTypes.LongType))
            .withColumn(TRUNCATED_SPEND, lit(null).cast(MONEY))
            .withColumn("completion_factor", cf.cast(RATIO))
            .withColumn("source", lit("PARAMETER_FILE+COUNTY_FILE"))
            .withColumn(RULES_VERSION, lit(rules.version()));
      }
      String slice = YEAR + " IN (" + yearsText(years) + ")";
      DeltaTables.replaceSlice(truncated, BENEFICIARY_EXPENDITURE, w, slice);
      DeltaTables.replaceSlice(risk, RiskTables.BENEFICIARY_RISK, w, slice);
      DeltaTables.replaceSlice(factors, RiskTables.RISK_NORMALIZATION, w, slice);
      DeltaTables.replaceSlice(national, NATIONAL_EXPENDITURE, w, slice);
      DeltaTables.replaceSlice(county, COUNTY_EXPENDITURE, w, slice);
      long n = 0;
      for (Row r : truncated.groupBy(YEAR).count().orderBy(YEAR).collectAsList()) {
        LOG.info("expenditures {}: {} beneficiary × type rows, mode {}", r.getInt(0), r.getLong(1), config.mode());
        n += r.getLong(1);
      }
      truncated.unpersist();
      caps.unpersist();
      risk.unpersist();
      return n;
    } finally {
      raw.unpersist();
      monthly.unpersist();
      months.unpersist();
    }
  }

  private static String yearsText(List<Integer> years) {
    return years.stream().map(String::valueOf).collect(Collectors.joining(", "));
  }

  /**
   * Logs, per year, the claims outside the run-out, of unknown type, or in ineligible months
   * ({@link ExpenditureStage#exclusions}: counted, never silently dropped).
   */
  private static void logExclusions(Dataset<Row> monthly, Dataset<Row> months, List<Integer> years) {
    Map<Integer, Row> byYear = new TreeMap<>();
    for (Row r : ExpenditureStage.exclusions(monthly, months).collectAsList()) {
      byYear.put(r.getInt(0), r);
    }
    for (int year : years) {
      Row r = byYear.get(year);
      Object[] v = r == null ? new Object[] {0L, BigDecimal.ZERO, 0L, BigDecimal.ZERO, 0L, BigDecimal.ZERO}
          : new Object[] {r.get(1), r.get(2), r.get(3), r.get(4), r.get(5), r.get(6)};
      LOG.info("expenditures {}: excluded claims — after run-out: {} (${}); unknown claim type: {} (${}); "
          + "service month not eligible: {} (${})", year, v[0], v[1], v[2], v[3], v[4], v[5]);
    }
  }
}
