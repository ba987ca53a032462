package org.mssp.generate;

import static org.apache.spark.sql.functions.add_months;
import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.array_compact;
import static org.apache.spark.sql.functions.array_distinct;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.date_add;
import static org.apache.spark.sql.functions.date_sub;
import static org.apache.spark.sql.functions.element_at;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.filter;
import static org.apache.spark.sql.functions.floor;
import static org.apache.spark.sql.functions.last_day;
import static org.apache.spark.sql.functions.least;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.make_date;
import static org.apache.spark.sql.functions.month;
import static org.apache.spark.sql.functions.months_between;
import static org.apache.spark.sql.functions.round;
import static org.apache.spark.sql.functions.sequence;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.substring;
import static org.apache.spark.sql.functions.trunc;
import static org.apache.spark.sql.functions.when;
import static org.apache.spark.sql.functions.year;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.mssp.common.cclf.CclfFile;
import org.mssp.common.cclf.CclfLayout;

/**
 * Beneficiary-level outputs: CCLF8 (demographic snapshots), CCLF9 (MBI crosswalk), the
 * MBSF-style monthly enrollment (grain: beneficiary x year) and the prospective risk scores
 * (grain: beneficiary x year x enrollment type with an eligible month). Delivery rules in
 * docs/input-formats.md.
 */
final class BeneficiaryFiles {
  private final GenerateConfig config;
  private final GenerateRules rules;
  private final Claims claims;
  private final Draws draws;

  BeneficiaryFiles(GenerateConfig config, GenerateRules rules, Claims claims) {
    this.config = config;
    this.rules = rules;
    this.claims = claims;
    this.draws = new Draws(config.seed());
  }

  private Column monthlyDeliveryOf(Column date) {
    Column pm = trunc(date, "month");
    return claims.deliveryName(lit("Y"), year(pm), date_add(add_months(pm, 1), 14));
  }

  /** Medicare status code on a date (MBSF MDCR_STUS_CD). */
  static Column statusAt(Column date) {
    Column esrd = col("base_type").equalTo(0).or(col("esrd_onset_dt").isNotNull().and(col("esrd_onset_dt").leq(date)));
    Column aged = col("base_type").geq(2).or(col("base_type").equalTo(0).and(col("age0").geq(65)));
    return when(esrd, when(aged, lit("11")).when(col("base_type").equalTo(1), lit("21")).otherwise(lit("31")))
        .when(col("base_type").equalTo(1), lit("20"))
        .otherwise(lit("10"));
  }

  /** CCLF8 lines: full snapshot in the first monthly delivery of a year and in its run-out; changes otherwise. */
  Dataset<Row> cclf8(Dataset<Row> by) {
    Column y = col("year");
    Column died = col("died_in_year").and(month(col("death_dt")).geq(2));
    Column changed = col("mbi_change_dt").isNotNull().and(year(col("mbi_change_dt")).equalTo(y))
        .and(month(col("mbi_change_dt")).geq(2));
    Column snapshots =
        array_distinct(array_compact(array(
            struct(claims.deliveryName(lit("Y"), y, make_date(y, lit(2), lit(15))).as("name"), make_date(y, lit(1), lit(31)).as("asof")),
            struct(claims.deliveryName(lit("R"), y, make_date(y.plus(1), lit(4), lit(15))).as("name"), make_date(y, lit(12), lit(31)).as("asof")),
            when(died, struct(monthlyDeliveryOf(col("death_dt")).as("name"), last_day(col("death_dt")).as("asof"))),
            when(changed, struct(monthlyDeliveryOf(col("mbi_change_dt")).as("name"), last_day(col("mbi_change_dt")).as("asof"))))));
    Dataset<Row> s = by.withColumn("snap", explode(snapshots))
        .withColumn("delivery", col("snap.name")).withColumn("asof", col("snap.asof"));
    Column asof = col("asof");
    Column deadByThen = col("death_dt").isNotNull().and(col("death_dt").leq(asof));
    Column monthAsof = month(least(asof, col("alive_end")));
    Column id = col("bene_id");
    Map<String, Column> m = new LinkedHashMap<>();
    m.put("BENE_MBI_ID", Claims.mbiAt(asof));
    m.put("BENE_FIPS_STATE_CD", substring(col("county_code"), 1, 2));
    m.put("BENE_FIPS_CNTY_CD", substring(col("county_code"), 3, 3));
    m.put("BENE_DOB", col("birth_dt"));
    m.put("BENE_SEX_CD", col("sex_cd"));
    m.put("BENE_RACE_CD", claims.pick0(List.of("1", "1", "1", "1", "2", "5", "4", "3"), "bene.race", id));
    m.put("BENE_AGE", floor(months_between(asof, col("birth_dt")).divide(12)).cast("int"));
    m.put("BENE_MDCR_STUS_CD", statusAt(least(asof, col("alive_end"))));
    m.put("BENE_DUAL_STUS_CD", col("dual_cd"));
    m.put("BENE_DEATH_DT", when(deadByThen, col("death_dt")));
    m.put("BENE_RNG_BGN_DT", col("entitlement_dt"));
    m.put("BENE_RNG_END_DT", when(deadByThen, col("death_dt")).otherwise(make_date(lit(9999), lit(12), lit(31))));
    m.put("BENE_1ST_NAME",
        when(col("sex_cd").equalTo("2"), claims.pick("first.names.female", "bene.first_name", id))
            .otherwise(claims.pick("first.names.male", "bene.first_name", id)));
    m.put("BENE_LAST_NAME", claims.pick("last.names", "bene.last_name", id));
    m.put("BENE_ORGNL_ENTLMT_RSN_CD", col("orec"));
    m.put("BENE_ENTLMT_BUYIN_IND", buyinAt(monthAsof));
    m.put("BENE_PART_A_ENRLMT_BGN_DT", col("entitlement_dt"));
    m.put("BENE_PART_B_ENRLMT_BGN_DT", col("entitlement_dt"));
    Column record = CclfRecords.record(CclfLayout.of(CclfFile.CCLF8), m);
    return s.select(col("delivery"), lit(CclfFile.CCLF8.name()).as("file"),
        concat(Claims.mbiAt(asof), lit(" ")).as("sort_key"), record.as("value"),
        lit(null).cast("string").as("malformed"));
  }

