package org.mssp.generate;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.mssp.settlement.rules.SettlementRules;

/**
 * The generated ACO agreements (reference/aco_agreements.csv), one row per ACO × performance
 * year of the dataset in which the ACO is in the program. Spark-free: ACOs × years is small, and
 * an agreement history is a short walk backwards from the agreement of the last year.
 *
 * <p>Rule (docs/synthetic-data.md, "Agreements"):
 * <ol>
 *   <li>Agreement cohorts: one start per calendar year from 2013 (the first year of the
 *       settlement rules); starts up to 2018 run 3 years (Jan 1); the 2019 cohort starts July 1,
 *       2019 and runs to the end of 2024; starts from 2020 run 5 years (methodology §4, 42 CFR
 *       425.200).
 *   <li>The agreement of the last generated year (the performance year a run settles) starts in
 *       a year S with S ≤ last year &lt; the end of S's agreement, drawn by the ACO's year in the
 *       agreement (weights {@code aco.agreement_year.N}, 2018 PUF). Only starts whose benchmark
 *       years S−3 … S−1 all lie inside the generated years are eligible; when none is (a span of
 *       fewer than 4 years) S is the last year, which keeps as many benchmark years inside as
 *       the span allows.
 *   <li>Earlier agreements: the agreement before one starting S started S−3 (S ≤ 2021: 2016 →
 *       July 2019, 2017 → 2020, 2018 → 2021) or S−5 (S ≥ 2025), and existed with probability
 *       {@code aco.renewal.probability}; starts 2022–2024 are first agreements (their
 *       predecessors, 2019–2021 starts, run past them). Years before the ACO's first agreement
 *       have no row: the ACO was not in the program.
 *   <li>Tracks: a start up to 2018 draws a legacy track (weights {@code aco.track.*}) among those
 *       the settlement rules (tracks.csv) allow in every year of the agreement (2018 starts:
 *       Track 1 or 1+, since Tracks 2 and 3 end with PY2019); a start from July 2019 draws
 *       ENHANCED or a BASIC entry level, and BASIC ACOs move up one level a year (the July 2019
 *       cohort stays at its level for PY2020), up to E (42 CFR 425.600(a)(4)).
 *   <li>Assignment: Track 3 prospective, other legacy tracks retrospective, 2019+ agreements
 *       prospective with {@code aco.prospective.probability}. MSR election per agreement
 *       (VARIABLE with {@code aco.variable_msr.probability}, else a fixed rate), VARIABLE in
 *       years whose track allows nothing else (Track 1, BASIC A/B).
 * </ol>
 *
 * <p>Draws are made on the driver with {@link SplittableRandom} seeded by (seed, draw name, ACO,
 * year), so they are reproducible and independent of the order of the ACOs.
 */
final class Agreements {
  static final int FIRST_START = 2013;
  static final int PATHWAYS_START = 2019;
  static final List<String> LEGACY = List.of("TRACK_1", "TRACK_2", "TRACK_3", "TRACK_1_PLUS");
  static final List<String> PATHWAYS = List.of("BASIC_A", "BASIC_B", "BASIC_C", "BASIC_D", "BASIC_E", "ENHANCED");
  static final List<String> FIXED_MSR = List.of("0", "0.005", "0.01", "0.015", "0.02");
  static final int MAX_AGREEMENT_YEARS = 6;

  /** One agreements row. */
  record Row(String acoId, int performanceYear, String track, LocalDate agreementStart, int periodNumber,
      String assignmentMethod, String msrElection) {}

  private final GenerateConfig config;
  private final GenerateRules rules;
  private final SettlementRules settlement;

  Agreements(GenerateConfig config, GenerateRules rules, SettlementRules settlement) {
    this.config = config;
    this.rules = rules;
    this.settlement = settlement;
  }

  /** First performance year after an agreement starting in {@code start}. */
  static int end(int start) {
    if (start < PATHWAYS_START) {
      return start + 3;
    }
    return start == PATHWAYS_START ? 2025 : start + 5;
  }

  /** Start year of the agreement before one starting in {@code start}, or 0 if none can precede it. */
  static int previous(int start) {
    int p = start <= 2021 ? start - 3 : start >= 2025 ? start - 5 : 0;
    return p >= FIRST_START ? p : 0;
  }

  static LocalDate startDate(int start) {
    return start == PATHWAYS_START ? LocalDate.of(start, 7, 1) : LocalDate.of(start, 1, 1);
  }

  /** Every row, ordered by ACO and year. */
  List<Row> rows() {
    List<Row> out = new ArrayList<>();
    for (int rank = 0; rank < config.acos(); rank++) {
      out.addAll(rowsOf(rank));
    }
    return out;
  }

