package org.mssp.generate;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.element_at;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.lpad;
import static org.apache.spark.sql.functions.pmod;
import static org.apache.spark.sql.functions.sequence;
import static org.apache.spark.sql.functions.when;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The provider side: organisations (practices and facilities) per state, their clinicians, and
 * the codes that identify them. Grain of the organisation table: one row per organisation
 * ({@code org_idx}); of the roster: one row per NPI x billing TIN.
 *
 * <p>Organisations are laid out in blocks per (state, kind) whose sizes follow the state's share
 * of person-years (one primary care practice per ~180 beneficiaries, ...; see the rules file), so
 * a beneficiary can pick "a practice in my state" with arithmetic instead of a join. TIN, NPI,
 * CCN, clinician count and specialty are pure functions of the organisation index and the seed,
 * usable inline in claim generation.
 *
 * <p>After the regular blocks come the constructed organisations used by the constructed
 * assignment cases (one exclusive primary care practice and one cardiology practice per ACO, a
 * practice in two ACOs, and a primary care and a cardiology practice outside every ACO).
 */
final class Providers {
  static final String PCP = "PCP";
  static final String SPEC = "SPEC";
  static final String LAB = "LAB";
  static final String IMG = "IMG";
  static final String DME = "DME";
  static final String HOSP = "HOSP";
  static final String SNF = "SNF";
  static final String HHA = "HHA";
  static final String HSP = "HSP";
  static final String FQHC = "FQHC";
  static final List<String> KINDS = List.of(PCP, SPEC, LAB, IMG, DME, HOSP, SNF, HHA, HSP, FQHC);

  /** The constructed organisations' indices. */
  record Constructed(int[] acoPcp, int[] acoSpec, int shared, int nonAcoPcp, int nonAcoSpec) {}

  private final Draws draws;
  private final GenerateRules rules;
  private final long seed;
  /** state id -> kind -> [offset, count]. */
  final Map<Integer, Map<String, int[]>> blocks = new LinkedHashMap<>();
  final int regularCount;
  final Constructed constructed;
  final int totalCount;
  /** ACO rank -> home state id. */
  final int[] acoState;

  Providers(GenerateConfig config, GenerateRules rules, Map<Integer, Double> stateShares, int[] acoState) {
    this.draws = new Draws(config.seed());
    this.rules = rules;
    this.seed = config.seed();
    this.acoState = acoState;
    long n = config.beneficiaries();
    Map<String, Integer> benesPer =
        Map.of(
            PCP, rules.integer("providers.benes_per_pcp_practice"),
            SPEC, rules.integer("providers.benes_per_specialist_practice"),
            HOSP, rules.integer("providers.benes_per_hospital"),
            SNF, rules.integer("providers.benes_per_post_acute"),
            HHA, rules.integer("providers.benes_per_post_acute"),
            HSP, rules.integer("providers.benes_per_post_acute"));
    int offset = 0;
    for (Map.Entry<Integer, Double> s : stateShares.entrySet()) {
      Map<String, int[]> kinds = new LinkedHashMap<>();
      for (String kind : KINDS) {
        Integer per = benesPer.get(kind);
        int count = per == null ? 1 : (int) Math.max(1, Math.ceil(n * s.getValue() / per));
        kinds.put(kind, new int[] {offset, count});
        offset += count;
      }
      blocks.put(s.getKey(), kinds);
    }
    regularCount = offset;
    int acos = acoState.length;
    int[] acoPcp = new int[acos];
    int[] acoSpec = new int[acos];
    for (int k = 0; k < acos; k++) {
      acoPcp[k] = offset++;
      acoSpec[k] = offset++;
    }
    constructed = new Constructed(acoPcp, acoSpec, offset++, offset++, offset++);
    totalCount = offset;
  }

  /** ACO id of an ACO rank: A1000, A1001, ... */
  static String acoId(int rank) {
    return "A" + (1000 + rank);
  }

  static Column acoId(Column rank) {
    return concat(lit("A"), rank.plus(1000).cast("string"));
  }

  /** 9-digit TIN of an organisation: a bijection of the index, shifted by the seed. */
  Column tin(Column orgIdx) {
    return pmod(orgIdx.cast("long").multiply(7919L).plus(Math.floorMod(seed, 900_000_000L)),
            lit(900_000_000L))
        .plus(100_000_000L)
        .cast("string");
  }

  /** 10-digit NPI of clinician {@code seq} of an organisation (starts with 1). */
  Column npi(Column orgIdx, Column seq) {
    return pmod(
            orgIdx.cast("long").multiply(8).plus(seq).multiply(7919L)
                .plus(Math.floorMod(seed * 31, 1_000_000_000L)),
            lit(1_000_000_000L))
        .plus(1_000_000_000L)
        .cast("string");
  }