  /** CCLF9 lines: a change in the delivery after it, and every change so far in each run-out. */
  Dataset<Row> cclf9(Dataset<Row> beneficiaries) {
    Dataset<Row> changes = beneficiaries.where(col("mbi_change_dt").isNotNull());
    Column change = col("mbi_change_dt");
    Column runoutYears =
        filter(sequence(lit(config.firstYear()), lit(config.lastYear())),
            yy -> change.leq(make_date(yy.plus(1), lit(3), lit(31))));
    Dataset<Row> monthly = changes.withColumn("delivery", monthlyDeliveryOf(change));
    Dataset<Row> runouts =
        changes.withColumn("ry", explode(runoutYears))
            .withColumn("delivery", claims.deliveryName(lit("R"), col("ry"), make_date(col("ry").plus(1), lit(4), lit(15))))
            .drop("ry");
    Map<String, Column> m = new LinkedHashMap<>();
    m.put("HICN_MBI_XREF_IND", lit("M"));
    m.put("CRNT_NUM", col("mbi_new"));
    m.put("PRVS_NUM", col("mbi_old"));
    m.put("PRVS_ID_EFCTV_DT", col("entitlement_dt"));
    m.put("PRVS_ID_OBSLT_DT", date_sub(change, 1));
    Column record = CclfRecords.record(CclfLayout.of(CclfFile.CCLF9), m);
    return monthly.unionByName(runouts)
        .select(col("delivery"), lit(CclfFile.CCLF9.name()).as("file"), col("mbi_new").as("sort_key"),
            record.as("value"), lit(null).cast("string").as("malformed"));
  }

  /** Buy-in indicator in a month: 0 dead, 1 Part A only, 3 A and B (C with state buy-in). */
  private static Column buyinAt(Column m) {
    Column alive = not(col("died_in_year")).or(m.leq(month(col("death_dt"))));
    return when(not(alive), lit("0"))
        .when(col("aonly_start").isNotNull().and(m.geq(col("aonly_start"))), lit("1"))
        .when(col("dual_cd").notEqual("NA"), lit("C"))
        .otherwise(lit("3"));
  }

