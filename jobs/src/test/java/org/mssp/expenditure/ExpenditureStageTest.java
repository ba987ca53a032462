package org.mssp.expenditure;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.sql.Date;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.mssp.benchmark.rules.BenchmarkRules;
import org.mssp.common.schema.TableSpec;
import org.mssp.ingest.IngestTables;
import org.mssp.risk.RiskStage;
import org.mssp.testsupport.SharedSpark;

/** Expenditure rules on tiny fixtures built from the ingest table schemas; expected values by hand. */
class ExpenditureStageTest {
  private static final SparkSession SPARK = SharedSpark.session();
  private static final BenchmarkRules RULES = BenchmarkRules.load();

  /** The named columns of a table's schema, with their declared types. */
  static StructType columnsOf(TableSpec spec, String... names) {
    List<StructField> fields = new ArrayList<>();
    for (String n : names) {
      fields.add(spec.schema().apply(n));
    }
    return DataTypes.createStructType(fields);
  }

  static Dataset<Row> frame(StructType schema, Object[]... rows) {
    List<Row> list = new ArrayList<>();
    for (Object[] r : rows) {
      list.add(RowFactory.create(r));
    }
    return SPARK.createDataFrame(list, schema);
  }

  static Date d(String s) {
    return Date.valueOf(s);
  }

  static BigDecimal m(String s) {
    return new BigDecimal(s);
  }

  static final StructType PART_A = columnsOf(IngestTables.PART_A_CLAIM_HEADER, "bene_mbi_id", "clm_type_cd",
      "clm_thru_dt", "clm_efctv_dt", "delivery_date", "clm_pmt_amt", "clm_oprtnl_ime_amt",
      "clm_mdcr_ip_pps_cptl_ime_amt", "clm_oprtnl_dsprprtnt_amt", "clm_mdcr_ip_pps_dsprprtnt_amt",
      "clm_hipps_uncompd_care_amt");
  static final StructType PART_B = columnsOf(IngestTables.PART_B_PHYSICIAN_LINE, "bene_mbi_id", "clm_type_cd",
      "clm_line_from_dt", "clm_efctv_dt", "delivery_date", "clm_line_cvrd_pd_amt");
  static final StructType DME = columnsOf(IngestTables.PART_B_DME_LINE, "bene_mbi_id", "clm_type_cd",
      "clm_line_from_dt", "clm_efctv_dt", "delivery_date", "clm_line_cvrd_pd_amt");
  static final StructType MONTHS = columnsOf(IngestTables.BENEFICIARY_MONTH, "bene_mbi_id", "year", "month",
      "death_date", "state_county_fips", "enrollment_type", "ffs_part_a_and_b");

  /** Twelve months of 2018 for a beneficiary; {@code esrdMonth} (1-12, or 0) is ESRD. */
  static List<Object[]> year2018(String bene, Date death, int esrdMonth) {
    List<Object[]> rows = new ArrayList<>();
    for (int mo = 1; mo <= 12; mo++) {
      rows.add(new Object[] {bene, 2018, mo, death, "01010", mo == esrdMonth ? "ESRD" : "AGED_NON_DUAL", true});
    }
    return rows;
  }

