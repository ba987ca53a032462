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
 * last month having no county), and neither figure would come out.
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

  private static Dataset<Row> eligibleMonths() {
    StructType s = new StructType().add("bene_id", DataTypes.StringType).add("year", DataTypes.IntegerType)
        .add("month", DataTypes.IntegerType).add("enrollment_type", DataTypes.StringType)
        .add(ExpenditureTables.COUNTY, DataTypes.StringType);
    List<Object[]> rows = new ArrayList<>();
    for (int m = 1; m <= 12; m++) {
      rows.add(new Object[] {"B1", 2020, m, AND, "01001"});
      rows.add(new Object[] {"B2", 2020, m, AND, m <= 3 ? "01001" : m <= 11 ? "01003" : null});
      rows.add(new Object[] {"B3", 2020, m, AND, "01001"});
    }
    return frame(s, rows);
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
}
