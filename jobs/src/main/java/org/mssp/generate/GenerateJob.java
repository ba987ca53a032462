package org.mssp.generate;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.floor;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.mssp.common.cclf.CclfFileName;
import org.mssp.common.error.Errors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code aco generate}: a synthetic national Medicare population and its claims in CCLF form.
 *
 * <p>Steps: check arguments that need a file system (county file, output); place ACOs in home
 * states; build providers, the population and beneficiary-years (persisted: every output reads
 * them); claims, versions and deliveries; write CCLF files, enrollment, reference and truth
 * files into {@code <output>/_staging}; move them into place; write {@code manifest.json} last.
 * A run that fails leaves no manifest, so it never looks complete.
 */
public final class GenerateJob {
  private static final Logger LOG = LoggerFactory.getLogger(GenerateJob.class);
  static final String STAGING = "_staging";
  static final String MANIFEST = "manifest.json";

  private GenerateJob() {}

  /** Runs the generator; returns the manifest as written. */
  public static Map<String, Object> run(GenerateConfig config, SparkSession spark) {
    Configuration hadoop = spark.sparkContext().hadoopConfiguration();
    Counties counties = Counties.read(config.countyFile(), hadoop);
    Path out = new Path(config.output());
    FileSystem fs = prepareOutput(config, out, hadoop);
    Path staging = new Path(out, STAGING);
    try {
      Map<String, Object> manifest = generate(config, spark, counties, staging);
      publish(fs, staging, out);
      writeJson(fs, new Path(out, MANIFEST), manifest);
      OutputFiles.deleteTree(fs, staging);
      return manifest;
    } catch (IOException e) {
      cleanUp(fs, staging);
      throw Errors.cannot("write the dataset to " + config.output(), e.getMessage());
    } catch (RuntimeException e) {
      cleanUp(fs, staging);
      throw e;
    }
  }

  private static void cleanUp(FileSystem fs, Path staging) {
    try {
      fs.delete(staging, true);
    } catch (IOException e) {
      LOG.warn("could not remove the staging folder {}: {}", staging, e.getMessage());
    }
  }

  /** Fails unless the output is empty (or --overwrite) and writable. */
  static FileSystem prepareOutput(GenerateConfig config, Path out, Configuration hadoop) {
    try {
      FileSystem fs = OutputFiles.fileSystem(out, hadoop);
      if (fs.exists(out)) {
        if (!fs.getFileStatus(out).isDirectory()) {
          throw Errors.badArgument("--output", config.output(), "exists and is a file, not a folder");
        }
        FileStatus[] children = fs.listStatus(out);
        if (children.length > 0) {
          if (!config.overwrite()) {
            throw Errors.badArgument("--output", config.output(), "exists and is not empty (use --overwrite to replace it)");
          }
          for (FileStatus c : children) {
            fs.delete(c.getPath(), true);
          }
        }
      }
      Path probe = new Path(new Path(out, STAGING), ".probe");
      if (!fs.mkdirs(probe.getParent())) {
        throw Errors.badArgument("--output", config.output(), "cannot create the folder");
      }
      fs.create(probe, true).close();
      fs.delete(probe, false);
      return fs;
    } catch (IOException e) {
      throw Errors.badArgument("--output", config.output(), "cannot be written: " + e.getMessage());
    }
  }

