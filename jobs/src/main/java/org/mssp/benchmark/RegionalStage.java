package org.mssp.benchmark;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.least;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;
import static org.mssp.expenditure.ExpenditureStage.on;
import static org.mssp.expenditure.ExpenditureTables.*;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.mssp.expenditure.ExpenditureStage;

/**
 * Regional (county) expenditure and the ACO's regional service area (mssp-methodology.md §3.2,
 * §3.3; §425.20, §425.601(a)(8), §425.603(e)-(f)).
 *
 * <ul>
 *   <li>{@link #countyExpenditure} (evaluator mode): per county × year × type over the national
 *       assignable population: person-years, completed truncated per capita, mean renormalised
 *       risk, each month in the county lived in that month. {@link #countyFromCmsFile} (ACO mode)
 *       reads the same figures from CMS's county file.
 *   <li>{@link #acoRegional}: per ACO × year × type, the regional per capita at risk 1.0: each
 *       county's per capita divided by its mean risk, weighted by the ACO's assigned person-years
 *       in the county and type (counties without a risk score are left out) [INFER: CMS
 *       risk-standardises county spend this way before weighting]. Person-years are counted by the
 *       month: a beneficiary who moves during the year counts its eligible months of each type in
 *       the county it lived in that month [INFER: CMS's person-years by county of residence].
 *   <li>{@link #nationalWeights}: the 2019+ blend's national weight = Σ_c (ACO person-years in
 *       c / ACO person-years) × min(1, ACO person-years in c / assignable person-years in c),
 *       all types together [INFER on pooling the types].
 * </ul>
 */
public final class RegionalStage {
  private RegionalStage() {}

  public static final String SOURCE_EVALUATOR = "EVALUATOR";
  public static final String SOURCE_COUNTY_FILE = "COUNTY_FILE";

  /**
   * Evaluator mode county figures from truncated beneficiary expenditure and renormalised risk,
   * by the county of residence in each month: a beneficiary's eligible months of a type count in
   * the county it lived in that month, and its truncated spend of the year and type is shared out
   * over those counties in proportion to the months [INFER: CMS apportions a mover's expenditures
   * and person-years to its counties of residence by time; the apportioning by months, not by the
   * month of service, is this project's choice]. Months without a county are left out, with their
   * share of the spend. Grain: county × year × type.
   *
   * @param truncated {@code beneficiary_expenditure} rows (bene × year × type: eligible months,
   *     truncated spend, assignable flag)
   * @param eligibleMonths {@link ExpenditureStage#eligibleMonths} rows of the years (bene × year ×
   *     month, with the month's type and county)
   */
  public static Dataset<Row> countyExpenditure(
      Dataset<Row> truncated, Dataset<Row> risk, Dataset<Row> eligibleMonths, BigDecimal completionFactor) {
    return countyExpenditure(truncated, risk, eligibleMonths, lit(completionFactor));
  }

