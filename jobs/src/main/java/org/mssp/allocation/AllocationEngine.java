package org.mssp.allocation;

import static org.mssp.allocation.AllocationTables.ACO_RESERVE;
import static org.mssp.allocation.AllocationTables.GROUP;
import static org.mssp.allocation.AllocationTables.OPERATIONS;
import static org.mssp.allocation.AllocationTables.PROVIDER;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.mssp.allocation.AllocationPlan.Attribution;
import org.mssp.allocation.AllocationPlan.CostGate;
import org.mssp.allocation.AllocationPlan.Endowment;
import org.mssp.allocation.AllocationPlan.IncrementalQuality;
import org.mssp.allocation.AllocationPlan.Model;
import org.mssp.allocation.AllocationPlan.Threshold;
import org.mssp.allocation.AllocationPlan.Weight;
import org.mssp.common.error.Errors;

/**
 * Allocates one ACO-year's earned savings (or losses owed) to operations, provider groups and
 * providers (shared/spec/allocation-models.md; docs/allocation.md). Plain Java over exact
 * {@link BigDecimal} and whole cents; no Spark.
 *
 * <p>Steps, for earned savings E &gt; 0:
 *
 * <ol>
 *   <li>Tier 1: the plan's fixed amount first (at most E), then {@code share} of the rest (a
 *       largest-remainder split of the rest into operations and pool) go to OPERATIONS.
 *   <li>Tier 2: the pool is split over the plan's groups by their shares, in canonical group
 *       order.
 *   <li>Tier 3: each group's amount is split over its providers by the weights of the group's
 *       model (attribution, incremental quality, threshold; an endowment uses the weights of the
 *       model it is laid over). When no provider has a positive weight the amount stays with the
 *       ACO (an ACO_RESERVE row). Providers are ordered NPI then TIN (nulls last) for ties.
 *   <li>Endowment groups: each provider's tier-3 amount is reconciled against the advance paid
 *       at the start of the year (advance share × prior-year earned amount) in the ledger.
 * </ol>
 *
 * With E = 0 one tier-1 row of amount 0 records why. With E &lt; 0 (losses owed) the ACO bears
 * the loss in tier 1 unless the plan's loss rule gives participants a share, which then goes to
 * the groups by tier-2 shares and to providers by attributed beneficiaries, as negative amounts.
 * Every split is checked to add up to its parent to the cent before the result is returned.
 */
public final class AllocationEngine {
  private AllocationEngine() {}

  /** Scale of rates, scores and shares. */
  static final int RATE_SCALE = 10;
  /** Scale at which a measure's rates are computed before they are compared. */
  static final int MEASURE_RATE_SCALE = 12;

  private static final MathContext SQRT = new MathContext(24);
  private static final Comparator<ProviderInput> PROVIDER_ORDER =
      Comparator.comparing(ProviderInput::npi, Comparator.nullsLast(Comparator.naturalOrder()))
          .thenComparing(ProviderInput::tin, Comparator.nullsLast(Comparator.naturalOrder()));

  /**
   * The ACO-year being allocated.
   *
   * @param acoId the ACO
   * @param performanceYear the year
   * @param earned {@code aco_settlement.earned_savings_losses}: savings (+) or losses owed (−),
   *     in dollars with at most 2 decimals
   * @param noSavingsReason why there are no earned savings (recorded when earned is 0), may be null
   */
  public record AcoYear(String acoId, int performanceYear, BigDecimal earned, String noSavingsReason) {}

  /** The rows of both output tables for one ACO-year. */
  public record Result(List<AllocationLine> allocation, List<LedgerLine> ledger) {}

  /** The plan and the versions recorded on every row. */
  public record Context(AllocationPlan plan, String planSetVersion, String rulesVersion) {}

  /** Allocates one ACO-year. */
  public static Result allocate(AcoYear aco, Context context, List<ProviderInput> providers) {
    return new Run(aco, context, providers).allocate();
  }