  /** 6-character CCN: 2-digit SSA state code (as CCNs use) + a number in the kind's range. */
  static Column ccn(Column stateId, Column kind, Column blockIdx) {
    Column serial =
        when(kind.equalTo(HOSP), pmod(blockIdx, lit(879)).plus(1))
            .when(kind.equalTo(SNF), pmod(blockIdx, lit(1499)).plus(5000))
            .when(kind.equalTo(HHA), pmod(blockIdx, lit(1499)).plus(7000))
            .when(kind.equalTo(HSP), pmod(blockIdx, lit(299)).plus(1500))
            .when(kind.equalTo(FQHC), pmod(blockIdx, lit(189)).plus(1800));
    return when(serial.isNotNull(),
        concat(lpad(stateId.cast("string"), 2, "0"), lpad(serial.cast("string"), 4, "0")));
  }

  /** Clinicians in an organisation of a kind. */
  Column npiCount(Column orgIdx, Column kind) {
    return when(kind.equalTo(PCP),
            draws.between("org.npis", lit(1), lit(rules.integer("providers.npis_per_pcp_practice.max")), orgIdx))
        .when(kind.equalTo(SPEC),
            draws.between("org.npis", lit(1),
                lit(rules.integer("providers.npis_per_specialist_practice.max")), orgIdx))
        .otherwise(lit(1));
  }

  /** CMS specialty code of clinician {@code seq} of an organisation. */
  Column specialty(Column orgIdx, Column seq, Column kind) {
    Column pcp = pick(rules.codes("pcp.specialties"), "npi.pcp", orgIdx, seq);
    Column npp = pick(rules.codes("npp.specialties"), "npi.npp", orgIdx, seq);
    Column pcpOrNpp =
        when(seq.equalTo(0).or(draws.uniform("npi.is_npp", orgIdx, seq)
                .geq(rules.number("providers.npp.share"))), pcp)
            .otherwise(npp);
    return when(kind.equalTo(PCP), pcpOrNpp)
        .when(kind.equalTo(SPEC), pick(rules.codes("specialist.specialties"), "org.specialty", orgIdx))
        .when(kind.equalTo(LAB), lit("69"))
        .when(kind.equalTo(IMG), lit("30"))
        .when(kind.equalTo("CPCP").or(kind.equalTo("CNONPCP")), lit("08"))
        .when(kind.equalTo("CSHARED"), lit("11"))
        .when(kind.equalTo("CSPEC").or(kind.equalTo("CNONSPEC")), lit("06"));
  }

  private Column pick(List<String> codes, String draw, Column... ids) {
    Column[] lits = codes.stream().map(c -> lit(c)).toArray(Column[]::new);
    return element_at(array(lits), draws.index(draw, lit(codes.size()), ids).plus(1));
  }

  /**
   * Grain: one row per state. Offsets and counts of each kind's block, for inline picks by
   * beneficiaries of the state.
   */
  Dataset<Row> stateBlocks(SparkSession spark) {
    StructType schema = new StructType().add("state_id", DataTypes.IntegerType);
    for (String kind : KINDS) {
      schema = schema.add("off_" + kind, DataTypes.IntegerType).add("n_" + kind, DataTypes.IntegerType);
    }
    List<Row> rows = new ArrayList<>();
    for (Map.Entry<Integer, Map<String, int[]>> s : blocks.entrySet()) {
      List<Object> v = new ArrayList<>();
      v.add(s.getKey());
      for (String kind : KINDS) {
        v.add(s.getValue().get(kind)[0]);
        v.add(s.getValue().get(kind)[1]);
      }
      rows.add(RowFactory.create(v.toArray()));
    }
    return spark.createDataFrame(rows, schema);
  }

