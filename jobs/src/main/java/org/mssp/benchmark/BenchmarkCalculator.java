package org.mssp.benchmark;

import java.math.BigDecimal;
import java.math.MathContext;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.mssp.benchmark.rules.BenchmarkRules;
import org.mssp.benchmark.rules.BenchmarkRules.Era;
import org.mssp.benchmark.rules.BenchmarkRules.RegionalWeight;
import org.mssp.common.error.Errors;

/**
 * The benchmark arithmetic of one ACO and performance year (mssp-methodology.md §3.6), in exact
 * decimals. Per enrollment type t:
 *
 * <ol>
 *   <li>Trend BY1 and BY2 to BY3 (national, regional, or the 2019+ blend whose national weight is
 *       the ACO's share of its regional service area) and restate them to BY3 risk:
 *       {@code E*_i = E_i × (R_3 / R_i) × trend_i}.
 *   <li>Historical benchmark {@code Hist_t = Σ w_i E*_i} with the era's weights (10/30/60 or
 *       equal); a type without ACO person-years in a BY drops that BY and the others' weights are
 *       rescaled; a type with none in BY3 takes the national BY3 per capita [INFER].
 *   <li>Regional adjustment (2017+ rebased, 2019+): {@code weight × (Regional_t − Hist_t)}, with
 *       the regional per capita risk-standardised per county and put on the ACO's BY3 risk; the
 *       weight depends on the application number and on whether the ACO spends less than its region
 *       overall (Σ_t BY3 share × difference &gt; 0); capped at ±cap × national BY3 per capita.
 *   <li>Prior savings: added as given (2016 rebasing), or the larger of it (share × prior savings,
 *       capped at a share of national per capita) and the regional adjustment (2024+) [RECALL].
 *   <li>Update to the PY: risk ratio BY3 → PY by the era's method ({@link #riskRatio}: newly /
 *       continuously assigned before July 2019, HCC capped at +3 % from July 2019, the cap after
 *       demographic growth from 2024) times the
 *       update factor (regional growth, national/regional blend, or ⅓/⅙ ACPT blend from 2024); for
 *       first agreements before 2019 and 2016 rebasings a flat-dollar national growth is added
 *       instead [REG §425.602(b); order of risk ratio and update INFER].
 * </ol>
 *
 * <p>Totals: historical and regional figures are BY3 person-year weighted; the updated benchmark
 * per capita is PY person-year weighted and the total benchmark is {@code Σ_t PY person-years_t ×
 * updated_t}. Nothing is rounded here; tables round when they store.
 */
public final class BenchmarkCalculator {
  static final MathContext MC = MathContext.DECIMAL128;

  private BenchmarkCalculator() {}

  public static final String BASIS_ALL = "ALL_BENCHMARK_YEARS";
  public static final String BASIS_PARTIAL = "SOME_BENCHMARK_YEARS";
  public static final String BASIS_NATIONAL = "NATIONAL_BY3";
  public static final String LOWER = "LOWER_THAN_REGION";
  public static final String HIGHER = "HIGHER_THAN_REGION";
  public static final String NONE = "NONE";

  /** A quantity in BY1, BY2, BY3 and the performance year; null where there is no value. */
  public record Years(BigDecimal by1, BigDecimal by2, BigDecimal by3, BigDecimal py) {
    public BigDecimal by(int i) {
      return switch (i) {
        case 1 -> by1;
        case 2 -> by2;
        case 3 -> by3;
        default -> throw new IllegalArgumentException("benchmark year " + i);
      };
    }

    public static Years of(String by1, String by2, String by3, String py) {
      return new Years(d(by1), d(by2), d(by3), d(py));
    }

    private static BigDecimal d(String s) {
      return s == null ? null : new BigDecimal(s);
    }
  }

  /**
   * One enrollment type of an ACO: person-years, truncated and completed per-capita spend and
   * mean renormalised risk of its assigned beneficiaries; national per capita (assignable
   * population); regional per capita risk-standardised to risk 1.0, weighted by the ACO's
   * beneficiaries per county.
   */
  public record TypeInput(
      String enrollmentType,
      Years personYears,
      Years perCapita,
      Years risk,
      Years nationalPerCapita,
      Years regionalPerCapita,
      Years demographicRisk,
      Cohorts cohorts) {
    /** Without demographic scores or a newly / continuously assigned split. */
    public TypeInput(String enrollmentType, Years personYears, Years perCapita, Years risk, Years nationalPerCapita,
        Years regionalPerCapita) {
      this(enrollmentType, personYears, perCapita, risk, nationalPerCapita, regionalPerCapita,
          new Years(null, null, null, null), null);
    }
  }

