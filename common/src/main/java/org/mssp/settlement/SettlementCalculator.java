package org.mssp.settlement;

import static org.mssp.settlement.SettlementColumns.ACO_ID;
import static org.mssp.settlement.SettlementColumns.ASSIGNED_BENEFICIARIES;
import static org.mssp.settlement.SettlementColumns.BENCHMARK_TOTAL;
import static org.mssp.settlement.SettlementColumns.EUC_LOSS_REDUCTION_AMOUNT;
import static org.mssp.settlement.SettlementColumns.EUC_LOSS_REDUCTION_FRACTION;
import static org.mssp.settlement.SettlementColumns.EXPENDITURE_TOTAL;
import static org.mssp.settlement.SettlementColumns.MSR_ELECTION;
import static org.mssp.settlement.SettlementColumns.PARTICIPANT_REVENUE_TOTAL;
import static org.mssp.settlement.SettlementColumns.PERFORMANCE_YEAR;
import static org.mssp.settlement.SettlementColumns.QUALITY_SCORE;
import static org.mssp.settlement.SettlementColumns.QUALITY_STANDARD_MET;
import static org.mssp.settlement.SettlementColumns.SLIDING_SCALE_ELIGIBLE;
import static org.mssp.settlement.SettlementColumns.TRACK;
import static org.mssp.settlement.SettlementColumns.YEAR_IN_TRACK;

import java.io.Serializable;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Locale;
import java.util.Optional;
import org.mssp.common.error.Errors;
import org.mssp.common.error.InvalidValueException;
import org.mssp.settlement.rules.SettlementRules;
import org.mssp.settlement.rules.SettlementRules.LossLimitRule;
import org.mssp.settlement.rules.SettlementRules.LossRateMethod;
import org.mssp.settlement.rules.SettlementRules.QualityLinkRule;
import org.mssp.settlement.rules.SettlementRules.Risk;
import org.mssp.settlement.rules.SettlementRules.TrackRule;

/**
 * The shared savings and losses engine: one ACO's totals for one performance year in, the
 * settlement waterfall out (methodology spec §4; validated against the PY2018 PUF, §5.3).
 * Pure BigDecimal arithmetic; no rounding except the earned amount, which CMS reports in whole
 * dollars.
 *
 * <ol>
 *   <li>Savings = benchmark − expenditures; savings rate = savings ÷ benchmark (§4.1).
 *   <li>MSR: the variable rate interpolated from the band table by assigned beneficiaries, or the
 *       fixed election; two-sided tracks use MLR = MSR (§4.2).
 *   <li>Corridor: gross savings/losses = savings if |savings| ≥ MSR × benchmark, else 0 — also
 *       negative for one-sided tracks, as the PY2018 PUF shows (§4.1), though they owe nothing.
 *   <li>Quality factor by era (§4.4): PY≤2020 score (0 if the standard is not met, 1 under
 *       pay-for-reporting); PY2021–22 1 if met else 0; PY2023+ as PY2021 plus the sliding scale
 *       (score) for eligible ACOs. Final sharing rate = track's max rate × quality factor.
 *   <li>Savings: × final sharing rate, × (1 − sequestration), then capped at the performance
 *       payment limit × benchmark. The cap applies after sequestration: capped ACOs in the PY2018
 *       PUF show exactly 10 % of the benchmark (A1409) [DATA].
 *   <li>Losses (two-sided tracks only): × shared loss rate (fixed, or 1 − max rate × quality
 *       within a floor and ceiling; quality counts 0 when the standard is not met), capped at the
 *       loss limit (benchmark- and, where known, revenue-based), not sequestered [DATA], then
 *       reduced by the EUC relief (a fraction of the loss after the limit, or a dollar amount).
 *   <li>Earned savings (+) or losses owed (−), rounded half-up to whole dollars.
 * </ol>
 */
