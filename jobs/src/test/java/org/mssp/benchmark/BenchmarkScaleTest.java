package org.mssp.benchmark;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sequence;
import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.mssp.common.spark.DeltaTables;
import org.mssp.expenditure.ExpenditureJob;
import org.mssp.testsupport.SharedSpark;

/**
 * Scale benchmark of the whole expenditure → benchmark chain, off by default. Run with
 * {@code -Dbench.beneficiaries=100000} (scripts/bench-benchmark). It builds a synthetic warehouse
 * in Spark (N beneficiaries × 4 years 2015–2018: 48 months each, 6 carrier lines and a 20 %
 * chance of an inpatient claim per year, risk scores, assignable population, ~83 % assigned to 50
 * ACOs with agreements starting 2018, half first agreements, half 2017-era renewals), runs
 * {@code aco expenditures} for 2015–2018 and {@code aco benchmark} for PY2018, and writes
 * input rows per second and peak memory to {@code target/bench-benchmark.txt}.
 */
@EnabledIfSystemProperty(named = "bench.beneficiaries", matches = "\\d+")
class BenchmarkScaleTest {
  @Test
  void wholeChainForAllAcos(@TempDir Path dir) throws Exception {
    SparkSession spark = SharedSpark.session();
    long n = Long.parseLong(System.getProperty("bench.beneficiaries"));
    String w = dir.toString();
    Dataset<Row> benes = spark.range(n).select(
        col("id"),
        expr("format_string('B%08d', id)").as("bene_id"),
        expr("format_string('%02d%03d', cast(id % 50 as int), cast((id / 50) % 4 * 10 as int))").as("county"),
        expr("case when id % 100 < 1 then 'ESRD' when id % 100 < 15 then 'DISABLED' when id % 100 < 30 then 'AGED_DUAL' else 'AGED_NON_DUAL' end").as("type"),
        expr("case when id % 6 < 5 then format_string('A%03d', cast(id % 50 as int)) end").as("aco"));
    Dataset<Row> years = benes.withColumn("year", explode(sequence(lit(2015), lit(2018))));
    Dataset<Row> months = years.withColumn("month", explode(sequence(lit(1), lit(12)))).select(
        col("bene_id").as("bene_mbi_id"), col("year"), col("month"), lit(null).cast("date").as("death_date"),
        col("county").as("state_county_fips"), col("type").as("enrollment_type"), lit(true).as("ffs_part_a_and_b"));
    Dataset<Row> carrier = years.withColumn("k", explode(sequence(lit(1), lit(6)))).select(
        col("bene_id").as("bene_mbi_id"), lit("71").as("clm_type_cd"),
        expr("make_date(year, 1 + cast(pmod(hash(id, year, k), 12) as int), 15)").as("clm_line_from_dt"),
        expr("make_date(year, 12, 31)").as("clm_efctv_dt"), expr("make_date(year + 1, 1, 5)").as("delivery_date"),
        expr("cast(20 + pmod(hash(id, k, year, 7), 40000) / 100 as decimal(13,2))").as("clm_line_cvrd_pd_amt"));
    Dataset<Row> partA = years.where(expr("pmod(hash(id, year, 3), 5) = 0")).select(
        col("bene_id").as("bene_mbi_id"), lit("60").as("clm_type_cd"), expr("make_date(year, 6, 30)").as("clm_thru_dt"),
        expr("make_date(year, 8, 1)").as("clm_efctv_dt"), expr("make_date(year, 9, 1)").as("delivery_date"),
        expr("cast(5000 + pmod(hash(id, year, 11), 3500000) / 100 as decimal(15,2))").as("clm_pmt_amt"),
        expr("cast(100 as decimal(15,2))").as("clm_oprtnl_ime_amt"), lit(null).cast("decimal(15,2)").as("clm_mdcr_ip_pps_cptl_ime_amt"),
        expr("cast(50 as decimal(15,2))").as("clm_oprtnl_dsprprtnt_amt"), lit(null).cast("decimal(15,2)").as("clm_mdcr_ip_pps_dsprprtnt_amt"),
        lit(null).cast("decimal(15,2)").as("clm_hipps_uncompd_care_amt"));
    Dataset<Row> dme = carrier.limit(0).withColumn("clm_type_cd", lit("81"));
    long t0 = System.nanoTime();
    write(months, w, "beneficiary_month");
    write(carrier, w, "part_b_physician_line");
    write(dme, w, "part_b_dme_line");
    write(partA, w, "part_a_claim_header");
    write(years.select(col("bene_id"), lit(2018).as("performance_year"), col("year").as("assignment_year"),
        col("type").as("enrollment_type"), col("county").as("county_fips"), lit("bench").as("rules_version")), w, "assignable_population");
    write(years.where(col("aco").isNotNull()).select(col("bene_id"), lit(2018).as("performance_year"),
        col("year").as("assignment_year"), col("aco").as("aco_id")), w, "beneficiary_assignment");
    write(years.select(col("bene_id").as("bene_mbi_id"), col("year"), col("type").as("enrollment_type"),
        expr("cast(0.4 + pmod(hash(id, year, 5), 1600) / 1000 as decimal(8,3))").as("hcc_risk_score"),
        expr("cast(0.5 as decimal(8,3))").as("demographic_risk_score")), w, "ref_prospective_risk_scores");
    write(spark.range(50).select(expr("format_string('A%03d', cast(id as int))").as("aco_id"), lit(2018).as("performance_year"),
        lit("TRACK_1").as("track"), expr("make_date(2018, 1, 1)").as("agreement_start_date"),
        expr("cast(1 + id % 2 as int)").as("agreement_period_number"), lit("RETROSPECTIVE").as("assignment_method"),
        lit("VARIABLE").as("msr_election")), w, "ref_aco_agreements");
    long t1 = System.nanoTime();
    for (int year = 2015; year <= 2018; year++) {
      ExpenditureJob.run(new ExpenditureJob.Config(w, year, ExpenditureJob.Mode.EVALUATOR, null, null), spark);
    }
    long t2 = System.nanoTime();
    long acos = BenchmarkJob.run(new BenchmarkJob.Config(w, 2018, null, null), spark);
    long t3 = System.nanoTime();
    long monthRows = n * 48;
    long carrierRows = n * 24;
    long partARows = spark.read().format("delta").load(w + "/part_a_claim_header").count();
    long benefRows = DeltaTables.read(spark, w, org.mssp.expenditure.ExpenditureTables.BENEFICIARY_EXPENDITURE).count();
    long inputRows = monthRows + carrierRows + partARows;
    double exp = (t2 - t1) / 1e9, bench = (t3 - t2) / 1e9;
    long peakHeap = 0;
    for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
      if (p.getType() == MemoryType.HEAP && p.getPeakUsage() != null) {
        peakHeap += p.getPeakUsage().getUsed();
      }
    }
    String rss = Files.readAllLines(Path.of("/proc/self/status")).stream().filter(l -> l.startsWith("VmHWM")).findFirst().orElse("VmHWM: ?");
    String report = String.format(Locale.ROOT,
        "beneficiaries=%d years=4 acos=%d cores=%d%n"
            + "input rows: beneficiary_month=%d carrier=%d part_a=%d total=%d%n"
            + "fixture write: %.1f s%n"
            + "aco expenditures x4 years: %.1f s, %.0f input rows/s; beneficiary_expenditure rows=%d%n"
            + "aco benchmark PY2018: %.1f s%n"
            + "whole chain: %.1f s, %.0f input rows/s%n"
            + "peak heap (sum of heap pools' peaks): %d MB; %s%n",
        n, acos, Runtime.getRuntime().availableProcessors(), monthRows, carrierRows, partARows, inputRows,
        (t1 - t0) / 1e9, exp, inputRows / exp, benefRows, bench, exp + bench, inputRows / (exp + bench),
        peakHeap / (1024 * 1024), rss.replaceAll("\\s+", " "));
    Files.writeString(Path.of("target", "bench-benchmark.txt"), report);
    System.err.println(report);
    assertThat(acos).isEqualTo(50);
  }

  private static void write(Dataset<Row> df, String w, String table) {
    df.write().format("delta").mode("overwrite").save(w + "/" + table);
  }
}
