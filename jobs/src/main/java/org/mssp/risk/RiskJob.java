package org.mssp.risk;

import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.countDistinct;
import static org.apache.spark.sql.functions.lit;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.mssp.common.error.Errors;
import org.mssp.common.spark.DeltaTables;
import org.mssp.ingest.IngestTables;
import org.mssp.risk.rules.RiskRules;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code aco risk}: CMS-HCC prospective scores of one score year computed from the base year's
 * (score year − 1) final-action claims, with the model tables and blend of a payment year.
 * Reads {@code part_a_claim_header}, {@code part_a_claim_revenue_line},
 * {@code part_a_claim_diagnosis}, {@code part_b_physician_line} and {@code beneficiary_month};
 * replaces the score year's slice of {@code beneficiary_risk_score} and
 * {@code risk_unmapped_diagnosis}.
 */
public final class RiskJob {
  private static final Logger LOG = LoggerFactory.getLogger(RiskJob.class);

  private RiskJob() {}

  /**
   * @param year score year (diagnoses from year − 1, demographics of year)
   * @param paymentYear payment year of the model tables, blend and normalisation (e.g. 2026)
   * @param hccTables folder with CMS's tables of the payment year
   * @param institutional optional CSV {@code bene_mbi_id,year} of long-term institutional
   *     beneficiaries (CMS takes it from MDS assessments, which CCLF lacks); null = none
   */
  public record Config(String warehouse, int year, int paymentYear, String hccTables, String institutional) {
    public Config {
      if (warehouse == null || warehouse.isBlank()) {
        throw Errors.badArgument("--warehouse", warehouse, "a warehouse path");
      }
      if (year < 2010 || year > 2100) {
        throw Errors.badArgument("--year", year, "a calendar year such as 2018");
      }
      if (paymentYear < 2010 || paymentYear > 2100) {
        throw Errors.badArgument("--payment-year", paymentYear, "a payment year such as 2026");
      }
      if (hccTables == null || hccTables.isBlank()) {
        throw Errors.badArgument("--hcc-tables", hccTables, "the folder holding CMS's CMS-HCC tables");
      }
    }
  }

  /** What a run did; unmapped codes are reported here and in {@code risk_unmapped_diagnosis}. */
  public record Result(long beneficiaries, long newEnrollees, long diagnoses, long unmappedCodes,
      long unmappedBeneficiaryCodes, long missingDemographics) {}

  public static final StructType INSTITUTIONAL = new StructType()
      .add("bene_mbi_id", DataTypes.StringType, false).add("year", DataTypes.IntegerType, false);

  public static Result run(Config config, SparkSession spark) {
    RiskRules rules = RiskRules.load();
    List<String> models = rules.weightsFor(config.paymentYear()).stream().map(RiskRules.ModelWeight::modelVersion).toList();
    HccTables tables = HccTables.load(config.hccTables(), config.paymentYear(), models);
    String w = config.warehouse();
    int year = config.year();

    Dataset<Row> dx = RiskDiagnoses.eligibleDiagnoses(spark,
        DeltaTables.read(spark, w, IngestTables.PART_A_CLAIM_HEADER),
        DeltaTables.read(spark, w, IngestTables.PART_A_CLAIM_REVENUE_LINE),
        DeltaTables.read(spark, w, IngestTables.PART_A_CLAIM_DIAGNOSIS),
        DeltaTables.read(spark, w, IngestTables.PART_B_PHYSICIAN_LINE),
        tables.hcpcsFrame(spark), rules, year - 1).persist();
    Dataset<Row> demo = RiskDiagnoses.demographics(spark, DeltaTables.read(spark, w, IngestTables.BENEFICIARY_MONTH), rules, year);
    Dataset<Row> institutional = config.institutional() == null
        ? spark.createDataFrame(List.of(), INSTITUTIONAL).select(col("bene_mbi_id").as(HccScoring.BENE_ID))
        : spark.read().option("header", "true").option("mode", "FAILFAST").schema(INSTITUTIONAL).csv(config.institutional())
            .where(col("year").equalTo(year)).select(col("bene_mbi_id").as(HccScoring.BENE_ID)).distinct();
    long missing = RiskDiagnoses.countWhere(demo, col("age").isNull().or(col("sex_code").isNull()).or(col("orec").isNull()));
    if (missing > 0) {
      LOG.warn("risk {}: {} beneficiaries lack birth date, sex or OREC in beneficiary_month and are not scored", year, missing);
    }
    Dataset<Row> segmented = HccScoring.segments(
        demo.where(col("age").isNotNull().and(col("sex_code").isNotNull()).and(col("orec").isNotNull())), institutional).persist();
    HccScoring.ModelTables frames = HccScoring.ModelTables.of(spark, tables);
    try {
      Dataset<Row> scored = HccScoring.blend(spark, HccScoring.score(spark, dx, segmented, frames, rules, config.paymentYear()),
              rules, config.paymentYear())
          .withColumn("year", lit(year))
          .withColumn("rules_version", lit(rules.version() + "+cms-hcc-" + config.paymentYear()));
      Dataset<Row> unmappedAll = HccScoring.unmappedDiagnoses(dx, frames, models).withColumn("year", lit(year));
      String slice = "year = " + year;
      DeltaTables.replaceSlice(scored, RiskTables.BENEFICIARY_RISK_SCORE, w, slice);
      DeltaTables.replaceSlice(unmappedAll, RiskTables.RISK_UNMAPPED_DIAGNOSIS, w, slice);

      Dataset<Row> written = DeltaTables.read(spark, w, RiskTables.BENEFICIARY_RISK_SCORE).where(col("year").equalTo(year));
      Row s = written.agg(countDistinct(col(HccScoring.BENE_ID)),
          countDistinct(org.apache.spark.sql.functions.when(col("new_enrollee"), col(HccScoring.BENE_ID)))).first();
      Row u = DeltaTables.read(spark, w, RiskTables.RISK_UNMAPPED_DIAGNOSIS).where(col("year").equalTo(year))
          .agg(org.apache.spark.sql.functions.count(lit(1)), org.apache.spark.sql.functions.coalesce(
              org.apache.spark.sql.functions.sum("beneficiaries"), lit(0L))).first();
      long diagnoses = dx.count();
      Result r = new Result(s.getLong(0), s.getLong(1), diagnoses, u.getLong(0), u.getLong(1), missing);
      LOG.info("risk {} (payment year {} tables, models {}): {} beneficiaries scored ({} new enrollees), {} beneficiary × "
              + "diagnosis rows, {} model × code pairs not in the ICD-10 mapping ({} beneficiary × code), written to "
              + "risk_unmapped_diagnosis", year, config.paymentYear(), models, r.beneficiaries(), r.newEnrollees(),
          r.diagnoses(), r.unmappedCodes(), r.unmappedBeneficiaryCodes());
      return r;
    } finally {
      dx.unpersist();
      segmented.unpersist();
    }
  }
}