  /** The basis a tier-3 model computed for one provider. */
  private record Basis(
      ProviderInput provider,
      BigDecimal weight,
      BigDecimal qualityComposite,
      BigDecimal qualityImprovement,
      Integer measuresImproved,
      BigDecimal costGateLimit,
      Boolean qualityGatePassed,
      Boolean costGatePassed,
      String reason) {}

  private static final class Run {
    private final AcoYear aco;
    private final Context context;
    private final AllocationPlan plan;
    private final Map<ProviderGroup, List<ProviderInput>> byGroup = new EnumMap<>(ProviderGroup.class);
    private final List<AllocationLine> lines = new ArrayList<>();
    private final List<LedgerLine> ledger = new ArrayList<>();
    private final long earnedCents;

    Run(AcoYear aco, Context context, List<ProviderInput> providers) {
      this.aco = aco;
      this.context = context;
      this.plan = context.plan();
      for (ProviderGroup g : ProviderGroup.values()) {
        byGroup.put(g, new ArrayList<>());
      }
      for (ProviderInput p : providers) {
        byGroup.get(p.group()).add(p);
      }
      byGroup.values().forEach(list -> list.sort(PROVIDER_ORDER));
      if (aco.earned() == null || aco.earned().stripTrailingZeros().scale() > 2) {
        throw Errors.cannotAllocate(
            aco.acoId(), aco.performanceYear(), "earned_savings_losses must be dollars and cents, got " + aco.earned());
      }
      this.earnedCents = aco.earned().movePointRight(2).longValueExact();
    }

    Result allocate() {
      if (earnedCents == 0) {
        String why = aco.noSavingsReason() == null || aco.noSavingsReason().isBlank()
            ? "no earned savings" : aco.noSavingsReason();
        lines.add(operationsLine(0, 0, false, null, "no earned savings: nothing allocated (" + why + ")"));
        reconcileEndowments(Map.of());
      } else if (earnedCents < 0) {
        allocateLoss();
      } else {
        allocateSavings();
      }
      checkConservation();
      return new Result(List.copyOf(lines), List.copyOf(ledger));
    }

    private void allocateSavings() {
      long fixed = Math.min(cents(plan.tier1().fixedAmount()), earnedCents);
      long rest = earnedCents - fixed;
      BigDecimal share = plan.tier1().share();
      long opsFloor = 0;
      boolean opsExtra = false;
      if (rest > 0) {
        LargestRemainder.Split s = LargestRemainder.split(rest, List.of(share, BigDecimal.ONE.subtract(share)));
        opsFloor = s.floors()[0];
        opsExtra = s.extra()[0];
      }
      long ops = fixed + opsFloor + (opsExtra ? 1 : 0);
      lines.add(
          operationsLine(
              fixed + opsFloor,
              ops,
              opsExtra,
              share,
              String.format(
                  Locale.ROOT,
                  "tier 1: fixed %s first, then share %s of the remaining %s",
                  dollars(fixed), share.toPlainString(), dollars(rest))));
      long pool = earnedCents - ops;
      Map<ProviderGroup, Long> groupCents = splitOverGroups(pool, "provider pool");
      Map<ProviderGroup, Map<ProviderInput, Long>> earnedByProvider = new EnumMap<>(ProviderGroup.class);
      for (Map.Entry<ProviderGroup, Long> e : groupCents.entrySet()) {
        Model model = plan.tier3().get(e.getKey());
        if (model == null) {
          continue; // a zero-share group without a model: its tier-2 row is 0 and says so
        }
        earnedByProvider.put(e.getKey(), allocateGroup(e.getKey(), model, e.getValue()));
      }
      reconcileEndowments(earnedByProvider);
    }

