package org.mssp.risk;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sequence;
import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.mssp.common.spark.DeltaTables;
import org.mssp.risk.rules.RiskRules;
import org.mssp.testsupport.SharedSpark;

/**
 * Scale benchmark of CMS-HCC scoring, off by default (scripts/bench-risk). Builds in Spark N
 * beneficiaries with about 20 distinct diagnosis codes each (half drawn from the codes the
 * payment year's models map, half from codes they do not), a spread of ages, sexes, OREC, dual
 * status, 5 % new enrollees and 2 % institutional, materialises them as Parquet, then times
 * segments → score → blend → the Delta write of {@code beneficiary_risk_score} with the tables of
 * ../shared/reference/cms-hcc, and writes the figures to {@code target/bench-risk.txt}.
 */
@EnabledIfSystemProperty(named = "bench.risk.beneficiaries", matches = "\\d+")
class RiskScaleTest {
  @Test
  void scoresBeneficiariesAtScale(@TempDir Path dir) throws Exception {
    SparkSession spark = SharedSpark.session();
    long n = Long.parseLong(System.getProperty("bench.risk.beneficiaries"));
    int paymentYear = Integer.parseInt(System.getProperty("bench.risk.payment_year", "2026"));
    String partitions = spark.conf().get("spark.sql.shuffle.partitions");
    spark.conf().set("spark.sql.shuffle.partitions", String.valueOf(Math.max(2, n / 125_000)));
    try {
      RiskRules rules = RiskRules.load();
      List<String> models = rules.weightsFor(paymentYear).stream().map(RiskRules.ModelWeight::modelVersion).toList();
      HccTables tables = HccTables.load(SharedSpark.sharedDir().resolve("reference/cms-hcc").toString(), paymentYear, models);
      HccScoring.ModelTables frames = HccScoring.ModelTables.of(spark, tables);
      Dataset<Row> codes = frames.dxToCc().select("dx_code").distinct()
          .withColumn("code_idx", expr("row_number() over (order by dx_code) - 1"));
      long nCodes = codes.count();
      Dataset<Row> dx = spark.range(n).withColumn("k", explode(sequence(lit(1), lit(20))))
          .select(expr("format_string('B%09d', id)").as("bene_id"),
              expr("pmod(hash(id, k), " + nCodes + ")").cast("int").as("code_idx"),
              expr("pmod(hash(k, id, 7), 2) = 0").as("mapped"))
          .join(org.apache.spark.sql.functions.broadcast(codes), "code_idx")
          .select(col("bene_id"),
              expr("case when mapped then dx_code else concat('Z', substr(dx_code, 2)) end").as("dx_code"))
          .distinct();
      Dataset<Row> demo = spark.range(n).select(
          expr("format_string('B%09d', id)").as("bene_id"),
          expr("cast(25 + pmod(hash(id, 1), 71) as int)").as("age"),
          expr("case when pmod(hash(id, 2), 100) < 55 then '2' else '1' end").as("sex_code"),
          expr("case when pmod(hash(id, 3), 100) < 12 then '1' else '0' end").as("orec"),
          expr("case pmod(hash(id, 4), 10) when 0 then 'F' when 1 then 'P' else 'N' end").as("segment_dual"),
          expr("pmod(hash(id, 4), 10) < 2").as("medicaid"),
          expr("pmod(hash(id, 5), 100) < 5").as("new_enrollee"));
      Dataset<Row> inst = spark.range(n).where(expr("pmod(hash(id, 6), 100) < 2"))
          .select(expr("format_string('B%09d', id)").as("bene_id"));
      dx.write().parquet(dir.resolve("dx").toString());
      demo.write().parquet(dir.resolve("demo").toString());
      inst.write().parquet(dir.resolve("inst").toString());
      Dataset<Row> dxIn = spark.read().parquet(dir.resolve("dx").toString());
      long dxRows = dxIn.count();

      long t0 = System.nanoTime();
      Dataset<Row> seg = HccScoring.segments(spark.read().parquet(dir.resolve("demo").toString()),
          spark.read().parquet(dir.resolve("inst").toString()));
      Dataset<Row> scored = HccScoring.blend(spark, HccScoring.score(spark, dxIn, seg, frames, rules, paymentYear), rules, paymentYear)
          .withColumn("year", lit(paymentYear)).withColumn("rules_version", lit(rules.version()));
      String w = dir.resolve("wh").toString();
      DeltaTables.replaceSlice(scored, RiskTables.BENEFICIARY_RISK_SCORE, w, "year = " + paymentYear);
      long t1 = System.nanoTime();
      long out = DeltaTables.read(spark, w, RiskTables.BENEFICIARY_RISK_SCORE).count();
      double secs = (t1 - t0) / 1e9;
      long peakHeap = 0;
      for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
        if (p.getType() == MemoryType.HEAP && p.getPeakUsage() != null) {
          peakHeap += p.getPeakUsage().getUsed();
        }
      }
      String rss = Files.readAllLines(Path.of("/proc/self/status")).stream().filter(l -> l.startsWith("VmHWM"))
          .findFirst().orElse("VmHWM: ?");
      int cores = Runtime.getRuntime().availableProcessors();
      String report = String.format(Locale.ROOT,
          "beneficiaries=%d diagnosis rows=%d (%.1f per beneficiary) payment year=%d models=%s cores=%d%n"
              + "score + key check + Delta write of beneficiary_risk_score: %.1f s, %.0f beneficiaries/s, %.0f beneficiaries/s per core%n"
              + "output rows=%d; peak heap (sum of heap pools' peaks): %d MB; %s%n",
          n, dxRows, dxRows / (double) n, paymentYear, models, cores, secs, n / secs, n / secs / cores, out,
          peakHeap / (1024 * 1024), rss.replaceAll("\\s+", " "));
      Files.writeString(Path.of("target", "bench-risk.txt"), report);
      System.err.println(report);
      assertThat(out).isEqualTo(n * models.size());
    } finally {
      spark.conf().set("spark.sql.shuffle.partitions", partitions);
    }
  }
}
