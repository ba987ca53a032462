package org.mssp.benchmark;

import static org.apache.spark.sql.functions.col;
import static org.mssp.expenditure.ExpenditureTables.*;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Date;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.mssp.benchmark.BenchmarkCalculator.AcoInput;
import org.mssp.benchmark.BenchmarkCalculator.Result;
import org.mssp.benchmark.BenchmarkCalculator.TypeInput;
import org.mssp.benchmark.BenchmarkCalculator.TypeResult;
import org.mssp.benchmark.BenchmarkCalculator.Years;
import org.mssp.benchmark.rules.BenchmarkRules;
import org.mssp.common.error.Errors;
import org.mssp.settlement.SettlementColumns;
import org.mssp.settlement.SettlementTables;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Benchmarks of every ACO for one performance year: gathers, per ACO and enrollment type, the
 * per capita, risk and person-years of BY1–BY3 (the three calendar years before the agreement
 * start year) and the PY from {@code aco_expenditure}, the regional per capita and national weights
 * from {@link RegionalStage}, national per capita; runs {@link BenchmarkCalculator}; and returns
 * {@code aco_benchmark_by_type}, {@code aco_benchmark} and {@code aco_totals} frames.
 *
 * <p>The inputs here are ACO-level aggregates (ACOs × 4 years × 4 types rows, and the agreement
 * rows), so they are collected to the driver and computed in exact {@link BigDecimal}
 * arithmetic; beneficiary-level data never leaves Spark.
 */
public final class BenchmarkStage {
  private static final Logger LOG = LoggerFactory.getLogger(BenchmarkStage.class);

  private BenchmarkStage() {}

  /** Outputs of one performance year. {@code acoTotals} is null when no quality input was given. */
  public record Outputs(Dataset<Row> byType, Dataset<Row> benchmark, Dataset<Row> acoTotals) {}

  private record Key(String aco, int year, String type) {}

