package org.mssp.benchmark;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.mssp.expenditure.ExpenditureTables;
import org.mssp.testsupport.SharedSpark;

/**
 * The ACO's regional service area (mssp-methodology.md §3.3): counties weighted by the ACO's
 * assigned person-years in each, counted by the month, so a beneficiary who moves during the year
 * counts in both counties.
 *
 * <p>ACO X, year 2020, aged/non-dual: B1 lives in county 01001 all year (12 months); B2 lives in
 * 01001 January–March, in 01003 April–November, and its December has no county (left out). B3 lives
 * in 01001 but is assigned to no ACO. County file: 01001 per capita 10,000 at mean risk 1.00 over 10
 * person-years; 01003 12,600 at risk 1.05 (12,000 at risk 1) over 5 person-years.
 *
 * <ul>
 *   <li>ACO months: 01001 12 + 3 = 15, 01003 8. Regional per capita at risk 1 = (15 × 10,000 + 8 ×
 *       12,000) / 23 = 246,000 / 23 = 10,695.652173913… → 10,695.652174.
 *   <li>National weight = Σ_c (ACO months in c / 23) × min(1, ACO months in c / county months in c),
 *       county months = 12 × person-years (120 and 60): (15 × 15/120 + 8 × 8/60) / 23 = (1.875 +
 *       1.0666…) / 23 = 0.127898550724… → 0.1278985507.
 * </ul>
 *
 * By the county of the last month alone, B2 would count 12 months in 01003 (or none at all, its
 * last month having no county), and neither figure would come out. The evaluator's county figures
 * count by the month too (last test).
 */
class RegionalStageTest {
  private static final SparkSession SPARK = SharedSpark.session();
  private static final String AND = "AGED_NON_DUAL";

  private static Dataset<Row> frame(StructType schema, List<Object[]> rows) {
    List<Row> list = new ArrayList<>();
    for (Object[] r : rows) {
      list.add(RowFactory.create(r));
    }
    return SPARK.createDataFrame(list, schema);
  }

  private static Dataset<Row> assignment() {
    StructType s = new StructType().add("bene_id", DataTypes.StringType).add("performance_year", DataTypes.IntegerType)
        .add("assignment_year", DataTypes.IntegerType).add("aco_id", DataTypes.StringType);
    return frame(s, List.of(new Object[] {"B1", 2020, 2020, "X"}, new Object[] {"B2", 2020, 2020, "X"}));
  }

  /** {@code ExpenditureStage.eligibleMonths} rows: bene × year × month with the month's type and county. */
  private static final StructType MONTHS_SCHEMA = new StructType().add("bene_id", DataTypes.StringType)
      .add("year", DataTypes.IntegerType).add("month", DataTypes.IntegerType).add("enrollment_type", DataTypes.StringType)
      .add(ExpenditureTables.COUNTY, DataTypes.StringType);

  private static Dataset<Row> eligibleMonths() {
    List<Object[]> rows = new ArrayList<>();
    for (int m = 1; m <= 12; m++) {
      rows.add(new Object[] {"B1", 2020, m, AND, "01001"});
      rows.add(new Object[] {"B2", 2020, m, AND, m <= 3 ? "01001" : m <= 11 ? "01003" : null});
      rows.add(new Object[] {"B3", 2020, m, AND, "01001"});
    }
    return frame(MONTHS_SCHEMA, rows);
  }

  private static Dataset<Row> county() {
    StructType s = new StructType().add(ExpenditureTables.COUNTY, DataTypes.StringType).add("year", DataTypes.IntegerType)
        .add("enrollment_type", DataTypes.StringType).add("person_years", ExpenditureTables.PERSON_YEARS)
        .add("per_capita", ExpenditureTables.PER_CAPITA).add("mean_risk_score", ExpenditureTables.RATIO);
    return frame(s, List.of(
        new Object[] {"01001", 2020, AND, new BigDecimal("10"), new BigDecimal("10000"), new BigDecimal("1.00")},
        new Object[] {"01003", 2020, AND, new BigDecimal("5"), new BigDecimal("12600"), new BigDecimal("1.05")}));
  }

  @Test
  void regionalPerCapitaWeightsEachCountyByTheMonthsLivedThere() {
    List<Row> rows = RegionalStage.acoRegional(RegionalStage.acoCountyMonths(assignment(), eligibleMonths()), county()).collectAsList();
    assertThat(rows).hasSize(1);
    Row r = rows.get(0);
    assertThat(r.<String>getAs("aco_id")).isEqualTo("X");
    assertThat(r.<Integer>getAs("year")).isEqualTo(2020);
    assertThat(r.<String>getAs("enrollment_type")).isEqualTo(AND);
    assertThat(r.<BigDecimal>getAs("regional_per_capita")).isEqualByComparingTo("10695.652174");
  }

  @Test
  void nationalWeightCountsTheMoversMonthsInEachCounty() {
    List<Row> rows = RegionalStage.nationalWeights(RegionalStage.acoCountyMonths(assignment(), eligibleMonths()), county()).collectAsList();
    assertThat(rows).hasSize(1);
    assertThat(rows.get(0).<BigDecimal>getAs("national_weight")).isEqualByComparingTo("0.1278985507");
  }