public final class SettlementCalculator implements Serializable {
  private static final BigDecimal ZERO = BigDecimal.ZERO;
  private static final BigDecimal ONE = BigDecimal.ONE;

  /** {@code limit_basis} values. */
  public static final String PERFORMANCE_PAYMENT_LIMIT = "PERFORMANCE_PAYMENT_LIMIT";

  public static final String LOSS_LIMIT_BENCHMARK = "LOSS_LIMIT_BENCHMARK";
  public static final String LOSS_LIMIT_REVENUE = "LOSS_LIMIT_REVENUE";
  /** A revenue-based limit exists but participant revenue was not given: benchmark cap used. */
  public static final String LOSS_LIMIT_BENCHMARK_REVENUE_NOT_GIVEN =
      "LOSS_LIMIT_BENCHMARK_REVENUE_NOT_GIVEN";

  private final SettlementRules rules;

  public SettlementCalculator(SettlementRules rules) {
    this.rules = rules;
  }

  public SettlementRules rules() {
    return rules;
  }

  /**
   * Settles one ACO-year. Fails with an {@link InvalidValueException} naming the ACO, year and
   * column when a value breaks the input contract or the year or track has no rules.
   */
  public SettlementResult settle(AcoTotals t) {
    Checked c = check(t);
    TrackRule track = c.track;
    BigDecimal benchmark = t.benchmarkTotal();

    // §4.1 savings and savings rate; §4.2 MSR/MLR corridor.
    BigDecimal savings = benchmark.subtract(t.expenditureTotal());
    BigDecimal savingsRate = savings.divide(benchmark, SettlementRules.PRECISION);
    boolean twoSided = track.risk() == Risk.TWO_SIDED;
    BigDecimal msr = c.msr;
    BigDecimal mlr = twoSided ? msr : null;
    boolean corridorPassed = savings.abs().compareTo(msr.multiply(benchmark)) >= 0;
    BigDecimal gross = corridorPassed ? savings : ZERO;

    // §4.4 quality link of the era.
    boolean met = t.qualityStandardMet() == null || t.qualityStandardMet();
    boolean p4r = t.payForReporting();
    BigDecimal score = p4r ? ONE : t.qualityScore();
    BigDecimal qualityFactor;
    BigDecimal lossQuality;
    switch (c.quality.method()) {
      case SCORE -> {
        qualityFactor = met ? score : ZERO;
        lossQuality = qualityFactor;
      }
      case STANDARD_FLAT -> {
        boolean ok = met || p4r;
        qualityFactor = ok ? ONE : ZERO;
        lossQuality = ok ? score : ZERO;
      }
      case SLIDING_SCALE -> {
        boolean ok = met || p4r;
        boolean sliding = !ok && t.slidingScaleEligible();
        qualityFactor = ok ? ONE : sliding ? score : ZERO;
        lossQuality = ok || sliding ? score : ZERO;
      }
      default -> throw new IllegalStateException("unhandled quality method " + c.quality.method());
    }
    BigDecimal maxRate = track.maxSharingRate();
    BigDecimal finalSharingRate = maxRate.multiply(qualityFactor);
    BigDecimal lossRate = lossRate(track, maxRate.multiply(lossQuality));

    BigDecimal before = ZERO;
    BigDecimal sequestrationRate = null;
    BigDecimal afterSequestration = ZERO;
    String limitBasis = null;
    BigDecimal limit = null;
    Boolean binding = null;
    BigDecimal afterLimit = ZERO;
    BigDecimal eucReduction = ZERO;

    if (gross.signum() > 0) {
      before = gross.multiply(finalSharingRate);
      sequestrationRate = c.sequestration;
      afterSequestration = before.multiply(ONE.subtract(sequestrationRate));
      limitBasis = PERFORMANCE_PAYMENT_LIMIT;
      limit = track.performancePaymentLimit().multiply(benchmark);
      binding = afterSequestration.compareTo(limit) > 0;
      afterLimit = binding ? limit : afterSequestration;
    } else if (gross.signum() < 0 && twoSided) {
      before = gross.multiply(lossRate);
      sequestrationRate = ZERO; // losses are not sequestered [DATA 2018 PUF]
      afterSequestration = before;
      LossLimitRule rule = c.lossLimit;
      BigDecimal benchmarkLimit = rule.benchmarkRate().multiply(benchmark);
      if (rule.revenueRate() == null) {
        limitBasis = LOSS_LIMIT_BENCHMARK;
        limit = benchmarkLimit;
      } else if (t.participantRevenueTotal() == null) {
        limitBasis = LOSS_LIMIT_BENCHMARK_REVENUE_NOT_GIVEN;
        limit = benchmarkLimit;
      } else {
        BigDecimal revenueLimit = rule.revenueRate().multiply(t.participantRevenueTotal());
        boolean revenueLower = revenueLimit.compareTo(benchmarkLimit) < 0;
        limitBasis = revenueLower ? LOSS_LIMIT_REVENUE : LOSS_LIMIT_BENCHMARK;
        limit = revenueLower ? revenueLimit : benchmarkLimit;
      }
      binding = before.abs().compareTo(limit) > 0;
      afterLimit = binding ? limit.negate() : before;
      eucReduction = eucReduction(t, afterLimit.abs());
    }
    BigDecimal earned = afterLimit.add(eucReduction).setScale(0, RoundingMode.HALF_UP);

    return new SettlementResult(
        t.acoId(),
        t.performanceYear(),
        t.track(),
        t.assignedBeneficiaries(),
        benchmark,
        t.expenditureTotal(),
        savings,
        savingsRate,
        c.msrElection,
        msr,
        mlr,
        corridorPassed,
        gross,
        t.qualityScore(),
        t.qualityStandardMet(),
        c.quality.method().name(),
        qualityFactor,
        maxRate,
        finalSharingRate,
        lossRate,
        before,
        sequestrationRate,
        afterSequestration,
        limitBasis,
        limit,
        binding,
        afterLimit,
        t.eucLossReductionFraction() == null ? ZERO : t.eucLossReductionFraction(),
        eucReduction,
        earned,
        rules.version());
  }

