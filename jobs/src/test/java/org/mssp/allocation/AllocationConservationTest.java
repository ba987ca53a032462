package org.mssp.allocation;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.mssp.allocation.AllocationEngine.AcoYear;
import org.mssp.allocation.AllocationEngine.Context;
import org.mssp.allocation.AllocationEngine.Result;
import org.mssp.allocation.AllocationPlan.Attribution;
import org.mssp.allocation.AllocationPlan.CostGate;
import org.mssp.allocation.AllocationPlan.Endowment;
import org.mssp.allocation.AllocationPlan.IncrementalQuality;
import org.mssp.allocation.AllocationPlan.LossRule;
import org.mssp.allocation.AllocationPlan.Model;
import org.mssp.allocation.AllocationPlan.Threshold;
import org.mssp.allocation.AllocationPlan.Tier1;
import org.mssp.allocation.AllocationPlan.Weight;

/**
 * Invariants over seeded random plans, amounts and providers (not only fixed examples): for every
 * ACO-year, tier 1 + tier 2 = earned to the cent; each group's tier 3 = its tier-2 amount; amounts
 * carry the sign of the earned figure; every provider amount is the floor of its exact quota plus
 * at most the one left-over cent, recomputed here from the row's basis columns; zero weight gets
 * zero; the endowment ledger identity holds; the result does not depend on input order.
 */
class AllocationConservationTest {

  static final int CASES = 5000;

  @Test
  void tiersAddUpToTheEarnedAmountToTheCentForRandomPlansAndAmounts() {
    Random random = new Random(20261123L);
    int savings = 0;
    int losses = 0;
    int zero = 0;
    for (int c = 0; c < CASES; c++) {
      AllocationPlan plan = randomPlan(random, c);
      BigDecimal earned = randomEarned(random);
      List<ProviderInput> providers = randomProviders(random);
      AcoYear aco = new AcoYear("A" + c, 2020, earned, "below MSR");
      Context context = new Context(plan, "random", "groups");
      Result r = AllocationEngine.allocate(aco, context, providers);
      String label = "case " + c + " earned " + earned + " plan " + plan;
      checkInvariants(r, earned, label);

      List<ProviderInput> shuffled = new ArrayList<>(providers);
      Collections.shuffle(shuffled, random);
      assertThat(AllocationEngine.allocate(aco, context, shuffled)).as(label).isEqualTo(r);
      switch (earned.signum()) {
        case 1 -> savings++;
        case -1 -> losses++;
        default -> zero++;
      }
    }
    // the generator covers all three kinds of year
    assertThat(savings).isGreaterThan(CASES / 2);
    assertThat(losses).isGreaterThan(CASES / 10);
    assertThat(zero).isGreaterThan(CASES / 50);
  }

