package org.mssp.settlement;

import java.math.BigDecimal;

/**
 * Builds {@link AcoTotals} for tests: a valid PY2018 Track 1 ACO with 60,000 beneficiaries
 * (variable MSR 2 %), benchmark $1,000,000 and quality score 0.9, changed one field at a time.
 */
public final class TotalsFixture {
  private static final SettlementCalculator ENGINE =
      new SettlementCalculator(org.mssp.settlement.rules.SettlementRulesLoader.load());

  /** Settles the fixture's totals with the packaged rules. */
  public static SettlementResult settle(TotalsFixture f) {
    return ENGINE.settle(f.build());
  }

  private String acoId = "A_TEST";
  private int year = 2018;
  private String track = "TRACK_1";
  private int beneficiaries = 60_000;
  private BigDecimal benchmark = new BigDecimal("1000000");
  private BigDecimal expenditure = new BigDecimal("900000");
  private String msrElection = "VARIABLE";
  private BigDecimal quality = new BigDecimal("0.9");
  private Boolean met = Boolean.TRUE;
  private BigDecimal eucFraction;
  private BigDecimal eucAmount;
  private Integer yearInTrack;
  private BigDecimal revenue;
  private boolean p4r;
  private boolean sliding;

  public static TotalsFixture aco(String acoId) {
    TotalsFixture f = new TotalsFixture();
    f.acoId = acoId;
    return f;
  }

  public TotalsFixture year(int v) { year = v; return this; }
  public TotalsFixture track(String v) { track = v; return this; }
  public TotalsFixture beneficiaries(int v) { beneficiaries = v; return this; }
  public TotalsFixture benchmark(String v) { benchmark = v == null ? null : new BigDecimal(v); return this; }
  public TotalsFixture expenditure(String v) { expenditure = new BigDecimal(v); return this; }
  public TotalsFixture msr(String v) { msrElection = v; return this; }
  public TotalsFixture quality(String v) { quality = new BigDecimal(v); return this; }
  public TotalsFixture met(Boolean v) { met = v; return this; }
  public TotalsFixture eucFraction(String v) { eucFraction = new BigDecimal(v); return this; }
  public TotalsFixture eucAmount(String v) { eucAmount = new BigDecimal(v); return this; }
  public TotalsFixture yearInTrack(Integer v) { yearInTrack = v; return this; }
  public TotalsFixture revenue(String v) { revenue = new BigDecimal(v); return this; }
  public TotalsFixture payForReporting() { p4r = true; return this; }
  public TotalsFixture slidingScaleEligible() { sliding = true; return this; }

  public AcoTotals build() {
    return new AcoTotals(
        acoId, year, track, beneficiaries, benchmark, expenditure, msrElection, quality, met,
        eucFraction, eucAmount, yearInTrack, revenue, p4r, sliding);
  }
}