  /**
   * Grain: one row per organisation. Columns: org_idx, state_id, kind, block_idx, tin, ccn,
   * n_npis, aco_1 and aco_2 (ACO ranks or null).
   */
  Dataset<Row> organisations(SparkSession spark, double tinTwoAcosRate) {
    StructType schema =
        new StructType()
            .add("org_idx", DataTypes.IntegerType)
            .add("state_id", DataTypes.IntegerType)
            .add("kind", DataTypes.StringType)
            .add("block_idx", DataTypes.IntegerType)
            .add("fixed_aco_1", DataTypes.IntegerType)
            .add("fixed_aco_2", DataTypes.IntegerType);
    List<Row> rows = new ArrayList<>();
    Map<Integer, List<Integer>> acosByState = new LinkedHashMap<>();
    for (int k = 0; k < acoState.length; k++) {
      acosByState.computeIfAbsent(acoState[k], x -> new ArrayList<>()).add(k);
    }
    for (Map.Entry<Integer, Map<String, int[]>> s : blocks.entrySet()) {
      for (Map.Entry<String, int[]> b : s.getValue().entrySet()) {
        for (int i = 0; i < b.getValue()[1]; i++) {
          rows.add(RowFactory.create(b.getValue()[0] + i, s.getKey(), b.getKey(), i, null, null));
        }
      }
    }
    int acos = acoState.length;
    for (int k = 0; k < acos; k++) {
      rows.add(RowFactory.create(constructed.acoPcp()[k], acoState[k], "CPCP", k, k, null));
      rows.add(RowFactory.create(constructed.acoSpec()[k], acoState[k], "CSPEC", k, k, null));
    }
    rows.add(RowFactory.create(constructed.shared(), acoState[0], "CSHARED", 0, 0, acos > 1 ? 1 : null));
    rows.add(RowFactory.create(constructed.nonAcoPcp(), acoState[0], "CNONPCP", 0, null, null));
    rows.add(RowFactory.create(constructed.nonAcoSpec(), acoState[0], "CNONSPEC", 0, null, null));
    Dataset<Row> orgs = spark.createDataFrame(rows, schema);

    // ACOs of each state, as an array literal per state: practices join one of them.
    List<Row> stateAcos = new ArrayList<>();
    for (Map.Entry<Integer, List<Integer>> e : acosByState.entrySet()) {
      stateAcos.add(RowFactory.create(e.getKey(), e.getValue().stream().mapToInt(Integer::intValue).toArray()));
    }
    Dataset<Row> acoTable =
        spark.createDataFrame(
            stateAcos,
            new StructType()
                .add("state_id", DataTypes.IntegerType)
                .add("state_acos", DataTypes.createArrayType(DataTypes.IntegerType)));
    Column id = col("org_idx");
    Column joinable = col("kind").isin(PCP, SPEC, FQHC).and(col("state_acos").isNotNull());
    Column first =
        when(joinable.and(draws.chance("org.join", lit(rules.number("aco.join.probability")), id)),
            element_at(col("state_acos"),
                draws.index("org.aco", functions_size(col("state_acos")), id).plus(1)));
    Column second =
        acos < 2
            ? lit(null).cast("int")
            : when(first.isNotNull().and(draws.chance("org.two_acos", lit(tinTwoAcosRate), id)),
                pmod(first.plus(1).plus(draws.index("org.aco2", lit(acos - 1), id)), lit(acos)));
    return orgs.join(org.apache.spark.sql.functions.broadcast(acoTable), "state_id", "left")
        .withColumn("aco_1", when(col("fixed_aco_1").isNotNull(), col("fixed_aco_1"))
            .when(col("kind").startsWith("C"), lit(null)).otherwise(first))
        .withColumn("aco_2", when(col("kind").startsWith("C"), col("fixed_aco_2")).otherwise(second))
        .withColumn("tin", tin(id))
        .withColumn("ccn", ccn(col("state_id"), col("kind"), col("block_idx")))
        .withColumn("n_npis", npiCount(id, col("kind")))
        .select("org_idx", "state_id", "kind", "block_idx", "tin", "ccn", "n_npis", "aco_1", "aco_2");
  }

  private static Column functions_size(Column c) {
    return org.apache.spark.sql.functions.size(c);
  }

  /** Grain: one row per NPI x billing TIN (clinicians of practices; facilities excluded). */
  Dataset<Row> roster(Dataset<Row> organisations) {
    return organisations
        .where(col("kind").isin(PCP, SPEC, LAB, IMG, "CPCP", "CSPEC", "CSHARED", "CNONPCP", "CNONSPEC"))
        .withColumn("seq", explode(sequence(lit(0), col("n_npis").minus(1))))
        .select(
            npi(col("org_idx"), col("seq")).as("npi"),
            col("tin").as("billing_tin"),
            specialty(col("org_idx"), col("seq"), col("kind")).as("specialty_code"));
  }

  /**
   * Grain: one row per ACO x participant TIN x CCN x start date (docs/input-formats.md). FQHC
   * participants carry their CCN.
   */
  static Dataset<Row> participants(Dataset<Row> organisations, int firstYear) {
    Dataset<Row> a1 = organisations.where(col("aco_1").isNotNull()).withColumn("rank", col("aco_1"));
    Dataset<Row> a2 = organisations.where(col("aco_2").isNotNull()).withColumn("rank", col("aco_2"));
    return a1.unionByName(a2)
        .select(
            acoId(col("rank")).as("aco_id"),
            col("tin").as("participant_tin"),
            when(col("kind").equalTo(FQHC), col("ccn")).as("ccn"),
            org.apache.spark.sql.functions.make_date(lit(firstYear), lit(1), lit(1)).as("start_date"),
            lit(null).cast("date").as("end_date"));
  }
}
