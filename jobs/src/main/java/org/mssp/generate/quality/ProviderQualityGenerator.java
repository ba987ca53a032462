package org.mssp.generate.quality;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import org.mssp.allocation.AllocationTables;
import org.mssp.allocation.GroupMapping;
import org.mssp.allocation.ProviderGroup;

/**
 * Synthetic provider-level quality measures and risk-adjusted cost for the allocation stage
 * (docs/input-formats.md, "Provider quality and cost"). Spark-free and deterministic: every value
 * of a provider is drawn from a random stream seeded by (seed, year, NPI, TIN, measure), so the
 * output does not depend on the order or the number of providers passed in.
 *
 * <p>Spread (all [INFER], chosen to look like published ACO measure distributions, not fitted):
 * each provider has a latent skill on the logit scale (normal, sd 0.6) and a yearly improvement
 * (normal, mean 0.10, sd 0.25); a measure's rate is logistic(logit(base rate) ± skill + measure
 * noise (sd 0.3)), the prior year's the same without the improvement; numerators are binomial
 * draws, so small panels give noisy rates; about 10% of providers are new and have no prior
 * year. Lower-is-better measures move the other way. Cost per attributed beneficiary is
 * log-normal around $11,000 (sd 0.25 on the log scale), lower for higher skill.
 *
 * <p>The lead calls {@link #write} from {@code aco generate}; no CLI command is registered here.
 */
public final class ProviderQualityGenerator {
  private ProviderQualityGenerator() {}

  /**
   * A provider of an ACO-year to generate for.
   *
   * @param acoId ACO
   * @param npi NPI
   * @param tin billing TIN
   * @param specialtyCode CMS specialty code (its group decides the measure set)
   * @param attributedBeneficiaries beneficiaries attributed to the provider (0 for ED, radiology ...)
   */
  public record Provider(String acoId, String npi, String tin, String specialtyCode, int attributedBeneficiaries) {}

  /**
   * A synthetic measure: id, direction, the typical rate and the share of an attributed panel in
   * its denominator. Non-attributed providers' denominators are encounter-based.
   */
  record MeasureSpec(String id, boolean higherIsBetter, double baseRate, double eligibleShare) {}

  /** Measures per group (synthetic ids modelled on ACO quality measures [INFER]). */
  static List<MeasureSpec> measuresOf(ProviderGroup group) {
    return switch (group) {
      case PCP -> List.of(
          new MeasureSpec("BCS_SCREENING", true, 0.72, 0.25),
          new MeasureSpec("COL_SCREENING", true, 0.65, 0.45),
          new MeasureSpec("DM_A1C_POOR_CONTROL", false, 0.15, 0.25),
          new MeasureSpec("HTN_BP_CONTROL", true, 0.70, 0.55),
          new MeasureSpec("DEP_SCREEN_FOLLOWUP", true, 0.55, 0.80),
          new MeasureSpec("FLU_IMMUNIZATION", true, 0.62, 0.90));
      case SPECIALIST -> List.of(
          new MeasureSpec("HTN_BP_CONTROL", true, 0.68, 0.50),
          new MeasureSpec("CARE_PLAN_DOCUMENTED", true, 0.80, 0.70));
      case HOSPITAL_FACILITY -> List.of(
          new MeasureSpec("READMISSION_30D", false, 0.15, 0.30),
          new MeasureSpec("FLU_IMMUNIZATION", true, 0.60, 0.90));
      case NON_ATTRIBUTED -> List.of(
          new MeasureSpec("MED_RECONCILIATION", true, 0.75, 0),
          new MeasureSpec("FOLLOWUP_NOTE_SENT", true, 0.70, 0));
    };
  }

  /** One provider_quality row. */
  public record QualityRow(
      String acoId, int performanceYear, String npi, String tin, String measureId, boolean higherIsBetter,
      long numerator, long denominator, Long priorNumerator, Long priorDenominator) {}

  /** One provider_cost row. */
  public record CostRow(String acoId, int performanceYear, String npi, String tin, BigDecimal costPerBeneficiary) {}

  /** Quality rows for the providers, sorted by ACO, NPI, TIN, measure. */
  public static List<QualityRow> quality(long seed, int year, List<Provider> providers, GroupMapping mapping) {
    List<QualityRow> out = new ArrayList<>();
    for (Provider p : providers) {
      ProviderGroup group = mapping.groupOf(p.specialtyCode());
      SplittableRandom who = stream(seed, year, p, "provider");
      double skill = 0.6 * who.nextGaussian();
      double improvement = 0.10 + 0.25 * who.nextGaussian();
      boolean isNew = who.nextDouble() < 0.10;
      for (MeasureSpec m : measuresOf(group)) {
        SplittableRandom r = stream(seed, year, p, m.id());
        long den = denominator(r, p, m);
        long priorDen = isNew ? 0 : denominator(r, p, m);
        double direction = m.higherIsBetter() ? 1 : -1;
        double noise = 0.3 * r.nextGaussian();
        double now = logistic(logit(m.baseRate()) + direction * (skill + improvement) + noise);
        double prior = logistic(logit(m.baseRate()) + direction * skill + noise + 0.15 * r.nextGaussian());
        long num = binomial(r, den, now);
        Long priorNum = isNew ? null : binomial(r, priorDen, prior);
        if (den == 0) {
          continue; // no eligible patients this year: the provider reports no rate for the measure
        }
        out.add(new QualityRow(p.acoId(), year, p.npi(), p.tin(), m.id(), m.higherIsBetter(), num, den,
            priorNum, isNew ? null : priorDen));
      }
    }
    out.sort(Comparator.comparing(QualityRow::acoId).thenComparing(QualityRow::npi)
        .thenComparing(QualityRow::tin).thenComparing(QualityRow::measureId));
    return out;
  }