    /** Tier 2: splits {@code cents} (≥ 0) over the plan's groups; adds the tier-2 rows. */
    private Map<ProviderGroup, Long> splitOverGroups(long cents, String what) {
      List<ProviderGroup> groups = new ArrayList<>(plan.tier2().keySet());
      groups.sort(Comparator.naturalOrder());
      List<BigDecimal> shares = groups.stream().map(plan::share).toList();
      LargestRemainder.Split s = LargestRemainder.split(cents, shares);
      Map<ProviderGroup, Long> out = new EnumMap<>(ProviderGroup.class);
      int sign = earnedCents < 0 ? -1 : 1;
      for (int i = 0; i < groups.size(); i++) {
        ProviderGroup g = groups.get(i);
        long amount = s.cents(i);
        out.put(g, amount);
        Model model = plan.tier3().get(g);
        lines.add(
            new AllocationLine(
                aco.acoId(), aco.performanceYear(), 2, g.name(), null, null, GROUP,
                sign < 0 ? "LOSS_SHARE" : model == null ? null : model.label(),
                money(earnedCents), money(sign * cents), shares.get(i), null, null, null, null, null,
                null, null, null, scaled(shares.get(i)), scaled(BigDecimal.ONE),
                money(sign * s.floors()[i]), s.extra()[i], money(sign * amount),
                String.format(Locale.ROOT, "tier 2: share %s of the %s", shares.get(i).toPlainString(), what),
                plan.planId(), context.planSetVersion(), context.rulesVersion()));
      }
      return out;
    }

    /** Tier 3 of one group under its model; returns each provider's cents. */
    private Map<ProviderInput, Long> allocateGroup(ProviderGroup group, Model model, long cents) {
      List<ProviderInput> providers = byGroup.get(group);
      Model weighting = model instanceof Endowment e ? e.earnedBy() : model;
      List<Basis> bases;
      if (weighting instanceof IncrementalQuality q) {
        bases = incrementalQuality(providers, q);
      } else if (weighting instanceof Threshold t) {
        bases = threshold(providers, t);
      } else if (weighting instanceof Attribution a) {
        bases = attribution(providers, a);
      } else {
        throw new IllegalStateException("an endowment cannot be laid over an endowment");
      }
      return splitOverProviders(group, model.label(), cents, bases, 1);
    }

    /**
     * Splits {@code cents} (≥ 0) over providers by their basis weights; writes one row per
     * provider and, when no weight is positive, an ACO_RESERVE row. {@code sign} −1 writes the
     * amounts as losses.
     */
    private Map<ProviderInput, Long> splitOverProviders(
        ProviderGroup group, String modelLabel, long cents, List<Basis> bases, int sign) {
      Map<ProviderInput, Long> out = new java.util.LinkedHashMap<>();
      BigDecimal total = bases.stream().map(Basis::weight).reduce(BigDecimal.ZERO, BigDecimal::add);
      LargestRemainder.Split split =
          total.signum() > 0 ? LargestRemainder.split(cents, bases.stream().map(Basis::weight).toList()) : null;
      for (int i = 0; i < bases.size(); i++) {
        Basis b = bases.get(i);
        long floor = split == null ? 0 : split.floors()[i];
        boolean extra = split != null && split.extra()[i];
        long amount = floor + (extra ? 1 : 0);
        out.put(b.provider(), sign * amount);
        lines.add(
            new AllocationLine(
                aco.acoId(), aco.performanceYear(), 3, group.name(), b.provider().npi(), b.provider().tin(),
                PROVIDER, modelLabel, money(earnedCents), money(sign * cents), null,
                b.provider().attributedBeneficiaries(), b.qualityComposite(), b.qualityImprovement(),
                b.measuresImproved(), b.provider().costPerBeneficiary(), b.costGateLimit(),
                b.qualityGatePassed(), b.costGatePassed(), scaled(b.weight()), scaled(total),
                money(sign * floor), extra, money(sign * amount), b.reason(),
                plan.planId(), context.planSetVersion(), context.rulesVersion()));
      }
      if (split == null) {
        String why = bases.isEmpty() ? "the group has no providers in this ACO-year"
            : "no provider of the group has a positive weight";
        lines.add(
            new AllocationLine(
                aco.acoId(), aco.performanceYear(), 3, group.name(), null, null, ACO_RESERVE, modelLabel,
                money(earnedCents), money(sign * cents), null, null, null, null, null, null, null, null,
                null, null, scaled(total), money(sign * cents), false, money(sign * cents),
                "retained by the ACO: " + why, plan.planId(), context.planSetVersion(), context.rulesVersion()));
      }
      return out;
    }

