package org.mssp.generate;

import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mssp.testsupport.SharedSpark;

/** Same seed → same bytes; the population follows the county file. */
class GenerateDeterminismAndCalibrationTest {

  @Test
  void sameSeedGivesByteIdenticalOutputIncludingGzippedFiles(@TempDir Path dir) throws Exception {
    SparkSession spark = SharedSpark.session();
    Path a = dir.resolve("a").resolve("ds");
    Path b = dir.resolve("b").resolve("ds");
    GenerateJob.run(GenerateJobTest.config(100, 11, a.toString(), true, 0.01, 2018), spark);
    GenerateJob.run(GenerateJobTest.config(100, 11, b.toString(), true, 0.01, 2018), spark);
    Map<String, byte[]> fa = GeneratedFiles.bytes(a);
    Map<String, byte[]> fb = GeneratedFiles.bytes(b);
    assertThat(fb.keySet()).isEqualTo(fa.keySet());
    assertThat(fa.keySet()).anyMatch(k -> k.endsWith(".gz")).contains("manifest.json");
    for (String k : fa.keySet()) {
      assertThat(Arrays.equals(fa.get(k), fb.get(k))).as(k).isTrue();
    }
  }

  private static Dataset<Row> population(long n, long seed) {
    SparkSession spark = SharedSpark.session();
    GenerateConfig config = GenerateJobTest.config(n, seed, "/unused", false, 0);
    GenerateRules rules = GenerateRules.load();
    Counties counties = Counties.read(config.countyFile(), spark.sparkContext().hadoopConfiguration());
    Providers providers = new Providers(config, rules, counties.stateShares(), new int[] {5, 5, 5});
    ConstructedCases cases = new ConstructedCases(0, 3, n);
    return new Population(config, rules).beneficiaries(spark, counties, providers, cases);
  }

  @Test
  void differentSeedsGiveDifferentPeople() {
    List<Row> a = population(200, 11).select("bene_id", "mbi_old", "county_code").orderBy("bene_id").collectAsList();
    List<Row> b = population(200, 12).select("bene_id", "mbi_old", "county_code").orderBy("bene_id").collectAsList();
    long sameMbi = 0;
    long sameCounty = 0;
    for (int i = 0; i < a.size(); i++) {
      sameMbi += a.get(i).getString(1).equals(b.get(i).getString(1)) ? 1 : 0;
      sameCounty += a.get(i).getString(2).equals(b.get(i).getString(2)) ? 1 : 0;
    }
    assertThat(sameMbi).isZero();
    assertThat(sameCounty).isLessThan(20);
  }

  @Test
  void beneficiariesSpreadOverStatesInProportionToPersonYearsAndMbisAreUniqueAndWellFormed() {
    long n = 50_000;
    Dataset<Row> benes = population(n, 3).cache();
    try {
      Counties counties = Counties.read(GenerateJobTest.config(1, 1, "/x", false, 0).countyFile(),
          SharedSpark.session().sparkContext().hadoopConfiguration());
      Map<Integer, Double> expected = counties.stateShares();
      Map<Integer, Long> observed = new HashMap<>();
      for (Row r : benes.groupBy("state_id").agg(count(lit(1))).collectAsList()) {
        observed.put(r.getInt(0), r.getLong(1));
      }
      int checked = 0;
      for (Map.Entry<Integer, Double> e : expected.entrySet()) {
        double p = e.getValue();
        double share = observed.getOrDefault(e.getKey(), 0L) / (double) n;
        // 4 binomial standard errors
        assertThat(share).as("state %d", e.getKey())
            .isCloseTo(p, org.assertj.core.data.Offset.offset(4 * Math.sqrt(p * (1 - p) / n) + 1e-4));
        checked++;
      }
      assertThat(checked).isGreaterThan(50);
      assertThat(benes.select("mbi_old").distinct().count()).isEqualTo(n);
      assertThat(benes.where(col("mbi_old").rlike("^" + Mbi.PATTERN + "$")).count()).isEqualTo(n);
    } finally {
      benes.unpersist();
    }
  }

  @Test
  void vermontAgedNonDualBeneficiariesComeOutLowerCostThanTheNation() {
    Dataset<Row> benes = population(50_000, 5).where(col("base_type").equalTo(3));
    // Vermont is SSA state 47 in the county file.
    double vermont = benes.where(col("state_id").equalTo(47)).agg(avg("pc_3")).first().getDouble(0);
    double nation = benes.agg(avg("pc_3")).first().getDouble(0);
    assertThat(vermont).isLessThan(nation * 0.92);
  }
}