  private Dataset<Row> fixtureExpenditure() {
    Dataset<Row> partA = frame(PART_A,
        // bene_esrd: inpatient in April (the ESRD month): 50,000 less IME 1,500 + 500, DSH 700 + 300, UC 500 = 46,500
        new Object[] {"bene_esrd", "60", d("2018-04-10"), d("2018-05-01"), d("2018-06-01"), m("50000.00"), m("1500.00"),
            m("500.00"), m("700.00"), m("300.00"), m("500.00")},
        // bene_esrd: outpatient in May (aged month), 300
        new Object[] {"bene_esrd", "40", d("2018-05-03"), d("2018-05-20"), d("2018-06-01"), m("300.00"), null, null, null, null, null},
        // bene_death: SNF in March, 4,000 ; a claim dated 2017 is outside the year
        new Object[] {"bene_death", "20", d("2018-03-31"), d("2018-04-15"), d("2018-05-01"), m("4000.00"), null, null, null, null, null},
        new Object[] {"bene_death", "60", d("2017-12-31"), d("2018-01-15"), d("2018-02-01"), m("9999.00"), null, null, null, null, null});
    Dataset<Row> partB = frame(PART_B,
        // bene_runout: December services: processed on the last run-out day (counted) and the day after (not)
        new Object[] {"bene_runout", "71", d("2018-12-20"), d("2019-03-31"), d("2019-04-05"), m("100.00")},
        new Object[] {"bene_runout", "71", d("2018-12-21"), d("2019-04-01"), d("2019-04-05"), m("200.00")},
        new Object[] {"bene_death", "71", d("2018-06-14"), d("2018-06-30"), d("2018-07-05"), m("150.00")});
    Dataset<Row> dme = frame(DME,
        // no effective date: the delivery date (2018-03-01) is the processing date
        new Object[] {"bene_runout", "81", d("2018-02-10"), null, d("2018-03-01"), m("50.00")});
    List<Object[]> months = new ArrayList<>();
    months.addAll(year2018("bene_death", d("2018-06-15"), 0));
    months.addAll(year2018("bene_esrd", null, 4));
    months.addAll(year2018("bene_runout", null, 0));
    Dataset<Row> claims = ExpenditureStage.claimPayments(partA, partB, dme, 2018, RULES);
    Dataset<Row> eligible = ExpenditureStage.eligibleMonths(frame(MONTHS, months.toArray(new Object[0][])), 2018);
    Dataset<Row> assignable = frame(new StructType().add("bene_id", DataTypes.StringType).add("year", DataTypes.IntegerType),
        new Object[] {"bene_esrd", 2018});
    return ExpenditureStage.beneficiaryExpenditure(claims, eligible, assignable, "test");
  }

  private static Row row(Dataset<Row> df, String bene, String type) {
    List<Row> rows = df.where(col("bene_id").equalTo(bene).and(col("enrollment_type").equalTo(type))).collectAsList();
    assertThat(rows).hasSize(1);
    return rows.get(0);
  }

  @Test
  void deathMidYearEndsEligibleMonthsInTheMonthOfDeath() {
    Row r = row(fixtureExpenditure(), "bene_death", "AGED_NON_DUAL");
    // January..June: 6 months = 0.5 person-years ; SNF 4,000 + carrier 150 ; the 2017 claim is out
    assertThat(r.<Integer>getAs("eligible_months")).isEqualTo(6);
    assertThat(r.<BigDecimal>getAs("person_years")).isEqualByComparingTo("0.5");
    assertThat(r.<BigDecimal>getAs("snf_spend")).isEqualByComparingTo("4000");
    assertThat(r.<BigDecimal>getAs("carrier_spend")).isEqualByComparingTo("150");
    assertThat(r.<BigDecimal>getAs("raw_spend")).isEqualByComparingTo("4150");
    assertThat(r.<Boolean>getAs("assignable")).isFalse();
  }

  @Test
  void anEsrdMonthInsideAnAgedYearIsItsOwnTypeWithItsClaimsLessImeDshAndUncompensatedCare() {
    Dataset<Row> df = fixtureExpenditure();
    Row esrd = row(df, "bene_esrd", "ESRD");
    Row aged = row(df, "bene_esrd", "AGED_NON_DUAL");
    assertThat(esrd.<Integer>getAs("eligible_months")).isEqualTo(1);
    assertThat(esrd.<BigDecimal>getAs("person_years")).isEqualByComparingTo("0.08333333");
    // 50,000 - 1,500 - 500 - 700 - 300 - 500 = 46,500
    assertThat(esrd.<BigDecimal>getAs("inpatient_spend")).isEqualByComparingTo("46500");
    assertThat(aged.<Integer>getAs("eligible_months")).isEqualTo(11);
    assertThat(aged.<BigDecimal>getAs("outpatient_spend")).isEqualByComparingTo("300");
    assertThat(aged.<BigDecimal>getAs("inpatient_spend")).isEqualByComparingTo("0");
    assertThat(aged.<Boolean>getAs("assignable")).isTrue();
  }

