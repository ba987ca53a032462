package org.mssp.allocation;

import java.io.Serializable;
import java.math.BigDecimal;

/**
 * One {@code provider_allocation} row (columns in {@link AllocationTables#PROVIDER_ALLOCATION}
 * order). {@code amount = floorAmount + (extraCent ? 0.01 : 0)} and {@code floorAmount} is the
 * floor of {@code parentAmount × weight / weightTotal} (tier 3; tier 1 adds its fixed amount), so
 * every amount can be recomputed from its basis columns.
 */
public record AllocationLine(
    String acoId,
    int performanceYear,
    int tier,
    String groupCode,
    String npi,
    String tin,
    String recipientType,
    String model,
    BigDecimal earnedSavingsLosses,
    BigDecimal parentAmount,
    BigDecimal share,
    Long attributedBeneficiaries,
    BigDecimal qualityComposite,
    BigDecimal qualityImprovement,
    Integer measuresImproved,
    BigDecimal costPerBeneficiary,
    BigDecimal costGateLimit,
    Boolean qualityGatePassed,
    Boolean costGatePassed,
    BigDecimal weight,
    BigDecimal weightTotal,
    BigDecimal floorAmount,
    boolean extraCent,
    BigDecimal amount,
    String reason,
    String planId,
    String planSetVersion,
    String rulesVersion)
    implements Serializable {

  /** The values in column order, for a Spark row. */
  public Object[] values() {
    return new Object[] {
      acoId, performanceYear, tier, groupCode, npi, tin, recipientType, model, earnedSavingsLosses,
      parentAmount, share, attributedBeneficiaries, qualityComposite, qualityImprovement,
      measuresImproved, costPerBeneficiary, costGateLimit, qualityGatePassed, costGatePassed, weight,
      weightTotal, floorAmount, extraCent, amount, reason, planId, planSetVersion, rulesVersion
    };
  }
}