  private static Map<String, Object> generate(
      GenerateConfig config, SparkSession spark, Counties counties, Path staging) throws IOException {
    GenerateRules rules = GenerateRules.load();
    int[] acoState = acoHomeStates(config, spark, counties);
    Providers providers = new Providers(config, rules, counties.stateShares(), acoState);
    ConstructedCases cases = new ConstructedCases(config.rates().constructedPerCase(), config.acos(), config.beneficiaries());
    Population population = new Population(config, rules);

    Path work = new Path(staging, "work");
    Dataset<Row> benes = materialise(spark, population.beneficiaries(spark, counties, providers, cases), work, "beneficiaries");
    Dataset<Row> by = materialise(spark, population.beneficiaryYears(benes), work, "beneficiary_years");
    Dataset<Row> organisations = materialise(spark, providers.organisations(spark, config.rates().tinTwoAcos()), work, "organisations");
    {
      Claims claims = new Claims(config, rules, providers);
      Conditions conditions = Conditions.load(config, rules);
      Dataset<Row> visits = cases.visits(spark, providers, config.lastYear());
      Dataset<Row> partA = materialise(spark, claims.versions(claims.partA(by)), work, "versions_a");
      Dataset<Row> carrier = materialise(spark, claims.versions(claims.carrier(by, visits)), work, "versions_b")
          .withColumn("cond_dx", when(Conditions.carriesConditions(), conditions.profileDx(col("bene_id"), col("year")))
              .otherwise(array().cast("array<string>")));
      Dataset<Row> dme = materialise(spark, claims.versions(claims.dme(by)), work, "versions_d");

      CclfFiles files = new CclfFiles(config, rules, claims);
      BeneficiaryFiles beneFiles = new BeneficiaryFiles(config, rules, claims);
      List<Dataset<Row>> parts = new ArrayList<>(files.partA(partA));
      parts.add(files.carrier(carrier, providers));
      parts.add(files.dme(dme));
      parts.add(beneFiles.cclf8(by));
      parts.add(beneFiles.cclf9(benes));
      Dataset<Row> lines = parts.get(0);
      for (int i = 1; i < parts.size(); i++) {
        lines = lines.unionByName(parts.get(i));
      }
      long started = System.nanoTime();
      List<CclfFileName> deliveries = Deliveries.of(config);
      List<CclfWriter.FileCount> written = CclfWriter.write(spark, lines, staging, config.gzip(), deliveries);
      LOG.info("CCLF files written in {} s", (System.nanoTime() - started) / 1_000_000_000L);

      OutputFiles.writeCsvByYear(spark, beneFiles.enrollment(by), "RFRNC_YR", List.of("BENE_MBI_ID"),
          new Path(staging, "enrollment"), "mbsf_%d.csv");
      Path reference = new Path(staging, "reference");
      OutputFiles.writeCsv(Providers.participants(organisations, config.firstYear()),
          List.of("aco_id", "participant_tin", "ccn"), new Path(reference, "aco_participants.csv"));
      OutputFiles.writeCsv(providers.roster(organisations), List.of("npi", "billing_tin"),
          new Path(reference, "provider_roster.csv"));
      Reference ref = new Reference(config, rules);
      OutputFiles.writeCsv(ref.voluntary(benes, cases.designations(spark, providers, config.lastYear()), providers),
          List.of("bene_mbi_id", "signature_date"), new Path(reference, "voluntary_alignment.csv"));
      Dataset<Row> agreements = ref.agreements(spark);
      OutputFiles.writeCsv(agreements, List.of("aco_id", "performance_year"),
          new Path(reference, "aco_agreements.csv"));
      OutputFiles.writeCsv(ref.quality(agreements), List.of("aco_id", "performance_year"),
          new Path(reference, "aco_quality.csv"));
      List<Map<String, Object>> otherFiles = new ArrayList<>();
      long acoYears = agreements.count();
      otherFiles.add(fileEntry("reference/aco_agreements.csv", "ACO x performance year", acoYears));
      otherFiles.add(fileEntry("reference/aco_quality.csv", "ACO x performance year", acoYears));
      long[] providerRows = ProviderFiles.write(spark,
          ProviderFiles.clinicians(providers, organisations, benes, config.lastYear()), config.seed(),
          config.lastYear(), staging);
      otherFiles.add(fileEntry(ProviderFiles.DIR + "/" + ProviderFiles.qualityFile(config.lastYear()),
          "ACO x performance year x NPI x TIN x measure", providerRows[0]));
      otherFiles.add(fileEntry(ProviderFiles.DIR + "/" + ProviderFiles.costFile(config.lastYear()),
          "ACO x performance year x NPI x TIN", providerRows[1]));
      Dataset<Row> modelScores = conditions.scoresFromTables()
          ? conditions.scores(spark, by.select("bene_id", "year", "yi", "birth_dt", "sex_cd", "orec", "dual_cd"),
              Truths.finalVisitYears(carrier))
          : null;
      OutputFiles.writeCsv(beneFiles.riskScores(by, modelScores), List.of("bene_mbi_id", "year", "enrollment_type"),
          new Path(reference, "prospective_risk_scores.csv"));
      Dataset<Row> truth =
          cases.truth(spark, config.lastYear())
              .join(benes.select("bene_id", "mbi_old"), "bene_id")
              .select(col("mbi_old").as("bene_mbi_id"), col("year"), col("expected_aco_id"), col("case"));
      OutputFiles.writeCsv(truth, List.of("bene_mbi_id"), new Path(staging, "truth/constructed_assignment.csv"));

      Dataset<Row> versions =
          materialise(spark,
              Truths.claimVersions(partA, "A")
                  .unionByName(Truths.claimVersions(carrier, "B"))
                  .unionByName(Truths.claimVersions(dme, "D")),
              work, "truth_versions");
      Map<String, Object> manifest =
          Manifest.build(config, counties, written,
              Truths.finalActionEntries(Truths.finalAction(versions).collectAsList()),
              Truths.versionMess(versions), populationCounts(by, benes), calibration(by, versions, rules),
              acoCounts(organisations), cases, otherFiles);
      OutputFiles.deleteTree(OutputFiles.fileSystem(work, spark.sparkContext().hadoopConfiguration()), work);
      return manifest;
    }
  }

