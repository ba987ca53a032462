package org.mssp.allocation;

import java.io.Serializable;
import java.math.BigDecimal;
import java.util.Map;

/**
 * One ACO's allocation plan for a performance year (docs/allocation.md): tier 1 (operations),
 * tier 2 (shares of the provider pool per group), tier 3 (a model per group) and the loss rule.
 * Built only by {@link AllocationPlans}, which validates it; every amount and share is exact.
 *
 * @param planId the plan's id, recorded on every output row
 * @param acoId the ACO it applies to, or {@code *} for any ACO
 * @param performanceYear the year it applies to, or null for any year
 * @param tier1 operations and reinvestment
 * @param tier2 each group's share of the provider pool; the shares add up to exactly 1
 * @param tier3 the model of every group with a positive tier-2 share
 * @param losses how losses owed are shared
 */
public record AllocationPlan(
    String planId,
    String acoId,
    Integer performanceYear,
    Tier1 tier1,
    Map<ProviderGroup, BigDecimal> tier2,
    Map<ProviderGroup, Model> tier3,
    LossRule losses)
    implements Serializable {

  /** The wildcard ACO id of a default plan. */
  public static final String ANY_ACO = "*";

  /**
   * Tier 1: {@code fixedAmount} first (capped at the earned amount), then {@code share} of what
   * is left goes to ACO operations; the rest is the provider pool.
   */
  public record Tier1(BigDecimal fixedAmount, BigDecimal share) implements Serializable {}

  /**
   * Losses owed by a two-sided ACO. With {@code participantShare} 0 (the default) the ACO bears
   * the whole loss in tier 1; otherwise that share of the loss is passed to the groups by their
   * tier-2 shares and, within a group, to providers by attributed beneficiaries.
   */
  public record LossRule(BigDecimal participantShare) implements Serializable {}

  /** A tier-3 model with its parameters. */
  public sealed interface Model extends Serializable
      permits Attribution, IncrementalQuality, Threshold, Endowment {
    /** The model's name as written in plans and in {@code provider_allocation.model}. */
    String label();
  }

  /** What the attribution model weighs each provider by. */
  public enum AttributionBasis {
    /** The number of beneficiaries attributed to the provider in the performance year. */
    ATTRIBUTED_BENEFICIARIES,
    /**
     * The person-years of those beneficiaries in the performance year (their eligible months / 12
     * in {@code beneficiary_expenditure}, all enrollment types), so a beneficiary enrolled half the
     * year weighs half.
     */
    PERSON_YEARS
  }

  /** Attribution model: shares in proportion to attributed beneficiaries or their person-years. */
  public record Attribution(AttributionBasis basis) implements Model {
    /** Weighs attributed beneficiaries. */
    public Attribution() {
      this(AttributionBasis.ATTRIBUTED_BENEFICIARIES);
    }

    public Attribution {
      basis = basis == null ? AttributionBasis.ATTRIBUTED_BENEFICIARIES : basis;
    }

    @Override
    public String label() {
      return "ATTRIBUTION";
    }
  }

  /**
   * Incremental quality model: a measure counts when the provider's rate improved over its own
   * prior year by more than {@code z} standard errors of the difference, both denominators being
   * at least {@code minDenominator}; shares are improvement × attributed beneficiaries.
   */
  public record IncrementalQuality(BigDecimal z, int minDenominator) implements Model {
    @Override
    public String label() {
      return "INCREMENTAL_QUALITY";
    }
  }

  /** How eligible providers share under the threshold model. */
  public enum Weight {
    /** In proportion to attributed beneficiaries. */
    ATTRIBUTED_BENEFICIARIES,
    /** Equal shares (for groups without attributed beneficiaries). */
    EQUAL
  }

  /**
   * A gate on risk-adjusted cost per attributed beneficiary: either an absolute maximum or a
   * maximum ratio to the median of the group's providers in the ACO-year (exactly one is set).
   */
  public record CostGate(BigDecimal maxCostPerBeneficiary, BigDecimal maxRatioToGroupMedian)
      implements Serializable {}

  /**
   * Threshold (gates) model: providers whose composite quality is at least {@code qualityGate}
   * and, when a cost gate is set, whose cost passes it are eligible and share by {@code weight}.
   */
  public record Threshold(BigDecimal qualityGate, CostGate costGate, Weight weight) implements Model {
    @Override
    public String label() {
      return "THRESHOLD";
    }
  }

  /**
   * Endowment model laid over another model ({@code earnedBy} decides what each provider earned):
   * an advance of {@code advanceShare} × the provider's prior-year earned amount, reconciled at
   * year end into a payment or a claw-back; with {@code carryForwardClawback} a shortfall is
   * carried to next year's balance instead of being repaid in cash.
   */
  public record Endowment(BigDecimal advanceShare, boolean carryForwardClawback, Model earnedBy)
      implements Model {
    @Override
    public String label() {
      return "ENDOWMENT+" + earnedBy.label();
    }
  }

  /** The tier-2 share of a group (zero when the plan gives it none). */
  public BigDecimal share(ProviderGroup group) {
    return tier2.getOrDefault(group, BigDecimal.ZERO);
  }
}
