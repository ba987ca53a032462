package org.mssp.generate;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.array_compact;
import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.element_at;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.floor;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.make_date;
import static org.apache.spark.sql.functions.months_between;
import static org.apache.spark.sql.functions.round;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.transform;
import static org.apache.spark.sql.functions.when;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.mssp.common.error.Errors;
import org.mssp.risk.HccScoring;
import org.mssp.risk.HccTables;
import org.mssp.risk.rules.RiskRules;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * CMS-HCC conditions of the synthetic population (docs/risk-adjustment.md, "Synthetic data").
 * Each beneficiary-year draws one condition profile of {@code generate-codes.properties}; the
 * profile's ICD-10 codes go on that year's visit claims, and the CMS-style prospective score of
 * the next year is computed here by a separate, simple path: the profile's hand-listed variables
 * (HCCs after hierarchies, interactions) plus the demographic cell, looked up in CMS's
 * coefficient table for the beneficiary's segment, when the profile's year had a final-action
 * visit claim. Without CMS's tables the scores stay the calibrated draws of before.
 */
final class Conditions {
  private static final Logger LOG = LoggerFactory.getLogger(Conditions.class);

  record Profile(String name, List<String> dx, List<String> variables, double weight) {}

  private final List<Profile> profiles;
  private final Draws draws;
  private final HccTables tables;
  private final RiskRules.ModelWeight model;

  private Conditions(List<Profile> profiles, Draws draws, HccTables tables, RiskRules.ModelWeight model) {
    this.profiles = profiles;
    this.draws = draws;
    this.tables = tables;
    this.model = model;
  }

  static Conditions load(GenerateConfig config, GenerateRules rules) {
    int paymentYear = rules.integer("risk.payment_year");
    List<RiskRules.ModelWeight> weights = RiskRules.load().weightsFor(paymentYear);
    if (weights.size() != 1 || weights.get(0).weight().compareTo(BigDecimal.ONE) != 0) {
      throw Errors.badRules("generate-rules.properties", "risk.payment_year " + paymentYear
          + " blends several CMS-HCC models; the generator needs a payment year with one model");
    }
    RiskRules.ModelWeight model = weights.get(0);
    String key = model.modelVersion().toLowerCase(Locale.ROOT);
    List<Profile> profiles = new ArrayList<>();
    for (String name : rules.codes("hcc.profiles")) {
      double w = rules.number("hcc.profile." + name + ".weight");
      profiles.add(name.equals("none")
          ? new Profile(name, List.of(), List.of(), w)
          : new Profile(name, rules.codes("hcc.profile." + name + ".dx"), rules.codes("hcc.profile." + name + "." + key), w));
    }
    HccTables tables = null;
    String dir = config.hccTables();
    if (dir != null && Files.isRegularFile(Path.of(dir).resolve(String.format(HccTables.COEFFICIENT_FILE, paymentYear)))) {
      tables = HccTables.load(dir, paymentYear, List.of(model.modelVersion()));
      for (Profile p : profiles) {
        for (String v : p.variables()) {
          if (v.startsWith("HCC") && tables.coefficient(model.modelVersion(), "CNA_" + v) == null) {
            throw Errors.badRules("generate-codes.properties", "profile " + p.name() + ": " + v + " has no CNA coefficient in "
                + dir + " for payment year " + paymentYear);
          }
        }
      }
      LOG.info("risk scores: CMS-HCC {} of payment year {} from {}, on the conditions of the claims", model.modelVersion(),
          paymentYear, dir);
    } else {
      LOG.warn("risk scores: no CMS-HCC tables of payment year {} under {}; prospective_risk_scores.csv keeps the "
          + "calibrated random scores, which do not follow the claims' diagnoses", paymentYear, dir);
    }
    return new Conditions(profiles, new Draws(config.seed()), tables, model);
  }

  boolean scoresFromTables() {
    return tables != null;
  }

  /** 0-based profile of a beneficiary-year, drawn by the profile weights. */
  Column profileIndex(Column beneId, Column year) {
    double total = profiles.stream().mapToDouble(Profile::weight).sum();
    Column u = draws.uniform("bene.hcc_profile", beneId, year).multiply(total);
    Column idx = lit(profiles.size() - 1);
    double cum = 0;
    List<Double> upper = new ArrayList<>();
    for (Profile p : profiles) {
      cum += p.weight();
      upper.add(cum);
    }
    for (int i = profiles.size() - 2; i >= 0; i--) {
      idx = when(u.lt(upper.get(i)), lit(i)).otherwise(idx);
    }
    return idx;
  }

  /** The profile's ICD-10 codes (array, empty for none). */
  Column profileDx(Column beneId, Column year) {
    Column[] lists = profiles.stream()
        .map(p -> p.dx().isEmpty() ? array().cast("array<string>") : array(p.dx().stream().map(c -> lit(c)).toArray(Column[]::new)))
        .toArray(Column[]::new);
    return element_at(array(lists), profileIndex(beneId, year).plus(1));
  }

  private Column profileVariables(Column idx) {
    Column[] lists = profiles.stream()
        .map(p -> p.variables().isEmpty() ? array().cast("array<string>")
            : array(p.variables().stream().map(c -> lit(c)).toArray(Column[]::new)))
        .toArray(Column[]::new);
    return element_at(array(lists), idx.plus(1));
  }