    // ---- tier-3 models -------------------------------------------------------------------

    /**
     * Attribution model: weight = attributed beneficiaries, or their person-years in the
     * performance year (basis PERSON_YEARS; a provider without expenditure rows weighs 0).
     */
    private List<Basis> attribution(List<ProviderInput> providers, Attribution a) {
      List<Basis> out = new ArrayList<>();
      for (ProviderInput p : providers) {
        if (a.basis() == AllocationPlan.AttributionBasis.PERSON_YEARS) {
          BigDecimal py = p.personYears() == null ? BigDecimal.ZERO : p.personYears();
          out.add(new Basis(p, py, null, null, null, null, null, null,
              py.signum() > 0 ? "weight = " + py.stripTrailingZeros().toPlainString() + " person-years of "
                  + p.attributedBeneficiaries() + " attributed beneficiaries"
                  : "no attributed person-years"));
          continue;
        }
        long n = p.attributedBeneficiaries();
        out.add(new Basis(p, BigDecimal.valueOf(n), null, null, null, null, null, null,
            n > 0 ? "weight = " + n + " attributed beneficiaries" : "no attributed beneficiaries"));
      }
      return out;
    }

    /**
     * Incremental quality model: per measure with both denominators ≥ min_denominator, the
     * improvement d = (rate − prior rate), sign-flipped for lower-is-better measures, counts when
     * d &gt; z × sqrt(p (1 − p) (1/n + 1/n_prior)), p the pooled rate of both years. Weight = Σ
     * counted d × attributed beneficiaries.
     */
    private List<Basis> incrementalQuality(List<ProviderInput> providers, IncrementalQuality q) {
      List<Basis> out = new ArrayList<>();
      for (ProviderInput p : providers) {
        BigDecimal improvement = BigDecimal.ZERO;
        int improved = 0;
        int comparable = 0;
        for (ProviderInput.Measure m : p.measures()) {
          if (m.priorNumerator() == null || m.priorDenominator() == null
              || m.denominator() < q.minDenominator() || m.priorDenominator() < q.minDenominator()) {
            continue;
          }
          comparable++;
          BigDecimal now = rate(m.numerator(), m.denominator());
          BigDecimal prior = rate(m.priorNumerator(), m.priorDenominator());
          BigDecimal d = m.higherIsBetter() ? now.subtract(prior) : prior.subtract(now);
          if (d.compareTo(noise(m, q.z())) > 0) {
            improvement = improvement.add(d);
            improved++;
          }
        }
        improvement = improvement.setScale(RATE_SCALE, RoundingMode.HALF_UP);
        BigDecimal weight = improvement.multiply(BigDecimal.valueOf(p.attributedBeneficiaries()));
        String reason;
        if (comparable == 0) {
          reason = "no measure with this and prior-year denominators of at least " + q.minDenominator();
        } else if (improved == 0) {
          reason = "no measure improved beyond sampling noise (z = " + q.z().toPlainString() + ") on "
              + comparable + " comparable measure(s)";
        } else if (p.attributedBeneficiaries() == 0) {
          reason = "improved on " + improved + " measure(s) but has no attributed beneficiaries";
        } else {
          reason = "weight = improvement " + improvement.toPlainString() + " on " + improved
              + " measure(s) × " + p.attributedBeneficiaries() + " attributed beneficiaries";
        }
        out.add(new Basis(p, weight, null, improvement, improved, null, null, null, reason));
      }
      return out;
    }