  /**
   * @param agreements {@code ref_aco_agreements} rows of the performance year
   * @param acoExpenditure {@code aco_expenditure} rows of the performance year
   * @param acoRegional {@link RegionalStage#acoRegional} rows of the performance year
   * @param nationalWeights {@link RegionalStage#nationalWeights} rows of the performance year
   * @param national per year × type {@code per_capita} (national_expenditure or from counties)
   * @param assignedCounts per ACO {@code assigned_beneficiaries} in the performance year
   * @param priorSavings per ACO {@code prior_savings_per_capita}, or null
   * @param quality per ACO {@code quality_score}, {@code quality_standard_met} and the optional
   *     settlement inputs of {@link BenchmarkJob#QUALITY_OPTIONAL} (copied into aco_totals), or null
   * @param riskCohorts {@link RiskCohortStage#cohorts} of the performance year, or null (no split:
   *     every PY beneficiary newly assigned where the era splits them)
   */
  public static Outputs benchmarks(
      int performanceYear,
      Dataset<Row> agreements,
      Dataset<Row> acoExpenditure,
      Dataset<Row> acoRegional,
      Dataset<Row> nationalWeights,
      Dataset<Row> national,
      Dataset<Row> assignedCounts,
      Dataset<Row> priorSavings,
      Dataset<Row> quality,
      Dataset<Row> riskCohorts,
      BenchmarkRules rules) {
    SparkSession spark = agreements.sparkSession();
    Map<Key, Row> exp = new HashMap<>();
    for (Row r : acoExpenditure.collectAsList()) {
      exp.put(new Key(r.getAs(ACO_ID), r.<Integer>getAs(YEAR), r.getAs(ENROLLMENT_TYPE)), r);
    }
    Map<Key, BigDecimal> regional = new HashMap<>();
    for (Row r : acoRegional.collectAsList()) {
      regional.put(new Key(r.getAs(ACO_ID), r.<Integer>getAs(YEAR), r.getAs(ENROLLMENT_TYPE)), r.getAs("regional_per_capita"));
    }
    Map<Key, BigDecimal> weights = new HashMap<>();
    for (Row r : nationalWeights.collectAsList()) {
      weights.put(new Key(r.getAs(ACO_ID), r.<Integer>getAs(YEAR), ""), r.getAs("national_weight"));
    }
    Map<Key, BigDecimal> nat = new HashMap<>();
    for (Row r : national.collectAsList()) {
      nat.put(new Key("", r.<Integer>getAs(YEAR), r.getAs(ENROLLMENT_TYPE)), r.getAs("per_capita"));
    }
    Map<String, Long> counts = new HashMap<>();
    for (Row r : assignedCounts.collectAsList()) {
      counts.put(r.getAs(ACO_ID), r.<Long>getAs("assigned_beneficiaries"));
    }
    Map<String, BigDecimal> prior = new HashMap<>();
    if (priorSavings != null) {
      for (Row r : priorSavings.collectAsList()) {
        prior.put(r.getAs(ACO_ID), r.getAs("prior_savings_per_capita"));
      }
    }
    Map<String, Row> qualityByAco = new HashMap<>();
    if (quality != null) {
      for (Row r : quality.collectAsList()) {
        qualityByAco.put(r.getAs(ACO_ID), r);
      }
    }

    // ACO × type × cohort rows (small: at most 8 per ACO) and each ACO's continuity basis.
    Map<Key, Row> cohorts = new HashMap<>();
    Map<String, String> continuity = new HashMap<>();
    if (riskCohorts != null) {
      for (Row r : riskCohorts.collectAsList()) {
        String aco = r.getAs(ACO_ID);
        cohorts.put(new Key(aco, performanceYear, r.<String>getAs(ENROLLMENT_TYPE) + "/" + r.getAs(RiskCohortStage.COHORT)), r);
        continuity.put(aco, r.getAs(RiskCohortStage.CONTINUITY_BASIS));
      }
    }

    // Years with a regional figure for some ACO: a year without any, while an ACO that uses
    // regional figures has beneficiaries in it, means the counties do not match at all.
    Set<Integer> regionalYears = new TreeSet<>();
    regional.keySet().forEach(k -> regionalYears.add(k.year()));

    List<Row> typeRows = new ArrayList<>();
    List<Row> acoRows = new ArrayList<>();
    List<Row> totalsRows = new ArrayList<>();
    List<Row> agreementRows = new ArrayList<>(agreements.orderBy(col(ACO_ID)).collectAsList());
    for (Row a : agreementRows) {
      String aco = a.getAs(ACO_ID);
      LocalDate start = a.<Date>getAs("agreement_start_date").toLocalDate();
      int period = a.<Integer>getAs("agreement_period_number");
      int by1 = start.getYear() - 3;
      int[] years = {by1, by1 + 1, by1 + 2, performanceYear};
      boolean usesRegional = rules.eraFor(aco, performanceYear, start, period).usesRegionalFigures();
      List<TypeInput> types = new ArrayList<>();
      for (String t : ENROLLMENT_TYPES) {
        BigDecimal[] py = new BigDecimal[4], pc = new BigDecimal[4], risk = new BigDecimal[4];
        BigDecimal[] n = new BigDecimal[4], reg = new BigDecimal[4], demo = new BigDecimal[4];
        for (int i = 0; i < 4; i++) {
          Row e = exp.get(new Key(aco, years[i], t));
          if (e != null) {
            py[i] = e.getAs(PERSON_YEARS_COL);
            pc[i] = e.getAs("per_capita");
            risk[i] = e.getAs("mean_risk_score");
            demo[i] = e.getAs(MEAN_DEMOGRAPHIC_RISK_SCORE);
          }
          n[i] = nat.get(new Key("", years[i], t));
          reg[i] = regional.get(new Key(aco, years[i], t));
          if (usesRegional && reg[i] == null && py[i] != null && py[i].signum() > 0) {
            if (!regionalYears.contains(years[i])) {
              throw Errors.cannot("compute benchmarks for PY" + performanceYear,
                  "no ACO has a regional figure for " + years[i] + ": none of the assigned beneficiaries' counties has a "
                      + "county figure that year (do beneficiary_month's county codes and the county figures' match, "
                      + "SSA state + county, and does the county file have that year?)");
            }
            LOG.warn("benchmark PY{}: ACO {} has {} person-years of {} in {} but none in a county with a {} figure "
                + "(suppressed in the county file?): national trend or growth used for that year, and no regional "
                + "adjustment if it is BY3", performanceYear, aco, py[i], t, years[i], t);
          }
        }
        types.add(new TypeInput(t, years(py), years(pc), years(risk), years(n), years(reg), years(demo),
            riskCohorts == null ? null : cohortsOf(cohorts, aco, performanceYear, t)));
      }
      AcoInput in = new AcoInput(aco, performanceYear, start, period,
          weights.get(new Key(aco, years[2], "")), weights.get(new Key(aco, performanceYear, "")),
          prior.get(aco), types, continuity.getOrDefault(aco, BenchmarkCalculator.CONTINUITY_NONE));
      Result r = BenchmarkCalculator.compute(in, rules);
      for (TypeResult x : r.types()) {
        typeRows.add(RowFactory.create(aco, performanceYear, x.enrollmentType(), r.era(),
            py(x.personYearsBy3()), py(x.personYearsPy()), x.historyBasis(),
            ratio(x.trendBy1()), ratio(x.trendBy2()), ratio(x.weightBy1()), ratio(x.weightBy2()), ratio(x.weightBy3()),
            ratio(x.riskRatioUncapped()), ratio(x.riskRatio()), ratio(x.updateFactor()),
            pc(x.restatedBy1()), pc(x.restatedBy2()), pc(x.restatedBy3()), pc(x.historical()), pc(x.regional()),
            pc(x.regionalAdjustmentUncapped()), pc(x.regionalAdjustment()), pc(x.priorSavingsAdjustment()),
            pc(x.adjustedHistorical()), pc(x.updateFlatAmount()), pc(x.updated()), pc(x.expenditurePerCapitaPy()),
            r.riskRatioMethod(), py(x.riskDetail().personYearsNewly()), py(x.riskDetail().personYearsContinuing()),
            ratio(x.riskDetail().newly()), ratio(x.riskDetail().continuingHcc()),
            ratio(x.riskDetail().continuingDemographic()), ratio(x.riskDetail().continuing()),
            ratio(x.riskDetail().demographic()), ratio(x.riskDetail().cap()),
            money(x.benchmarkTotal()), money(x.expenditureTotal()), rules.version()));
      }
      long assigned = counts.getOrDefault(aco, 0L);
      acoRows.add(RowFactory.create(aco, performanceYear, r.era(), r.agreementKind(), Date.valueOf(start), period, by1,
          r.regionalApplication(), r.regionalDirection(), ratio(r.regionalWeight()), ratio(r.nationalWeightBy3()),
          ratio(r.nationalWeightPy()), assigned, py(r.personYearsBy3()), py(r.personYearsPy()),
          r.riskRatioMethod(), r.continuityBasis(), py(sumOf(r, true)), py(sumOf(r, false)), pc(r.historical()),
          pc(r.regional()), pc(r.regionalAdjustment()), pc(r.priorSavingsAdjustment()), pc(r.updated()),
          money(r.benchmarkTotal()), pc(r.expenditurePerCapita()), money(r.expenditureTotal()), rules.version()));
      Row q = qualityByAco.get(aco);
      if (q != null && r.personYearsPy().signum() <= 0) {
        // Nothing to settle: no benchmark without PY person-years. The ACO keeps its
        // aco_benchmark rows (all zero), and the log names it.
        LOG.warn("benchmark PY{}: ACO {} has no assigned beneficiary-months in the performance year; it is in "
            + "aco_benchmark but not in aco_totals, so it is not settled", performanceYear, aco);
      } else if (q != null) {
        totalsRows.add(RowFactory.create(aco, performanceYear, a.getAs("track"), Math.toIntExact(assigned),
            money(r.benchmarkTotal()), money(r.expenditureTotal()), a.getAs("msr_election"),
            q.<BigDecimal>getAs(SettlementColumns.QUALITY_SCORE), q.getAs(SettlementColumns.QUALITY_STANDARD_MET),
            optional(q, SettlementColumns.EUC_LOSS_REDUCTION_FRACTION),
            optional(q, SettlementColumns.EUC_LOSS_REDUCTION_AMOUNT), performanceYear - start.getYear() + 1,
            optional(q, SettlementColumns.PARTICIPANT_REVENUE_TOTAL), optional(q, SettlementColumns.PAY_FOR_REPORTING),
            optional(q, SettlementColumns.SLIDING_SCALE_ELIGIBLE)));
      }
    }
    Dataset<Row> byType = spark.createDataFrame(typeRows, BenchmarkTables.ACO_BENCHMARK_BY_TYPE.schema());
    Dataset<Row> benchmark = spark.createDataFrame(acoRows, BenchmarkTables.ACO_BENCHMARK.schema());
    Dataset<Row> totals = quality == null ? null
        : SettlementTables.ACO_TOTALS.conform(spark.createDataFrame(totalsRows, totalsSchema()));
    return new Outputs(byType, benchmark, totals);
  }