  /**
   * The PY beneficiaries of one type split into newly and continuously assigned (mssp-methodology.md
   * §3.5, agreements before July 2019): person-years and person-year weighted mean renormalised HCC
   * and demographic scores of each part. Null on a {@link TypeInput} means no split is known: every
   * PY beneficiary counts as newly assigned (full HCC ratio), as the stage records with continuity
   * basis {@link #CONTINUITY_NONE}.
   */
  public record Cohorts(
      BigDecimal personYearsNewly,
      BigDecimal hccNewly,
      BigDecimal personYearsContinuing,
      BigDecimal hccContinuing,
      BigDecimal demographicContinuing) {}

  /**
   * One ACO × performance year. {@code priorSavingsPerCapita} may be null (none).
   * {@code continuityBasis} says where the newly / continuously assigned split came from.
   */
  public record AcoInput(
      String acoId,
      int performanceYear,
      LocalDate agreementStart,
      int agreementPeriod,
      BigDecimal nationalWeightBy3,
      BigDecimal nationalWeightPy,
      BigDecimal priorSavingsPerCapita,
      List<TypeInput> types,
      String continuityBasis) {
    /** Without a newly / continuously assigned split. */
    public AcoInput(String acoId, int performanceYear, LocalDate agreementStart, int agreementPeriod,
        BigDecimal nationalWeightBy3, BigDecimal nationalWeightPy, BigDecimal priorSavingsPerCapita, List<TypeInput> types) {
      this(acoId, performanceYear, agreementStart, agreementPeriod, nationalWeightBy3, nationalWeightPy,
          priorSavingsPerCapita, types, CONTINUITY_NONE);
    }
  }

  /** Continuity basis: the ACO's assignment of the year before the PY, from its own PY run. */
  public static final String CONTINUITY_PRIOR_PY = "PRIOR_PERFORMANCE_YEAR_ASSIGNMENT";
  /** Continuity basis: the PY run's assignment of the benchmark year before the PY (BY3). */
  public static final String CONTINUITY_BENCHMARK_YEAR = "BENCHMARK_YEAR_ASSIGNMENT";
  /** Continuity basis: no prior-year assignment: every PY beneficiary counts as newly assigned. */
  public static final String CONTINUITY_NONE = "NONE";

  /** Every component of one type's benchmark. */
  public record TypeResult(
      String enrollmentType,
      BigDecimal personYearsBy3,
      BigDecimal personYearsPy,
      String historyBasis,
      BigDecimal trendBy1,
      BigDecimal trendBy2,
      BigDecimal restatedBy1,
      BigDecimal restatedBy2,
      BigDecimal restatedBy3,
      BigDecimal weightBy1,
      BigDecimal weightBy2,
      BigDecimal weightBy3,
      BigDecimal historical,
      BigDecimal regional,
      BigDecimal regionalAdjustmentUncapped,
      BigDecimal regionalAdjustment,
      BigDecimal priorSavingsAdjustment,
      BigDecimal adjustedHistorical,
      BigDecimal riskRatioUncapped,
      BigDecimal riskRatio,
      RiskRatio riskDetail,
      BigDecimal updateFactor,
      BigDecimal updateFlatAmount,
      BigDecimal updated,
      BigDecimal benchmarkTotal,
      BigDecimal expenditurePerCapitaPy,
      BigDecimal expenditureTotal) {}

  /**
   * The risk ratio BY3 → PY of one type (mssp-methodology.md §3.5) and its parts: the full HCC
   * ratio {@code hcc} = R_PY / R_BY3 over all PY beneficiaries; the demographic ratio D_PY / D_BY3
   * (null when not computable and not needed); the cap as a ratio (null = none); for the newly /
   * continuously assigned method, each part's person-years and ratios (null otherwise); and the
   * ratio applied.
   */
  public record RiskRatio(
      String method,
      BigDecimal hcc,
      BigDecimal demographic,
      BigDecimal cap,
      BigDecimal personYearsNewly,
      BigDecimal personYearsContinuing,
      BigDecimal newly,
      BigDecimal continuingHcc,
      BigDecimal continuingDemographic,
      BigDecimal continuing,
      BigDecimal applied) {}