    /** z × the standard error of the difference of two proportions (pooled), at 12 decimals. */
    private static BigDecimal noise(ProviderInput.Measure m, BigDecimal z) {
      long n1 = m.denominator();
      long n0 = m.priorDenominator();
      BigDecimal pooled = rate(m.numerator() + m.priorNumerator(), n1 + n0);
      BigDecimal inverseSum = BigDecimal.ONE.divide(BigDecimal.valueOf(n1), SQRT)
          .add(BigDecimal.ONE.divide(BigDecimal.valueOf(n0), SQRT));
      BigDecimal variance = pooled.multiply(BigDecimal.ONE.subtract(pooled)).multiply(inverseSum);
      return z.multiply(variance.sqrt(SQRT)).setScale(MEASURE_RATE_SCALE, RoundingMode.HALF_UP);
    }

    /**
     * Threshold model: composite quality = mean over measures with a positive denominator of the
     * rate (1 − rate for lower-is-better measures); eligible when composite ≥ quality gate and,
     * with a cost gate, cost per beneficiary ≤ the limit (absolute, or ratio × the median cost of
     * the group's providers with a cost, rounded half-up to cents). Eligible providers weigh their
     * attributed beneficiaries, or 1 each under EQUAL.
     */
    private List<Basis> threshold(List<ProviderInput> providers, Threshold t) {
      BigDecimal limit = costLimit(providers, t.costGate());
      List<Basis> out = new ArrayList<>();
      for (ProviderInput p : providers) {
        BigDecimal composite = composite(p);
        boolean qualityPassed = composite != null && composite.compareTo(t.qualityGate()) >= 0;
        Boolean costPassed = null;
        if (t.costGate() != null) {
          costPassed = p.costPerBeneficiary() != null && limit != null
              && p.costPerBeneficiary().compareTo(limit) <= 0;
        }
        boolean eligible = qualityPassed && (costPassed == null || costPassed);
        BigDecimal weight = !eligible ? BigDecimal.ZERO
            : t.weight() == Weight.EQUAL ? BigDecimal.ONE : BigDecimal.valueOf(p.attributedBeneficiaries());
        String reason;
        if (composite == null) {
          reason = "quality gate failed: no quality measures";
        } else if (!qualityPassed) {
          reason = "quality gate missed: composite " + composite.toPlainString() + " < gate "
              + t.qualityGate().toPlainString();
        } else if (Boolean.FALSE.equals(costPassed)) {
          reason = p.costPerBeneficiary() == null ? "cost gate failed: no risk-adjusted cost"
              : "cost gate missed: cost per beneficiary " + p.costPerBeneficiary().toPlainString()
                  + " > limit " + (limit == null ? "(none)" : limit.toPlainString());
        } else if (weight.signum() == 0) {
          reason = "passed the gates but has no attributed beneficiaries (weight "
              + t.weight() + ")";
        } else {
          reason = "passed the gates; weight = " + (t.weight() == Weight.EQUAL ? "1 (EQUAL)"
              : p.attributedBeneficiaries() + " attributed beneficiaries");
        }
        if (t.costGate() != null && qualityPassed && p.costSource() != null) {
          reason = reason + " (cost from " + p.costSource() + ")";
        }
        out.add(new Basis(p, weight, composite, null, null, limit, qualityPassed, costPassed, reason));
      }
      return out;
    }

    private static BigDecimal costLimit(List<ProviderInput> providers, CostGate gate) {
      if (gate == null) {
        return null;
      }
      if (gate.maxCostPerBeneficiary() != null) {
        return gate.maxCostPerBeneficiary().setScale(2, RoundingMode.HALF_UP);
      }
      List<BigDecimal> costs = providers.stream()
          .map(ProviderInput::costPerBeneficiary).filter(c -> c != null).sorted().toList();
      if (costs.isEmpty()) {
        return null;
      }
      int n = costs.size();
      BigDecimal median = n % 2 == 1 ? costs.get(n / 2)
          : costs.get(n / 2 - 1).add(costs.get(n / 2)).divide(BigDecimal.valueOf(2));
      return median.multiply(gate.maxRatioToGroupMedian()).setScale(2, RoundingMode.HALF_UP);
    }