  @Test
  void aClaimProcessedOnTheLastRunOutDayCountsAndOneProcessedTheDayAfterDoesNot() {
    Row r = row(fixtureExpenditure(), "bene_runout", "AGED_NON_DUAL");
    // carrier 100 (processed 2019-03-31) counts, 200 (2019-04-01) does not ; DME 50 via delivery date
    assertThat(r.<BigDecimal>getAs("carrier_spend")).isEqualByComparingTo("100");
    assertThat(r.<BigDecimal>getAs("dme_spend")).isEqualByComparingTo("50");
    assertThat(r.<BigDecimal>getAs("raw_spend")).isEqualByComparingTo("150");
  }

  static final StructType BENE_EXP = new StructType()
      .add("bene_id", DataTypes.StringType).add("year", DataTypes.IntegerType)
      .add("enrollment_type", DataTypes.StringType).add("eligible_months", DataTypes.IntegerType)
      .add("raw_spend", ExpenditureTables.MONEY).add("assignable", DataTypes.BooleanType);

  @Test
  void aCatastrophicBeneficiaryIsTruncatedAtTheNearestRank99thPercentileOfTheAssignablePopulation() {
    List<Object[]> rows = new ArrayList<>();
    // 200 assignable beneficiaries spending 100, 200, ..., 20,000 ; one catastrophic at 1,000,000 not assignable
    for (int i = 1; i <= 200; i++) {
      rows.add(new Object[] {String.format("bene_%03d", i), 2018, "AGED_NON_DUAL", 12, m(i * 100 + ".00"), true});
    }
    rows.add(new Object[] {"bene_catastrophic", 2018, "AGED_NON_DUAL", 12, m("1000000.00"), false});
    Dataset<Row> df = frame(BENE_EXP, rows.toArray(new Object[0][]));
    Dataset<Row> caps = ExpenditureStage.truncationCaps(df, RULES.parameter("truncation_percentile", 2018));
    // rank ceil(0.99 x 200) = 198 -> 19,800
    List<Row> capRows = caps.collectAsList();
    assertThat(capRows).hasSize(1);
    assertThat(capRows.get(0).<BigDecimal>getAs("truncation_cap")).isEqualByComparingTo("19800");
    Dataset<Row> truncated = ExpenditureStage.applyTruncation(df, caps);
    assertThat(row(truncated, "bene_catastrophic", "AGED_NON_DUAL").<BigDecimal>getAs("truncated_spend")).isEqualByComparingTo("19800");
    assertThat(row(truncated, "bene_200", "AGED_NON_DUAL").<BigDecimal>getAs("truncated_spend")).isEqualByComparingTo("19800");
    assertThat(row(truncated, "bene_198", "AGED_NON_DUAL").<BigDecimal>getAs("truncated_spend")).isEqualByComparingTo("19800");
    assertThat(row(truncated, "bene_150", "AGED_NON_DUAL").<BigDecimal>getAs("truncated_spend")).isEqualByComparingTo("15000");
    // invariant: truncated spend never exceeds the cap
    assertThat(truncated.where(col("truncated_spend").gt(col("truncation_cap"))).count()).isZero();
    // national: assignable only; (Σ 100..19,800 + 2 x 19,800) = 1,980,000 + 39,600 ... x 12 / 2,400 months
    Dataset<Row> national = ExpenditureStage.nationalExpenditure(truncated, caps, BigDecimal.ONE, "EVALUATOR", "test");
    Row n = national.collectAsList().get(0);
    // Σ_{i=1..198} 100 i = 1,970,100 ; + 2 x 19,800 = 2,009,700 ; per capita = 2,009,700 / 200 = 10,048.5
    assertThat(n.<BigDecimal>getAs("truncated_spend")).isEqualByComparingTo("2009700");
    assertThat(n.<BigDecimal>getAs("per_capita")).isEqualByComparingTo("10048.5");
    assertThat(n.<BigDecimal>getAs("person_years")).isEqualByComparingTo("200");
  }