  /** The shared loss rate of a two-sided track; null for one-sided tracks. */
  private static BigDecimal lossRate(TrackRule track, BigDecimal qualityAdjustedSharingRate) {
    if (track.lossRateMethod() == LossRateMethod.NONE) {
      return null;
    }
    if (track.lossRateMethod() == LossRateMethod.FIXED) {
      return track.lossRateFixed();
    }
    BigDecimal rate = ONE.subtract(qualityAdjustedSharingRate);
    return rate.max(track.lossRateFloor()).min(track.lossRateCeiling());
  }

  /** EUC relief of the loss after the limit (§4.1; 42 CFR 425.605(f), 425.610(i)). */
  private BigDecimal eucReduction(AcoTotals t, BigDecimal lossAfterLimit) {
    if (rules.euc(t.performanceYear()).isEmpty()) {
      return ZERO; // check() has rejected non-zero EUC input for years without EUC relief
    }
    BigDecimal amount = t.eucLossReductionAmount();
    if (amount != null && amount.signum() > 0) {
      if (amount.compareTo(lossAfterLimit) > 0) {
        throw bad(
            t,
            EUC_LOSS_REDUCTION_AMOUNT,
            "EUC reduction " + amount.toPlainString() + " exceeds the shared loss after the limit, "
                + lossAfterLimit.toPlainString());
      }
      return amount;
    }
    BigDecimal fraction = t.eucLossReductionFraction();
    return fraction == null ? ZERO : lossAfterLimit.multiply(fraction);
  }

  /** Rules and normalised inputs of one ACO-year, after every contract check. */
  private record Checked(
      TrackRule track,
      QualityLinkRule quality,
      BigDecimal sequestration,
      LossLimitRule lossLimit,
      String msrElection,
      BigDecimal msr) {}

