package org.mssp.benchmark;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.mssp.benchmark.BenchmarkCalculator.AcoInput;
import org.mssp.benchmark.BenchmarkCalculator.Result;
import org.mssp.benchmark.BenchmarkCalculator.TypeInput;
import org.mssp.benchmark.BenchmarkCalculator.Years;
import org.mssp.benchmark.rules.BenchmarkRules;
import org.mssp.testsupport.SharedSpark;

/**
 * The low-cost-region case on CMS's real 2018 county figures (ACO mode reading
 * mssp-county-ffs-2018.csv): two equally efficient first-agreement ACOs (2019+ rules) spending
 * $7,000 per aged/non-dual person-year, one in Addison County, Vermont (region $7,839.14), one in
 * Miami-Dade (region $11,617.20), each with its county's mean risk. The rules give the Vermont
 * ACO 35% of a small gap; the Miami ACO's 35% of a large gap is cut to the 5%-of-national cap.
 * (One year of county data is used for BY1–PY, so trends and updates are 1.)
 */
class BenchmarkLowCostRegionTest {
  private static final SparkSession SPARK = SharedSpark.session();

  private static Row county(Dataset<Row> counties, String code) {
    List<Row> rows = counties.where(col("county_code").equalTo(code).and(col("enrollment_type").equalTo("AGED_NON_DUAL")))
        .collectAsList();
    assertThat(rows).hasSize(1);
    return rows.get(0);
  }

  private static Result benchmarkIn(Row county, BigDecimal national) {
    BigDecimal pc = county.getAs("per_capita");
    BigDecimal risk = county.getAs("mean_risk_score");
    String std = pc.divide(risk, BenchmarkCalculator.MC).toPlainString();
    String r = risk.toPlainString();
    String n = national.toPlainString();
    TypeInput t = new TypeInput("AGED_NON_DUAL", Years.of("5000", "5000", "5000", "5000"),
        Years.of("7000", "7000", "7000", "7000"), Years.of(r, r, r, r), Years.of(n, n, n, n), Years.of(std, std, std, std));
    return BenchmarkCalculator.compute(
        new AcoInput("A_" + county.getAs("county_code"), 2021, LocalDate.parse("2020-01-01"), 1,
            new BigDecimal("0.05"), new BigDecimal("0.05"), null, List.of(t)),
        BenchmarkRules.load());
  }

  @Test
  void aLowCostRegionGivesAnEquallyEfficientAcoASmallerRegionalAdjustment() {
    Dataset<Row> counties = RegionalStage.countyFromCmsFile(SPARK.read().option("header", "true")
        .csv(SharedSpark.sharedDir().resolve("data/mssp-county-ffs-2018.csv").toString())).cache();
    Row addison = county(counties, "47000");
    Row miami = county(counties, "10120");
    assertThat(addison.<BigDecimal>getAs("per_capita")).isEqualByComparingTo("7839.14");
    assertThat(miami.<BigDecimal>getAs("per_capita")).isEqualByComparingTo("11617.2");
    BigDecimal national = RegionalStage.nationalFromCounties(counties)
        .where(col("enrollment_type").equalTo("AGED_NON_DUAL")).first().getAs("per_capita");
    // person-year weighted mean of all counties' aged/non-dual per capita
    assertThat(national.setScale(2, RoundingMode.HALF_UP)).isEqualByComparingTo("10172.87");

    Result vt = benchmarkIn(addison, national);
    Result fl = benchmarkIn(miami, national);
    // Vermont: 35% x (7,839.14 - 7,000) = 293.699, under the cap
    assertThat(vt.regionalDirection()).isEqualTo(BenchmarkCalculator.LOWER);
    assertThat(vt.regionalAdjustment().setScale(3, RoundingMode.HALF_UP)).isEqualByComparingTo("293.699");
    // Miami: 35% x (11,617.20 - 7,000) = 1,616.02 -> capped at 5% x 10,172.87 = 508.64
    assertThat(fl.types().get(0).regionalAdjustmentUncapped().setScale(2, RoundingMode.HALF_UP)).isEqualByComparingTo("1616.02");
    assertThat(fl.regionalAdjustment().setScale(2, RoundingMode.HALF_UP)).isEqualByComparingTo("508.64");
    // updated benchmark per capita: 7,293.70 vs 7,508.64 for the same spending
    assertThat(vt.updated().setScale(2, RoundingMode.HALF_UP)).isEqualByComparingTo("7293.70");
    assertThat(fl.updated().setScale(2, RoundingMode.HALF_UP)).isEqualByComparingTo("7508.64");
    counties.unpersist();
  }
}