  /** The ACO's benchmark: era, direction and weight of the regional adjustment, totals, types. */
  public record Result(
      String acoId,
      int performanceYear,
      String era,
      String agreementKind,
      String riskRatioMethod,
      String continuityBasis,
      int regionalApplication,
      String regionalDirection,
      BigDecimal regionalWeight,
      BigDecimal nationalWeightBy3,
      BigDecimal nationalWeightPy,
      BigDecimal personYearsBy3,
      BigDecimal personYearsPy,
      BigDecimal historical,
      BigDecimal regional,
      BigDecimal regionalAdjustment,
      BigDecimal priorSavingsAdjustment,
      BigDecimal updated,
      BigDecimal benchmarkTotal,
      BigDecimal expenditurePerCapita,
      BigDecimal expenditureTotal,
      List<TypeResult> types) {}

  /** Computes the benchmark of one ACO × performance year. */
  public static Result compute(AcoInput in, BenchmarkRules rules) {
    Era era = rules.eraFor(in.acoId(), in.performanceYear(), in.agreementStart(), in.agreementPeriod());
    int application = in.agreementPeriod() - era.regionalApplicationOffset();
    RegionalWeight rw = rules.regionalWeight(era.era(), application).orElse(null);
    String action = "compute benchmark for ACO " + in.acoId() + ", PY" + in.performanceYear();

    // Steps 1-2 per type: trend, risk restatement, weights -> historical benchmark.
    List<Partial> partials = new ArrayList<>();
    for (TypeInput t : in.types()) {
      boolean hasBy3 = positive(t.personYears().by3());
      boolean hasPy = positive(t.personYears().py());
      if (!hasBy3 && !hasPy) {
        continue;
      }
      partials.add(historical(t, era, in, action));
    }

    // Step 3: direction of the regional adjustment, over types with BY3 person-years.
    BigDecimal pyBy3 = sum(partials.stream().map(p -> p.personYearsBy3).toList());
    String direction = NONE;
    BigDecimal weight = BigDecimal.ZERO;
    if (rw != null && pyBy3.signum() > 0) {
      BigDecimal diff = BigDecimal.ZERO;
      for (Partial p : partials) {
        diff = diff.add(p.personYearsBy3.multiply(p.regional.subtract(p.historical)));
      }
      direction = diff.signum() > 0 ? LOWER : HIGHER;
      weight = diff.signum() > 0 ? rw.weightLower() : rw.weightHigher();
    }

    List<TypeResult> results = new ArrayList<>();
    for (Partial p : partials) {
      results.add(update(p, era, rw, weight, in, rules, action, false));
    }
    // Overall floor (2024 era): an ACO whose capped adjustments, weighted by BY3 person-years,
    // sum below the floor gets no regional adjustment in any type; prior savings are then
    // weighed against 0 (mssp-methodology.md §3.4) [INFER].
    if (rw != null && rw.overallFloor() != null && pyBy3.signum() > 0) {
      BigDecimal overall = total(results.stream().map(TypeResult::regionalAdjustment).toList(),
          results.stream().map(TypeResult::personYearsBy3).toList());
      if (overall.compareTo(rw.overallFloor().multiply(pyBy3)) < 0) {
        results.clear();
        for (Partial p : partials) {
          results.add(update(p, era, rw, weight, in, rules, action, true));
        }
      }
    }

    List<BigDecimal> pyBy3s = results.stream().map(TypeResult::personYearsBy3).toList();
    List<BigDecimal> pyPys = results.stream().map(TypeResult::personYearsPy).toList();
    BigDecimal pyPy = sum(pyPys);
    BigDecimal hist = total(results.stream().map(TypeResult::historical).toList(), pyBy3s);
    BigDecimal reg = total(results.stream().map(TypeResult::regional).toList(), pyBy3s);
    BigDecimal adj = total(results.stream().map(TypeResult::regionalAdjustment).toList(), pyBy3s);
    BigDecimal psa = total(results.stream().map(TypeResult::priorSavingsAdjustment).toList(), pyBy3s);
    BigDecimal benchTotal = total(results.stream().map(TypeResult::updated).toList(), pyPys);
    BigDecimal expTotal = total(results.stream().map(TypeResult::expenditurePerCapitaPy).toList(), pyPys);
    return new Result(
        in.acoId(), in.performanceYear(), era.era(), era.kind(), era.riskRatioMethod(), in.continuityBasis(),
        Math.max(application, 0), direction, weight,
        in.nationalWeightBy3(), in.nationalWeightPy(), pyBy3, pyPy,
        div(hist, pyBy3), div(reg, pyBy3), div(adj, pyBy3), div(psa, pyBy3),
        div(benchTotal, pyPy), benchTotal, div(expTotal, pyPy), expTotal, results);
  }