  @Test
  void riskScoresAreRenormalisedSoTheAssignablePopulationAveragesOnePerTypeWeightedByMonths() {
    Dataset<Row> bene = frame(BENE_EXP,
        new Object[] {"A", 2018, "AGED_NON_DUAL", 12, m("0"), true},
        new Object[] {"B", 2018, "AGED_NON_DUAL", 6, m("0"), true},
        new Object[] {"C", 2018, "AGED_NON_DUAL", 12, m("0"), false});
    Dataset<Row> ref = frame(columnsOf(org.mssp.reference.ReferenceTables.PROSPECTIVE_RISK_SCORES,
            "bene_mbi_id", "year", "enrollment_type", "hcc_risk_score", "demographic_risk_score"),
        new Object[] {"A", 2018, "AGED_NON_DUAL", m("1.200"), m("0.500")},
        new Object[] {"B", 2018, "AGED_NON_DUAL", m("0.900"), m("0.500")},
        new Object[] {"C", 2018, "AGED_NON_DUAL", m("2.000"), m("0.500")},
        new Object[] {"A", 2017, "AGED_NON_DUAL", m("5.000"), m("0.500")});
    Dataset<Row> scores = RiskStage.cmsScores(ref, 2018);
    Dataset<Row> factors = RiskStage.normalizationFactors(scores, bene);
    // (1.2 x 12 + 0.9 x 6) / 18 = 19.8 / 18 = 1.1 ; C is not assignable, 2017 is another year
    assertThat(factors.collectAsList().get(0).<BigDecimal>getAs("normalization_factor")).isEqualByComparingTo("1.1");
    List<Row> norm = RiskStage.normalize(scores, factors).orderBy("bene_id").collectAsList();
    assertThat(norm.stream().map(r -> r.<BigDecimal>getAs("normalized_risk_score").toPlainString()).toList())
        .containsExactly("1.0909090909", "0.8181818182", "1.8181818182");
  }

  @Test
  void yearsComputedTogetherKeepEachYearsRulesRunOutAndAssignableFlag() {
    // Uncompensated care is excluded from 2014 on (payment_exclusions.csv), so a 2013 claim keeps it.
    Dataset<Row> partA = frame(PART_A,
        // 2013 inpatient 10,000 with UC 500: 10,000 (UC not yet excluded), processed on 2014-03-31: counted
        new Object[] {"bene_x", "60", d("2013-06-10"), d("2014-03-31"), d("2014-04-05"), m("10000.00"), null, null, null, null, m("500.00")},
        // 2014 inpatient 10,000 with UC 500: 9,500
        new Object[] {"bene_x", "60", d("2014-06-10"), d("2014-07-01"), d("2014-08-01"), m("10000.00"), null, null, null, null, m("500.00")},
        // 2012: in neither year
        new Object[] {"bene_x", "60", d("2012-06-10"), d("2012-07-01"), d("2012-08-01"), m("7777.00"), null, null, null, null, null});
    Dataset<Row> partB = frame(PART_B,
        // 2013 carrier processed 2014-04-01: after 2013's run-out (not counted); the same date is inside 2014's
        new Object[] {"bene_x", "71", d("2013-12-20"), d("2014-04-01"), d("2014-04-05"), m("300.00")},
        new Object[] {"bene_x", "71", d("2014-12-20"), d("2015-03-31"), d("2015-04-05"), m("40.00")});
    Dataset<Row> dme = frame(DME);
    List<Object[]> months = new ArrayList<>();
    for (int yr = 2013; yr <= 2014; yr++) {
      for (int mo = 1; mo <= 12; mo++) {
        months.add(new Object[] {"bene_x", yr, mo, null, "01010", "AGED_NON_DUAL", true});
      }
    }
    List<Integer> years = List.of(2013, 2014);
    Dataset<Row> claims = ExpenditureStage.claimPayments(partA, partB, dme, years, RULES);
    Dataset<Row> eligible = ExpenditureStage.eligibleMonths(frame(MONTHS, months.toArray(new Object[0][])), years);
    // assignable in 2014 only
    Dataset<Row> assignable = frame(new StructType().add("bene_id", DataTypes.StringType).add("year", DataTypes.IntegerType),
        new Object[] {"bene_x", 2014});
    Dataset<Row> df = ExpenditureStage.beneficiaryExpenditure(claims, eligible, assignable, "test");
    assertThat(df.count()).isEqualTo(2);
    Row y2013 = df.where(col("year").equalTo(2013)).collectAsList().get(0);
    Row y2014 = df.where(col("year").equalTo(2014)).collectAsList().get(0);
    assertThat(y2013.<BigDecimal>getAs("inpatient_spend")).isEqualByComparingTo("10000");
    assertThat(y2013.<BigDecimal>getAs("carrier_spend")).isEqualByComparingTo("0");
    assertThat(y2013.<Integer>getAs("eligible_months")).isEqualTo(12);
    assertThat(y2013.<Boolean>getAs("assignable")).isFalse();
    assertThat(y2014.<BigDecimal>getAs("inpatient_spend")).isEqualByComparingTo("9500");
    assertThat(y2014.<BigDecimal>getAs("carrier_spend")).isEqualByComparingTo("40");
    assertThat(y2014.<BigDecimal>getAs("raw_spend")).isEqualByComparingTo("9540");
    assertThat(y2014.<Boolean>getAs("assignable")).isTrue();
  }

