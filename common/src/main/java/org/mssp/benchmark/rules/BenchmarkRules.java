package org.mssp.benchmark.rules;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.mssp.common.error.Errors;
import org.mssp.common.rules.RuleCsv;

/**
 * The versioned rule tables of expenditures and benchmarks, loaded from
 * {@code /rules/benchmark/*.csv} (each row carries its effective years or agreement dates, a
 * confidence tag REG/PAGE/RECALL/INFER and its source; see docs/expenditures-and-benchmarks.md).
 * Lookups fail with the table and year when a requested year has no rows.
 */
public record BenchmarkRules(
    String version,
    List<ClaimType> claimTypes,
    List<PaymentExclusion> paymentExclusions,
    List<Parameter> parameters,
    Map<Integer, BigDecimal> completionFactors,
    List<Era> eras,
    List<RegionalWeight> regionalWeights,
    List<Acpt> acpt) {

  private static final String DIR = "/rules/benchmark/";

  /** CLM_TYPE_CD of a claim table → expenditure category. */
  public record ClaimType(
      String sourceTable, String claimTypeCode, String category, int firstYear, int lastYear) {}

  /** A Part A header amount subtracted from the claim payment (IME, DSH, uncompensated care). */
  public record PaymentExclusion(String column, int firstYear, int lastYear) {}

  /** A scalar parameter with effective years. */
  public record Parameter(String name, BigDecimal value, int firstYear, int lastYear) {}

  /** The benchmark method of an agreement era and kind (first agreement or renewal). */
  public record Era(
      String era,
      String kind,
      LocalDate startFrom,
      LocalDate startTo,
      BigDecimal weightBy1,
      BigDecimal weightBy2,
      BigDecimal weightBy3,
      String trendMethod,
      String updateMethod,
      int regionalApplicationOffset,
      BigDecimal riskGrowthCap,
      String riskRatioMethod,
      String priorSavings,
      BigDecimal priorSavingsShare,
      BigDecimal priorSavingsCap) {
    /**
     * Whether the era's benchmark uses regional figures: a regional or blended trend or update
     * (the eras with a regional adjustment are among them); the national-trend, flat-dollar eras
     * only report them.
     */
    public boolean usesRegionalFigures() {
      return !trendMethod.equals("NATIONAL") || !updateMethod.equals("FLAT_NATIONAL");
    }
  }

  /**
   * Regional adjustment weights for one application number, the per-type caps (null = none) and
   * the floor of the ACO's overall adjustment (null = none): below it, every type's adjustment is 0.
   */
  public record RegionalWeight(
      String era,
      int application,
      BigDecimal weightLower,
      BigDecimal weightHigher,
      BigDecimal capPositive,
      BigDecimal capNegative,
      BigDecimal overallFloor) {}

  /** ACPT cumulative growth BY3→PY and its blend weight. */
  public record Acpt(
      int agreementStartYear,
      int performanceYear,
      String enrollmentType,
      BigDecimal growth,
      BigDecimal weight) {}

  /** Risk ratio methods at reconciliation (eras.csv risk_ratio_method, mssp-methodology.md §3.5). */
  public static final String NEWLY_CONTINUOUS = "NEWLY_CONTINUOUS";
  public static final String HCC_CAPPED = "HCC_CAPPED";
  public static final String HCC_CAPPED_AFTER_DEMOGRAPHIC = "HCC_CAPPED_AFTER_DEMOGRAPHIC";
  private static final List<String> RISK_RATIO_METHODS = List.of(NEWLY_CONTINUOUS, HCC_CAPPED, HCC_CAPPED_AFTER_DEMOGRAPHIC);

  public static final String FIRST = "FIRST";
  public static final String RENEWAL = "RENEWAL";

  /** Loads the packaged rule set. */
  public static BenchmarkRules load() {
    String version = RuleCsv.readVersion("benchmark VERSION", DIR + "VERSION");
    List<ClaimType> claimTypes = new ArrayList<>();
    for (RuleCsv.Row r : read("claim_types", List.of("source_table", "clm_type_cd", "category", "first_year", "last_year"))) {
      claimTypes.add(new ClaimType(r.require("claim_types", "source_table"), r.require("claim_types", "clm_type_cd"),
          r.require("claim_types", "category"), r.requireInt("claim_types", "first_year"), r.requireInt("claim_types", "last_year")));
    }
    List<PaymentExclusion> exclusions = new ArrayList<>();
    for (RuleCsv.Row r : read("payment_exclusions", List.of("column", "first_year", "last_year"))) {
      exclusions.add(new PaymentExclusion(r.require("payment_exclusions", "column"),
          r.requireInt("payment_exclusions", "first_year"), r.requireInt("payment_exclusions", "last_year")));
    }
    List<Parameter> parameters = new ArrayList<>();
    for (RuleCsv.Row r : read("parameters", List.of("parameter", "value", "first_year", "last_year"))) {
      parameters.add(new Parameter(r.require("parameters", "parameter"), dec(r, "parameters", "value"),
          r.requireInt("parameters", "first_year"), r.requireInt("parameters", "last_year")));
    }
    Map<Integer, BigDecimal> completion = new java.util.TreeMap<>();
    for (RuleCsv.Row r : read("completion_factors", List.of("year", "completion_factor"))) {
      completion.put(r.requireInt("completion_factors", "year"), dec(r, "completion_factors", "completion_factor"));
    }
    List<Era> eras = new ArrayList<>();
    String t = "eras";
    for (RuleCsv.Row r : read(t, List.of("era", "kind", "start_from", "start_to", "w_by1", "w_by2", "w_by3",
        "trend_method", "update_method", "regional_application_offset", "risk_growth_cap", "risk_ratio_method",
        "risk_ratio_tag", "prior_savings",
        "prior_savings_share", "prior_savings_cap"))) {
      Era e = new Era(r.require(t, "era"), r.require(t, "kind"), LocalDate.parse(r.require(t, "start_from")),
          LocalDate.parse(r.require(t, "start_to")), dec(r, t, "w_by1"), dec(r, t, "w_by2"), dec(r, t, "w_by3"),
          r.require(t, "trend_method"), r.require(t, "update_method"), r.requireInt(t, "regional_application_offset"),
          optDec(r, "risk_growth_cap"), r.require(t, "risk_ratio_method"), r.require(t, "prior_savings"), optDec(r, "prior_savings_share"),
          optDec(r, "prior_savings_cap"));
      if (!RISK_RATIO_METHODS.contains(e.riskRatioMethod())) {
        throw Errors.badRules(t, "line " + r.line() + ": column 'risk_ratio_method' is " + e.riskRatioMethod()
            + ", expected one of " + RISK_RATIO_METHODS);
      }
      if (e.riskRatioMethod().equals(HCC_CAPPED_AFTER_DEMOGRAPHIC) && e.riskGrowthCap() == null) {
        throw Errors.badRules(t, "line " + r.line() + ": risk_ratio_method " + HCC_CAPPED_AFTER_DEMOGRAPHIC
            + " needs a risk_growth_cap");
      }
      BigDecimal sum = e.weightBy1().add(e.weightBy2()).add(e.weightBy3());
      if (sum.compareTo(BigDecimal.ONE) != 0) {
        throw Errors.badRules(t, "line " + r.line() + ": benchmark-year weights sum to " + sum + ", not 1");
      }
      eras.add(e);
    }
    List<RegionalWeight> regional = new ArrayList<>();
    t = "regional_adjustment";
    for (RuleCsv.Row r : read(t, List.of("era", "application", "weight_lower", "weight_higher", "cap_positive", "cap_negative",
        "overall_floor"))) {
      regional.add(new RegionalWeight(r.require(t, "era"), r.requireInt(t, "application"), dec(r, t, "weight_lower"),
          dec(r, t, "weight_higher"), optDec(r, "cap_positive"), optDec(r, "cap_negative"),
          optDec(r, "overall_floor")));
    }
    List<Acpt> acpt = new ArrayList<>();
    t = "acpt";
    for (RuleCsv.Row r : read(t, List.of("agreement_start_year", "performance_year", "enrollment_type", "acpt_growth", "acpt_weight"))) {
      acpt.add(new Acpt(r.requireInt(t, "agreement_start_year"), r.requireInt(t, "performance_year"),
          r.require(t, "enrollment_type"), dec(r, t, "acpt_growth"), dec(r, t, "acpt_weight")));
    }
    return new BenchmarkRules(version, claimTypes, exclusions, parameters, completion, eras, regional, acpt);
  }

  private static List<RuleCsv.Row> read(String table, List<String> columns) {
    return RuleCsv.readResource(table, DIR + table + ".csv", columns);
  }

  private static BigDecimal dec(RuleCsv.Row r, String table, String column) {
    String v = r.require(table, column);
    try {
      return new BigDecimal(v);
    } catch (NumberFormatException e) {
      throw Errors.badRules(table, "line " + r.line() + ": column '" + column + "' is not a number: " + v);
    }
  }

  private static BigDecimal optDec(RuleCsv.Row r, String column) {
    String v = r.values().get(column);
    return v == null || v.isBlank() ? null : new BigDecimal(v.trim());
  }

  // ------------------------------------------------------------------ lookups

  /** Claim types in force for a year. */
  public List<ClaimType> claimTypesFor(int year) {
    List<ClaimType> out = claimTypes.stream().filter(c -> c.firstYear() <= year && year <= c.lastYear()).toList();
    if (out.isEmpty()) {
      throw Errors.missingRules("compute expenditures", "claim_types", year);
    }
    return out;
  }

  /** Part A amount columns excluded from payments for a year. */
  public List<String> paymentExclusionsFor(int year) {
    return paymentExclusions.stream()
        .filter(p -> p.firstYear() <= year && year <= p.lastYear())
        .map(PaymentExclusion::column)
        .collect(Collectors.toList());
  }

  /** A scalar parameter for a year. */
  public BigDecimal parameter(String name, int year) {
    return parameters.stream()
        .filter(p -> p.name().equals(name) && p.firstYear() <= year && year <= p.lastYear())
        .map(Parameter::value)
        .findFirst()
        .orElseThrow(() -> Errors.missingRules("read parameter " + name, "parameters", year));
  }

  /** The completion factor of a year of service. */
  public BigDecimal completionFactor(int year) {
    BigDecimal f = completionFactors.get(year);
    if (f == null) {
      throw Errors.missingRules("complete expenditures", "completion_factors", year);
    }
    return f;
  }

  /** The era of an agreement, from its start date and period number. */
  public Era eraFor(String acoId, int performanceYear, LocalDate agreementStart, int periodNumber) {
    String kind = periodNumber <= 1 ? FIRST : RENEWAL;
    return eras.stream()
        .filter(e -> e.kind().equals(kind) && !agreementStart.isBefore(e.startFrom()) && !agreementStart.isAfter(e.startTo()))
        .findFirst()
        .orElseThrow(() -> Errors.cannot(
            "compute benchmark for ACO " + acoId + ", PY" + performanceYear,
            "rule table 'eras' has no " + kind + " era for an agreement starting " + agreementStart));
  }

  /** The regional adjustment weights for an era and application number (last row for higher numbers). */
  public Optional<RegionalWeight> regionalWeight(String era, int application) {
    if (application <= 0) {
      return Optional.empty();
    }
    return regionalWeights.stream()
        .filter(w -> w.era().equals(era) && w.application() <= application)
        .max(Comparator.comparingInt(RegionalWeight::application));
  }

  /** The ACPT row for an agreement start year, performance year and type. */
  public Acpt acptFor(String acoId, int agreementStartYear, int performanceYear, String enrollmentType) {
    return acpt.stream()
        .filter(a -> a.agreementStartYear() == agreementStartYear && a.performanceYear() == performanceYear
            && a.enrollmentType().equals(enrollmentType))
        .findFirst()
        .orElseThrow(() -> Errors.cannot(
            "compute benchmark for ACO " + acoId + ", PY" + performanceYear,
            "rule table 'acpt' has no row for agreements starting " + agreementStartYear + ", "
                + enrollmentType));
  }
}