  private static void checkInvariants(Result r, BigDecimal earned, String label) {
    long e = AllocationEngine.cents(earned);
    long tier12 = 0;
    Map<String, Long> tier2 = new HashMap<>();
    Map<String, Long> tier3 = new HashMap<>();
    for (AllocationLine l : r.allocation()) {
      long a = AllocationEngine.cents(l.amount());
      assertThat(Long.signum(a) * Long.signum(e)).as(label + " sign of " + l).isGreaterThanOrEqualTo(0);
      assertThat(l.earnedSavingsLosses()).as(label).isEqualByComparingTo(earned);
      long floor = AllocationEngine.cents(l.floorAmount());
      long sign = e < 0 ? -1 : 1;
      assertThat(a).as(label + " floor + extra cent " + l).isEqualTo(floor + sign * (l.extraCent() ? 1 : 0));
      if (l.tier() == 1 || l.tier() == 2) {
        tier12 += a;
      }
      if (l.tier() == 2) {
        tier2.merge(l.groupCode(), a, Long::sum);
      }
      if (l.tier() == 3) {
        tier3.merge(l.groupCode(), a, Long::sum);
        if (l.recipientType().equals("PROVIDER")) {
          BigDecimal parent = l.parentAmount().abs().movePointRight(2);
          if (l.weightTotal().signum() > 0) {
            BigDecimal quota = parent.multiply(l.weight()).divide(l.weightTotal(), 0, RoundingMode.FLOOR);
            assertThat(Math.abs(floor)).as(label + " floor of quota " + l).isEqualTo(quota.longValueExact());
          }
          if (l.weight() == null || l.weight().signum() == 0) {
            assertThat(a).as(label + " zero weight gets zero " + l).isZero();
          }
        }
      }
    }
    assertThat(tier12).as(label + " tier 1 + tier 2 = earned").isEqualTo(e);
    // largest remainder: within a group, every provider given a left-over cent has a remainder at
    // least as large as every provider not given one
    Map<String, BigDecimal> minWithCent = new HashMap<>();
    Map<String, BigDecimal> maxWithout = new HashMap<>();
    for (AllocationLine l : r.allocation()) {
      if (l.tier() == 3 && l.recipientType().equals("PROVIDER") && l.weightTotal().signum() > 0) {
        BigDecimal remainder = l.parentAmount().abs().movePointRight(2).multiply(l.weight())
            .remainder(l.weightTotal());
        if (l.extraCent()) {
          minWithCent.merge(l.groupCode(), remainder, BigDecimal::min);
        } else {
          maxWithout.merge(l.groupCode(), remainder, BigDecimal::max);
        }
      }
    }
    for (Map.Entry<String, BigDecimal> g : minWithCent.entrySet()) {
      if (maxWithout.containsKey(g.getKey())) {
        assertThat(g.getValue()).as(label + " largest remainders get the cents in " + g.getKey())
            .isGreaterThanOrEqualTo(maxWithout.get(g.getKey()));
      }
    }
    for (Map.Entry<String, Long> g : tier2.entrySet()) {
      if (g.getValue() != 0 || tier3.containsKey(g.getKey())) {
        assertThat(tier3.get(g.getKey())).as(label + " tier 3 of " + g.getKey()).isEqualTo(g.getValue());
      }
    }
    for (LedgerLine l : r.ledger()) {
      BigDecimal left = l.advance().add(l.payment()).subtract(l.clawback());
      BigDecimal right = l.earned().subtract(l.openingBalance()).add(l.closingBalance());
      assertThat(left).as(label + " ledger identity " + l).isEqualByComparingTo(right);
      assertThat(l.payment().signum()).isGreaterThanOrEqualTo(0);
      assertThat(l.clawback().signum()).isGreaterThanOrEqualTo(0);
      assertThat(l.payment().signum() * l.clawback().signum()).as(label).isZero();
    }
  }

  // ---- random inputs -------------------------------------------------------------------------

  private static BigDecimal randomEarned(Random random) {
    int kind = random.nextInt(20);
    long cents;
    if (kind == 0) {
      cents = 0;
    } else if (kind <= 4) {
      cents = -(1 + (long) (random.nextDouble() * 500_000_000L)); // up to $5M owed
    } else if (kind <= 6) {
      cents = 1 + random.nextInt(200); // a few cents: stresses the remainders
    } else {
      cents = 1 + (long) (Math.pow(10, 2 + random.nextDouble() * 9)); // $1 .. $10M, log-spread
    }
    return BigDecimal.valueOf(cents, 2);
  }

  private static BigDecimal randomFraction(Random random) {
    int scale = random.nextInt(5);
    long max = BigDecimal.TEN.pow(scale).longValueExact();
    return BigDecimal.valueOf((long) (random.nextDouble() * (max + 1)), scale).min(BigDecimal.ONE);
  }