  /**
   * Evaluator-mode county figures by the month, 2020, aged/non-dual, completion factor 1. Each
   * beneficiary's truncated spend of the year is shared over its counties by its months there:
   *
   * <pre>
   * B1  01001 Jan–Dec (12 of 12 months)            truncated 12,000.00  risk 1.0   assignable
   * B2  01001 Jan–Mar, 01003 Apr–Nov, Dec no county truncated  6,000.00  risk 1.2   assignable
   *     → 01001: 3 months, 6,000 × 3/12 = 1,500; 01003: 8 months, 6,000 × 8/12 = 4,000; Dec's 500 left out
   * B3  01003 Jan–Dec                               truncated  3,000.00  risk 0.9   not assignable: left out
   * B4  01003 Jul–Dec (6 of 6 months)               truncated  2,400.00  no risk score
   *
   * 01001: months 15, spend 13,500 → per capita 13,500 × 12 / 15 = 10,800; person-years 1.25;
   *        mean risk (1.0 × 12 + 1.2 × 3) / 15 = 15.6 / 15 = 1.04
   * 01003: months 14, spend 6,400 → per capita 76,800 / 14 = 5,485.714285… → 5,485.714286;
   *        person-years 14/12 = 1.16666667; mean risk over the months with a score: 1.2 × 8 / 8 = 1.2
   * </pre>
   *
   * By the county of the last month (the code before), B2 would be left out (its December has no
   * county): 01001 12,000 and 01003 4,800.
   */
  @Test
  void evaluatorCountyFiguresShareAMoversYearOverTheCountiesByItsMonths() {
    StructType exp = new StructType().add("bene_id", DataTypes.StringType).add("year", DataTypes.IntegerType)
        .add("enrollment_type", DataTypes.StringType).add(ExpenditureTables.ELIGIBLE_MONTHS, DataTypes.IntegerType)
        .add(ExpenditureTables.TRUNCATED_SPEND, ExpenditureTables.MONEY).add(ExpenditureTables.ASSIGNABLE, DataTypes.BooleanType);
    Dataset<Row> truncated = frame(exp, List.of(
        new Object[] {"B1", 2020, AND, 12, new BigDecimal("12000.00"), true},
        new Object[] {"B2", 2020, AND, 12, new BigDecimal("6000.00"), true},
        new Object[] {"B3", 2020, AND, 12, new BigDecimal("3000.00"), false},
        new Object[] {"B4", 2020, AND, 6, new BigDecimal("2400.00"), true}));
    StructType riskSchema = new StructType().add("bene_id", DataTypes.StringType).add("year", DataTypes.IntegerType)
        .add("enrollment_type", DataTypes.StringType).add("normalized_risk_score", ExpenditureTables.RATIO);
    Dataset<Row> risk = frame(riskSchema, List.of(
        new Object[] {"B1", 2020, AND, new BigDecimal("1.0")},
        new Object[] {"B2", 2020, AND, new BigDecimal("1.2")},
        new Object[] {"B3", 2020, AND, new BigDecimal("0.9")}));
    List<Object[]> months = new ArrayList<>();
    for (int m = 1; m <= 12; m++) {
      months.add(new Object[] {"B1", 2020, m, AND, "01001"});
      months.add(new Object[] {"B2", 2020, m, AND, m <= 3 ? "01001" : m <= 11 ? "01003" : null});
      months.add(new Object[] {"B3", 2020, m, AND, "01003"});
      if (m >= 7) {
        months.add(new Object[] {"B4", 2020, m, AND, "01003"});
      }
    }
    List<Row> rows = RegionalStage.countyExpenditure(truncated, risk, frame(MONTHS_SCHEMA, months), BigDecimal.ONE)
        .orderBy(ExpenditureTables.COUNTY).collectAsList();
    assertThat(rows).hasSize(2);
    Row a = rows.get(0);
    assertThat(a.<String>getAs(ExpenditureTables.COUNTY)).isEqualTo("01001");
    assertThat(a.<BigDecimal>getAs("person_years")).isEqualByComparingTo("1.25");
    assertThat(a.<BigDecimal>getAs("per_capita")).isEqualByComparingTo("10800");
    assertThat(a.<BigDecimal>getAs("mean_risk_score")).isEqualByComparingTo("1.04");
    Row b = rows.get(1);
    assertThat(b.<String>getAs(ExpenditureTables.COUNTY)).isEqualTo("01003");
    assertThat(b.<BigDecimal>getAs("person_years")).isEqualByComparingTo("1.16666667");
    assertThat(b.<BigDecimal>getAs("per_capita")).isEqualByComparingTo("5485.714286");
    assertThat(b.<BigDecimal>getAs("mean_risk_score")).isEqualByComparingTo("1.2");
    assertThat(b.<String>getAs("source")).isEqualTo(RegionalStage.SOURCE_EVALUATOR);
  }
}
