package org.mssp.settlement.rules;

import java.io.Serializable;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The shared savings and losses rules of every performance year, as loaded from the versioned,
 * cited tables under {@code rules/settlement/} (see {@link SettlementRulesLoader}): tracks and
 * their rates, the minimum savings rate bands, loss limits, the quality link of each era,
 * sequestration and the extreme and uncontrollable circumstances (EUC) policy.
 *
 * <p>Lookups return empty when a table has no row for the year; the calculator turns that into an
 * error naming the table and year, so a year or a track without rules never silently settles
 * with another year's numbers.
 *
 * @param version the rule-set version every output row records
 */
public record SettlementRules(
    String version,
    List<TrackRule> tracks,
    List<MsrBand> msrBands,
    List<LossLimitRule> lossLimits,
    List<QualityLinkRule> qualityLinks,
    List<SequestrationRule> sequestration,
    List<EucRule> euc)
    implements Serializable {

  /** Precision of the interpolated MSR and the savings rate (34 digits, IEEE 754 decimal128). */
  public static final MathContext PRECISION = MathContext.DECIMAL128;

  /** Table names, as in the resource file names and in error messages. */
  public static final String TRACKS = "tracks";

  public static final String MSR_BANDS = "msr_bands";
  public static final String LOSS_LIMITS = "loss_limits";
  public static final String QUALITY_LINK = "quality_link";
  public static final String SEQUESTRATION = "sequestration";
  public static final String EUC = "euc";

  /** One-sided (savings only) or two-sided (savings and losses) risk. */
  public enum Risk {
    ONE_SIDED,
    TWO_SIDED
  }

  /** How the shared loss rate is set. */
  public enum LossRateMethod {
    /** One-sided track: no losses are shared. */
    NONE,
    /** A fixed rate (Track 1+, BASIC C–E: 30 %). */
    FIXED,
    /** 1 − max sharing rate × quality, between a floor and a ceiling (Track 2, Track 3, ENHANCED). */
    ONE_MINUS_SHARING
  }

  /** How quality performance links to the final sharing rate in an era. */
  public enum QualityMethod {
    /** PY2013–2020: max rate × quality score; no savings if the quality standard is not met. */
    SCORE,
    /** PY2021–2022: the max rate if the quality standard is met, else no savings. */
    STANDARD_FLAT,
    /** PY2023+: as STANDARD_FLAT, plus max rate × quality score for sliding-scale ACOs. */
    SLIDING_SCALE
  }

  /** Where the EUC reduction applies. */
  public enum EucApplication {
    /** Shared losses, after the loss rate and the loss limit. */
    LOSSES_AFTER_LIMIT
  }

  /** A track's parameters for a span of performance years. */
  public record TrackRule(
      String track,
      int fromYear,
      int toYear,
      Risk risk,
      BigDecimal maxSharingRate,
      BigDecimal performancePaymentLimit,
      LossRateMethod lossRateMethod,
      BigDecimal lossRateFixed,
      BigDecimal lossRateFloor,
      BigDecimal lossRateCeiling,
      Set<String> msrElections,
      String source)
      implements Serializable {
    public boolean covers(int year) {
      return year >= fromYear && year <= toYear;
    }
  }

  /**
   * One band of the variable MSR table: from {@code rateAtLow} at {@code low} beneficiaries to
   * {@code rateAtHigh} at {@code high}, interpolated linearly; {@code high} is null for the open
   * top band.
   */
  public record MsrBand(
      int fromYear,
      int toYear,
      int low,
      Integer high,
      BigDecimal rateAtLow,
      BigDecimal rateAtHigh,
      String source)
      implements Serializable {
    public boolean covers(int year, int beneficiaries) {
      return year >= fromYear
          && year <= toYear
          && beneficiaries >= low
          && (high == null || beneficiaries <= high);
    }
  }

  /**
   * A loss limit: {@code benchmarkRate} × updated benchmark, or where {@code revenueRate} is set
   * and participant revenue is known, the lesser of that and {@code revenueRate} × revenue.
   * {@code yearInTrackMin/Max} (null = any) select Track 2's limits by year in the track.
   */
  public record LossLimitRule(
      String track,
      int fromYear,
      int toYear,
      Integer yearInTrackMin,
      Integer yearInTrackMax,
      BigDecimal benchmarkRate,
      BigDecimal revenueRate,
      String source)
      implements Serializable {
    public boolean dependsOnYearInTrack() {
      return yearInTrackMin != null || yearInTrackMax != null;
    }

    public boolean covers(String t, int year, Integer yearInTrack) {
      if (!track.equals(t) || year < fromYear || year > toYear) {
        return false;
      }
      if (!dependsOnYearInTrack()) {
        return true;
      }
      return yearInTrack != null
          && (yearInTrackMin == null || yearInTrack >= yearInTrackMin)
          && (yearInTrackMax == null || yearInTrack <= yearInTrackMax);
    }
  }

  /** The quality link of an era. */
  public record QualityLinkRule(int fromYear, int toYear, QualityMethod method, String source)
      implements Serializable {}

  /** The sequestration rate applied to shared savings payments of a span of years. */
  public record SequestrationRule(int fromYear, int toYear, BigDecimal rate, String source)
      implements Serializable {}

  /** The years in which the EUC reduction of shared losses exists, and where it applies. */
  public record EucRule(int fromYear, int toYear, EucApplication appliesTo, String source)
      implements Serializable {}

  public SettlementRules {
    tracks = List.copyOf(tracks);
    msrBands = List.copyOf(msrBands);
    lossLimits = List.copyOf(lossLimits);
    qualityLinks = List.copyOf(qualityLinks);
    sequestration = List.copyOf(sequestration);
    euc = List.copyOf(euc);
  }

  /** The track names the rules know, in name order. */
  public Set<String> knownTracks() {
    return tracks.stream().map(TrackRule::track).collect(Collectors.toCollection(TreeSet::new));
  }

  /** The track's rule for the year, or empty when the track has no rule that year. */
  public Optional<TrackRule> track(String track, int year) {
    return tracks.stream().filter(t -> t.track().equals(track) && t.covers(year)).findFirst();
  }

  /** The performance years the track's rules cover, as "2018–2020" spans, for messages. */
  public String trackYears(String track) {
    return tracks.stream()
        .filter(t -> t.track().equals(track))
        .map(t -> t.fromYear() + "-" + t.toYear())
        .collect(Collectors.joining(", "));
  }

  /** The quality link of the year's era. */
  public Optional<QualityLinkRule> qualityLink(int year) {
    return qualityLinks.stream().filter(q -> year >= q.fromYear() && year <= q.toYear()).findFirst();
  }

  /** The sequestration rate applied to the year's shared savings (0 when suspended). */
  public Optional<BigDecimal> sequestrationRate(int year) {
    return sequestration.stream()
        .filter(s -> year >= s.fromYear() && year <= s.toYear())
        .findFirst()
        .map(SequestrationRule::rate);
  }

  /** The EUC policy of the year, or empty when the year predates EUC relief (before PY2017). */
  public Optional<EucRule> euc(int year) {
    return euc.stream().filter(e -> year >= e.fromYear() && year <= e.toYear()).findFirst();
  }

  /**
   * The variable minimum savings rate for an ACO with {@code beneficiaries} assigned
   * beneficiaries: linear interpolation inside the band, {@code rateAtLow − (rateAtLow −
   * rateAtHigh) × (n − low) / (high − low)} (spec §4.2; 42 CFR 425.604(b), 425.605(b)(1)).
   * Empty when no band covers the year and count.
   */
  public Optional<BigDecimal> variableMsr(int year, int beneficiaries) {
    return msrBands.stream()
        .filter(b -> b.covers(year, beneficiaries))
        .findFirst()
        .map(band -> interpolate(band, beneficiaries));
  }

  private static BigDecimal interpolate(MsrBand band, int beneficiaries) {
    if (band.high() == null || band.high() == band.low()) {
      return band.rateAtLow();
    }
    BigDecimal drop = band.rateAtLow().subtract(band.rateAtHigh());
    BigDecimal position =
        BigDecimal.valueOf((long) beneficiaries - band.low())
            .divide(BigDecimal.valueOf((long) band.high() - band.low()), PRECISION);
    return band.rateAtLow().subtract(drop.multiply(position, PRECISION), PRECISION);
  }

  /**
   * The loss limit rule of the track for the year and, where the limit depends on it (Track 2),
   * the year in the track. Empty for one-sided tracks or when no row matches.
   */
  public Optional<LossLimitRule> lossLimit(String track, int year, Integer yearInTrack) {
    return lossLimits.stream().filter(l -> l.covers(track, year, yearInTrack)).findFirst();
  }

  /** Whether the track's loss limit in the year depends on the ACO's year in the track. */
  public boolean lossLimitNeedsYearInTrack(String track, int year) {
    return lossLimits.stream()
        .anyMatch(
            l ->
                l.track().equals(track)
                    && year >= l.fromYear()
                    && year <= l.toYear()
                    && l.dependsOnYearInTrack());
  }
}