  private static AllocationPlan randomPlan(Random random, int c) {
    BigDecimal fixed = random.nextInt(3) == 0 ? BigDecimal.valueOf(random.nextInt(5_000_000), 2) : BigDecimal.ZERO.setScale(2);
    Tier1 tier1 = new Tier1(fixed, randomFraction(random));
    List<ProviderGroup> groups = new ArrayList<>(List.of(ProviderGroup.values()));
    Collections.shuffle(groups, random);
    groups = groups.subList(0, 1 + random.nextInt(groups.size()));
    // integer parts of 10^scale that add up exactly to 10^scale
    int scale = 1 + random.nextInt(4);
    long unit = BigDecimal.TEN.pow(scale).longValueExact();
    long left = unit;
    Map<ProviderGroup, BigDecimal> tier2 = new EnumMap<>(ProviderGroup.class);
    Map<ProviderGroup, Model> tier3 = new EnumMap<>(ProviderGroup.class);
    for (int i = 0; i < groups.size(); i++) {
      long part = i == groups.size() - 1 ? left : (long) (random.nextDouble() * (left + 1));
      left -= part;
      tier2.put(groups.get(i), BigDecimal.valueOf(part, scale));
      tier3.put(groups.get(i), randomModel(random, true));
    }
    LossRule losses = new LossRule(random.nextBoolean() ? BigDecimal.ZERO : randomFraction(random));
    return new AllocationPlan("p" + c, "*", null, tier1, tier2, tier3, losses);
  }

  private static Model randomModel(Random random, boolean endowmentAllowed) {
    int k = random.nextInt(endowmentAllowed ? 4 : 3);
    return switch (k) {
      case 0 -> new Attribution();
      case 1 -> new IncrementalQuality(BigDecimal.valueOf(random.nextInt(300), 2), 1 + random.nextInt(30));
      case 2 -> {
        CostGate gate = switch (random.nextInt(3)) {
          case 0 -> null;
          case 1 -> new CostGate(BigDecimal.valueOf(5000 + random.nextInt(10000)), null);
          default -> new CostGate(null, BigDecimal.valueOf(80 + random.nextInt(60), 2));
        };
        yield new Threshold(randomFraction(random), gate, random.nextBoolean() ? Weight.EQUAL : Weight.ATTRIBUTED_BENEFICIARIES);
      }
      default -> new Endowment(randomFraction(random), random.nextBoolean(), randomModel(random, false));
    };
  }

  private static List<ProviderInput> randomProviders(Random random) {
    List<ProviderInput> out = new ArrayList<>();
    int n = random.nextInt(25);
    for (int i = 0; i < n; i++) {
      ProviderGroup group = ProviderGroup.values()[random.nextInt(4)];
      long benes = random.nextInt(4) == 0 ? 0 : random.nextInt(800);
      List<ProviderInput.Measure> measures = new ArrayList<>();
      int m = random.nextInt(4);
      for (int j = 0; j < m; j++) {
        long den = random.nextInt(200);
        long num = den == 0 ? 0 : random.nextInt((int) den + 1);
        Long priorDen = random.nextInt(5) == 0 ? null : (long) random.nextInt(200);
        Long priorNum = priorDen == null ? null : priorDen == 0 ? 0L : (long) random.nextInt((int) (priorDen + 1));
        measures.add(new ProviderInput.Measure("M" + j, random.nextInt(4) != 0, num, den, priorNum, priorDen));
      }
      BigDecimal cost = random.nextInt(4) == 0 ? null : BigDecimal.valueOf(300_000 + random.nextInt(1_500_000), 2);
      BigDecimal prior = random.nextInt(3) == 0 ? null : BigDecimal.valueOf(random.nextInt(10_000_000) - 1_000_000, 2);
      BigDecimal opening = random.nextInt(4) == 0 ? BigDecimal.valueOf(random.nextInt(500_000), 2) : BigDecimal.ZERO;
      // NPIs may repeat across TINs; a few facility rows have no NPI
      String npi = random.nextInt(10) == 0 ? null : String.valueOf(1000000000L + random.nextInt(50));
      out.add(new ProviderInput(npi, "T" + i, group, benes, measures, cost, prior, opening));
    }
    return out;
  }
}
