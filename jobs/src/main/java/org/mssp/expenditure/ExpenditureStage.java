package org.mssp.expenditure;

import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.ceil;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.countDistinct;
import static org.apache.spark.sql.functions.date_add;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.least;
import static org.apache.spark.sql.functions.make_date;
import static org.apache.spark.sql.functions.max_by;
import static org.apache.spark.sql.functions.month;
import static org.apache.spark.sql.functions.add_months;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;
import static org.apache.spark.sql.functions.year;
import static org.mssp.expenditure.ExpenditureTables.*;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.types.DataTypes;
import org.mssp.benchmark.rules.BenchmarkRules;
import org.mssp.benchmark.rules.BenchmarkRules.ClaimType;

/**
 * Beneficiary expenditures of calendar years, each by its own rules (mssp-methodology.md §2).
 *
 * <ol>
 *   <li>{@link #claimPayments}: one row per final-action claim (Part A header) or line (Part B
 *       carrier and DME) with a date of service in one of the years: Medicare paid amount (Part A:
 *       CLM_PMT_AMT less IME, DSH and uncompensated care, {@code payment_exclusions.csv}),
 *       category from CLM_TYPE_CD ({@code claim_types.csv}), and whether it was processed
 *       (CLM_EFCTV_DT, else the delivery date) within the run-out ({@code runout_months} after the
 *       year end). Part D is not in these tables.
 *   <li>{@link #eligibleMonths}: months with Parts A and B FFS, up to the month of death, with the
 *       month's enrollment type and county (from {@code beneficiary_month}).
 *   <li>{@link #beneficiaryExpenditure}: per beneficiary × type, eligible months, person-years
 *       and spend per category of claims within the run-out whose service month is an eligible
 *       month of that type; county of the last eligible month of the type; assignable flag.
 *   <li>{@link #truncationCaps} (evaluator mode): exact nearest-rank 99th percentile of raw spend
 *       per type over the assignable population; {@link #applyTruncation} caps each row.
 *   <li>{@link #nationalExpenditure}: assignable population's completed per capita per type.
 * </ol>
 *
 * <p>Service date: Part A claims use CLM_THRU_DT (an inpatient stay counts in its discharge
 * month) and Part B lines CLM_LINE_FROM_DT [INFER]. Truncation caps a row's total for the year
 * and type, not an annualised amount [INFER].
 */
public final class ExpenditureStage {
  private ExpenditureStage() {}

  public static final String PAID = "paid_amount";
  public static final String CATEGORY = "category";
  public static final String SERVICE_DATE = "service_date";
  public static final String PROCESSED_DATE = "processed_date";
  public static final String WITHIN_RUNOUT = "within_runout";
  public static final String MONTH = "month";

  private static final org.apache.spark.sql.types.DataType CLAIM_MONEY = DataTypes.createDecimalType(22, 2);

  /** Claims and lines with a date of service in {@code year}, paid amount, category, run-out flag. */
  public static Dataset<Row> claimPayments(
      Dataset<Row> partAHeader, Dataset<Row> physicianLines, Dataset<Row> dmeLines, int year, BenchmarkRules rules) {
    return claimPayments(partAHeader, physicianLines, dmeLines, List.of(year), rules);
  }

