package org.mssp.settlement;

import java.io.Serializable;
import java.math.BigDecimal;

/**
 * One ACO's totals for one performance year: what the settlement engine needs, and all it needs
 * (no claims). Grain: one row per ACO × performance year. Values are checked by
 * {@link SettlementCalculator}, which names the offending column.
 *
 * @param acoId ACO identifier, e.g. A1001
 * @param performanceYear the performance year (PY)
 * @param track TRACK_1, TRACK_2, TRACK_3, TRACK_1_PLUS, BASIC_A … BASIC_E or ENHANCED
 * @param assignedBeneficiaries assigned beneficiaries (drives the variable MSR/MLR)
 * @param benchmarkTotal total updated benchmark, dollars
 * @param expenditureTotal total assigned-beneficiary expenditures, dollars
 * @param msrElection "VARIABLE" or a fixed MSR/MLR as a fraction ("0", "0.02")
 * @param qualityScore quality score, 0–1
 * @param qualityStandardMet quality performance standard met; null = not stated (allowed before
 *     PY2021, read as met: the PY2013–2020 PUFs report failures explicitly)
 * @param eucLossReductionFraction EUC reduction of shared losses as a fraction, 0–1 (null = 0)
 * @param eucLossReductionAmount EUC reduction in dollars (≥ 0) instead of a fraction; null if not
 *     given. At most one of the two may be non-zero.
 * @param yearInTrack the PY's year in the track (1 = first); needed for Track 2 loss limits
 * @param participantRevenueTotal ACO participants' Parts A+B FFS revenue, dollars; null if unknown
 * @param payForReporting the PY is pay-for-reporting (first PY of a first agreement)
 * @param slidingScaleEligible PY2023+: below the quality standard but qualifies for the sliding
 *     scale (≥ 10th percentile on at least one outcome measure)
 */
public record AcoTotals(
    String acoId,
    int performanceYear,
    String track,
    int assignedBeneficiaries,
    BigDecimal benchmarkTotal,
    BigDecimal expenditureTotal,
    String msrElection,
    BigDecimal qualityScore,
    Boolean qualityStandardMet,
    BigDecimal eucLossReductionFraction,
    BigDecimal eucLossReductionAmount,
    Integer yearInTrack,
    BigDecimal participantRevenueTotal,
    boolean payForReporting,
    boolean slidingScaleEligible)
    implements Serializable {

  /** The variable MSR/MLR election. */
  public static final String VARIABLE = "VARIABLE";
}
