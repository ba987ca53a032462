package org.mssp.allocation;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.mssp.allocation.AllocationEngine.AcoYear;
import org.mssp.allocation.AllocationEngine.Context;
import org.mssp.allocation.AllocationEngine.Result;

/** Small builders for engine tests: plans from JSON, providers, and lookups into a result. */
final class AllocationFixtures {
  private AllocationFixtures() {}

  /** A one-plan file around the given tier JSON. */
  static AllocationPlan plan(String tier1, String tier2, String tier3, String losses) {
    String json = "{\"plan_set_version\": \"t1\", \"plans\": [{\"plan_id\": \"p\", \"aco_id\": \"*\","
        + "\"tier1\": " + tier1 + ", \"tier2\": " + tier2 + ", \"tier3\": " + tier3
        + (losses == null ? "" : ", \"losses\": " + losses) + "}]}";
    return AllocationPlans.parse(json, "test").plans().get(0);
  }

  /** A plan giving the whole pool (tier 1 share 0) to one group under one model. */
  static AllocationPlan singleGroup(ProviderGroup group, String modelJson) {
    return plan("{\"share\": \"0\"}", "{\"" + group + "\": \"1\"}", "{\"" + group + "\": " + modelJson + "}", null);
  }

  static Result allocate(String earned, AllocationPlan plan, List<ProviderInput> providers) {
    return AllocationEngine.allocate(
        new AcoYear("A1001", 2019, new BigDecimal(earned), "savings rate below the MSR"),
        new Context(plan, "t1", "groups-v1"),
        providers);
  }

  static ProviderInput provider(String npi, ProviderGroup group, long beneficiaries, ProviderInput.Measure... measures) {
    return new ProviderInput(npi, "T" + npi, group, beneficiaries, List.of(measures), null, null, BigDecimal.ZERO);
  }

  static ProviderInput withCost(ProviderInput p, String cost) {
    return new ProviderInput(p.npi(), p.tin(), p.group(), p.attributedBeneficiaries(), p.measures(),
        new BigDecimal(cost), p.priorYearEarned(), p.openingBalance());
  }

  static ProviderInput withHistory(ProviderInput p, String priorEarned, String opening) {
    return new ProviderInput(p.npi(), p.tin(), p.group(), p.attributedBeneficiaries(), p.measures(),
        p.costPerBeneficiary(), priorEarned == null ? null : new BigDecimal(priorEarned), new BigDecimal(opening));
  }

  /** A higher-is-better measure with this and prior-year counts. */
  static ProviderInput.Measure measure(String id, long num, long den, Long priorNum, Long priorDen) {
    return new ProviderInput.Measure(id, true, num, den, priorNum, priorDen);
  }

  static ProviderInput.Measure lowerIsBetter(String id, long num, long den, long priorNum, long priorDen) {
    return new ProviderInput.Measure(id, false, num, den, priorNum, priorDen);
  }

  /** Tier-3 provider row of an NPI. */
  static AllocationLine providerLine(Result r, String npi) {
    return r.allocation().stream()
        .filter(l -> l.tier() == 3 && npi.equals(l.npi()))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no tier-3 row for " + npi));
  }

  static AllocationLine line(Result r, int tier, String group) {
    return r.allocation().stream()
        .filter(l -> l.tier() == tier && l.groupCode().equals(group) && l.npi() == null)
        .findFirst()
        .orElseThrow(() -> new AssertionError("no tier-" + tier + " row for " + group));
  }

  static LedgerLine ledger(Result r, String npi) {
    return r.ledger().stream().filter(l -> npi.equals(l.npi())).findFirst()
        .orElseThrow(() -> new AssertionError("no ledger row for " + npi));
  }

  /** Tier-3 amounts by NPI (facilities and reserve rows keyed by their recipient type). */
  static Map<String, BigDecimal> tier3Amounts(Result r) {
    Map<String, BigDecimal> out = new java.util.TreeMap<>();
    for (AllocationLine l : r.allocation()) {
      if (l.tier() == 3) {
        out.put(l.npi() == null ? l.recipientType() + ":" + l.groupCode() : l.npi(), l.amount());
      }
    }
    return out;
  }

  static List<ProviderInput> list(ProviderInput... ps) {
    return new ArrayList<>(List.of(ps));
  }
}
