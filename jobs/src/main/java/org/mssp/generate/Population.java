package org.mssp.generate;

import static org.apache.spark.sql.functions.add_months;
import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.date_add;
import static org.apache.spark.sql.functions.date_sub;
import static org.apache.spark.sql.functions.datediff;
import static org.apache.spark.sql.functions.element_at;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.floor;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.least;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.make_date;
import static org.apache.spark.sql.functions.pow;
import static org.apache.spark.sql.functions.sequence;
import static org.apache.spark.sql.functions.sqrt;
import static org.apache.spark.sql.functions.trunc;
import static org.apache.spark.sql.functions.when;
import static org.apache.spark.sql.functions.year;

import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The population. {@link #beneficiaries} has grain one row per beneficiary (id 0..N-1): county
 * drawn by person-years, enrollment type by the county's mix, demographics consistent with the
 * type, risk factor, death, MBI change, ESRD onset, home practice and facilities in the state.
 * {@link #beneficiaryYears} has grain one row per beneficiary x calendar year in which the
 * beneficiary is alive on 1 January: MA and Part-A-only months, spend target, eligibility
 * windows. Every draw is a pure function of (seed, beneficiary id, draw name[, year]).
 *
 * <p>The first {@code cases x perCase} beneficiaries are the constructed assignment cases
 * ({@link ConstructedCases}): no random death, MBI change or ESRD onset; their mess in the last
 * year comes from the case.
 */
final class Population {
  private final GenerateConfig config;
  private final GenerateRules rules;
  private final Draws draws;

  Population(GenerateConfig config, GenerateRules rules) {
    this.config = config;
    this.rules = rules;
    this.draws = new Draws(config.seed());
  }

  /** Grain: one row per beneficiary. */
  Dataset<Row> beneficiaries(
      SparkSession spark, Counties counties, Providers providers, ConstructedCases cases) {
    Column id = col("bene_id");
    int first = config.firstYear();
    int last = config.lastYear();
    Dataset<Row> benes =
        spark.range(config.beneficiaries()).withColumnRenamed("id", "bene_id")
            .withColumn("u_county", draws.uniform("bene.county", id))
            .withColumn("bucket", floor(col("u_county").multiply(Counties.BUCKETS)).cast("int"));
    Dataset<Row> draw = counties.drawTable(spark);
    benes =
        benes.join(broadcast(draw), "bucket")
            .where(col("u_county").geq(col("lo")).and(col("u_county").lt(col("hi"))))
            .drop("bucket", "lo", "hi", "u_county")
            .join(broadcast(counties.attributes(spark)), "county_idx")
            .join(broadcast(providers.stateBlocks(spark)), "state_id");

    Column uType = draws.uniform("bene.type", id);
    Column type =
        when(uType.lt(col("type_cum_0")), lit(0))
            .when(uType.lt(col("type_cum_1")), lit(1))
            .when(uType.lt(col("type_cum_2")), lit(2))
            .otherwise(lit(3));
    benes = benes.withColumn("base_type", type);
    Column t = col("base_type");
    Column age0 =
        when(t.geq(2), floor(pow(draws.uniform("bene.age", id), 1.5).multiply(36)).plus(65))
            .when(t.equalTo(1), draws.between("bene.age", lit(21), lit(64 - config.yearCount()), id))
            .otherwise(draws.between("bene.age", lit(25), lit(84), id));
    benes =
        benes
            .withColumn("age0", age0.cast("int"))
            .withColumn(
                "birth_dt",
                date_add(make_date(lit(first - 1).minus(col("age0")), lit(1), lit(2)),
                    draws.index("bene.birthday", lit(364), id)))
            .withColumn(
                "sex_cd",
                when(draws.chance("bene.sex", when(t.geq(2), lit(0.56)).otherwise(lit(0.48)), id), lit("2"))
                    .otherwise(lit("1")))
            .withColumn(
                "orec",
                when(t.equalTo(0), when(col("age0").lt(65), lit("2")).otherwise(lit("0")))
                    .when(t.equalTo(1), lit("1"))
                    .when(draws.chance("bene.orec", lit(0.12), id), lit("1"))
                    .otherwise(lit("0")));
    Column full = pick(List.of("02", "04", "08"), "bene.dual_full", id);
    Column partial = pick(List.of("01", "03", "05", "06"), "bene.dual_partial", id);
    Column dualKind =
        when(draws.chance("bene.dual_kind", lit(rules.number("dual.full.probability")), id), full)
            .otherwise(partial);
    benes =
        benes.withColumn(
            "dual_cd",
            when(t.equalTo(2), dualKind)
                .when(t.equalTo(3), lit("NA"))
                .when(t.equalTo(1).and(draws.chance("bene.dual", lit(rules.number("dual.disabled.probability")), id)), dualKind)
                .when(t.equalTo(0).and(draws.chance("bene.dual", lit(rules.number("dual.esrd.probability")), id)), dualKind)
                .otherwise(lit("NA")));
    benes =
        benes
            .withColumn("risk_factor", draws.lognormalMeanOne("bene.risk", rules.number("spend.risk.sigma"), id))
            .withColumn(
                "entitlement_dt",
                when(col("orec").equalTo("0"), add_months(trunc(col("birth_dt"), "month"), 65 * 12))
                    .otherwise(date_add(make_date(lit(first - 1).minus(draws.index("bene.ent_year", lit(10), id)), lit(1), lit(1)),
                        draws.index("bene.ent_day", lit(365), id))));

    // Constructed cases own the first ids.
    benes = benes.withColumn("case_name", cases.caseName(id)).withColumn("case_aco", cases.caseAco(id));
    Column constructed = col("case_name").isNotNull();

    // Death, MBI change and ESRD onset: the first year whose draw fires.
    Column pDeath =
        least(lit(0.9),
            when(t.equalTo(0), lit(rules.number("death.esrd")))
                .when(t.equalTo(1), lit(rules.number("death.disabled")))
                .otherwise(lit(rules.number("death.aged")))
                .multiply(sqrt(col("risk_factor"))));
    Column deathYear = lit(null).cast("int");
    Column mbiYear = lit(null).cast("int");
    Column esrdYear = lit(null).cast("int");
    for (int y = last; y >= first; y--) {
      Column yc = lit(y);
      deathYear = when(draws.uniform("bene.death", id, yc).lt(pDeath), yc).otherwise(deathYear);
      mbiYear = when(draws.chance("bene.mbi_change", lit(config.rates().mbiChange()), id, yc), yc).otherwise(mbiYear);
      esrdYear = when(draws.chance("bene.esrd_onset", lit(rules.number("esrd.onset.probability")), id, yc), yc).otherwise(esrdYear);
    }
    Column deathDt =
        when(col("case_name").equalTo(ConstructedCases.DIED), make_date(lit(last), lit(7), lit(15)))
            .when(constructed, lit(null).cast("date"))
            .otherwise(date_add(make_date(deathYear, lit(1), lit(1)), draws.index("bene.death_day", lit(365), id)));
    benes = benes.withColumn("death_dt", deathDt);
    Column change =
        date_add(make_date(mbiYear, lit(1), lit(1)), draws.between("bene.mbi_day", lit(1), lit(364), id));
    benes =
        benes.withColumn(
            "mbi_change_dt",
            when(constructed.or(col("death_dt").isNotNull().and(change.geq(col("death_dt")))), lit(null).cast("date"))
                .otherwise(change));
    Column onset = make_date(esrdYear, draws.between("bene.esrd_month", lit(1), lit(12), id), lit(1));
    benes =
        benes.withColumn(
            "esrd_onset_dt",
            when(t.equalTo(0), lit(null).cast("date"))
                .when(constructed.or(col("death_dt").isNotNull().and(onset.geq(col("death_dt")))), lit(null).cast("date"))
                .otherwise(onset));
    benes = benes.withColumn("mbi_old", Mbi.of(lit(config.seed()), id, lit(0)))
        .withColumn("mbi_new", Mbi.of(lit(config.seed()), id, lit(1)));

    // Home practice, specialist practice and facilities in the state.
    benes =
        benes
            .withColumn("pcp_org", col("off_PCP").plus(draws.index("bene.pcp", col("n_PCP"), id)))
            .withColumn("spec_org", col("off_SPEC").plus(draws.index("bene.spec", col("n_SPEC"), id)))
            .withColumn("hosp_blk", draws.index("bene.hosp", col("n_HOSP"), id))
            .withColumn("hosp_org", col("off_HOSP").plus(col("hosp_blk")))
            .withColumn("snf_blk", draws.index("bene.snf", col("n_SNF"), id))
            .withColumn("snf_org", col("off_SNF").plus(col("snf_blk")))
            .withColumn("hha_blk", draws.index("bene.hha", col("n_HHA"), id))
            .withColumn("hha_org", col("off_HHA").plus(col("hha_blk")))
            .withColumn("hsp_blk", draws.index("bene.hsp", col("n_HSP"), id))
            .withColumn("hsp_org", col("off_HSP").plus(col("hsp_blk")))
            .withColumn("dme_org", col("off_DME"))
            .withColumn("lab_org", col("off_LAB"))
            .withColumn("img_org", col("off_IMG"));
    benes =
        benes.withColumn(
            "pcp_npi_seq", draws.index("bene.pcp_npi", providers.npiCount(col("pcp_org"), lit(Providers.PCP)), id));
    benes =
        benes.withColumn(
            "voluntary",
            not(constructed).and(draws.chance("bene.voluntary", lit(config.rates().voluntary()), id)));
    return benes.select(
        "bene_id", "state_id", "county_code", "base_type", "age0", "birth_dt", "sex_cd", "orec",
        "dual_cd", "risk_factor", "entitlement_dt", "case_name", "case_aco", "death_dt",
        "mbi_change_dt", "esrd_onset_dt", "mbi_old", "mbi_new", "pcp_org", "spec_org", "hosp_org",
        "snf_org", "hha_org", "hsp_org", "hosp_blk", "snf_blk", "hha_blk", "hsp_blk", "dme_org", "lab_org", "img_org", "pcp_npi_seq",
        "voluntary", "pc_0", "pc_1", "pc_2", "pc_3", "risk_0", "risk_1", "risk_2", "risk_3");
  }

  /** Grain: one row per beneficiary x year alive on 1 January. */
  Dataset<Row> beneficiaryYears(Dataset<Row> beneficiaries) {
    int first = config.firstYear();
    int last = config.lastYear();
    Column id = col("bene_id");
    Dataset<Row> by =
        beneficiaries.withColumn(
            "year",
            explode(sequence(lit(first), least(lit(last), coalesce(year(col("death_dt")), lit(last))))));
    Column y = col("year");
    Column jan1 = make_date(y, lit(1), lit(1));
    Column dec31 = make_date(y, lit(12), lit(31));
    Column caseYear = col("case_name").isNotNull().and(y.equalTo(last));
    Column otherCaseYear = col("case_name").isNotNull().and(y.notEqual(last));
    MessRates r = config.rates();
    by =
        by.withColumn("yi", y.minus(first))
            .withColumn(
                "ma_start",
                when(caseYear, when(col("case_name").equalTo(ConstructedCases.MA), lit(10)))
                    .when(otherCaseYear, lit(null).cast("int"))
                    .when(draws.chance("by.ma", lit(r.ma()), id, y), draws.between("by.ma_month", lit(1), lit(12), id, y)))
            .withColumn(
                "aonly_start",
                when(caseYear, when(col("case_name").equalTo(ConstructedCases.PART_A_ONLY), lit(11)))
                    .when(otherCaseYear, lit(null).cast("int"))
                    .when(draws.chance("by.aonly", lit(r.partAOnly()), id, y), draws.between("by.aonly_month", lit(1), lit(12), id, y)))
            .withColumn(
                "specialist_only",
                when(col("case_name").isNotNull(), col("case_name").equalTo(ConstructedCases.SPECIALIST_ONLY).and(y.equalTo(last)))
                    .otherwise(draws.chance("by.specialist_only", lit(r.specialistOnly()), id, y)));
    double pc = rules.number("spend.catastrophic.probability");
    double cm = rules.number("spend.catastrophic.multiplier");
    Column catastrophic =
        when(draws.chance("by.catastrophic", lit(pc), id, y), lit(cm)).otherwise(lit(1.0))
            .divide(1 - pc + pc * cm);
    by =
        by.withColumn(
                "spend_multiplier",
                col("risk_factor")
                    .multiply(draws.lognormalMeanOne("by.residual", rules.number("spend.residual.sigma"), id, y))
                    .multiply(catastrophic))
            .withColumn("esrd_year_start",
                col("base_type").equalTo(0).or(col("esrd_onset_dt").isNotNull().and(col("esrd_onset_dt").leq(jan1))))
            .withColumn("type_y", when(col("esrd_year_start"), lit(0)).otherwise(col("base_type")));
    Column typeY = col("type_y");
    Column pcY =
        when(typeY.equalTo(0), col("pc_0")).when(typeY.equalTo(1), col("pc_1"))
            .when(typeY.equalTo(2), col("pc_2")).otherwise(col("pc_3"));
    by = by.withColumn("spend_target", pcY.multiply(col("spend_multiplier")));
    Column aliveEnd =
        when(col("death_dt").isNotNull().and(year(col("death_dt")).equalTo(y)), col("death_dt")).otherwise(dec31);
    Column maEnd =
        when(col("ma_start").isNotNull(), date_sub(make_date(y, col("ma_start"), lit(1)), 1)).otherwise(dec31);
    Column aEnd = least(aliveEnd, maEnd);
    Column bEnd =
        least(aEnd,
            when(col("aonly_start").isNotNull(), date_sub(make_date(y, col("aonly_start"), lit(1)), 1)).otherwise(dec31));
    by =
        by.withColumn("jan1", jan1)
            .withColumn("alive_end", aliveEnd)
            .withColumn("a_end", aEnd)
            .withColumn("b_end", bEnd)
            .withColumn("a_days", greatest(lit(0), datediff(aEnd, jan1).plus(1)))
            .withColumn("b_days", greatest(lit(0), datediff(bEnd, jan1).plus(1)))
            .withColumn("year_days", datediff(dec31, jan1).plus(1))
            .withColumn("died_in_year", col("death_dt").isNotNull().and(year(col("death_dt")).equalTo(y)));
    return by;
  }

  private Column pick(List<String> codes, String draw, Column... ids) {
    Column[] lits = codes.stream().map(c -> lit(c)).toArray(Column[]::new);
    return element_at(array(lits), draws.index(draw, lit(codes.size()), ids).plus(1));
  }
}