  /**
   * Claims and lines with a date of service in any of {@code years}, each with its year's paid
   * amount, category and run-out flag (the rules of the year of service): the years are read in
   * one scan of each table.
   */
  public static Dataset<Row> claimPayments(
      Dataset<Row> partAHeader, Dataset<Row> physicianLines, Dataset<Row> dmeLines, List<Integer> years,
      BenchmarkRules rules) {
    Map<Integer, Column> paidByYear = new TreeMap<>();
    Map<Integer, Column> categoryByYear = new TreeMap<>();
    Map<Integer, Integer> runoutByYear = new TreeMap<>();
    Map<List<String>, Column> paidByExclusions = new java.util.HashMap<>();
    Map<List<ClaimType>, Column> categoryByTypes = new java.util.HashMap<>();
    for (int y : years) {
      // Equal rules give the same Column object, so years that share their rules share one branch.
      paidByYear.put(y, paidByExclusions.computeIfAbsent(rules.paymentExclusionsFor(y), ExpenditureStage::partAPaid));
      categoryByYear.put(y, categoryByTypes.computeIfAbsent(rules.claimTypesFor(y), ExpenditureStage::category));
      runoutByYear.put(y, rules.parameter("runout_months", y).intValueExact());
    }
    Dataset<Row> a = partAHeader.select(
        col("bene_mbi_id").as(BENE_ID), lit("part_a_claim_header").as("source_table"),
        col("clm_type_cd"), col("clm_thru_dt").as(SERVICE_DATE),
        coalesce(col("clm_efctv_dt"), col("delivery_date")).as(PROCESSED_DATE),
        byYear(year(col("clm_thru_dt")), paidByYear).as(PAID));
    Dataset<Row> b = physicianLines.select(
        col("bene_mbi_id").as(BENE_ID), lit("part_b_physician_line").as("source_table"),
        col("clm_type_cd"), col("clm_line_from_dt").as(SERVICE_DATE),
        coalesce(col("clm_efctv_dt"), col("delivery_date")).as(PROCESSED_DATE),
        col("clm_line_cvrd_pd_amt").cast(CLAIM_MONEY).as(PAID));
    Dataset<Row> dme = dmeLines.select(
        col("bene_mbi_id").as(BENE_ID), lit("part_b_dme_line").as("source_table"),
        col("clm_type_cd"), col("clm_line_from_dt").as(SERVICE_DATE),
        coalesce(col("clm_efctv_dt"), col("delivery_date")).as(PROCESSED_DATE),
        col("clm_line_cvrd_pd_amt").cast(CLAIM_MONEY).as(PAID));
    // Last processing day counted: the end of the run-out (e.g. March 31 of year + 1).
    Column runoutEnd = date_add(add_months(make_date(col(YEAR).plus(1), lit(1), lit(1)),
        byYear(col(YEAR), constants(runoutByYear))), -1);
    return a.unionByName(b).unionByName(dme)
        .where(year(col(SERVICE_DATE)).isin(years.toArray()))
        .withColumn(YEAR, year(col(SERVICE_DATE)))
        .withColumn(CATEGORY, byYear(col(YEAR), categoryByYear))
        .withColumn(MONTH, month(col(SERVICE_DATE)))
        .withColumn(WITHIN_RUNOUT, col(PROCESSED_DATE).leq(runoutEnd));
  }

  /** Part A paid: CLM_PMT_AMT less the excluded amount columns (a null one counts as zero). */
  private static Column partAPaid(List<String> exclusions) {
    Column paid = col("clm_pmt_amt").cast(CLAIM_MONEY);
    for (String excluded : exclusions) {
      paid = paid.minus(coalesce(col(excluded), lit(BigDecimal.ZERO)).cast(CLAIM_MONEY));
    }
    return paid;
  }

  /** The category of a claim or line from its source table and claim type code; null for none. */
  private static Column category(List<ClaimType> types) {
    Column category = lit(null).cast(DataTypes.StringType);
    for (ClaimType t : types) {
      category = when(col("source_table").equalTo(t.sourceTable()).and(col("clm_type_cd").equalTo(t.claimTypeCode())),
          lit(t.category())).otherwise(category);
    }
    return category;
  }

  /** Per-year constants as literal columns. */
  public static <T> Map<Integer, Column> constants(Map<Integer, T> values) {
    Map<T, Column> shared = new java.util.HashMap<>();
    Map<Integer, Column> out = new TreeMap<>();
    // Years with equal values share one literal, so byYear needs no branch for them.
    values.forEach((y, v) -> out.put(y, shared.computeIfAbsent(v, org.apache.spark.sql.functions::lit)));
    return out;
  }

  /**
   * The expression of the row's year: {@code year} picks among {@code byYear} (null for a year
   * not in it). One year, or years that all share one expression object, give that expression
   * itself, with no branch.
   */
  public static Column byYear(Column year, Map<Integer, Column> byYear) {
    if (byYear.isEmpty()) {
      throw new IllegalArgumentException("no year");
    }
    java.util.Set<Column> distinct = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
    distinct.addAll(byYear.values());
    if (distinct.size() == 1) {
      return byYear.values().iterator().next();
    }
    Column out = null;
    for (Map.Entry<Integer, Column> e : byYear.entrySet()) {
      out = out == null ? when(year.equalTo(e.getKey()), e.getValue()) : out.when(year.equalTo(e.getKey()), e.getValue());
    }
    return out;
  }

