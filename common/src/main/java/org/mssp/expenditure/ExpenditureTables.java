package org.mssp.expenditure;

import java.util.List;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.mssp.common.schema.TableSpec;

/**
 * Contracts of the expenditure domain (mssp-methodology.md §2): per beneficiary, per ACO and the
 * national reference figures (truncation caps, national per capita) of the assignable population.
 */
public final class ExpenditureTables {
  private ExpenditureTables() {}

  /** Dollars summed over many claims. */
  public static final DataType MONEY = DataTypes.createDecimalType(20, 2);
  /** Per-capita dollars, kept at 6 decimals (CMS publishes whole dollars; we do not round). */
  public static final DataType PER_CAPITA = DataTypes.createDecimalType(20, 6);
  /** Person-years = eligible months / 12, at 8 decimals (aggregates divide months, not this). */
  public static final DataType PERSON_YEARS = DataTypes.createDecimalType(18, 8);
  /** Mean risk scores and ratios. */
  public static final DataType RATIO = DataTypes.createDecimalType(20, 10);

  public static final String BENE_ID = "bene_id";
  public static final String ACO_ID = "aco_id";
  public static final String YEAR = "year";
  public static final String PERFORMANCE_YEAR = "performance_year";
  public static final String ENROLLMENT_TYPE = "enrollment_type";
  public static final String ELIGIBLE_MONTHS = "eligible_months";
  public static final String PERSON_YEARS_COL = "person_years";
  public static final String RAW_SPEND = "raw_spend";
  public static final String TRUNCATION_CAP = "truncation_cap";
  public static final String TRUNCATED_SPEND = "truncated_spend";
  public static final String COUNTY = "county_code";
  public static final String ASSIGNABLE = "assignable";
  public static final String RULES_VERSION = "rules_version";
  public static final String MEAN_DEMOGRAPHIC_RISK_SCORE = "mean_demographic_risk_score";

  /** The four enrollment types, in CMS's order (ESRD > disabled > aged/dual > aged/non-dual). */
  public static final List<String> ENROLLMENT_TYPES = List.of("ESRD", "DISABLED", "AGED_DUAL", "AGED_NON_DUAL");

  /** Expenditure categories (claim types), also the spend column names in lower case. */
  public static final List<String> CATEGORIES =
      List.of("INPATIENT", "SNF", "HOME_HEALTH", "HOSPICE", "OUTPATIENT", "CARRIER", "DME");

  /** The spend column of a category, e.g. {@code inpatient_spend}. */
  public static String spendColumn(String category) {
    return category.toLowerCase(java.util.Locale.ROOT) + "_spend";
  }

  private static StructType beneficiarySchema() {
    StructType s = new StructType()
        .add(BENE_ID, DataTypes.StringType, false)
        .add(YEAR, DataTypes.IntegerType, false)
        .add(ENROLLMENT_TYPE, DataTypes.StringType, false)
        .add(ELIGIBLE_MONTHS, DataTypes.IntegerType, false)
        .add(PERSON_YEARS_COL, PERSON_YEARS, false);
    for (String c : CATEGORIES) {
      s = s.add(spendColumn(c), MONEY, false);
    }
    return s.add(RAW_SPEND, MONEY, false)
        .add(TRUNCATION_CAP, MONEY, true)
        .add(TRUNCATED_SPEND, MONEY, false)
        .add(COUNTY, DataTypes.StringType, true)
        .add(ASSIGNABLE, DataTypes.BooleanType, false)
        .add(RULES_VERSION, DataTypes.StringType, false);
  }

  /**
   * {@code beneficiary_expenditure}. Grain: one row per beneficiary × calendar year × enrollment
   * type with at least one eligible month (Parts A and B FFS). Paid amounts of final-action claims
   * with dates of service in an eligible month of that type, processed within the run-out, by
   * claim category; IME, DSH and uncompensated care excluded; raw and truncated totals; county of
   * residence (last eligible month of the type); whether the beneficiary is in that year's
   * national assignable population. Partitioned by year.
   */
  public static final TableSpec BENEFICIARY_EXPENDITURE =
      new TableSpec(
          "beneficiary_expenditure",
          "one row per beneficiary × calendar year × enrollment type",
          beneficiarySchema(),
          List.of(BENE_ID, YEAR, ENROLLMENT_TYPE),
          List.of(YEAR));

