package org.mssp.allocation;

import java.io.Serializable;
import java.math.BigDecimal;
import java.util.List;

/**
 * What the engine knows of one provider (NPI × TIN) of an ACO-year: its group, attributed
 * beneficiaries, quality measures, risk-adjusted cost and its endowment history.
 *
 * @param npi the NPI, or null for a facility attributed through its CCN
 * @param tin the billing TIN
 * @param group the tier-2 group (from the specialty mapping)
 * @param attributedBeneficiaries beneficiaries attributed to the provider in the performance year
 * @param measures quality measures, this and the prior year (may be empty)
 * @param costPerBeneficiary risk-adjusted cost per attributed beneficiary, or null when unknown
 * @param priorYearEarned the provider's tier-3 amount of the prior year, or null when none
 * @param openingBalance endowment shortfall carried from the prior year (zero or more)
 * @param personYears person-years of the attributed beneficiaries in the performance year, or
 *     null when unknown (no expenditure rows)
 * @param costSource where {@code costPerBeneficiary} came from ({@link #COST_FROM_EXPENDITURE},
 *     {@link #COST_FROM_FILE}), or null when there is no cost
 */
public record ProviderInput(
    String npi,
    String tin,
    ProviderGroup group,
    long attributedBeneficiaries,
    List<Measure> measures,
    BigDecimal costPerBeneficiary,
    BigDecimal priorYearEarned,
    BigDecimal openingBalance,
    BigDecimal personYears,
    String costSource)
    implements Serializable {

  /** Cost computed from beneficiary_expenditure and beneficiary_risk (the default). */
  public static final String COST_FROM_EXPENDITURE = "EXPENDITURE_TABLES";
  /** Cost read from the provider cost CSV (an override). */
  public static final String COST_FROM_FILE = "PROVIDER_COST_FILE";

  /** Without person-years; a cost, if any, from the provider cost file. */
  public ProviderInput(String npi, String tin, ProviderGroup group, long attributedBeneficiaries, List<Measure> measures,
      BigDecimal costPerBeneficiary, BigDecimal priorYearEarned, BigDecimal openingBalance) {
    this(npi, tin, group, attributedBeneficiaries, measures, costPerBeneficiary, priorYearEarned, openingBalance, null,
        costPerBeneficiary == null ? null : COST_FROM_FILE);
  }

  public ProviderInput {
    measures = List.copyOf(measures);
    openingBalance = openingBalance == null ? BigDecimal.ZERO : openingBalance;
  }

  /**
   * One quality measure of the provider: numerator and denominator of the performance year and
   * of the prior year (null when the provider has no prior-year rate).
   */
  public record Measure(
      String measureId,
      boolean higherIsBetter,
      long numerator,
      long denominator,
      Long priorNumerator,
      Long priorDenominator)
      implements Serializable {}
}