  /**
   * Σ_t per capita_t × person-years_t: the total over enrollment types (PUF identities ABtotExp =
   * Σ type per capita × person-years, ABtotBnchmk = UpdatedBnchmk × person-years, §2.2).
   */
  public static BigDecimal total(List<BigDecimal> perCapita, List<BigDecimal> personYears) {
    BigDecimal t = BigDecimal.ZERO;
    for (int i = 0; i < perCapita.size(); i++) {
      t = t.add(perCapita.get(i).multiply(personYears.get(i)));
    }
    return t;
  }

  /** Intermediate of one type after steps 1-2. */
  record Partial(
      TypeInput input,
      BigDecimal personYearsBy3,
      String basis,
      BigDecimal[] trend,
      BigDecimal[] restated,
      BigDecimal[] weights,
      BigDecimal historical,
      BigDecimal riskBy3,
      BigDecimal regional) {}

  private static Partial historical(TypeInput t, Era era, AcoInput in, String action) {
    BigDecimal[] w = {era.weightBy1(), era.weightBy2(), era.weightBy3()};
    BigDecimal[] trend = new BigDecimal[3];
    BigDecimal[] restated = new BigDecimal[3];
    BigDecimal[] used = new BigDecimal[3];
    String basis;
    BigDecimal hist;
    BigDecimal riskBy3;
    if (!positive(t.personYears().by3())) {
      // No ACO history of this type in BY3: national BY3 per capita at national risk 1.0 [INFER].
      basis = BASIS_NATIONAL;
      hist = require(t.nationalPerCapita().by3(), action, "national per capita BY3 of " + t.enrollmentType());
      riskBy3 = BigDecimal.ONE;
      for (int i = 0; i < 3; i++) {
        used[i] = BigDecimal.ZERO;
      }
    } else {
      riskBy3 = require(t.risk().by3(), action, "ACO risk score BY3 of " + t.enrollmentType());
      BigDecimal weightSum = BigDecimal.ZERO;
      for (int i = 1; i <= 3; i++) {
        if (positive(t.personYears().by(i))) {
          weightSum = weightSum.add(w[i - 1]);
        }
      }
      basis = weightSum.compareTo(BigDecimal.ONE) == 0 ? BASIS_ALL : BASIS_PARTIAL;
      hist = BigDecimal.ZERO;
      for (int i = 1; i <= 3; i++) {
        if (!positive(t.personYears().by(i))) {
          used[i - 1] = BigDecimal.ZERO;
          continue;
        }
        BigDecimal e = require(t.perCapita().by(i), action, "per capita BY" + i + " of " + t.enrollmentType());
        if (i == 3) {
          trend[2] = BigDecimal.ONE;
          restated[2] = e;
        } else {
          BigDecimal ri = require(t.risk().by(i), action, "ACO risk score BY" + i + " of " + t.enrollmentType());
          BigDecimal nat = ratio(t.nationalPerCapita().by3(), t.nationalPerCapita().by(i), action, "national", t, i);
          BigDecimal f = switch (era.trendMethod()) {
            case "NATIONAL" -> nat;
            case "REGIONAL" -> regionalTrend(t, i, nat, action);
            case "BLENDED" -> blend(in.nationalWeightBy3(), nat, regionalTrend(t, i, nat, action), action);
            default -> throw Errors.badRules("eras", "unknown trend_method " + era.trendMethod());
          };
          trend[i - 1] = f;
          restated[i - 1] = e.multiply(riskBy3.divide(ri, MC), MC).multiply(f, MC);
        }
        used[i - 1] = w[i - 1].divide(weightSum, MC);
        hist = hist.add(used[i - 1].multiply(restated[i - 1]), MC);
      }
    }
    BigDecimal regional;
    if (t.regionalPerCapita().by3() != null) {
      regional = t.regionalPerCapita().by3().multiply(riskBy3, MC);
    } else {
      // No regional figure in BY3: no ACO beneficiaries of this type then (no service area for
      // it), or none of their counties has a figure of the type (cells suppressed in CMS's county
      // file, BenchmarkStage logs it): the type gets no regional adjustment (regional :=
      // historical) [INFER].
      regional = hist;
    }
    BigDecimal pyBy3 = t.personYears().by3() == null ? BigDecimal.ZERO : t.personYears().by3();
    return new Partial(t, pyBy3, basis, trend, restated, used, hist, riskBy3, regional);
  }

