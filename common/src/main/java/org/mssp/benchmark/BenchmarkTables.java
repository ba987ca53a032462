package org.mssp.benchmark;

import java.util.List;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.mssp.common.schema.TableSpec;
import org.mssp.expenditure.ExpenditureTables;

/**
 * Contracts of the benchmark domain (mssp-methodology.md §3): every component of each ACO's
 * benchmark per enrollment type, and the ACO total. Money per capita at 6 decimals, totals in
 * cents, factors and weights at 10 decimals (rounded half-up when stored; computed unrounded).
 */
public final class BenchmarkTables {
  private BenchmarkTables() {}

  private static final String ACO_ID = ExpenditureTables.ACO_ID;
  private static final String PY = ExpenditureTables.PERFORMANCE_YEAR;

  /** Per-type components, in output order after the key. */
  public static final List<String> TYPE_PER_CAPITA_COLUMNS = List.of(
      "restated_by1", "restated_by2", "restated_by3", "historical_per_capita", "regional_per_capita",
      "regional_adjustment_uncapped", "regional_adjustment", "prior_savings_adjustment",
      "adjusted_historical", "update_flat_amount", "updated_per_capita", "expenditure_per_capita");
  public static final List<String> TYPE_RATIO_COLUMNS = List.of(
      "trend_by1", "trend_by2", "weight_by1", "weight_by2", "weight_by3", "risk_ratio_uncapped",
      "risk_ratio", "update_factor");

  /**
   * Parts of the risk ratio BY3 → PY (mssp-methodology.md §3.5), after the newly / continuously
   * assigned person-years: newly assigned HCC ratio, continuously assigned HCC and demographic
   * ratios and the one used, the demographic ratio of all PY beneficiaries, and the cap as a ratio
   * (1 + cap, or demographic ratio × (1 + cap) from 2024; null = none).
   */
  public static final List<String> TYPE_RISK_COLUMNS = List.of(
      "risk_ratio_newly", "risk_ratio_continuing_hcc", "risk_ratio_continuing_demographic",
      "risk_ratio_continuing", "demographic_ratio", "risk_ratio_cap");

  private static StructType byTypeSchema() {
    StructType s = new StructType()
        .add(ACO_ID, DataTypes.StringType, false)
        .add(PY, DataTypes.IntegerType, false)
        .add(ExpenditureTables.ENROLLMENT_TYPE, DataTypes.StringType, false)
        .add("era", DataTypes.StringType, false)
        .add("person_years_by3", ExpenditureTables.PERSON_YEARS, false)
        .add("person_years_py", ExpenditureTables.PERSON_YEARS, false)
        .add("history_basis", DataTypes.StringType, false);
    for (String c : TYPE_RATIO_COLUMNS) {
      s = s.add(c, ExpenditureTables.RATIO, true);
    }
    for (String c : TYPE_PER_CAPITA_COLUMNS) {
      s = s.add(c, ExpenditureTables.PER_CAPITA, true);
    }
    s = s.add("risk_ratio_method", DataTypes.StringType, false)
        .add("person_years_newly", ExpenditureTables.PERSON_YEARS, true)
        .add("person_years_continuing", ExpenditureTables.PERSON_YEARS, true);
    for (String c : TYPE_RISK_COLUMNS) {
      s = s.add(c, ExpenditureTables.RATIO, true);
    }
    return s.add("benchmark_total", ExpenditureTables.MONEY, false)
        .add("expenditure_total", ExpenditureTables.MONEY, false)
        .add(ExpenditureTables.RULES_VERSION, DataTypes.StringType, false);
  }

  /**
   * {@code aco_benchmark_by_type}. Grain: one row per ACO × performance year × enrollment type:
   * BY trends, risk-restated BY per capita, weights, historical, regional, regional adjustment
   * (uncapped and capped), prior savings, risk ratio (risk_ratio_uncapped = full HCC ratio; risk_ratio
   * = the ratio applied) with the era's method and its parts, update, updated per capita, benchmark
   * and expenditure totals. Partitioned by performance year.
   */
  public static final TableSpec ACO_BENCHMARK_BY_TYPE =
      new TableSpec(
          "aco_benchmark_by_type",
          "one row per ACO × performance year × enrollment type",
          byTypeSchema(),
          List.of(ACO_ID, PY, ExpenditureTables.ENROLLMENT_TYPE),
          List.of(PY));

  /**
   * {@code aco_benchmark}. Grain: one row per ACO × performance year: era, benchmark years,
   * regional adjustment direction/weight/application, national weight of the blended trend,
   * historical and regional per capita (BY3 mix), updated benchmark per capita and total (PY mix),
   * PY expenditure per capita and total, person-years; the risk ratio method, where the newly /
   * continuously assigned split came from and its person-years (null for other methods).
   * Partitioned by performance year.
   */
  public static final TableSpec ACO_BENCHMARK =
      new TableSpec(
          "aco_benchmark",
          "one row per ACO × performance year",
          new StructType()
              .add(ACO_ID, DataTypes.StringType, false)
              .add(PY, DataTypes.IntegerType, false)
              .add("era", DataTypes.StringType, false)
              .add("agreement_kind", DataTypes.StringType, false)
              .add("agreement_start_date", DataTypes.DateType, false)
              .add("agreement_period_number", DataTypes.IntegerType, false)
              .add("benchmark_year_1", DataTypes.IntegerType, false)
              .add("regional_application", DataTypes.IntegerType, false)
              .add("regional_direction", DataTypes.StringType, false)
              .add("regional_weight", ExpenditureTables.RATIO, false)
              .add("national_weight_by3", ExpenditureTables.RATIO, true)
              .add("national_weight_py", ExpenditureTables.RATIO, true)
              .add("assigned_beneficiaries", DataTypes.LongType, false)
              .add("person_years_by3", ExpenditureTables.PERSON_YEARS, false)
              .add("person_years_py", ExpenditureTables.PERSON_YEARS, false)
              .add("risk_ratio_method", DataTypes.StringType, false)
              .add("continuity_basis", DataTypes.StringType, false)
              .add("person_years_newly", ExpenditureTables.PERSON_YEARS, true)
              .add("person_years_continuing", ExpenditureTables.PERSON_YEARS, true)
              .add("historical_per_capita", ExpenditureTables.PER_CAPITA, false)
              .add("regional_per_capita", ExpenditureTables.PER_CAPITA, false)
              .add("regional_adjustment", ExpenditureTables.PER_CAPITA, false)
              .add("prior_savings_adjustment", ExpenditureTables.PER_CAPITA, false)
              .add("updated_per_capita", ExpenditureTables.PER_CAPITA, false)
              .add("benchmark_total", ExpenditureTables.MONEY, false)
              .add("expenditure_per_capita", ExpenditureTables.PER_CAPITA, false)
              .add("expenditure_total", ExpenditureTables.MONEY, false)
              .add(ExpenditureTables.RULES_VERSION, DataTypes.StringType, false),
          List.of(ACO_ID, PY),
          List.of(PY));
}