    private static BigDecimal composite(ProviderInput p) {
      BigDecimal sum = BigDecimal.ZERO;
      int k = 0;
      for (ProviderInput.Measure m : p.measures()) {
        if (m.denominator() <= 0) {
          continue;
        }
        BigDecimal r = rate(m.numerator(), m.denominator());
        sum = sum.add(m.higherIsBetter() ? r : BigDecimal.ONE.subtract(r));
        k++;
      }
      return k == 0 ? null : sum.divide(BigDecimal.valueOf(k), RATE_SCALE, RoundingMode.HALF_UP);
    }

    private static BigDecimal rate(long numerator, long denominator) {
      return BigDecimal.valueOf(numerator)
          .divide(BigDecimal.valueOf(denominator), MEASURE_RATE_SCALE, RoundingMode.HALF_UP);
    }

    // ---- losses ---------------------------------------------------------------------------

    /**
     * Losses owed: without a participant share the ACO bears all of it (tier 1). Otherwise the
     * participants' part (a largest-remainder split of the loss, ACO first on ties) goes to the
     * groups by their tier-2 shares and within each group to providers by attributed
     * beneficiaries; a group without attributed beneficiaries leaves its part with the ACO.
     */
    private void allocateLoss() {
      long loss = -earnedCents;
      BigDecimal share = plan.losses().participantShare();
      if (share.signum() == 0) {
        lines.add(operationsLine(earnedCents, earnedCents, false, BigDecimal.ONE,
            "losses owed are borne by the ACO: the plan does not share losses with participants"));
        reconcileEndowments(Map.of());
        return;
      }
      BigDecimal acoShare = BigDecimal.ONE.subtract(share);
      LargestRemainder.Split s = LargestRemainder.split(loss, List.of(acoShare, share));
      long acoPart = s.cents(0);
      lines.add(operationsLine(-s.floors()[0], -acoPart, s.extra()[0], acoShare,
          "losses owed: the ACO bears share " + acoShare.toPlainString() + "; participants bear "
              + share.toPlainString() + " by tier-2 shares, then by attributed beneficiaries"));
      Map<ProviderGroup, Long> groupCents = splitOverGroups(loss - acoPart, "participants' share of losses");
      Map<ProviderGroup, Map<ProviderInput, Long>> byProvider = new EnumMap<>(ProviderGroup.class);
      for (Map.Entry<ProviderGroup, Long> e : groupCents.entrySet()) {
        if (e.getValue() == 0 && plan.tier3().get(e.getKey()) == null) {
          continue;
        }
        List<Basis> bases = attribution(byGroup.get(e.getKey()), new Attribution());
        byProvider.put(e.getKey(), splitOverProviders(e.getKey(), "LOSS_SHARE", e.getValue(), bases, -1));
      }
      reconcileEndowments(byProvider);
    }

    // ---- endowment -----------------------------------------------------------------------

    /**
     * Year-end reconciliation of every provider of a group under the endowment model: advance =
     * advance share × prior-year earned (half-up to cents, 0 without history or for a negative
     * prior year); net = earned − advance − opening balance; a positive net is paid, a negative
     * one is clawed back in cash or, when the plan says so, carried forward as the closing
     * balance. Providers with an opening balance in a group no longer under an endowment have it
     * clawed back.
     */
    private void reconcileEndowments(Map<ProviderGroup, Map<ProviderInput, Long>> earnedByProvider) {
      for (ProviderGroup g : ProviderGroup.values()) {
        Model model = plan.tier3().get(g);
        Map<ProviderInput, Long> earned = earnedByProvider.getOrDefault(g, Map.of());
        for (ProviderInput p : byGroup.get(g)) {
          if (model instanceof Endowment e) {
            ledger.add(reconcile(g, model.label(), p, e.advanceShare(), e.carryForwardClawback(),
                earned.getOrDefault(p, 0L)));
          } else if (p.openingBalance().signum() > 0) {
            ledger.add(reconcile(g, "ENDOWMENT_ENDED", p, BigDecimal.ZERO, false, 0L));
          }
        }
      }
    }

