package org.mssp.settlement;

import java.io.Serializable;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Arrays;
import java.util.List;

/**
 * One ACO's settlement waterfall for one performance year, every intermediate figure kept at
 * full precision (see {@link SettlementCalculator} for the steps). Signs: savings positive,
 * losses negative throughout ({@code amountBeforeLimits}, {@code amountAfterLimit},
 * {@code earnedSavingsLosses}); {@code limitAmount} and {@code eucReduction} are magnitudes.
 * Nullable fields are null where a step does not apply (e.g. no MLR on a one-sided track).
 */
public record SettlementResult(
    String acoId,
    int performanceYear,
    String track,
    int assignedBeneficiaries,
    BigDecimal benchmarkTotal,
    BigDecimal expenditureTotal,
    BigDecimal savings,
    BigDecimal savingsRate,
    String msrElection,
    BigDecimal msr,
    BigDecimal mlr,
    boolean corridorPassed,
    BigDecimal grossSavingsLosses,
    BigDecimal qualityScore,
    Boolean qualityStandardMet,
    String qualityMethod,
    BigDecimal qualityFactor,
    BigDecimal maxSharingRate,
    BigDecimal finalSharingRate,
    BigDecimal sharedLossRate,
    BigDecimal amountBeforeLimits,
    BigDecimal sequestrationRate,
    BigDecimal amountAfterSequestration,
    String limitBasis,
    BigDecimal limitAmount,
    Boolean limitBinding,
    BigDecimal amountAfterLimit,
    BigDecimal eucLossReductionFraction,
    BigDecimal eucReduction,
    BigDecimal earnedSavingsLosses,
    String ruleSetVersion)
    implements Serializable {

  /** Scale of money columns in the output (cents). */
  public static final int MONEY_SCALE = 2;
  /** Scale of rate columns in the output. */
  public static final int RATE_SCALE = 10;

  /**
   * The values in {@link SettlementColumns#OUTPUT} order, as written: money at cents and rates at
   * 10 decimals (HALF_UP). This is display rounding of the intermediates only; the earned amount
   * was computed from the full-precision values and is already whole dollars.
   */
  public List<Object> outputValues() {
    return Arrays.asList(
        acoId,
        performanceYear,
        track,
        assignedBeneficiaries,
        money(benchmarkTotal),
        money(expenditureTotal),
        money(savings),
        rate(savingsRate),
        msrElection,
        rate(msr),
        rate(mlr),
        corridorPassed,
        money(grossSavingsLosses),
        rate(qualityScore),
        qualityStandardMet,
        qualityMethod,
        rate(qualityFactor),
        rate(maxSharingRate),
        rate(finalSharingRate),
        rate(sharedLossRate),
        money(amountBeforeLimits),
        rate(sequestrationRate),
        money(amountAfterSequestration),
        limitBasis,
        money(limitAmount),
        limitBinding,
        money(amountAfterLimit),
        rate(eucLossReductionFraction),
        money(eucReduction),
        money(earnedSavingsLosses),
        ruleSetVersion);
  }

  static BigDecimal money(BigDecimal v) {
    return v == null ? null : v.setScale(MONEY_SCALE, RoundingMode.HALF_UP);
  }

  static BigDecimal rate(BigDecimal v) {
    return v == null ? null : v.setScale(RATE_SCALE, RoundingMode.HALF_UP);
  }
}