  /**
   * Writes an intermediate result as Parquet under the staging folder and reads it back: keeps
   * each later plan small (the generator's column expressions are large) and computes every
   * intermediate once.
   */
  private static Dataset<Row> materialise(SparkSession spark, Dataset<Row> df, Path work, String name) {
    String path = new Path(work, name).toString();
    long started = System.nanoTime();
    df.write().parquet(path);
    LOG.info("{} computed in {} ms", name, (System.nanoTime() - started) / 1_000_000L);
    return spark.read().parquet(path);
  }

  /** Each ACO's home state: the state of a county drawn by person-years (footprints cluster there). */
  private static int[] acoHomeStates(GenerateConfig config, SparkSession spark, Counties counties) {
    Draws draws = new Draws(config.seed());
    Column u = draws.uniform("aco.home", col("id"));
    List<Row> rows =
        spark.range(config.acos())
            .withColumn("u", u)
            .withColumn("bucket", floor(col("u").multiply(Counties.BUCKETS)).cast("int"))
            .join(broadcast(counties.drawTable(spark)), "bucket")
            .where(col("u").geq(col("lo")).and(col("u").lt(col("hi"))))
            .join(broadcast(counties.attributes(spark)), "county_idx")
            .select("id", "state_id")
            .orderBy("id")
            .collectAsList();
    int[] states = new int[config.acos()];
    for (Row r : rows) {
      states[(int) r.getLong(0)] = r.getInt(1);
    }
    return states;
  }