  /**
   * Steps 3-6 of one type: regional adjustment (capped; 0 when {@code overallFloored}), prior
   * savings, risk ratio and update.
   */
  private static TypeResult update(Partial p, Era era, RegionalWeight rw, BigDecimal weight, AcoInput in,
      BenchmarkRules rules, String action, boolean overallFloored) {
    TypeInput t = p.input;
    BigDecimal natBy3 = t.nationalPerCapita().by3();
    // Regional adjustment, capped as a share of national BY3 per capita.
    BigDecimal uncapped = BigDecimal.ZERO;
    BigDecimal adj = BigDecimal.ZERO;
    if (rw != null) {
      uncapped = weight.multiply(p.regional.subtract(p.historical), MC);
      adj = uncapped;
      if (rw.capPositive() != null) {
        adj = adj.min(rw.capPositive().multiply(require(natBy3, action, "national per capita BY3"), MC));
      }
      if (rw.capNegative() != null) {
        adj = adj.max(rw.capNegative().negate().multiply(require(natBy3, action, "national per capita BY3"), MC));
      }
      if (overallFloored) {
        adj = BigDecimal.ZERO;
      }
    }
    // Prior savings adjustment.
    BigDecimal psa = BigDecimal.ZERO;
    BigDecimal prior = in.priorSavingsPerCapita();
    switch (era.priorSavings()) {
      case "NONE" -> { }
      case "ADD" -> psa = prior == null ? BigDecimal.ZERO : prior.multiply(era.priorSavingsShare(), MC);
      case "MAX_WITH_REGIONAL" -> {
        if (prior != null && prior.signum() > 0) {
          BigDecimal cand = prior.multiply(era.priorSavingsShare(), MC)
              .min(era.priorSavingsCap().multiply(require(natBy3, action, "national per capita BY3"), MC));
          if (cand.compareTo(adj) > 0) {
            psa = cand;
            adj = BigDecimal.ZERO;
          }
        }
      }
      default -> throw Errors.badRules("eras", "unknown prior_savings " + era.priorSavings());
    }
    BigDecimal adjusted = p.historical.add(adj).add(psa);

    // Risk ratio BY3 -> PY by the era's method (§3.5).
    BigDecimal pyPy = t.personYears().py() == null ? BigDecimal.ZERO : t.personYears().py();
    RiskRatio risk = riskRatio(p, era, pyPy, action);
    BigDecimal rrUncapped = risk.hcc();
    BigDecimal rr = risk.applied();

    // Update factor BY3 -> PY.
    BigDecimal factor = BigDecimal.ONE;
    BigDecimal flat = BigDecimal.ZERO;
    switch (era.updateMethod()) {
      case "FLAT_NATIONAL" -> flat = require(t.nationalPerCapita().py(), action, "national per capita PY")
          .subtract(require(natBy3, action, "national per capita BY3"));
      case "REGIONAL" -> factor = ratioPy(t.regionalPerCapita(), action, "regional", t);
      case "BLENDED" -> factor = blend(in.nationalWeightPy(), ratioPy(t.nationalPerCapita(), action, "national", t),
          ratioPy(t.regionalPerCapita(), action, "regional", t), action);
      case "ACPT_BLEND" -> {
        BigDecimal blended = blend(in.nationalWeightPy(), ratioPy(t.nationalPerCapita(), action, "national", t),
            ratioPy(t.regionalPerCapita(), action, "regional", t), action);
        BenchmarkRules.Acpt acpt = rules.acptFor(in.acoId(), in.agreementStart().getYear(), in.performanceYear(), t.enrollmentType());
        factor = acpt.weight().multiply(BigDecimal.ONE.add(acpt.growth()))
            .add(BigDecimal.ONE.subtract(acpt.weight()).multiply(blended), MC);
      }
      default -> throw Errors.badRules("eras", "unknown update_method " + era.updateMethod());
    }
    BigDecimal updated = adjusted.multiply(rr, MC).multiply(factor, MC).add(flat);
    BigDecimal expPc = pyPy.signum() > 0
        ? require(t.perCapita().py(), action, "per capita PY of " + t.enrollmentType()) : BigDecimal.ZERO;
    return new TypeResult(
        t.enrollmentType(), p.personYearsBy3, pyPy, p.basis,
        p.trend[0], p.trend[1], p.restated[0], p.restated[1], p.restated[2],
        p.weights[0], p.weights[1], p.weights[2],
        p.historical, p.regional, uncapped, adj, psa, adjusted, rrUncapped, rr, risk, factor, flat, updated,
        pyPy.multiply(updated, MC), expPc, pyPy.multiply(expPc, MC));
  }