  /**
   * {@code national_expenditure}. Grain: one row per calendar year × enrollment type: the
   * assignable population's person-years, truncated spend and per capita (completed), the 99th
   * percentile truncation cap and how it was obtained (EVALUATOR: computed over the national
   * assignable population; PARAMETER_FILE: ACO mode).
   */
  public static final TableSpec NATIONAL_EXPENDITURE =
      new TableSpec(
          "national_expenditure",
          "one row per calendar year × enrollment type",
          new StructType()
              .add(YEAR, DataTypes.IntegerType, false)
              .add(ENROLLMENT_TYPE, DataTypes.StringType, false)
              .add("beneficiaries", DataTypes.LongType, true)
              .add(ELIGIBLE_MONTHS, DataTypes.LongType, true)
              .add(PERSON_YEARS_COL, PERSON_YEARS, true)
              .add(TRUNCATED_SPEND, MONEY, true)
              .add("completion_factor", RATIO, false)
              .add("per_capita", PER_CAPITA, true)
              .add(TRUNCATION_CAP, MONEY, false)
              .add("source", DataTypes.StringType, false)
              .add(RULES_VERSION, DataTypes.StringType, false),
          List.of(YEAR, ENROLLMENT_TYPE),
          List.of(YEAR));

  /**
   * {@code county_expenditure}. Grain: one row per county × calendar year × enrollment type: the
   * assignable population's person-years, completed truncated per capita and mean renormalised
   * risk score (EVALUATOR), or the same figures read from CMS's county file (COUNTY_FILE).
   */
  public static final TableSpec COUNTY_EXPENDITURE =
      new TableSpec(
          "county_expenditure",
          "one row per county × calendar year × enrollment type",
          new StructType()
              .add(COUNTY, DataTypes.StringType, false)
              .add(YEAR, DataTypes.IntegerType, false)
              .add(ENROLLMENT_TYPE, DataTypes.StringType, false)
              .add(PERSON_YEARS_COL, PERSON_YEARS, false)
              .add("per_capita", PER_CAPITA, false)
              .add("mean_risk_score", RATIO, true)
              .add("source", DataTypes.StringType, false),
          List.of(COUNTY, YEAR, ENROLLMENT_TYPE),
          List.of(YEAR));

  /**
   * {@code aco_expenditure}. Grain: one row per ACO × performance year × calendar year (a benchmark
   * year or the performance year) × enrollment type, over the beneficiaries assigned to the ACO
   * for that year: person-years, raw and truncated spend, completed per capita, person-year
   * weighted means of the renormalised HCC and demographic risk scores (null when no beneficiary
   * has one). Partitioned by performance year.
   */
  public static final TableSpec ACO_EXPENDITURE =
      new TableSpec(
          "aco_expenditure",
          "one row per ACO × performance year × calendar year × enrollment type",
          new StructType()
              .add(ACO_ID, DataTypes.StringType, false)
              .add(PERFORMANCE_YEAR, DataTypes.IntegerType, false)
              .add(YEAR, DataTypes.IntegerType, false)
              .add(ENROLLMENT_TYPE, DataTypes.StringType, false)
              .add("beneficiaries", DataTypes.LongType, false)
              .add(ELIGIBLE_MONTHS, DataTypes.LongType, false)
              .add(PERSON_YEARS_COL, PERSON_YEARS, false)
              .add(RAW_SPEND, MONEY, false)
              .add(TRUNCATED_SPEND, MONEY, false)
              .add("completion_factor", RATIO, false)
              .add("per_capita", PER_CAPITA, false)
              .add("mean_risk_score", RATIO, true)
              .add(MEAN_DEMOGRAPHIC_RISK_SCORE, RATIO, true)
              .add(RULES_VERSION, DataTypes.StringType, false),
          List.of(ACO_ID, PERFORMANCE_YEAR, YEAR, ENROLLMENT_TYPE),
          List.of(PERFORMANCE_YEAR));
}