  /**
   * Eligible months of {@code year}: Parts A and B FFS ({@code ffs_part_a_and_b}), an enrollment
   * type, and not after the month of death. Grain: beneficiary × month.
   */
  public static Dataset<Row> eligibleMonths(Dataset<Row> beneficiaryMonth, int year) {
    return eligibleMonths(beneficiaryMonth, List.of(year));
  }

  /** {@link #eligibleMonths(Dataset, int)} of each of {@code years}. */
  public static Dataset<Row> eligibleMonths(Dataset<Row> beneficiaryMonth, List<Integer> years) {
    Column alive = col("death_date").isNull()
        .or(year(col("death_date")).gt(col("year")))
        .or(year(col("death_date")).equalTo(col("year")).and(month(col("death_date")).geq(col("month"))));
    return beneficiaryMonth
        .where(col("year").isin(years.toArray()).and(col("ffs_part_a_and_b")).and(col("enrollment_type").isNotNull()).and(alive))
        .select(col("bene_mbi_id").as(BENE_ID), col("year").as(YEAR), col("month").as(MONTH),
            col("enrollment_type").as(ENROLLMENT_TYPE), col("state_county_fips").as(COUNTY));
  }

  /** Number and paid amount of the counted claims of a month (within the run-out, known type). */
  public static final String COUNTED_N = "counted_n";
  public static final String COUNTED_PAID = "counted_paid";
  /** Number and paid amount of the claims of a month processed after the run-out. */
  public static final String LATE_N = "late_n";
  public static final String LATE_PAID = "late_paid";
  /** Number and paid amount of the claims of a month whose claim type has no category. */
  public static final String UNKNOWN_N = "unknown_n";
  public static final String UNKNOWN_PAID = "unknown_paid";
  /** Number and paid amount of the counted claims of a year whose service month is not eligible. */
  public static final String INELIGIBLE_N = "ineligible_n";
  public static final String INELIGIBLE_PAID = "ineligible_paid";

  /**
   * Per beneficiary × year × month of service ({@link #claimPayments} rows): the spend per category
   * of the counted claims (within the run-out and of a known type; null for a category without
   * one), and the number and paid amount of the counted, late and unknown-type claims (a late claim
   * of unknown type is in both), so that {@link #exclusions} needs no second pass over the claims.
   */
  public static Dataset<Row> monthlySpend(Dataset<Row> claims) {
    // The three flags are columns of their own, so the category expression (a branch per claim
    // type) is evaluated once per claim, not once per aggregate that reads it.
    Dataset<Row> flagged = claims.select(col(BENE_ID), col(YEAR), col(MONTH), col(CATEGORY), col(PAID),
        col(WITHIN_RUNOUT).and(col(CATEGORY).isNotNull()).as("counted"),
        col(WITHIN_RUNOUT).equalTo(false).as("late"),
        col(CATEGORY).isNull().as("unknown"));
    Column counted = col("counted");
    Column late = col("late");
    Column unknown = col("unknown");
    List<Column> aggs = new ArrayList<>();
    for (String c : CATEGORIES) {
      aggs.add(sum(when(counted.and(col(CATEGORY).equalTo(c)), col(PAID))).as(spendColumn(c)));
    }
    aggs.add(count(when(counted, lit(1))).as(COUNTED_N));
    aggs.add(sum(when(counted, col(PAID))).as(COUNTED_PAID));
    aggs.add(count(when(late, lit(1))).as(LATE_N));
    aggs.add(sum(when(late, col(PAID))).as(LATE_PAID));
    aggs.add(count(when(unknown, lit(1))).as(UNKNOWN_N));
    aggs.add(sum(when(unknown, col(PAID))).as(UNKNOWN_PAID));
    return flagged.groupBy(BENE_ID, YEAR, MONTH).agg(aggs.get(0), aggs.subList(1, aggs.size()).toArray(new Column[0]));
  }