  /** {@link #countyExpenditure(Dataset, Dataset, Dataset, BigDecimal)} with the completion factor as a column (e.g. per year). */
  public static Dataset<Row> countyExpenditure(
      Dataset<Row> truncated, Dataset<Row> risk, Dataset<Row> eligibleMonths, Column completionFactor) {
    Dataset<Row> countyMonths = eligibleMonths.where(col(COUNTY).isNotNull())
        .groupBy(BENE_ID, YEAR, ENROLLMENT_TYPE, COUNTY)
        .agg(count(lit(1)).cast(DataTypes.createDecimalType(4, 0)).as("county_months"));
    // The year's truncated spend times the months in the county over the months of the type, as a
    // decimal of scale 7 (Spark's scale for cents divided by a 4-digit decimal), summed per county
    // before the per capita is rounded to its own scale.
    Column share = col(TRUNCATED_SPEND).cast(DataTypes.createDecimalType(20, 2)).multiply(col("county_months"))
        .divide(col(ELIGIBLE_MONTHS).cast(DataTypes.createDecimalType(4, 0)));
    Column months = col("county_months").cast(DataTypes.LongType);
    return truncated.where(col(ASSIGNABLE))
        .select(BENE_ID, YEAR, ENROLLMENT_TYPE, ELIGIBLE_MONTHS, TRUNCATED_SPEND)
        .join(countyMonths, on(BENE_ID, YEAR, ENROLLMENT_TYPE))
        .join(risk.select(BENE_ID, YEAR, ENROLLMENT_TYPE, "normalized_risk_score"), on(BENE_ID, YEAR, ENROLLMENT_TYPE), "left")
        .groupBy(COUNTY, YEAR, ENROLLMENT_TYPE)
        .agg(sum(months).as("months"), sum(share).as("spend"),
            sum(col("normalized_risk_score").multiply(months)).as("risk_weighted"),
            sum(when(col("normalized_risk_score").isNotNull(), months)).as("risk_months"))
        .select(col(COUNTY), col(YEAR), col(ENROLLMENT_TYPE),
            col("months").cast(PERSON_YEARS).divide(lit(12)).cast(PERSON_YEARS).as(PERSON_YEARS_COL),
            ExpenditureStage.perCapita(col("spend"), col("months"), completionFactor).as("per_capita"),
            col("risk_weighted").divide(col("risk_months")).cast(RATIO).as("mean_risk_score"),
            lit(SOURCE_EVALUATOR).as("source"));
  }

  /** The CMS county file's column prefix of each enrollment type. */
  static final List<String[]> COUNTY_FILE_TYPES = List.of(
      new String[] {"ESRD", "ESRD"},
      new String[] {"DISABLED", "DISABLED"},
      new String[] {"AGED_DUAL", "AGED/DUAL"},
      new String[] {"AGED_NON_DUAL", "AGED/NON-DUAL"});

  /**
   * ACO mode: CMS's county-level FFS file (the format of mssp-county-ffs-2018.csv, read with a
   * header and every column as text) → county_expenditure rows. County code = SSA state id (2
   * digits) + county id (3 digits), as beneficiary_month carries it. Suppressed cells ('.', '*')
   * give no row for that county and type.
   */
  public static Dataset<Row> countyFromCmsFile(Dataset<Row> countyFile) {
    List<Dataset<Row>> parts = new ArrayList<>();
    Column code = org.apache.spark.sql.functions.format_string("%02d%03d",
        col("`State ID`").cast(DataTypes.IntegerType), col("`County ID`").cast(DataTypes.IntegerType));
    for (String[] t : COUNTY_FILE_TYPES) {
      Column pc = col("`Per capita " + t[1] + " expenditures`");
      Column risk = col("`Average " + t[1] + " HCC risk score`");
      Column py = col("`" + t[1] + " person-years `");
      Column numeric = pc.rlike("^-?[0-9.]+$").and(risk.rlike("^[0-9.]+$")).and(py.rlike("^[0-9.]+$"))
          .and(pc.notEqual(".")).and(py.notEqual("."));
      parts.add(countyFile.where(numeric).select(code.as(COUNTY), col("Year").cast(DataTypes.IntegerType).as(YEAR),
          lit(t[0]).as(ENROLLMENT_TYPE), py.cast(PERSON_YEARS).as(PERSON_YEARS_COL), pc.cast(PER_CAPITA).as("per_capita"),
          risk.cast(RATIO).as("mean_risk_score"), lit(SOURCE_COUNTY_FILE).as("source")));
    }
    Dataset<Row> out = parts.get(0);
    for (int i = 1; i < parts.size(); i++) {
      out = out.unionByName(parts.get(i));
    }
    return out;
  }

