package org.mssp.generate;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.floor;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.make_date;
import static org.apache.spark.sql.functions.sequence;
import static org.apache.spark.sql.functions.when;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.mssp.allocation.AllocationTables;
import org.mssp.allocation.GroupMapping;
import org.mssp.generate.quality.ProviderQualityGenerator;
import org.mssp.generate.quality.ProviderQualityGenerator.CostRow;
import org.mssp.generate.quality.ProviderQualityGenerator.QualityRow;

/**
 * Provider-level inputs of the allocation stage for the last generated year:
 * {@code quality/provider_quality_<year>.csv} (this year's and last year's numerator and
 * denominator per measure) and {@code quality/provider_cost_<year>.csv}, drawn by
 * {@link ProviderQualityGenerator} for every roster clinician of every ACO participant TIN.
 *
 * <p>Panel (the generator's "attributed beneficiaries"): the beneficiaries alive on January 1 of
 * the year whose home clinician the NPI is (primary care practices), or whose specialist practice
 * it is, split evenly over its clinicians (specialist practices); 0 for other clinicians (lab,
 * imaging, constructed practices), who then get encounter-based measures only. The pipeline's own
 * attribution differs (it counts services); the panel only sizes denominators.
 */
final class ProviderFiles {
  static final String DIR = "quality";

  private ProviderFiles() {}

  /** Clinicians of participant TINs with ACO, specialty and panel; small (one row per clinician × ACO). */
  static List<ProviderQualityGenerator.Provider> clinicians(
      Providers providers, Dataset<Row> organisations, Dataset<Row> benes, int year) {
    Dataset<Row> alive = benes.where(col("death_dt").isNull().or(col("death_dt").geq(make_date(lit(year), lit(1), lit(1)))));
    Dataset<Row> pcpPanel = alive.groupBy(col("pcp_org").as("p_org"), col("pcp_npi_seq").as("p_seq"))
        .agg(count(lit(1)).as("pcp_panel"));
    Dataset<Row> specPanel = alive.groupBy(col("spec_org").as("s_org")).agg(count(lit(1)).as("spec_panel"));
    Dataset<Row> participants = Providers.participants(organisations, year).select("aco_id", "participant_tin");
    Dataset<Row> clinicians = organisations
        .where(col("kind").isin(Providers.PCP, Providers.SPEC, Providers.LAB, Providers.IMG,
            "CPCP", "CSPEC", "CSHARED", "CNONPCP", "CNONSPEC"))
        .withColumn("seq", explode(sequence(lit(0), col("n_npis").minus(1))))
        .join(participants, col("tin").equalTo(col("participant_tin")))
        .join(pcpPanel, col("org_idx").equalTo(col("p_org")).and(col("seq").equalTo(col("p_seq"))), "left")
        .join(specPanel, col("org_idx").equalTo(col("s_org")), "left")
        .select(
            col("aco_id"),
            providers.npi(col("org_idx"), col("seq")).as("npi"),
            col("tin"),
            providers.specialty(col("org_idx"), col("seq"), col("kind")).as("specialty_code"),
            when(col("kind").equalTo(Providers.PCP), org.apache.spark.sql.functions.coalesce(col("pcp_panel"), lit(0L)))
                .when(col("kind").equalTo(Providers.SPEC),
                    floor(org.apache.spark.sql.functions.coalesce(col("spec_panel"), lit(0L)).divide(col("n_npis"))))
                .otherwise(lit(0L)).cast("int").as("panel"))
        .orderBy("aco_id", "npi", "tin");
    List<ProviderQualityGenerator.Provider> out = new ArrayList<>();
    for (Row r : clinicians.collectAsList()) {
      out.add(new ProviderQualityGenerator.Provider(r.getString(0), r.getString(1), r.getString(2), r.getString(3), r.getInt(4)));
    }
    return out;
  }

  /**
   * Writes both files under {@code <root>/quality} through the Hadoop file system (local or
   * s3a); the rows are few and already on the driver. Returns {quality rows, cost rows}.
   */
  static long[] write(SparkSession spark, List<ProviderQualityGenerator.Provider> clinicians, long seed, int year,
      Path root) throws IOException {
    List<String> quality = new ArrayList<>();
    quality.add(String.join(",", AllocationTables.PROVIDER_QUALITY.columns()));
    for (QualityRow q : ProviderQualityGenerator.quality(seed, year, clinicians, GroupMapping.load())) {
      quality.add(String.join(",", q.acoId(), String.valueOf(q.performanceYear()), q.npi(), q.tin(), q.measureId(),
          String.valueOf(q.higherIsBetter()), String.valueOf(q.numerator()), String.valueOf(q.denominator()),
          q.priorNumerator() == null ? "" : q.priorNumerator().toString(),
          q.priorDenominator() == null ? "" : q.priorDenominator().toString()));
    }
    List<String> cost = new ArrayList<>();
    cost.add(String.join(",", AllocationTables.PROVIDER_COST.columns()));
    for (CostRow c : ProviderQualityGenerator.cost(seed, year, clinicians)) {
      cost.add(String.join(",", c.acoId(), String.valueOf(c.performanceYear()), c.npi(), c.tin(),
          c.costPerBeneficiary().toPlainString()));
    }
    Path dir = new Path(root, DIR);
    writeLines(spark, new Path(dir, qualityFile(year)), quality);
    writeLines(spark, new Path(dir, costFile(year)), cost);
    return new long[] {quality.size() - 1, cost.size() - 1};
  }

  private static void writeLines(SparkSession spark, Path file, List<String> lines) throws IOException {
    FileSystem fs = OutputFiles.fileSystem(file, spark.sparkContext().hadoopConfiguration());
    // an explicit folder, as for every other generated file: on S3 stores a folder that only
    // exists implicitly under its files can survive the move out of _staging as an empty tree
    fs.mkdirs(file.getParent());
    try (OutputStream o = fs.create(file, true)) {
      for (String line : lines) {
        o.write((line + "\n").getBytes(StandardCharsets.UTF_8));
      }
    }
  }

  static String qualityFile(int year) {
    return "provider_quality_" + year + ".csv";
  }

  static String costFile(int year) {
    return "provider_cost_" + year + ".csv";
  }
}