  /**
   * Claims left out of the expenditures, per year (never dropped silently): processed after the
   * run-out, of a claim type without a category, and counted claims whose service month is not an
   * eligible month; each as a number of claims and a paid amount (zero when none). Grain: one row
   * per year of {@code monthly} ({@link #monthlySpend}).
   */
  public static Dataset<Row> exclusions(Dataset<Row> monthly, Dataset<Row> months) {
    Dataset<Row> eligible = months.select(BENE_ID, YEAR, MONTH).withColumn("eligible", lit(true));
    Column ineligible = col("eligible").isNull();
    return monthly.join(eligible, on(BENE_ID, YEAR, MONTH), "left")
        .groupBy(YEAR)
        .agg(coalesce(sum(LATE_N), lit(0L)).as(LATE_N),
            coalesce(sum(LATE_PAID), lit(BigDecimal.ZERO)).as(LATE_PAID),
            coalesce(sum(UNKNOWN_N), lit(0L)).as(UNKNOWN_N),
            coalesce(sum(UNKNOWN_PAID), lit(BigDecimal.ZERO)).as(UNKNOWN_PAID),
            coalesce(sum(when(ineligible, col(COUNTED_N))), lit(0L)).as(INELIGIBLE_N),
            coalesce(sum(when(ineligible, col(COUNTED_PAID))), lit(BigDecimal.ZERO)).as(INELIGIBLE_PAID));
  }

  /**
   * Per beneficiary × type of each year: eligible months, person-years, spend by category of
   * claims within the run-out in eligible months of the type, raw total, county, assignable flag.
   * {@code assignableBeneYears} has the columns {@code bene_id} and {@code year} (each year's
   * assignable population; a beneficiary is flagged in the years it is assignable).
   * The cap columns are left null for {@link #applyTruncation}.
   */
  public static Dataset<Row> beneficiaryExpenditure(
      Dataset<Row> claims, Dataset<Row> months, Dataset<Row> assignableBeneYears, String rulesVersion) {
    return beneficiaryExpenditureFromMonthly(monthlySpend(claims), months, assignableBeneYears, rulesVersion);
  }

  /** {@link #beneficiaryExpenditure} from the claims' {@link #monthlySpend}. */
  public static Dataset<Row> beneficiaryExpenditureFromMonthly(
      Dataset<Row> monthly, Dataset<Row> months, Dataset<Row> assignableBeneYears, String rulesVersion) {
    List<Column> aggs = new ArrayList<>();
    aggs.add(max_by(col(COUNTY), col(MONTH)).as(COUNTY));
    for (String c : CATEGORIES) {
      aggs.add(coalesce(sum(col(spendColumn(c))), lit(BigDecimal.ZERO)).cast(MONEY).as(spendColumn(c)));
    }
    Dataset<Row> perType = months.join(monthly, on(BENE_ID, YEAR, MONTH), "left")
        .groupBy(BENE_ID, YEAR, ENROLLMENT_TYPE)
        .agg(count(lit(1)).cast(DataTypes.IntegerType).as(ELIGIBLE_MONTHS), aggs.toArray(new Column[0]));
    Column raw = lit(BigDecimal.ZERO);
    for (String c : CATEGORIES) {
      raw = raw.plus(col(spendColumn(c)));
    }
    Dataset<Row> flagged = assignableBeneYears.select(col(BENE_ID), col(YEAR)).distinct().withColumn(ASSIGNABLE, lit(true));
    return perType
        .withColumn(PERSON_YEARS_COL, col(ELIGIBLE_MONTHS).cast(PERSON_YEARS).divide(lit(12)).cast(PERSON_YEARS))
        .withColumn(RAW_SPEND, raw.cast(MONEY))
        .join(flagged, on(BENE_ID, YEAR), "left")
        .withColumn(ASSIGNABLE, coalesce(col(ASSIGNABLE), lit(false)))
        .withColumn(TRUNCATION_CAP, lit(null).cast(MONEY))
        .withColumn(TRUNCATED_SPEND, col(RAW_SPEND))
        .withColumn(RULES_VERSION, lit(rulesVersion));
  }

  /**
   * Evaluator mode: per year × type, the exact nearest-rank percentile {@code p} of raw spend over
   * the assignable population: the value at rank ⌈p·n⌉ in ascending order (ties broken by
   * bene_id). Exact on decimals, no interpolation, an observed amount (like percentile_disc).
   */
  public static Dataset<Row> truncationCaps(Dataset<Row> beneficiaryExpenditure, BigDecimal percentile) {
    return truncationCaps(beneficiaryExpenditure, lit(percentile));
  }