  /**
   * The risk ratio of one type (mssp-methodology.md §3.5), by the era's {@code risk_ratio_method}:
   *
   * <ul>
   *   <li>HCC_CAPPED (agreements from July 2019): {@code min(R_PY / R_BY3, 1 + cap)}; declines
   *       uncapped [REG §425.605(a)(1)].
   *   <li>HCC_CAPPED_AFTER_DEMOGRAPHIC (from 2024): the cap is applied after demographic growth,
   *       {@code min(R_PY / R_BY3, (D_PY / D_BY3) × (1 + cap))} [RECALL].
   *   <li>NEWLY_CONTINUOUS (before July 2019): newly assigned {@code H_new / R_BY3}; continuously
   *       assigned {@code D_cont / D_BY3}, unless their HCC ratio {@code H_cont / R_BY3} is below 1,
   *       then that HCC ratio; combined by PY person-years [REG §425.604(a)(1)-(2); the BY3
   *       reference being the BY3 assigned population of the type, and "fell" meaning a ratio
   *       below 1, INFER]. An era cap, if any, applies to the combined ratio.
   * </ul>
   *
   * A type without PY person-years has ratio 1. A type without BY3 history (national BY3 basis)
   * has R_BY3 = D_BY3 = 1.
   */
  static RiskRatio riskRatio(Partial p, Era era, BigDecimal pyPy, String action) {
    TypeInput t = p.input;
    String method = era.riskRatioMethod();
    if (pyPy.signum() <= 0) {
      return new RiskRatio(method, BigDecimal.ONE, null, null, null, null, null, null, null, null, BigDecimal.ONE);
    }
    String type = t.enrollmentType();
    BigDecimal rPy = require(t.risk().py(), action, "ACO risk score PY of " + type);
    BigDecimal hcc = rPy.divide(p.riskBy3, MC);
    boolean nationalBasis = p.basis.equals(BASIS_NATIONAL);
    BigDecimal dBy3 = nationalBasis ? BigDecimal.ONE : t.demographicRisk().by3();
    BigDecimal dPy = t.demographicRisk().py();
    BigDecimal demographic = dBy3 == null || dPy == null || dBy3.signum() == 0 ? null : dPy.divide(dBy3, MC);
    BigDecimal growthCap = era.riskGrowthCap() == null ? null : BigDecimal.ONE.add(era.riskGrowthCap());
    switch (method) {
      case BenchmarkRules.HCC_CAPPED -> {
        BigDecimal applied = growthCap == null ? hcc : hcc.min(growthCap);
        return new RiskRatio(method, hcc, demographic, growthCap, null, null, null, null, null, null, applied);
      }
      case BenchmarkRules.HCC_CAPPED_AFTER_DEMOGRAPHIC -> {
        if (demographic == null) {
          throw Errors.cannot(action, "no demographic risk score BY3 and PY of " + type
              + " (needed for the risk cap after demographic growth; see risk_normalization)");
        }
        BigDecimal cap = demographic.multiply(growthCap, MC);
        return new RiskRatio(method, hcc, demographic, cap, null, null, null, null, null, null, hcc.min(cap));
      }
      case BenchmarkRules.NEWLY_CONTINUOUS -> {
        Cohorts c = t.cohorts() == null ? new Cohorts(pyPy, rPy, BigDecimal.ZERO, null, null) : t.cohorts();
        BigDecimal pyNew = c.personYearsNewly() == null ? BigDecimal.ZERO : c.personYearsNewly();
        BigDecimal pyCont = c.personYearsContinuing() == null ? BigDecimal.ZERO : c.personYearsContinuing();
        BigDecimal newly = null;
        BigDecimal contHcc = null;
        BigDecimal contDemo = null;
        BigDecimal cont = null;
        BigDecimal weighted = BigDecimal.ZERO;
        if (pyNew.signum() > 0) {
          newly = require(c.hccNewly(), action, "HCC risk score PY of newly assigned " + type).divide(p.riskBy3, MC);
          weighted = weighted.add(pyNew.multiply(newly, MC));
        }
        if (pyCont.signum() > 0) {
          contHcc = require(c.hccContinuing(), action, "HCC risk score PY of continuously assigned " + type)
              .divide(p.riskBy3, MC);
          if (c.demographicContinuing() != null && dBy3 != null && dBy3.signum() != 0) {
            contDemo = c.demographicContinuing().divide(dBy3, MC);
          }
          if (contHcc.compareTo(BigDecimal.ONE) < 0) {
            cont = contHcc;
          } else if (contDemo == null) {
            throw Errors.cannot(action, "no demographic risk score BY3 and PY of continuously assigned " + type
                + " (needed for their demographic risk ratio; see risk_normalization)");
          } else {
            cont = contDemo;
          }
          weighted = weighted.add(pyCont.multiply(cont, MC));
        }
        BigDecimal combined = pyNew.add(pyCont).signum() > 0 ? weighted.divide(pyNew.add(pyCont), MC) : BigDecimal.ONE;
        BigDecimal applied = growthCap == null ? combined : combined.min(growthCap);
        return new RiskRatio(method, hcc, demographic, growthCap, pyNew, pyCont, newly, contHcc, contDemo, cont, applied);
      }
      default -> throw Errors.badRules("eras", "unknown risk_ratio_method " + method);
    }
  }

