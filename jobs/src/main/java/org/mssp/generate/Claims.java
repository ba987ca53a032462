package org.mssp.generate;

import static org.apache.spark.sql.functions.add_months;
import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.array_compact;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.date_add;
import static org.apache.spark.sql.functions.date_format;
import static org.apache.spark.sql.functions.element_at;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.floor;
import static org.apache.spark.sql.functions.least;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.lpad;
import static org.apache.spark.sql.functions.make_date;
import static org.apache.spark.sql.functions.pmod;
import static org.apache.spark.sql.functions.pow;
import static org.apache.spark.sql.functions.round;
import static org.apache.spark.sql.functions.sequence;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.trunc;
import static org.apache.spark.sql.functions.when;
import static org.apache.spark.sql.functions.year;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Claims, claim versions and their deliveries.
 *
 * <p>Steps: (1) per beneficiary-year and claim type, a count of claims with mean
 * {@code mean x M^elasticity x (eligible days / year days)} (M the spend multiplier) and an
 * amount per claim of {@code spend target x share / (mean x M^elasticity) x jitter}, so that the
 * expected spend of a beneficiary-year is the county per-capita of its type x M x the eligible
 * fraction; (2) service dates stratified over the eligible window (Part A: alive and not in MA;
 * Part B: also not Part-A-only), which keeps Part A natural keys unique; (3) versions: an
 * original, and with the cancel/adjust rates a cancellation (same amounts) or a cancellation plus
 * an adjustment with a new amount, processed together later; (4) deliveries of each version: the
 * monthly delivery of its processing month, the run-out of its service year when processed in
 * January-March of the next year, and with the redeliver rate the next monthly delivery again.
 *
 * <p>Grain of {@link #partA}: one row per Part A claim (natural key); of {@link #carrier} and
 * {@link #dme}: one row per claim (CLM_CNTL_NUM). {@link #versions} turns either into one row
 * per claim version x delivery.
 */
final class Claims {
  /** Claim families, also the 3rd component of the claim key. */
  enum Kind {
    IP(0, 60, "ip", Providers.HOSP, "1", "1"),
    OP(1, 40, "op", Providers.HOSP, "1", "3"),
    SNF(2, 20, "snf", Providers.SNF, "2", "1"),
    HHA(3, 10, "hha", Providers.HHA, "3", "2"),
    HSP(4, 50, "hsp", Providers.HSP, "8", "1"),
    CARRIER(5, 71, "carrier", null, null, null),
    DME(6, 82, "dme", null, null, null);

    final int code;
    final int claimType;
    final String key;
    final String orgKind;
    final String billFac;
    final String billClass;

    Kind(int code, int claimType, String key, String orgKind, String billFac, String billClass) {
      this.code = code;
      this.claimType = claimType;
      this.key = key;
      this.orgKind = orgKind;
      this.billFac = billFac;
      this.billClass = billClass;
    }
  }

  /** Claims per beneficiary-year and kind are numbered 0..MAX_SEQ-1 inside the claim key. */
  static final int MAX_SEQ = 1000;
  /** Version slots in CUR_CLM_UNIQ_ID = claim key x 8 + slot. */
  static final int SLOT_ORIGINAL = 0;
  static final int SLOT_CANCEL = 1;
  static final int SLOT_ADJUST = 2;
  static final int SLOT_MALFORMED = 5;

  private final GenerateConfig config;
  private final GenerateRules rules;
  private final Draws draws;
  private final Providers providers;

  Claims(GenerateConfig config, GenerateRules rules, Providers providers) {
    this.config = config;
    this.rules = rules;
    this.draws = new Draws(config.seed());
    this.providers = providers;
  }

  /** Unique claim key: ((bene x years + year index) x 8 + kind) x 1000 + seq. */
  Column claimKey(Kind kind, Column seq) {
    return col("bene_id").multiply(config.yearCount()).plus(col("yi")).multiply(8).plus(kind.code)
        .multiply(MAX_SEQ).plus(seq).cast("long");
  }

  /** Mean claim count for a full eligible year, before the eligible fraction. */
  private Column fullYearMean(Kind kind) {
    Column mean =
        lit(rules.number("claims." + kind.key + ".mean"))
            .multiply(pow(col("spend_multiplier"), rules.number("claims." + kind.key + ".elasticity")));
    if (kind == Kind.HSP) {
      mean = mean.multiply(when(col("died_in_year"), lit(rules.number("claims.hsp.death_year_factor"))).otherwise(lit(1.0)));
    }
    return mean;
  }

  /**
   * Explodes beneficiary-years into claims of one kind: columns seq, claim_key, claim_count,
   * amount_cents (the claim's base payment), from_dt (stratified over the window).
   */
  private Dataset<Row> explodeClaims(Dataset<Row> by, Kind kind, Column windowDays, int parity) {
    Column id = col("bene_id");
    Column y = col("year");
    Column full = fullYearMean(kind);
    Column lambda = full.multiply(windowDays).divide(col("year_days"));
    Column slots = parity < 0 ? windowDays : floor(windowDays.divide(2)).cast("int");
    int max = Math.min(MAX_SEQ, rules.integer("claims." + kind.key + ".max"));
    Column n =
        least(lit(max), slots,
            floor(lambda.plus(draws.uniform("claims." + kind.key + ".n", id, y)))).cast("int");
    Dataset<Row> c =
        by.withColumn("claim_count", n)
            .where(col("claim_count").gt(0))
            .withColumn("full_mean", full)
            .withColumn("seq", explode(sequence(lit(0), col("claim_count").minus(1))));
    Column seq = col("seq");
    Column key = claimKey(kind, seq);
    c = c.withColumn("claim_key", key);
    Column k = col("claim_key");
    Column jitter = draws.lognormalMeanOne("claim.jitter", 0.5, k);
    Column amount =
        col("spend_target").multiply(rules.number("claims." + kind.key + ".share"))
            .divide(col("full_mean")).multiply(jitter);
    Column pos = seq.plus(draws.uniform("claim.day", k)).multiply(slots).divide(col("claim_count"));
    Column dayIdx = parity < 0 ? floor(pos) : floor(pos).multiply(2).plus(parity);
    return c.withColumn("amount_cents", round(amount.multiply(100)).cast("long"))
        .withColumn("from_dt", date_add(col("jan1"), dayIdx.cast("int")));
  }

  /** MBI on a date: the new one from the change date. */
  static Column mbiAt(Column date) {
    return when(col("mbi_change_dt").isNotNull().and(date.geq(col("mbi_change_dt"))), col("mbi_new"))
        .otherwise(col("mbi_old"));
  }

  /** Grain: one row per Part A claim. */
  Dataset<Row> partA(Dataset<Row> by) {
    List<Dataset<Row>> parts = new ArrayList<>();
    for (Kind kind : List.of(Kind.IP, Kind.OP, Kind.SNF, Kind.HHA, Kind.HSP)) {
      int parity = kind == Kind.IP ? 0 : kind == Kind.OP ? 1 : -1;
      Dataset<Row> c = explodeClaims(by, kind, col("a_days"), parity);
      Column k = col("claim_key");
      Column from = col("from_dt");
      Column los =
          switch (kind) {
            case IP -> draws.between("claim.los", lit(1), lit(8), k);
            case OP -> lit(0);
            case SNF, HSP -> draws.between("claim.los", lit(5), lit(30), k);
            default -> draws.between("claim.los", lit(10), lit(30), k);
          };
      Column orgIdx = col(kind.orgKind.toLowerCase(java.util.Locale.ROOT) + "_org");
      Column blk = col(kind.orgKind.toLowerCase(java.util.Locale.ROOT) + "_blk");
      Column attendingOrg = kind == Kind.HHA || kind == Kind.HSP ? col("pcp_org") : col("spec_org");
      int revMin = rules.integer("lines." + kind.key + ".rev.min");
      int revMax = rules.integer("lines." + kind.key + ".rev.max");
      boolean teaching = kind == Kind.IP;
      Column teach = teaching ? draws.chance("claim.teaching", lit(rules.number("ip.teaching.probability")), k) : lit(false);
      Column base = col("amount_cents");
      c =
          c.withColumn("kind", lit(kind.name()))
              .withColumn("clm_type_cd", lit(kind.claimType))
              .withColumn("thru_dt", least(date_add(from, los), col("a_end")))
              .withColumn("ccn", Providers.ccn(col("state_id"), lit(kind.orgKind), blk))
              .withColumn("fac_npi", providers.npi(orgIdx, lit(0)))
              .withColumn("atnd_npi", providers.npi(attendingOrg, lit(0)))
              .withColumn("ime_cents", when(teach, round(base.multiply(rules.number("ip.ime.fraction"))).cast("long")).otherwise(lit(0L)))
              .withColumn("dsh_cents", when(teach, round(base.multiply(rules.number("ip.dsh.fraction"))).cast("long")).otherwise(lit(0L)))
              .withColumn("uc_cents", when(teach, round(base.multiply(rules.number("ip.uncompensated.fraction"))).cast("long")).otherwise(lit(0L)))
              .withColumn("charge_factor", lit(2.5).plus(draws.uniform("claim.charges", k).multiply(1.5)))
              .withColumn("n_lines", draws.between("claim.rev_lines", lit(revMin), lit(revMax), k))
              .withColumn("n_dx", draws.between("claim.dx", lit(rules.integer("lines.dx.min")), lit(rules.integer("lines.dx.max")), k))
              .withColumn("dx_off", draws.index("claim.dx_off", lit(rules.codes("dx.codes").size()), k))
              .withColumn("drg", kind == Kind.IP ? pick("ip.drg", "claim.drg", k) : lit(null).cast("string"))
              .withColumn("mbi", mbiAt(from))
              .withColumn("constructed", lit(false));
      parts.add(c.select(
          "bene_id", "year", "yi", "state_id", "mbi", "kind", "clm_type_cd", "claim_key", "from_dt",
          "thru_dt", "ccn", "fac_npi", "atnd_npi", "amount_cents", "ime_cents", "dsh_cents",
          "uc_cents", "charge_factor", "n_lines", "n_dx", "dx_off", "drg", "death_dt",
          "constructed", "type_y"));
    }
    Dataset<Row> all = parts.get(0);
    for (int i = 1; i < parts.size(); i++) {
      all = all.unionByName(parts.get(i));
    }
    return all;
  }

  /**
   * Grain: one row per carrier claim. Role of the claim: PCP (home practice, any clinician of
   * it), SPEC (the beneficiary's specialist practice), OTHER (lab or imaging). Constructed
   * beneficiaries get their constructed visits instead in the last year.
   */
  Dataset<Row> carrier(Dataset<Row> by, Dataset<Row> constructedVisits) {
    Kind kind = Kind.CARRIER;
    Dataset<Row> random =
        explodeClaims(
            by.where(col("case_name").isNull().or(col("year").notEqual(config.lastYear()))),
            kind, col("b_days"), -1);
    Column k = col("claim_key");
    Column u = draws.uniform("claim.role", k);
    double pcpShare = rules.number("carrier.pcp.share");
    double specShare = rules.number("carrier.specialist.share");
    Column role =
        when(u.lt(pcpShare), when(col("specialist_only"), lit("SPEC")).otherwise(lit("PCP")))
            .when(u.lt(pcpShare + specShare), lit("SPEC"))
            .otherwise(lit("OTHER"));
    random = random.withColumn("role", role);
    Column other = when(draws.chance("claim.lab", lit(0.6), k), col("lab_org")).otherwise(col("img_org"));
    Column otherKind = when(draws.chance("claim.lab", lit(0.6), k), lit(Providers.LAB)).otherwise(lit(Providers.IMG));
    Column orgIdx =
        when(col("role").equalTo("PCP"), col("pcp_org"))
            .when(col("role").equalTo("SPEC"), col("spec_org"))
            .otherwise(other);
    Column orgKind =
        when(col("role").equalTo("PCP"), lit(Providers.PCP))
            .when(col("role").equalTo("SPEC"), lit(Providers.SPEC))
            .otherwise(otherKind);
    random =
        random
            .withColumn("org_idx", orgIdx)
            .withColumn("org_kind", orgKind)
            .withColumn(
                "npi_seq",
                when(col("role").equalTo("PCP").and(draws.chance("claim.home_npi", lit(0.7), k)), col("pcp_npi_seq"))
                    .otherwise(draws.index("claim.npi", providers.npiCount(col("org_idx"), col("org_kind")), k)))
            .withColumn("thru_dt", col("from_dt"))
            .withColumn("n_lines", draws.between("claim.lines", lit(rules.integer("lines.carrier.min")), lit(rules.integer("lines.carrier.max")), k))
            .withColumn("first_hcpcs",
                when(col("role").equalTo("OTHER"), pick("other.hcpcs", "claim.hcpcs", k)).otherwise(pick("visit.hcpcs", "claim.hcpcs", k)))
            .withColumn("fixed_allowed_cents", lit(null).cast("long"))
            .withColumn("constructed", lit(false));

    Dataset<Row> last = by.where(col("case_name").isNotNull().and(col("year").equalTo(config.lastYear())));
    Dataset<Row> built =
        last.join(constructedVisits, "bene_id")
            .withColumn("claim_key", claimKey(kind, col("seq")))
            .withColumn("role", lit("PCP"))
            .withColumn("org_kind", lit("CONSTRUCTED"))
            .withColumn("npi_seq", lit(0))
            .withColumn("from_dt", col("svc_dt"))
            .withColumn("thru_dt", col("svc_dt"))
            .withColumn("n_lines", lit(1))
            .withColumn("first_hcpcs", col("hcpcs"))
            .withColumn("fixed_allowed_cents", col("allowed_cents"))
            .withColumn("amount_cents",
                floor(col("allowed_cents").multiply(rules.number("carrier.paid_to_allowed")).plus(0.5)).cast("long"))
            .withColumn("constructed", lit(true));
    List<String> cols = List.of(
        "bene_id", "year", "yi", "state_id", "claim_key", "role", "org_idx", "org_kind", "npi_seq",
        "from_dt", "thru_dt", "n_lines", "first_hcpcs", "fixed_allowed_cents", "amount_cents",
        "constructed", "mbi_old", "mbi_new", "mbi_change_dt", "pcp_org", "death_dt", "type_y");
    Column[] select = cols.stream().map(c -> col(c)).toArray(Column[]::new);
    Dataset<Row> all = random.select(select).unionByName(built.select(select));
    Column spec =
        when(col("org_kind").equalTo("CONSTRUCTED"), constructedSpecialty(col("org_idx")))
            .otherwise(providers.specialty(col("org_idx"), col("npi_seq"), col("org_kind")));
    return all.withColumn("mbi", mbiAt(col("from_dt")))
        .withColumn("kind", lit(kind.name()))
        .withColumn("clm_type_cd", lit(kind.claimType))
        .withColumn("tin", providers.tin(col("org_idx")))
        .withColumn("npi", providers.npi(col("org_idx"), col("npi_seq")))
        .withColumn("specialty", spec)
        .withColumn("dx_off", draws.index("claim.dx_off", lit(rules.codes("dx.codes").size()), col("claim_key")));
  }

  private Column constructedSpecialty(Column orgIdx) {
    Providers.Constructed c = providers.constructed;
    Column spec = lit("08");
    for (int o : c.acoSpec()) {
      spec = when(orgIdx.equalTo(o), lit("06")).otherwise(spec);
    }
    return when(orgIdx.equalTo(c.nonAcoSpec()), lit("06")).when(orgIdx.equalTo(c.shared()), lit("11")).otherwise(spec);
  }

  /** Grain: one row per DME claim (supplier of the state, ordered by the home practice). */
  Dataset<Row> dme(Dataset<Row> by) {
    Kind kind = Kind.DME;
    Dataset<Row> c = explodeClaims(by, kind, col("b_days"), -1);
    Column k = col("claim_key");
    return c.withColumn("mbi", mbiAt(col("from_dt")))
        .withColumn("kind", lit(kind.name()))
        .withColumn("clm_type_cd", lit(kind.claimType))
        .withColumn("thru_dt", col("from_dt"))
        .withColumn("supplier_npi", providers.npi(col("dme_org"), lit(0)))
        .withColumn("ordering_npi", providers.npi(col("pcp_org"), col("pcp_npi_seq")))
        .withColumn("n_lines", draws.between("claim.lines", lit(rules.integer("lines.dme.min")), lit(rules.integer("lines.dme.max")), k))
        .withColumn("dx_off", draws.index("claim.dx_off", lit(rules.codes("dx.codes").size()), k))
        .withColumn("constructed", lit(false))
        .select("bene_id", "year", "yi", "state_id", "mbi", "kind", "clm_type_cd", "claim_key",
            "from_dt", "thru_dt", "supplier_npi", "ordering_npi", "n_lines", "dx_off",
            "amount_cents", "constructed", "type_y");
  }

  /** Delivery folder name, as {@code CclfFileName} formats an archive: P.A9999.ACO.ZCY18.D180215.T0100000. */
  Column deliveryName(Column kindLetter, Column dataYear, Column deliveryDate) {
    return concat(lit("P." + config.extractId() + ".ACO.ZC"), kindLetter,
        lpad(pmod(dataYear, lit(100)).cast("string"), 2, "0"),
        lit(".D"), date_format(deliveryDate, "yyMMdd"), lit(".T0100000"));
  }

  private Column monthlyDelivery(Column processingMonth) {
    return when(year(processingMonth).between(config.firstYear(), config.lastYear()),
        deliveryName(lit("Y"), year(processingMonth), date_add(add_months(processingMonth, 1), 14)));
  }

  /**
   * Grain: one row per claim version x delivery. Adds slot (0 original, 1 cancel, 2 adjustment),
   * adj_cd, cur_clm_uniq_id, efctv_dt, idr_ld_dt, scale (amount factor of the version),
   * delivery and delivery_role (MONTHLY, RUNOUT, REDELIVERY).
   */
  Dataset<Row> versions(Dataset<Row> claims) {
    MessRates r = config.rates();
    Column k = col("claim_key");
    Column u = draws.uniform("version.kind", k);
    Column slots =
        when(col("constructed"), array(lit(SLOT_ORIGINAL)))
            .when(u.lt(r.cancel()), array(lit(SLOT_ORIGINAL), lit(SLOT_CANCEL)))
            .when(u.lt(r.cancel() + r.adjust()), array(lit(SLOT_ORIGINAL), lit(SLOT_CANCEL), lit(SLOT_ADJUST)))
            .otherwise(array(lit(SLOT_ORIGINAL)));
    Column lag = floor(lit(rules.number("lag.min_days")).plus(draws.exponential("version.lag", rules.number("lag.mean_days"), k))).cast("int");
    Column later = floor(lit(rules.number("lag.version_min_days")).plus(draws.exponential("version.later", rules.number("lag.version_mean_days"), k))).cast("int");
    Dataset<Row> v =
        claims.withColumn("slot", explode(slots))
            .withColumn("original_efctv", date_add(col("thru_dt"), lag));
    Column slot = col("slot");
    Column efctv = when(slot.equalTo(SLOT_ORIGINAL), col("original_efctv")).otherwise(date_add(col("original_efctv"), later));
    Column uAdj = draws.uniform("version.adjust_factor", k);
    Column scale =
        when(slot.equalTo(SLOT_ADJUST),
            when(uAdj.lt(0.5), lit(0.75).plus(uAdj.multiply(0.4))).otherwise(lit(0.85).plus(uAdj.multiply(0.4))))
            .otherwise(lit(1.0));
    v =
        v.withColumn("efctv_dt", efctv)
            .withColumn("idr_ld_dt", date_add(efctv, draws.between("version.idr", lit(1), lit(rules.integer("lag.idr_max_days")), k, slot)))
            .withColumn("adj_cd", slot.cast("string"))
            .withColumn("cur_clm_uniq_id", k.multiply(8).plus(slot))
            .withColumn("scale", scale);
    Column pm = trunc(col("efctv_dt"), "month");
    Column svcYear = year(col("thru_dt"));
    Column runout =
        when(col("efctv_dt").between(make_date(svcYear.plus(1), lit(1), lit(1)), make_date(svcYear.plus(1), lit(3), lit(31))),
            deliveryName(lit("R"), svcYear, make_date(svcYear.plus(1), lit(4), lit(15))));
    Column redeliver =
        when(draws.chance("version.redeliver", lit(r.redeliver()), col("cur_clm_uniq_id")),
            monthlyDelivery(add_months(pm, 1)));
    Column deliveries =
        array_compact(array(
            when(monthlyDelivery(pm).isNotNull(), struct(monthlyDelivery(pm).as("name"), lit("MONTHLY").as("role"))),
            when(runout.isNotNull(), struct(runout.as("name"), lit("RUNOUT").as("role"))),
            when(redeliver.isNotNull(), struct(redeliver.as("name"), lit("REDELIVERY").as("role")))));
    return v.withColumn("d", explode(deliveries))
        .withColumn("delivery", col("d.name"))
        .withColumn("delivery_role", col("d.role"))
        .drop("d", "original_efctv");
  }

  /** A version's amount: the original amount x the version's scale, in cents. */
  static Column scaled(Column cents) {
    return round(cents.multiply(col("scale"))).cast("long");
  }

  /**
   * Amount of line j (1-based) of n lines when total cents are split with decreasing weights
   * (n, n-1, ..., 1): telescoping differences of floor(total x cumulative share), so the lines
   * add up to the total exactly.
   */
  static Column lineShare(Column totalCents, Column j, Column n) {
    Column den = n.multiply(n.plus(1));
    Column cumJ = j.multiply(n.multiply(2).plus(1).minus(j));
    Column cumPrev = j.minus(1).multiply(n.multiply(2).plus(2).minus(j));
    return floor(totalCents.multiply(cumJ).divide(den)).cast("long")
        .minus(floor(totalCents.multiply(cumPrev).divide(den)).cast("long"));
  }

  Column pick(String codesKey, String draw, Column... ids) {
    return pick0(rules.codes(codesKey), draw, ids);
  }

  Column pick0(List<String> codes, String draw, Column... ids) {
    Column[] lits = codes.stream().map(c -> lit(c)).toArray(Column[]::new);
    return element_at(array(lits), draws.index(draw, lit(codes.size()), ids).plus(1));
  }

  /** The j-th (1-based) diagnosis of a claim: distinct codes for j up to the list size. */
  Column diagnosis(Column j) {
    List<String> codes = rules.codes("dx.codes");
    Column[] lits = codes.stream().map(c -> lit(c)).toArray(Column[]::new);
    return element_at(array(lits), pmod(col("dx_off").plus(j.minus(1).multiply(5)), lit(codes.size())).plus(1));
  }
}
