package org.mssp.allocation;

import java.io.Serializable;
import java.math.BigDecimal;

/**
 * One {@code endowment_ledger} row (columns in {@link AllocationTables#ENDOWMENT_LEDGER} order).
 * Identity: {@code advance + payment − clawback = earned − openingBalance + closingBalance}.
 */
public record LedgerLine(
    String acoId,
    int performanceYear,
    String groupCode,
    String npi,
    String tin,
    String model,
    BigDecimal priorYearEarned,
    BigDecimal advanceShare,
    BigDecimal openingBalance,
    BigDecimal advance,
    BigDecimal earned,
    BigDecimal payment,
    BigDecimal clawback,
    BigDecimal closingBalance,
    String reason,
    String planId,
    String planSetVersion)
    implements Serializable {

  /** The values in column order, for a Spark row. */
  public Object[] values() {
    return new Object[] {
      acoId, performanceYear, groupCode, npi, tin, model, priorYearEarned, advanceShare,
      openingBalance, advance, earned, payment, clawback, closingBalance, reason, planId, planSetVersion
    };
  }
}