  private static Map<String, Object> fileEntry(String file, String grain, long rows) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("file", file);
    m.put("grain", grain);
    m.put("rows", rows);
    return m;
  }

  private static Map<String, Long> populationCounts(Dataset<Row> by, Dataset<Row> benes) {
    Column random = col("case_name").isNull();
    Row b =
        benes.agg(count(lit(1)).as("beneficiaries"),
                sum(when(col("death_dt").isNotNull(), 1L).otherwise(0L)).as("deaths"),
                sum(when(col("mbi_change_dt").isNotNull(), 1L).otherwise(0L)).as("mbi_changes"),
                sum(when(col("esrd_onset_dt").isNotNull(), 1L).otherwise(0L)).as("esrd_onsets"),
                sum(when(col("voluntary"), 1L).otherwise(0L)).as("voluntary_designations"),
                sum(when(not(random), 1L).otherwise(0L)).as("constructed_beneficiaries"))
            .first();
    Row y =
        by.agg(count(lit(1)).as("beneficiary_years"),
                sum(when(random, 1L).otherwise(0L)).as("random_beneficiary_years"),
                sum(when(random.and(col("ma_start").isNotNull()), 1L).otherwise(0L)).as("ma_beneficiary_years"),
                sum(when(random.and(col("aonly_start").isNotNull()), 1L).otherwise(0L)).as("part_a_only_beneficiary_years"),
                sum(when(random.and(col("specialist_only")), 1L).otherwise(0L)).as("specialist_only_beneficiary_years"),
                sum(when(random.and(col("died_in_year")), 1L).otherwise(0L)).as("deaths_mid_year"))
            .first();
    Map<String, Long> m = new LinkedHashMap<>();
    for (Row r : List.of(b, y)) {
      for (String f : r.schema().fieldNames()) {
        m.put(f, r.<Long>getAs(f));
      }
    }
    return m;
  }

  /**
   * Per enrollment type: FFS person-years (Part A eligible days / year days), the expected spend
   * (county per-capita of the type x eligible fractions by the Part A / Part B spend shares) and
   * the realised final-action paid amount without IME, DSH and uncompensated care.
   */
  private static List<Map<String, Object>> calibration(Dataset<Row> by, Dataset<Row> versions, GenerateRules rules) {
    double shareB = rules.number("claims.carrier.share") + rules.number("claims.dme.share");
    double shareA = 1 - shareB;
    Column t = col("type_y");
    Column pc = when(t.equalTo(0), col("pc_0")).when(t.equalTo(1), col("pc_1")).when(t.equalTo(2), col("pc_2")).otherwise(col("pc_3"));
    Column expected = pc.multiply(col("a_days").multiply(shareA).plus(col("b_days").multiply(shareB))).divide(col("year_days"));
    List<Row> exp =
        by.groupBy("type_y")
            .agg(sum(col("a_days").divide(col("year_days"))).as("person_years"), sum(expected).as("expected"))
            .orderBy("type_y").collectAsList();
    Dataset<Row> fin = versions.groupBy("family", "claim_key")
        .agg(org.apache.spark.sql.functions.max(when(col("slot").equalTo(Claims.SLOT_ADJUST), 1).otherwise(0)).as("adj"),
            org.apache.spark.sql.functions.max(when(col("slot").equalTo(Claims.SLOT_CANCEL), 1).otherwise(0)).as("can"),
            org.apache.spark.sql.functions.max(when(col("slot").equalTo(Claims.SLOT_ADJUST), col("paid_cents").minus(col("excluded_cents")))).as("adj_paid"),
            org.apache.spark.sql.functions.max(when(col("slot").equalTo(Claims.SLOT_ORIGINAL), col("paid_cents").minus(col("excluded_cents")))).as("orig_paid"),
            org.apache.spark.sql.functions.first("type_y").as("type_y"));
    Column paid = when(col("adj").equalTo(1), col("adj_paid")).when(col("can").equalTo(0), col("orig_paid")).otherwise(lit(0L));
    Map<Integer, Long> realised = new LinkedHashMap<>();
    for (Row r : fin.groupBy("type_y").agg(sum(paid).as("paid")).collectAsList()) {
      realised.put(r.getInt(0), r.isNullAt(1) ? 0L : r.getLong(1));
    }
    List<Map<String, Object>> out = new ArrayList<>();
    for (Row r : exp) {
      int type = r.getInt(0);
      double py = r.getDouble(1);
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("enrollment_type", Counties.TYPES.get(type));
      m.put("person_years", Math.round(py * 100) / 100.0);
      m.put("expected_per_capita", py > 0 ? Math.round(r.getDouble(2) / py * 100) / 100.0 : 0);
      m.put("realised_per_capita", py > 0 ? Math.round(realised.getOrDefault(type, 0L) / py) / 100.0 : 0);
      out.add(m);
    }
    return out;
  }

  private static Map<String, Long> acoCounts(Dataset<Row> organisations) {
    Row r =
        organisations.agg(
                sum(when(col("aco_1").isNotNull(), 1L).otherwise(0L)).as("participant_tins"),
                sum(when(col("aco_2").isNotNull(), 1L).otherwise(0L)).as("tins_in_two_acos"),
                count(lit(1)).as("organisations"))
            .first();
    Map<String, Long> m = new LinkedHashMap<>();
    for (String f : r.schema().fieldNames()) {
      m.put(f, r.<Long>getAs(f));
    }
    return m;
  }

  private static void publish(FileSystem fs, Path staging, Path out) throws IOException {
    for (FileStatus child : fs.listStatus(staging)) {
      Path target = new Path(out, child.getPath().getName());
      if (!fs.rename(child.getPath(), target)) {
        throw new IOException("cannot move " + child.getPath() + " to " + target);
      }
    }
  }

  static void writeJson(FileSystem fs, Path path, Object value) throws IOException {
    ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    try (OutputStream o = fs.create(path, true)) {
      o.write(mapper.writeValueAsBytes(value));
      o.write('\n');
    }
  }
}