  /**
   * The regional trend BYi → BY3; the national trend {@code nat} when the regional figure of
   * either year is missing (no county of the ACO's beneficiaries of the type has a figure then,
   * e.g. cells suppressed in CMS's county file) [INFER], as the update does ({@link #ratioPy}).
   */
  private static BigDecimal regionalTrend(TypeInput t, int i, BigDecimal nat, String action) {
    if (t.regionalPerCapita().by3() == null || t.regionalPerCapita().by(i) == null) {
      return nat;
    }
    return ratio(t.regionalPerCapita().by3(), t.regionalPerCapita().by(i), action, "regional", t, i);
  }

  private static BigDecimal blend(BigDecimal nationalWeight, BigDecimal national, BigDecimal regional, String action) {
    BigDecimal w = require(nationalWeight, action, "national weight of the blended trend");
    return w.multiply(national).add(BigDecimal.ONE.subtract(w).multiply(regional), MC);
  }

  private static BigDecimal ratio(BigDecimal num, BigDecimal den, String action, String what, TypeInput t, int i) {
    require(num, action, what + " per capita BY3 of " + t.enrollmentType());
    require(den, action, what + " per capita BY" + i + " of " + t.enrollmentType());
    if (den.signum() == 0) {
      throw Errors.cannot(action, what + " per capita BY" + i + " of " + t.enrollmentType() + " is zero");
    }
    return num.divide(den, MC);
  }

  private static BigDecimal ratioPy(Years y, String action, String what, TypeInput t) {
    if (what.equals("regional") && (y.py() == null || y.by3() == null)) {
      // No regional figure in BY3 or the PY (no beneficiaries of this type then, or none in a
      // county with a figure of the type): the regional growth is replaced by the national
      // growth [INFER].
      return ratioPy(t.nationalPerCapita(), action, "national", t);
    }
    BigDecimal py = require(y.py(), action, what + " per capita PY of " + t.enrollmentType());
    BigDecimal by3 = require(y.by3(), action, what + " per capita BY3 of " + t.enrollmentType());
    if (by3.signum() == 0) {
      throw Errors.cannot(action, what + " per capita BY3 of " + t.enrollmentType() + " is zero");
    }
    return py.divide(by3, MC);
  }

  private static BigDecimal require(BigDecimal v, String action, String what) {
    if (v == null) {
      throw Errors.cannot(action, "no " + what);
    }
    return v;
  }

  private static boolean positive(BigDecimal v) {
    return v != null && v.signum() > 0;
  }

  private static BigDecimal sum(List<BigDecimal> values) {
    return values.stream().reduce(BigDecimal.ZERO, BigDecimal::add);
  }

  private static BigDecimal div(BigDecimal a, BigDecimal b) {
    return b.signum() == 0 ? BigDecimal.ZERO : a.divide(b, MC);
  }
}