  /** The last-year agreement's start: eligible starts weighted by the ACO's year in the agreement. */
  int anchorStart(int rank) {
    int last = config.lastYear();
    List<Integer> eligible = new ArrayList<>();
    for (int s = Math.max(FIRST_START, last - MAX_AGREEMENT_YEARS); s <= last; s++) {
      if (end(s) > last && s - 3 >= config.firstYear()) {
        eligible.add(s);
      }
    }
    if (eligible.isEmpty()) {
      return Math.max(last, FIRST_START);
    }
    double[] w = new double[eligible.size()];
    double total = 0;
    for (int i = 0; i < w.length; i++) {
      int yearInAgreement = Math.min(last - eligible.get(i) + 1, 4);
      w[i] = rules.number("aco.agreement_year." + yearInAgreement);
      total += w[i];
    }
    double u = uniform("aco.anchor", rank, last) * total;
    for (int i = 0; i < w.length; i++) {
      u -= w[i];
      if (u < 0) {
        return eligible.get(i);
      }
    }
    return eligible.get(eligible.size() - 1);
  }

  List<Row> rowsOf(int rank) {
    List<Integer> starts = new ArrayList<>();
    int s = anchorStart(rank);
    starts.add(0, s);
    for (int p = previous(s); p > 0 && uniform("aco.renewal", rank, s) < rules.number("aco.renewal.probability");
        p = previous(p)) {
      starts.add(0, p);
      s = p;
    }
    String aco = Providers.acoId(rank);
    List<Row> out = new ArrayList<>();
    for (int i = 0; i < starts.size(); i++) {
      int start = starts.get(i);
      int until = i + 1 < starts.size() ? starts.get(i + 1) : end(start);
      String entry = start < PATHWAYS_START ? legacyTrack(rank, start) : pick(PATHWAYS, uniform("aco.pathway", rank, start));
      String method = "TRACK_3".equals(entry) ? "PROSPECTIVE"
          : start < PATHWAYS_START ? "RETROSPECTIVE"
          : uniform("aco.prospective", rank, start) < rules.number("aco.prospective.probability") ? "PROSPECTIVE"
          : "RETROSPECTIVE";
      String election = uniform("aco.msr", rank, start) < rules.number("aco.variable_msr.probability") ? "VARIABLE"
          : pick(FIXED_MSR, uniform("aco.msr_rate", rank, start));
      for (int y = Math.max(start, config.firstYear()); y < until && y <= config.lastYear(); y++) {
        String track = trackInYear(entry, start, y);
        String msr = settlement.track(track, y).map(t -> t.msrElections().contains(election)).orElse(true)
            ? election : "VARIABLE";
        out.add(new Row(aco, y, track, startDate(start), i + 1, method, msr));
      }
    }
    return out;
  }

  /** BASIC glide path: one level up per performance year, the July 2019 cohort's PY2020 at its entry level. */
  static String trackInYear(String entry, int start, int year) {
    if (!entry.startsWith("BASIC_")) {
      return entry;
    }
    int level = PATHWAYS.indexOf(entry) + Math.max(0, year - Math.max(start, 2020));
    return PATHWAYS.get(Math.min(level, PATHWAYS.indexOf("BASIC_E")));
  }

  /** A legacy track the settlement rules allow in every year of an agreement starting {@code start}. */
  String legacyTrack(int rank, int start) {
    List<String> allowed = new ArrayList<>();
    List<Double> weights = new ArrayList<>();
    for (String t : LEGACY) {
      boolean valid = true;
      for (int y = start; y < end(start); y++) {
        valid &= settlement.track(t, y).isPresent();
      }
      if (valid) {
        allowed.add(t);
        weights.add(rules.number("aco.track." + t));
      }
    }
    if (allowed.isEmpty()) {
      throw org.mssp.common.error.Errors.badRules("rules/settlement/tracks.csv",
          "no legacy track covers every year of an agreement starting " + start);
    }
    double total = weights.stream().mapToDouble(Double::doubleValue).sum();
    double u = uniform("aco.track", rank, start) * total;
    for (int i = 0; i < allowed.size(); i++) {
      u -= weights.get(i);
      if (u < 0) {
        return allowed.get(i);
      }
    }
    return allowed.get(allowed.size() - 1);
  }

  private static String pick(List<String> values, double u) {
    return values.get(Math.min((int) (u * values.size()), values.size() - 1));
  }

  /** Uniform in [0, 1) from (seed, draw, ACO rank, year). */
  double uniform(String draw, int rank, int year) {
    long h = config.seed();
    for (long part : new long[] {draw.hashCode(), rank, year}) {
      h = (h ^ part) * 0x9E3779B97F4A7C15L;
      h ^= h >>> 31;
    }
    return new SplittableRandom(h).nextDouble();
  }
}