  private Checked check(AcoTotals t) {
    int year = t.performanceYear();
    if (t.acoId() == null || t.acoId().isBlank()) {
      throw bad(t, ACO_ID, "is empty");
    }
    QualityLinkRule quality =
        rules
            .qualityLink(year)
            .orElseThrow(() -> noRules(t, PERFORMANCE_YEAR, SettlementRules.QUALITY_LINK, ""));
    BigDecimal sequestration =
        rules
            .sequestrationRate(year)
            .orElseThrow(() -> noRules(t, PERFORMANCE_YEAR, SettlementRules.SEQUESTRATION, ""));
    if (t.track() == null || t.track().isBlank()) {
      throw bad(t, TRACK, "is empty");
    }
    if (!rules.knownTracks().contains(t.track())) {
      throw bad(
          t, TRACK, "unknown track '" + t.track() + "'; expected one of " + rules.knownTracks());
    }
    TrackRule track =
        rules
            .track(t.track(), year)
            .orElseThrow(
                () ->
                    noRules(
                        t,
                        TRACK,
                        SettlementRules.TRACKS,
                        " for " + t.track() + " (its rules cover PY" + rules.trackYears(t.track()) + ")"));
    if (t.assignedBeneficiaries() < 0) {
      throw bad(t, ASSIGNED_BENEFICIARIES, "must not be negative, got " + t.assignedBeneficiaries());
    }
    if (t.benchmarkTotal() == null) {
      throw bad(t, BENCHMARK_TOTAL, "is required");
    }
    if (t.benchmarkTotal().signum() <= 0) {
      throw bad(t, BENCHMARK_TOTAL, "must be positive, got " + t.benchmarkTotal().toPlainString());
    }
    if (t.expenditureTotal() == null) {
      throw bad(t, EXPENDITURE_TOTAL, "is required");
    }
    if (t.expenditureTotal().signum() < 0) {
      throw bad(
          t, EXPENDITURE_TOTAL, "must not be negative, got " + t.expenditureTotal().toPlainString());
    }
    if (t.qualityScore() == null) {
      throw bad(t, QUALITY_SCORE, "is required (0-1)");
    }
    checkFraction(t, QUALITY_SCORE, t.qualityScore());
    if (t.qualityStandardMet() == null && quality.method() != SettlementRules.QualityMethod.SCORE) {
      throw bad(
          t,
          QUALITY_STANDARD_MET,
          "is required from PY2021 (quality method " + quality.method() + "): give true or false");
    }
    if (t.slidingScaleEligible()
        && quality.method() != SettlementRules.QualityMethod.SLIDING_SCALE) {
      throw bad(
          t,
          SLIDING_SCALE_ELIGIBLE,
          "the quality sliding scale does not exist in PY" + year + " (quality method "
              + quality.method() + ")");
    }
    BigDecimal fraction = t.eucLossReductionFraction();
    BigDecimal amount = t.eucLossReductionAmount();
    if (fraction != null) {
      checkFraction(t, EUC_LOSS_REDUCTION_FRACTION, fraction);
    }
    if (amount != null && amount.signum() < 0) {
      throw bad(
          t, EUC_LOSS_REDUCTION_AMOUNT, "must not be negative, got " + amount.toPlainString());
    }
    boolean hasFraction = fraction != null && fraction.signum() > 0;
    boolean hasAmount = amount != null && amount.signum() > 0;
    if (hasFraction && hasAmount) {
      throw bad(
          t,
          EUC_LOSS_REDUCTION_AMOUNT,
          "give the EUC reduction either as a fraction or as an amount, not both");
    }
    if ((hasFraction || hasAmount) && rules.euc(year).isEmpty()) {
      throw noRules(
          t,
          hasAmount ? EUC_LOSS_REDUCTION_AMOUNT : EUC_LOSS_REDUCTION_FRACTION,
          SettlementRules.EUC,
          " (no EUC relief of shared losses that year)");
    }
    if (t.participantRevenueTotal() != null && t.participantRevenueTotal().signum() < 0) {
      throw bad(
          t,
          PARTICIPANT_REVENUE_TOTAL,
          "must not be negative, got " + t.participantRevenueTotal().toPlainString());
    }
    if (t.yearInTrack() != null && t.yearInTrack() < 1) {
      throw bad(t, YEAR_IN_TRACK, "must be 1 or more, got " + t.yearInTrack());
    }
    LossLimitRule lossLimit = null;
    if (track.risk() == Risk.TWO_SIDED) {
      if (t.yearInTrack() == null && rules.lossLimitNeedsYearInTrack(t.track(), year)) {
        throw bad(
            t,
            YEAR_IN_TRACK,
            "is required for " + t.track() + " in PY" + year
                + ": its loss limit depends on the year in the track");
      }
      lossLimit =
          rules
              .lossLimit(t.track(), year, t.yearInTrack())
              .orElseThrow(
                  () ->
                      noRules(
                          t,
                          TRACK,
                          SettlementRules.LOSS_LIMITS,
                          " for " + t.track()
                              + (t.yearInTrack() == null ? "" : " in year " + t.yearInTrack() + " of the track")));
    }
    String election = t.msrElection() == null ? "" : t.msrElection().trim();
    BigDecimal msr;
    if (election.isEmpty()) {
      throw bad(t, MSR_ELECTION, "is required: VARIABLE or a fixed rate such as 0.02");
    }
    if (election.equalsIgnoreCase(AcoTotals.VARIABLE)) {
      election = AcoTotals.VARIABLE;
      if (!track.msrElections().contains(AcoTotals.VARIABLE)) {
        throw bad(t, MSR_ELECTION, t.track() + " allows only " + track.msrElections());
      }
      msr =
          rules
              .variableMsr(year, t.assignedBeneficiaries())
              .orElseThrow(() -> noRules(t, PERFORMANCE_YEAR, SettlementRules.MSR_BANDS, ""));
    } else {
      try {
        msr = new BigDecimal(election);
      } catch (NumberFormatException e) {
        throw bad(t, MSR_ELECTION, "'" + election + "' is neither VARIABLE nor a rate such as 0.02");
      }
      String normalised = msr.signum() == 0 ? "0" : msr.stripTrailingZeros().toPlainString();
      if (!track.msrElections().contains(normalised)) {
        throw bad(
            t,
            MSR_ELECTION,
            "fixed MSR/MLR " + election + " is not an election of " + t.track() + "; allowed: "
                + track.msrElections());
      }
    }
    return new Checked(track, quality, sequestration, lossLimit, election, msr);
  }

  private static void checkFraction(AcoTotals t, String column, BigDecimal value) {
    if (value.signum() < 0 || value.compareTo(ONE) > 0) {
      throw bad(t, column, "must be between 0 and 1, got " + value.toPlainString());
    }
  }

  private static InvalidValueException noRules(
      AcoTotals t, String column, String table, String detail) {
    return bad(
        t,
        column,
        String.format(
            Locale.ROOT,
            "rule table '%s' has no rows for %d%s",
            table,
            t.performanceYear(),
            detail));
  }

  private static InvalidValueException bad(AcoTotals t, String column, String reason) {
    String aco = t.acoId() == null || t.acoId().isBlank() ? "(no aco_id)" : t.acoId();
    return Errors.cannotSettle(aco, t.performanceYear(), column, reason);
  }

  /** For callers that only need to know whether a year has any settlement rules. */
  public Optional<String> missingTableFor(int year) {
    if (rules.qualityLink(year).isEmpty()) {
      return Optional.of(SettlementRules.QUALITY_LINK);
    }
    if (rules.sequestrationRate(year).isEmpty()) {
      return Optional.of(SettlementRules.SEQUESTRATION);
    }
    return Optional.empty();
  }
}