  private Column profileHccCount(Column idx) {
    Column n = lit(0);
    for (int i = profiles.size() - 1; i >= 0; i--) {
      long hccs = profiles.get(i).variables().stream().filter(v -> v.startsWith("HCC")).count();
      n = when(idx.equalTo(i), lit((int) hccs)).otherwise(n);
    }
    return n;
  }

  /**
   * CMS-style scores of beneficiary-years: {@code rows} has bene_id, year, yi, birth_dt, sex_cd,
   * orec, dual_cd; {@code captured} has (bene_id, year) of the years with a final-action visit
   * claim. Returns bene_id, year, hcc_risk_score, demographic_risk_score (3 decimals).
   */
  Dataset<Row> scores(SparkSession spark, Dataset<Row> rows, Dataset<Row> captured) {
    Column age = floor(months_between(make_date(col("year"), lit(2), lit(1)), col("birth_dt")).divide(12)).cast("int");
    Dataset<Row> r = rows.withColumn("age", age);
    Column a = col("age");
    Column female = col("sex_cd").equalTo("2");
    Column sex = when(female, lit("F")).otherwise(lit("M"));
    Column dual = when(col("dual_cd").isin("02", "04", "08"), lit("F")).when(col("dual_cd").equalTo("NA"), lit("N")).otherwise(lit("P"));
    Column medicaid = col("dual_cd").notEqual("NA");
    Column newEnrollee = col("yi").equalTo(0); // the dataset has no enrollment before its first year
    Column seg = when(newEnrollee, lit("NE")).otherwise(concat(lit("C"), dual, when(a.geq(65), lit("A")).otherwise(lit("D"))));
    Column band = when(a.lt(35), lit("0_34")).when(a.lt(45), lit("35_44")).when(a.lt(55), lit("45_54"))
        .when(a.lt(60), lit("55_59")).when(a.lt(65), lit("60_64")).when(a.lt(70), lit("65_69")).when(a.lt(75), lit("70_74"))
        .when(a.lt(80), lit("75_79")).when(a.lt(85), lit("80_84")).when(a.lt(90), lit("85_89")).when(a.lt(95), lit("90_94"))
        .otherwise(lit("95_GT"));
    Column neBand = when(a.between(65, 69), a.cast("string")).otherwise(band);
    Column neCell = concat(lit("NE_"), when(medicaid, lit("MCAID")).otherwise(lit("NMCAID")), lit("_"),
        when(col("orec").isin("1", "3").and(a.geq(65)), lit("ORIGDIS")).otherwise(lit("NORIGDIS")), lit("_NE"), sex, neBand);
    Column s = col("segment");
    Column demographic = when(s.equalTo("NE"), array(neCell)).otherwise(array_compact(array(
        concat(s, lit("_"), sex, band),
        when(col("orec").equalTo("1").and(a.geq(65)), concat(s, lit("_OriginallyDisabled_"), when(female, lit("Female")).otherwise(lit("Male")))))));
    // the profile of the year before, when a visit claim carried it
    Column prior = col("prior_profile");
    Column vars = profileVariables(prior);
    Column n = profileHccCount(prior);
    Column disease = when(s.equalTo("NE").or(col("captured").isNull()).or(n.equalTo(0)), array().cast("array<string>"))
        .otherwise(org.apache.spark.sql.functions.concat(transform(vars, v -> concat(s, lit("_"), v)),
            array(concat(s, lit("_"), when(n.geq(10), lit("D10P")).otherwise(concat(lit("D"), n.cast("string")))))));
    Dataset<Row> withSeg = r.withColumn("segment", seg)
        .withColumn("prior_profile", profileIndex(col("bene_id"), col("year").minus(1)))
        .join(captured.select(col("bene_id"), col("year").plus(1).as("year"), lit(true).as("captured")),
            org.mssp.expenditure.ExpenditureStage.on("bene_id", "year"), "left");
    Dataset<Row> terms =
        withSeg.select(col("bene_id"), col("year"), explode(demographic).as("variable"), lit(true).as("demo"))
            .unionByName(withSeg.select(col("bene_id"), col("year"), explode(disease).as("variable"), lit(false).as("demo")));
    Dataset<Row> coef = broadcast(tables.coefficientFrame(spark).where(col("model_version").equalTo(model.modelVersion()))
        .select("variable", "coefficient"));
    Column w = lit(model.weight());
    Column nf = lit(model.normalizationFactor());
    return terms.join(coef, "variable")
        .groupBy("bene_id", "year")
        .agg(sum("coefficient").as("raw"), sum(when(col("demo"), col("coefficient"))).as("demo_raw"))
        .select(col("bene_id"), col("year"),
            round(HccScoring.blendTerm(col("raw"), w, nf).cast(org.mssp.expenditure.ExpenditureTables.RATIO), 3)
                .cast("decimal(6,3)").as("model_hcc_score"),
            round(HccScoring.blendTerm(col("demo_raw"), w, nf).cast(org.mssp.expenditure.ExpenditureTables.RATIO), 3)
                .cast("decimal(6,3)").as("model_demographic_score"));
  }

  /** Whether a carrier claim carries its beneficiary-year's profile: visit claims (PCP or specialist role). */
  static Column carriesConditions() {
    return col("role").isin("PCP", "SPEC");
  }
}