  /** A settlement input of the quality row that the file may leave out (BenchmarkJob.QUALITY_OPTIONAL). */
  private static Object optional(Row quality, String column) {
    return java.util.Arrays.asList(quality.schema().fieldNames()).contains(column) ? quality.getAs(column) : null;
  }

  /** The aco_totals schema with nullable fields, so rows may leave optional columns empty. */
  private static org.apache.spark.sql.types.StructType totalsSchema() {
    org.apache.spark.sql.types.StructType s = new org.apache.spark.sql.types.StructType();
    for (var f : SettlementTables.ACO_TOTALS.schema().fields()) {
      org.apache.spark.sql.types.DataType type = f.dataType() instanceof org.apache.spark.sql.types.DecimalType
          ? org.apache.spark.sql.types.DataTypes.createDecimalType(38, 10) : f.dataType();
      s = s.add(f.name(), type, true);
    }
    return s;
  }

  /** The newly / continuously assigned split of one type; zero person-years for a missing cohort. */
  private static BenchmarkCalculator.Cohorts cohortsOf(Map<Key, Row> cohorts, String aco, int year, String type) {
    Row nw = cohorts.get(new Key(aco, year, type + "/" + RiskCohortStage.NEWLY));
    Row ct = cohorts.get(new Key(aco, year, type + "/" + RiskCohortStage.CONTINUOUSLY));
    return new BenchmarkCalculator.Cohorts(
        nw == null ? BigDecimal.ZERO : nw.getAs(PERSON_YEARS_COL), nw == null ? null : nw.getAs("mean_risk_score"),
        ct == null ? BigDecimal.ZERO : ct.getAs(PERSON_YEARS_COL), ct == null ? null : ct.getAs("mean_risk_score"),
        ct == null ? null : ct.getAs(MEAN_DEMOGRAPHIC_RISK_SCORE));
  }

  /** Newly (or continuously) assigned person-years over types; null when the method has no split. */
  private static BigDecimal sumOf(Result r, boolean newly) {
    if (!r.riskRatioMethod().equals(BenchmarkRules.NEWLY_CONTINUOUS)) {
      return null;
    }
    BigDecimal s = BigDecimal.ZERO;
    for (TypeResult x : r.types()) {
      BigDecimal v = newly ? x.riskDetail().personYearsNewly() : x.riskDetail().personYearsContinuing();
      s = v == null ? s : s.add(v);
    }
    return s;
  }

  private static Years years(BigDecimal[] v) {
    return new Years(v[0], v[1], v[2], v[3]);
  }

  private static BigDecimal scale(BigDecimal v, int s) {
    return v == null ? null : v.setScale(s, RoundingMode.HALF_UP);
  }

  static BigDecimal money(BigDecimal v) {
    return scale(v, 2);
  }

  static BigDecimal pc(BigDecimal v) {
    return scale(v, 6);
  }

  static BigDecimal py(BigDecimal v) {
    return scale(v, 8);
  }

  static BigDecimal ratio(BigDecimal v) {
    return scale(v, 10);
  }
}
