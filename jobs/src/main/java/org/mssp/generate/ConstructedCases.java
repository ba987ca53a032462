package org.mssp.generate;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.element_at;
import static org.apache.spark.sql.functions.floor;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.pmod;
import static org.apache.spark.sql.functions.when;

import java.sql.Date;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Beneficiaries whose assignment outcome is known by construction (truth/constructed_assignment.csv).
 * They take the first ids; each case has {@code perCase} beneficiaries, replica r of case c
 * pointing at ACO k = (c + r) mod ACOs and, where a second ACO is needed, j = k + 1 mod ACOs.
 *
 * <p>Window rule assumed: the assignment window is the calendar year of the last generated year
 * (the performance year; retrospective final assignment, mssp-methodology.md §1.3). In that year a
 * constructed beneficiary has no carrier lines other than the constructed primary care visits
 * below, all dated January-June and never cancelled or adjusted; Part A, DME and other years are
 * random as for everyone. Allowed charges: 99214 = 110.00, 99213 = 75.00.
 *
 * <ul>
 *   <li>{@code pcp_plurality}: 3 visits at ACO k's PCP, 1 at a non-ACO PCP → k (step 1);
 *   <li>{@code specialist_only}: 2 visits at ACO k's cardiologist (06), 1 at a non-ACO
 *       cardiologist, no PCP/NPP visit → k (step 2);
 *   <li>{@code tie}: 2 equal visits at ACO k's PCP and 2 at ACO j's PCP → none (no plurality);
 *   <li>{@code ma_month}: as pcp_plurality, Medicare Advantage October-December → none (§1.2);
 *   <li>{@code part_a_only}: as pcp_plurality, Part A only November-December → none (§1.2);
 *   <li>{@code voluntary}: 1 visit at ACO k's PCP, 3 at ACO j's PCP, a designation of ACO k's PCP
 *       signed 1 June of the previous year → k (§1.7, voluntary alignment first);
 *   <li>{@code tin_in_two_acos}: 3 visits at a TIN in two ACOs, 1 at a non-ACO PCP → none
 *       (services of a TIN in two ACOs are excluded, §1.1);
 *   <li>{@code died_mid_year}: as pcp_plurality, dies 15 July → k (decedents stay assigned);
 *   <li>{@code non_aco_plurality}: 1 visit at ACO k's PCP, 3 at a non-ACO PCP → none.
 * </ul>
 */
final class ConstructedCases {
  static final String PCP_PLURALITY = "pcp_plurality";
  static final String SPECIALIST_ONLY = "specialist_only";
  static final String TIE = "tie";
  static final String MA = "ma_month";
  static final String PART_A_ONLY = "part_a_only";
  static final String VOLUNTARY = "voluntary";
  static final String TIN_TWO = "tin_in_two_acos";
  static final String DIED = "died_mid_year";
  static final String NON_ACO = "non_aco_plurality";
  static final long ALLOWED_99214 = 11_000;
  static final long ALLOWED_99213 = 7_500;

  final List<String> cases;
  final int perCase;
  final int acos;

  ConstructedCases(int perCase, int acos, long beneficiaries) {
    List<String> all = new ArrayList<>(List.of(PCP_PLURALITY, SPECIALIST_ONLY, MA, PART_A_ONLY, DIED, NON_ACO));
    if (acos >= 2) {
      all.addAll(List.of(TIE, VOLUNTARY, TIN_TWO));
    }
    // Never more than a tenth of the population.
    int per = perCase;
    while (per > 0 && (long) per * all.size() * 10 > beneficiaries) {
      per--;
    }
    this.cases = List.copyOf(all);
    this.perCase = per;
    this.acos = acos;
  }

  int count() {
    return cases.size() * perCase;
  }

  /** Case name of a beneficiary id, or null. */
  Column caseName(Column id) {
    if (count() == 0) {
      return lit(null).cast("string");
    }
    Column[] names = cases.stream().map(c -> lit(c)).toArray(Column[]::new);
    return when(id.lt(count()), element_at(array(names), floor(id.divide(perCase)).cast("int").plus(1)));
  }

  /** ACO rank k of a constructed beneficiary, or null. */
  Column caseAco(Column id) {
    if (count() == 0) {
      return lit(null).cast("int");
    }
    return when(id.lt(count()),
        pmod(floor(id.divide(perCase)).cast("long").plus(pmod(id, lit((long) perCase))), lit((long) acos)).cast("int"));
  }

  private record Visit(int org, String hcpcs, long allowed, int month) {}