    private LedgerLine reconcile(
        ProviderGroup g, String label, ProviderInput p, BigDecimal advanceShare, boolean carry, long earned) {
      BigDecimal prior = p.priorYearEarned();
      long advance = prior == null || prior.signum() <= 0 ? 0
          : cents(prior.multiply(advanceShare).setScale(2, RoundingMode.HALF_UP));
      long opening = cents(p.openingBalance());
      long net = earned - advance - opening;
      long payment = Math.max(net, 0);
      long owed = Math.max(-net, 0);
      long clawback = carry ? 0 : owed;
      long closing = carry ? owed : 0;
      String reason;
      if (net >= 0) {
        reason = "payment: earned " + dollars(earned) + " covers advance " + dollars(advance)
            + (opening > 0 ? " and opening balance " + dollars(opening) : "");
      } else if (carry) {
        reason = "shortfall carried forward: earned " + dollars(earned) + " below advance " + dollars(advance)
            + (opening > 0 ? " plus opening balance " + dollars(opening) : "");
      } else {
        reason = "claw-back: earned " + dollars(earned) + " below advance " + dollars(advance)
            + (opening > 0 ? " plus opening balance " + dollars(opening) : "");
      }
      if (prior == null && opening == 0) {
        reason += " (no prior-year allocation, so no advance)";
      }
      return new LedgerLine(
          aco.acoId(), aco.performanceYear(), g.name(), p.npi(), p.tin(), label, prior,
          scaled(advanceShare), money(opening), money(advance), money(earned), money(payment),
          money(clawback), money(closing), reason, plan.planId(), context.planSetVersion());
    }

    // ---- rows, checks, money -------------------------------------------------------------

    private AllocationLine operationsLine(
        long floor, long amount, boolean extra, BigDecimal share, String reason) {
      return new AllocationLine(
          aco.acoId(), aco.performanceYear(), 1, OPERATIONS, null, null, OPERATIONS, null,
          money(earnedCents), money(earnedCents), share, null, null, null, null, null, null, null, null,
          share == null ? null : scaled(share), share == null ? null : scaled(BigDecimal.ONE),
          money(floor), extra, money(amount), reason, plan.planId(), context.planSetVersion(),
          context.rulesVersion());
    }

    /**
     * Conservation, checked on every result: tier 1 + tier 2 = earned, and each group's tier-3
     * rows add up to its tier-2 amount. A failure here is a defect of the engine, not of the data.
     */
    private void checkConservation() {
      long tier12 = 0;
      Map<String, Long> tier2 = new java.util.HashMap<>();
      Map<String, Long> tier3 = new java.util.HashMap<>();
      for (AllocationLine l : lines) {
        long c = cents(l.amount());
        switch (l.tier()) {
          case 1 -> tier12 += c;
          case 2 -> {
            tier12 += c;
            tier2.merge(l.groupCode(), c, Long::sum);
          }
          default -> tier3.merge(l.groupCode(), c, Long::sum);
        }
      }
      if (tier12 != earnedCents) {
        throw new IllegalStateException("allocation of " + aco + " does not conserve: tiers 1+2 = " + tier12);
      }
      java.util.Set<String> groups = new java.util.HashSet<>(tier2.keySet());
      groups.addAll(tier3.keySet());
      for (String g : groups) {
        long two = tier2.getOrDefault(g, 0L);
        long three = tier3.getOrDefault(g, 0L);
        if (two != three) {
          throw new IllegalStateException(
              "allocation of " + aco + " does not conserve in group " + g + ": tier 3 = " + three
                  + ", tier 2 = " + two);
        }
      }
    }
  }

  static long cents(BigDecimal dollars) {
    return dollars.movePointRight(2).setScale(0, RoundingMode.UNNECESSARY).longValueExact();
  }

  static BigDecimal money(long cents) {
    return BigDecimal.valueOf(cents, 2);
  }

  private static String dollars(long cents) {
    return money(cents).toPlainString();
  }

  private static BigDecimal scaled(BigDecimal v) {
    return v == null ? null : v.setScale(RATE_SCALE, RoundingMode.HALF_UP);
  }
}