  /** ACO mode national per capita per year × type: person-year weighted mean of the counties. */
  public static Dataset<Row> nationalFromCounties(Dataset<Row> county) {
    return county.groupBy(YEAR, ENROLLMENT_TYPE)
        .agg(sum(col(PERSON_YEARS_COL)).as("py"), sum(col("per_capita").multiply(col(PERSON_YEARS_COL))).as("spend"))
        .select(col(YEAR), col(ENROLLMENT_TYPE), col("py").cast(PERSON_YEARS).as(PERSON_YEARS_COL),
            col("spend").divide(col("py")).cast(PER_CAPITA).as("per_capita"));
  }

  /**
   * Person-months of each ACO's assigned beneficiaries per year × type × county of residence in
   * the month.
   *
   * @param eligibleMonths {@link ExpenditureStage#eligibleMonths} rows of the years (one per
   *     beneficiary × year × month, with the month's enrollment type and county); months without a
   *     county are left out
   */
  public static Dataset<Row> acoCountyMonths(Dataset<Row> assignment, Dataset<Row> eligibleMonths) {
    return assignment.select(col(BENE_ID), col(PERFORMANCE_YEAR), col("assignment_year").as(YEAR), col(ACO_ID))
        .join(eligibleMonths.select(BENE_ID, YEAR, ENROLLMENT_TYPE, COUNTY), on(BENE_ID, YEAR))
        .where(col(COUNTY).isNotNull())
        .groupBy(ACO_ID, PERFORMANCE_YEAR, YEAR, ENROLLMENT_TYPE, COUNTY)
        .agg(count(lit(1)).as("aco_months"));
  }

  /**
   * Regional per capita at risk 1.0 per ACO × performance year × year × type.
   *
   * @param acoCountyMonths {@link #acoCountyMonths} of the performance year
   */
  public static Dataset<Row> acoRegional(Dataset<Row> acoCountyMonths, Dataset<Row> county) {
    return acoCountyMonths
        .join(county.where(col("mean_risk_score").isNotNull().and(col("mean_risk_score").gt(0))),
            on(YEAR, ENROLLMENT_TYPE, COUNTY))
        .groupBy(ACO_ID, PERFORMANCE_YEAR, YEAR, ENROLLMENT_TYPE)
        .agg(sum(col("aco_months").multiply(col("per_capita").divide(col("mean_risk_score")))).as("weighted"),
            sum(col("aco_months")).as("months"))
        .select(col(ACO_ID), col(PERFORMANCE_YEAR), col(YEAR), col(ENROLLMENT_TYPE),
            col("weighted").divide(col("months")).cast(PER_CAPITA).as("regional_per_capita"));
  }

  /**
   * National weight of the blended trend per ACO × performance year × year.
   *
   * @param acoCountyMonths {@link #acoCountyMonths} of the performance year
   */
  public static Dataset<Row> nationalWeights(Dataset<Row> acoCountyMonths, Dataset<Row> county) {
    Dataset<Row> acoCounty = acoCountyMonths
        .groupBy(ACO_ID, PERFORMANCE_YEAR, YEAR, COUNTY).agg(sum("aco_months").as("aco_months"));
    Dataset<Row> countyMonths = county.groupBy(YEAR, COUNTY)
        .agg(sum(col(PERSON_YEARS_COL).multiply(lit(12))).as("county_months"));
    Dataset<Row> acoTotal = acoCounty.groupBy(ACO_ID, PERFORMANCE_YEAR, YEAR).agg(sum("aco_months").as("aco_total"));
    return acoCounty.join(countyMonths, on(YEAR, COUNTY))
        .join(acoTotal, on(ACO_ID, PERFORMANCE_YEAR, YEAR))
        .groupBy(ACO_ID, PERFORMANCE_YEAR, YEAR)
        .agg(sum(col("aco_months").divide(col("aco_total"))
            .multiply(least(lit(BigDecimal.ONE), col("aco_months").divide(col("county_months"))))).as("w"))
        .select(col(ACO_ID), col(PERFORMANCE_YEAR), col(YEAR), col("w").cast(RATIO).as("national_weight"));
  }
}