  private List<Visit> visits(String name, int k, Providers.Constructed c) {
    int j = (k + 1) % acos;
    int pk = c.acoPcp()[k];
    int non = c.nonAcoPcp();
    return switch (name) {
      case PCP_PLURALITY, MA, PART_A_ONLY, DIED -> List.of(
          new Visit(pk, "99214", ALLOWED_99214, 2), new Visit(pk, "99214", ALLOWED_99214, 3),
          new Visit(non, "99213", ALLOWED_99213, 4), new Visit(pk, "99214", ALLOWED_99214, 5));
      case SPECIALIST_ONLY -> List.of(
          new Visit(c.acoSpec()[k], "99214", ALLOWED_99214, 2),
          new Visit(c.nonAcoSpec(), "99213", ALLOWED_99213, 3),
          new Visit(c.acoSpec()[k], "99214", ALLOWED_99214, 4));
      case TIE -> List.of(
          new Visit(pk, "99214", ALLOWED_99214, 2), new Visit(c.acoPcp()[j], "99214", ALLOWED_99214, 3),
          new Visit(pk, "99214", ALLOWED_99214, 4), new Visit(c.acoPcp()[j], "99214", ALLOWED_99214, 5));
      case VOLUNTARY -> List.of(
          new Visit(pk, "99214", ALLOWED_99214, 2), new Visit(c.acoPcp()[j], "99214", ALLOWED_99214, 3),
          new Visit(c.acoPcp()[j], "99214", ALLOWED_99214, 4), new Visit(c.acoPcp()[j], "99214", ALLOWED_99214, 5));
      case TIN_TWO -> List.of(
          new Visit(c.shared(), "99214", ALLOWED_99214, 2), new Visit(c.shared(), "99214", ALLOWED_99214, 3),
          new Visit(c.shared(), "99214", ALLOWED_99214, 4), new Visit(non, "99213", ALLOWED_99213, 5));
      case NON_ACO -> List.of(
          new Visit(pk, "99214", ALLOWED_99214, 2), new Visit(non, "99214", ALLOWED_99214, 3),
          new Visit(non, "99214", ALLOWED_99214, 4), new Visit(non, "99214", ALLOWED_99214, 5));
      default -> throw new IllegalStateException("unknown case " + name);
    };
  }

  private static String expected(String name, int k) {
    return switch (name) {
      case PCP_PLURALITY, SPECIALIST_ONLY, VOLUNTARY, DIED -> Providers.acoId(k);
      default -> null;
    };
  }

  /**
   * Grain: one row per constructed visit (one carrier claim of one line): bene_id, seq, org_idx,
   * hcpcs, allowed_cents, svc_dt.
   */
  Dataset<Row> visits(SparkSession spark, Providers providers, int year) {
    StructType schema =
        new StructType()
            .add("bene_id", DataTypes.LongType)
            .add("seq", DataTypes.IntegerType)
            .add("org_idx", DataTypes.IntegerType)
            .add("hcpcs", DataTypes.StringType)
            .add("allowed_cents", DataTypes.LongType)
            .add("svc_dt", DataTypes.DateType);
    List<Row> rows = new ArrayList<>();
    for (int c = 0; c < cases.size(); c++) {
      for (int r = 0; r < perCase; r++) {
        long bene = (long) c * perCase + r;
        int k = (c + r) % acos;
        int seq = 0;
        for (Visit v : visits(cases.get(c), k, providers.constructed)) {
          rows.add(RowFactory.create(bene, seq++, v.org(), v.hcpcs(), v.allowed(),
              Date.valueOf(LocalDate.of(year, v.month(), 10 + (int) (bene % 10)))));
        }
      }
    }
    return spark.createDataFrame(rows, schema);
  }

  /** Grain: one row per constructed beneficiary: bene_id, year, expected_aco_id, case. */
  Dataset<Row> truth(SparkSession spark, int year) {
    StructType schema =
        new StructType()
            .add("bene_id", DataTypes.LongType)
            .add("year", DataTypes.IntegerType)
            .add("expected_aco_id", DataTypes.StringType)
            .add("case", DataTypes.StringType)
            .add("aco_rank", DataTypes.IntegerType);
    List<Row> rows = new ArrayList<>();
    for (int c = 0; c < cases.size(); c++) {
      for (int r = 0; r < perCase; r++) {
        int k = (c + r) % acos;
        rows.add(RowFactory.create((long) c * perCase + r, year, expected(cases.get(c), k), cases.get(c), k));
      }
    }
    return spark.createDataFrame(rows, schema);
  }

  /** Voluntary designations of the constructed voluntary case: bene_id, org_idx, signature date. */
  Dataset<Row> designations(SparkSession spark, Providers providers, int year) {
    StructType schema =
        new StructType()
            .add("bene_id", DataTypes.LongType)
            .add("org_idx", DataTypes.IntegerType)
            .add("signature_date", DataTypes.DateType);
    List<Row> rows = new ArrayList<>();
    for (int c = 0; c < cases.size(); c++) {
      if (!cases.get(c).equals(VOLUNTARY)) {
        continue;
      }
      for (int r = 0; r < perCase; r++) {
        int k = (c + r) % acos;
        rows.add(RowFactory.create((long) c * perCase + r, providers.constructed.acoPcp()[k],
            Date.valueOf(LocalDate.of(year - 1, 6, 1))));
      }
    }
    return spark.createDataFrame(rows, schema);
  }
}