  @Test
  void perYearParametersPickTheRowsYear() {
    List<Object[]> rows = new ArrayList<>();
    // ten assignable beneficiaries spending 100..1,000 in each of two years
    for (int yr = 2017; yr <= 2018; yr++) {
      for (int i = 1; i <= 10; i++) {
        rows.add(new Object[] {"bene_" + i, yr, "AGED_NON_DUAL", 12, m(i * 100 + ".00"), true});
      }
    }
    Dataset<Row> df = frame(BENE_EXP, rows.toArray(new Object[0][]));
    java.util.Map<Integer, BigDecimal> percentile = new java.util.TreeMap<>(java.util.Map.of(2017, m("0.5"), 2018, m("0.8")));
    Dataset<Row> caps = ExpenditureStage.truncationCaps(df,
        ExpenditureStage.byYear(col("year"), ExpenditureStage.constants(percentile)));
    // 2017: rank ceil(0.5 x 10) = 5 -> 500 ; 2018: rank ceil(0.8 x 10) = 8 -> 800
    List<Row> capRows = caps.orderBy("year").collectAsList();
    assertThat(capRows.stream().map(r -> r.<BigDecimal>getAs("truncation_cap").toPlainString()).toList())
        .containsExactly("500.00", "800.00");
    java.util.Map<Integer, BigDecimal> cf = new java.util.TreeMap<>(java.util.Map.of(2017, m("1.000"), 2018, m("1.010")));
    Dataset<Row> truncated = ExpenditureStage.applyTruncation(df, caps);
    List<Row> national = ExpenditureStage.nationalExpenditure(truncated, caps,
        ExpenditureStage.byYear(col("year"), ExpenditureStage.constants(cf)), "EVALUATOR", "test").orderBy("year").collectAsList();
    // 2017: 100+200+300+400 + 6 x 500 = 4,000 over 10 person-years -> 400 per capita, x 1.000
    assertThat(national.get(0).<BigDecimal>getAs("truncated_spend")).isEqualByComparingTo("4000");
    assertThat(national.get(0).<BigDecimal>getAs("per_capita")).isEqualByComparingTo("400");
    // 2018: 100+...+700 = 2,800 + 3 x 800 = 5,200 -> 520 per capita, x 1.010 = 525.2
    assertThat(national.get(1).<BigDecimal>getAs("truncated_spend")).isEqualByComparingTo("5200");
    assertThat(national.get(1).<BigDecimal>getAs("completion_factor")).isEqualByComparingTo("1.01");
    assertThat(national.get(1).<BigDecimal>getAs("per_capita")).isEqualByComparingTo("525.2");
  }