  /** Grain: one row per beneficiary x year (MBSF base segment columns of the contract). */
  Dataset<Row> enrollment(Dataset<Row> by) {
    List<Column> cols = new ArrayList<>();
    cols.add(Claims.mbiAt(make_date(col("year"), lit(12), lit(31))).as("BENE_MBI_ID"));
    cols.add(col("year").as("RFRNC_YR"));
    cols.add(col("birth_dt").as("BENE_BIRTH_DT"));
    cols.add(col("sex_cd").as("BENE_SEX_CD"));
    cols.add(when(col("died_in_year"), col("death_dt")).as("BENE_DEATH_DT"));
    cols.add(col("orec").as("BENE_ORGNL_ENTLMT_RSN_CD"));
    List<Column> fips = new ArrayList<>();
    List<Column> buyin = new ArrayList<>();
    List<Column> hmo = new ArrayList<>();
    List<Column> status = new ArrayList<>();
    List<Column> dual = new ArrayList<>();
    for (int mo = 1; mo <= 12; mo++) {
      String mm = String.format("%02d", mo);
      Column m = lit(mo);
      Column alive = not(col("died_in_year")).or(m.leq(month(col("death_dt"))));
      fips.add(col("county_code").as("STATE_CNTY_FIPS_CD_" + mm));
      buyin.add(buyinAt(m).as("MDCR_ENTLMT_BUYIN_IND_" + mm));
      hmo.add(when(alive.and(col("ma_start").isNotNull()).and(m.geq(col("ma_start"))), lit("1")).otherwise(lit("0"))
          .as("HMO_IND_" + mm));
      status.add(when(alive, statusAt(make_date(col("year"), m, lit(1)))).otherwise(lit("00")).as("MDCR_STUS_CD_" + mm));
      dual.add(when(alive, col("dual_cd")).otherwise(lit("NA")).as("DUAL_STUS_CD_" + mm));
    }
    cols.addAll(fips);
    cols.addAll(buyin);
    cols.addAll(hmo);
    cols.addAll(status);
    cols.addAll(dual);
    return by.select(cols.toArray(new Column[0]));
  }

  /**
   * Grain: one row per beneficiary x year x enrollment type with an eligible month. With
   * {@code modelScores} (Conditions: bene_id, year, model_hcc_score, model_demographic_score) the
   * non-ESRD rows carry the CMS-HCC score of the year's demographics and the prior year's
   * conditions; ESRD rows (the ESRD model is not generated) and every row without model scores
   * keep the calibrated draw.
   */
  Dataset<Row> riskScores(Dataset<Row> by, Dataset<Row> modelScores) {
    Dataset<Row> src = modelScores == null
        ? by.withColumn("model_hcc_score", lit(null).cast("decimal(6,3)"))
            .withColumn("model_demographic_score", lit(null).cast("decimal(6,3)"))
        : by.join(modelScores, org.mssp.expenditure.ExpenditureStage.on("bene_id", "year"), "left");
    return drawnOrModelScores(src);
  }

  /** Grain: one row per beneficiary x year x enrollment type with an eligible month. */
  Dataset<Row> riskScores(Dataset<Row> by) {
    return riskScores(by, null);
  }

  private Dataset<Row> drawnOrModelScores(Dataset<Row> by) {
    Column jan1 = col("jan1");
    Column onsetInYear = col("esrd_onset_dt").isNotNull().and(col("esrd_onset_dt").gt(jan1))
        .and(year(col("esrd_onset_dt")).equalTo(col("year")));
    Column types = when(onsetInYear, array(col("type_y"), lit(0))).otherwise(array(col("type_y")));
    Dataset<Row> r = by.withColumn("t", explode(types));
    Column t = col("t");
    Column meanRisk = when(t.equalTo(0), col("risk_0")).when(t.equalTo(1), col("risk_1"))
        .when(t.equalTo(2), col("risk_2")).otherwise(col("risk_3"));
    Column age = col("age0").plus(col("yi"));
    Column demo =
        when(t.equalTo(0), lit(0.95))
            .when(t.equalTo(1), lit(0.40))
            .otherwise(lit(0.30).plus(least(age.minus(65), lit(30)).multiply(0.012)))
            .multiply(when(col("dual_cd").notEqual("NA"), lit(1.15)).otherwise(lit(1.0)));
    Column[] names = Counties.TYPES.stream().map(n -> lit(n)).toArray(Column[]::new);
    return r.select(
        Claims.mbiAt(make_date(col("year"), lit(12), lit(31))).as("bene_mbi_id"),
        col("year"),
        element_at(array(names), t.plus(1)).as("enrollment_type"),
        when(t.notEqual(0).and(col("model_hcc_score").isNotNull()), col("model_hcc_score"))
            .otherwise(round(meanRisk.multiply(col("risk_factor")), 3).cast("decimal(6,3)")).as("hcc_risk_score"),
        when(t.notEqual(0).and(col("model_hcc_score").isNotNull()), col("model_demographic_score"))
            .otherwise(round(demo, 3).cast("decimal(6,3)")).as("demographic_risk_score"));
  }
}