  /** {@link #truncationCaps(Dataset, BigDecimal)} with the percentile as a column (e.g. per year, {@link #byYear}). */
  public static Dataset<Row> truncationCaps(Dataset<Row> beneficiaryExpenditure, Column percentile) {
    var byType = Window.partitionBy(YEAR, ENROLLMENT_TYPE);
    return beneficiaryExpenditure.where(col(ASSIGNABLE))
        .withColumn("rank", row_number().over(byType.orderBy(col(RAW_SPEND), col(BENE_ID))))
        .withColumn("n", count(lit(1)).over(byType))
        .where(col("rank").equalTo(ceil(percentile.multiply(col("n")))))
        .select(col(YEAR), col(ENROLLMENT_TYPE), col(RAW_SPEND).cast(MONEY).as(TRUNCATION_CAP));
  }

  /** Caps each row's raw spend at its year × type cap; fails later (null cap) if a type has none. */
  public static Dataset<Row> applyTruncation(Dataset<Row> beneficiaryExpenditure, Dataset<Row> caps) {
    return beneficiaryExpenditure.drop(TRUNCATION_CAP, TRUNCATED_SPEND)
        .join(broadcast(caps.select(YEAR, ENROLLMENT_TYPE, TRUNCATION_CAP)),
            on(YEAR, ENROLLMENT_TYPE), "left")
        .withColumn(TRUNCATED_SPEND,
            when(col(TRUNCATION_CAP).isNull(), col(RAW_SPEND)).otherwise(least(col(RAW_SPEND), col(TRUNCATION_CAP))).cast(MONEY));
  }

  /**
   * National figures per year × type over the assignable population: beneficiaries, months,
   * person-years, truncated spend and completed per capita = Σ truncated × 12 / Σ months × cf.
   */
  public static Dataset<Row> nationalExpenditure(
      Dataset<Row> truncated, Dataset<Row> caps, BigDecimal completionFactor, String source, String rulesVersion) {
    return nationalExpenditure(truncated, caps, lit(completionFactor), source, rulesVersion);
  }

  /** {@link #nationalExpenditure(Dataset, Dataset, BigDecimal, String, String)} with the completion factor as a column (e.g. per year). */
  public static Dataset<Row> nationalExpenditure(
      Dataset<Row> truncated, Dataset<Row> caps, Column completionFactor, String source, String rulesVersion) {
    Dataset<Row> agg = truncated.where(col(ASSIGNABLE))
        .groupBy(YEAR, ENROLLMENT_TYPE)
        .agg(countDistinct(col(BENE_ID)).as("beneficiaries"),
            sum(col(ELIGIBLE_MONTHS).cast(DataTypes.LongType)).as(ELIGIBLE_MONTHS),
            sum(col(TRUNCATED_SPEND)).cast(MONEY).as(TRUNCATED_SPEND));
    return caps.join(agg, on(YEAR, ENROLLMENT_TYPE), "left")
        .withColumn(PERSON_YEARS_COL, col(ELIGIBLE_MONTHS).cast(PERSON_YEARS).divide(lit(12)).cast(PERSON_YEARS))
        .withColumn("completion_factor", completionFactor.cast(RATIO))
        .withColumn("per_capita", perCapita(col(TRUNCATED_SPEND), col(ELIGIBLE_MONTHS), col("completion_factor")))
        .withColumn("source", lit(source))
        .withColumn(RULES_VERSION, lit(rulesVersion));
  }

  /** Join columns as the Scala sequence {@code Dataset.join} takes. */
  public static scala.collection.immutable.Seq<String> on(String... columns) {
    return scala.jdk.javaapi.CollectionConverters.asScala(List.of(columns)).toList();
  }

  /** Completed per capita: spend × 12 × completion factor / months, at 6 decimals. */
  public static Column perCapita(Column spend, Column months, Column completionFactor) {
    return spend.cast(DataTypes.createDecimalType(24, 2)).multiply(lit(12)).multiply(completionFactor.cast(DataTypes.createDecimalType(12, 6)))
        .divide(months.cast(DataTypes.createDecimalType(12, 0)))
        .cast(PER_CAPITA);
  }
}