  /** Cost rows for providers with attributed beneficiaries, sorted by ACO, NPI, TIN. */
  public static List<CostRow> cost(long seed, int year, List<Provider> providers) {
    List<CostRow> out = new ArrayList<>();
    for (Provider p : providers) {
      if (p.attributedBeneficiaries() <= 0) {
        continue;
      }
      SplittableRandom who = stream(seed, year, p, "provider");
      double skill = 0.6 * who.nextGaussian();
      SplittableRandom r = stream(seed, year, p, "cost");
      double cost = 11_000 * Math.exp(0.25 * r.nextGaussian() - 0.15 * skill);
      out.add(new CostRow(p.acoId(), year, p.npi(), p.tin(), BigDecimal.valueOf(cost).setScale(2, RoundingMode.HALF_UP)));
    }
    out.sort(Comparator.comparing(CostRow::acoId).thenComparing(CostRow::npi).thenComparing(CostRow::tin));
    return out;
  }

  /**
   * Writes {@code <root>/quality/provider_quality_<year>.csv} and
   * {@code <root>/quality/provider_cost_<year>.csv}; returns the quality file.
   */
  public static Path write(Path root, long seed, int year, List<Provider> providers) {
    GroupMapping mapping = GroupMapping.load();
    Path dir = root.resolve("quality");
    Path qualityFile = dir.resolve("provider_quality_" + year + ".csv");
    try {
      Files.createDirectories(dir);
      try (Writer w = Files.newBufferedWriter(qualityFile, StandardCharsets.UTF_8)) {
        w.write(String.join(",", AllocationTables.PROVIDER_QUALITY.columns()) + "\n");
        for (QualityRow q : quality(seed, year, providers, mapping)) {
          w.write(String.join(",", q.acoId(), String.valueOf(q.performanceYear()), q.npi(), q.tin(), q.measureId(),
              String.valueOf(q.higherIsBetter()), String.valueOf(q.numerator()), String.valueOf(q.denominator()),
              q.priorNumerator() == null ? "" : q.priorNumerator().toString(),
              q.priorDenominator() == null ? "" : q.priorDenominator().toString()) + "\n");
        }
      }
      try (Writer w = Files.newBufferedWriter(dir.resolve("provider_cost_" + year + ".csv"), StandardCharsets.UTF_8)) {
        w.write(String.join(",", AllocationTables.PROVIDER_COST.columns()) + "\n");
        for (CostRow c : cost(seed, year, providers)) {
          w.write(String.join(",", c.acoId(), String.valueOf(c.performanceYear()), c.npi(), c.tin(),
              c.costPerBeneficiary().toPlainString()) + "\n");
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write provider quality files under " + dir, e);
    }
    return qualityFile;
  }

  /** Patients in a measure's denominator: a share of the panel, or encounters for non-attributed providers. */
  private static long denominator(SplittableRandom r, Provider p, MeasureSpec m) {
    if (m.eligibleShare() == 0) {
      return 20 + r.nextInt(380);
    }
    double expected = p.attributedBeneficiaries() * m.eligibleShare() * (0.8 + 0.4 * r.nextDouble());
    return Math.round(expected);
  }

  private static long binomial(SplittableRandom r, long n, double p) {
    if (n <= 2000) {
      long k = 0;
      for (long i = 0; i < n; i++) {
        if (r.nextDouble() < p) {
          k++;
        }
      }
      return k;
    }
    long k = Math.round(n * p + Math.sqrt(n * p * (1 - p)) * r.nextGaussian());
    return Math.max(0, Math.min(n, k));
  }

  private static SplittableRandom stream(long seed, int year, Provider p, String what) {
    long h = seed;
    for (String part : new String[] {String.valueOf(year), p.acoId(), p.npi(), p.tin(), what}) {
      h = h * 1_000_003L + part.hashCode();
      h ^= (h >>> 29);
    }
    return new SplittableRandom(h);
  }

  private static double logit(double p) {
    return Math.log(p / (1 - p));
  }

  private static double logistic(double x) {
    return 1 / (1 + Math.exp(-x));
  }
}