  @Test
  void excludedClaimsAreCountedPerYearNotDropped() {
    Dataset<Row> partA = frame(PART_A,
        // 2017: counted inpatient 1,000 ; an unknown claim type (99) of 70
        new Object[] {"bene_y", "60", d("2017-05-10"), d("2017-06-01"), d("2017-07-01"), m("1000.00"), null, null, null, null, null},
        new Object[] {"bene_y", "99", d("2017-05-11"), d("2017-06-01"), d("2017-07-01"), m("70.00"), null, null, null, null, null},
        // 2018: unknown type and processed after the run-out (2019-03-31): in both counts
        new Object[] {"bene_y", "99", d("2018-03-01"), d("2019-05-01"), d("2019-05-05"), m("10.00"), null, null, null, null, null});
    Dataset<Row> partB = frame(PART_B,
        // 2017 carrier processed 2018-04-01, the day after the run-out: late
        new Object[] {"bene_y", "71", d("2017-12-20"), d("2018-04-01"), d("2018-04-05"), m("300.00")},
        // 2018 carrier in August, a month that is not eligible
        new Object[] {"bene_y", "71", d("2018-08-10"), d("2018-09-01"), d("2018-09-05"), m("25.00")});
    Dataset<Row> dme = frame(DME,
        new Object[] {"bene_y", "81", d("2018-02-10"), d("2019-05-01"), d("2019-05-05"), m("50.00")});
    List<Object[]> months = new ArrayList<>();
    for (int mo = 1; mo <= 12; mo++) {
      months.add(new Object[] {"bene_y", 2017, mo, null, "01010", "AGED_NON_DUAL", true});
    }
    // 2018: January to June only
    for (int mo = 1; mo <= 6; mo++) {
      months.add(new Object[] {"bene_y", 2018, mo, null, "01010", "AGED_NON_DUAL", true});
    }
    List<Integer> years = List.of(2017, 2018);
    Dataset<Row> monthly = ExpenditureStage.monthlySpend(ExpenditureStage.claimPayments(partA, partB, dme, years, RULES));
    Dataset<Row> eligible = ExpenditureStage.eligibleMonths(frame(MONTHS, months.toArray(new Object[0][])), years);
    List<Row> ex = ExpenditureStage.exclusions(monthly, eligible).orderBy("year").collectAsList();
    assertThat(ex).hasSize(2);
    // year, late n, late $, unknown n, unknown $, ineligible n, ineligible $
    assertThat(ex.get(0).<Integer>getAs("year")).isEqualTo(2017);
    assertExclusions(ex.get(0), 1L, "300", 1L, "70", 0L, "0");
    // 2018: late 10 + 50 ; unknown 10 ; ineligible the August carrier line
    assertExclusions(ex.get(1), 2L, "60", 1L, "10", 1L, "25");
    // and the expenditures hold only the counted 2017 inpatient claim
    Dataset<Row> df = ExpenditureStage.beneficiaryExpenditureFromMonthly(monthly, eligible,
        frame(new StructType().add("bene_id", DataTypes.StringType).add("year", DataTypes.IntegerType)), "test");
    assertThat(df.orderBy("year").select("year", "eligible_months", "raw_spend").collectAsList().toString())
        .isEqualTo("[[2017,12,1000.00], [2018,6,0.00]]");
  }

  /** One year's exclusion row: number and paid amount of late, unknown-type and ineligible-month claims. */
  private static void assertExclusions(
      Row r, long lateN, String latePaid, long unknownN, String unknownPaid, long ineligibleN, String ineligiblePaid) {
    assertThat(r.<Long>getAs("late_n")).isEqualTo(lateN);
    assertThat(r.<BigDecimal>getAs("late_paid")).isEqualByComparingTo(latePaid);
    assertThat(r.<Long>getAs("unknown_n")).isEqualTo(unknownN);
    assertThat(r.<BigDecimal>getAs("unknown_paid")).isEqualByComparingTo(unknownPaid);
    assertThat(r.<Long>getAs("ineligible_n")).isEqualTo(ineligibleN);
    assertThat(r.<BigDecimal>getAs("ineligible_paid")).isEqualByComparingTo(ineligiblePaid);
  }
}
