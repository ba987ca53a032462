package org.mssp.settlement.rules;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;
import org.mssp.common.error.Errors;
import org.mssp.common.error.PipelineException;
import org.mssp.settlement.csv.Csv;
import org.mssp.settlement.rules.SettlementRules.EucApplication;
import org.mssp.settlement.rules.SettlementRules.EucRule;
import org.mssp.settlement.rules.SettlementRules.LossLimitRule;
import org.mssp.settlement.rules.SettlementRules.LossRateMethod;
import org.mssp.settlement.rules.SettlementRules.MsrBand;
import org.mssp.settlement.rules.SettlementRules.QualityLinkRule;
import org.mssp.settlement.rules.SettlementRules.QualityMethod;
import org.mssp.settlement.rules.SettlementRules.Risk;
import org.mssp.settlement.rules.SettlementRules.SequestrationRule;
import org.mssp.settlement.rules.SettlementRules.TrackRule;

/**
 * Loads {@link SettlementRules} from {@code rules/settlement/<table>.csv} and
 * {@code rules/settlement/VERSION}. Every table has {@code from_year}, {@code to_year} and a
 * {@code source} citing the regulation or data it comes from. The loader checks each value, that
 * rows of a table never overlap, and that the MSR bands of each year cover 0 beneficiaries upward
 * without gaps; a bad table fails through {@link Errors#badRules} naming table, line and column.
 */
public final class SettlementRulesLoader {
  /** Classpath folder of the packaged rule tables. */
  public static final String RESOURCE_DIR = "rules/settlement/";

  private final Function<String, Reader> open;

  private SettlementRulesLoader(Function<String, Reader> open) {
    this.open = open;
  }

  /** The packaged rules. */
  public static SettlementRules load() {
    return load(
        name -> {
          InputStream in =
              SettlementRulesLoader.class.getClassLoader().getResourceAsStream(RESOURCE_DIR + name);
          return in == null ? null : new InputStreamReader(in, StandardCharsets.UTF_8);
        });
  }

  /**
   * Rules from another source: {@code open} maps a file name ({@code tracks.csv},
   * {@code VERSION}, ...) to its reader, or null when it does not exist.
   */
  public static SettlementRules load(Function<String, Reader> open) {
    return new SettlementRulesLoader(open).loadAll();
  }

  private SettlementRules loadAll() {
    String version = readVersion();
    List<TrackRule> tracks = new ArrayList<>();
    for (Csv.Record r : table(SettlementRules.TRACKS)) {
      Row row = new Row(SettlementRules.TRACKS, r);
      LossRateMethod method = row.enumValue("loss_rate_method", LossRateMethod.class);
      Risk risk = row.enumValue("risk", Risk.class);
      BigDecimal fixed = row.optionalRate("loss_rate_fixed");
      BigDecimal floor = row.optionalRate("loss_rate_floor");
      BigDecimal ceiling = row.optionalRate("loss_rate_ceiling");
      if ((method == LossRateMethod.NONE) != (risk == Risk.ONE_SIDED)) {
        throw row.bad("loss_rate_method", "must be NONE exactly when risk is ONE_SIDED");
      }
      if (method == LossRateMethod.FIXED && fixed == null) {
        throw row.bad("loss_rate_fixed", "is required when loss_rate_method is FIXED");
      }
      if (method == LossRateMethod.ONE_MINUS_SHARING && (floor == null || ceiling == null)) {
        throw row.bad("loss_rate_floor", "floor and ceiling are required for ONE_MINUS_SHARING");
      }
      if (floor != null && ceiling != null && floor.compareTo(ceiling) > 0) {
        throw row.bad("loss_rate_floor", "is above loss_rate_ceiling");
      }
      Set<String> elections = new LinkedHashSet<>();
      for (String e : row.text("msr_elections").split("\\|")) {
        String election = e.trim();
        if (!election.equals("VARIABLE")) {
          try {
            BigDecimal fixedMsr = new BigDecimal(election);
            if (fixedMsr.signum() < 0 || fixedMsr.compareTo(BigDecimal.ONE) > 0) {
              throw row.bad("msr_elections", "fixed MSR " + election + " is not between 0 and 1");
            }
            election = fixedMsr.stripTrailingZeros().toPlainString();
          } catch (NumberFormatException ex) {
            throw row.bad("msr_elections", "'" + election + "' is neither VARIABLE nor a rate");
          }
        }
        elections.add(election);
      }
      tracks.add(
          new TrackRule(
              row.text("track"),
              row.year("from_year"),
              row.year("to_year"),
              risk,
              row.rate("max_sharing_rate"),
              row.rate("performance_payment_limit"),
              method,
              fixed,
              floor,
              ceiling,
              Set.copyOf(elections),
              row.source()));
    }
    noOverlap(SettlementRules.TRACKS, tracks, (a, b) -> a.track().equals(b.track()), TrackRule::fromYear, TrackRule::toYear);

    List<MsrBand> bands = new ArrayList<>();
    for (Csv.Record r : table(SettlementRules.MSR_BANDS)) {
      Row row = new Row(SettlementRules.MSR_BANDS, r);
      int low = row.integer("beneficiaries_low");
      Integer high = row.optionalInteger("beneficiaries_high");
      if (high != null && high < low) {
        throw row.bad("beneficiaries_high", "is below beneficiaries_low");
      }
      bands.add(
          new MsrBand(
              row.year("from_year"),
              row.year("to_year"),
              low,
              high,
              row.rate("rate_at_low"),
              row.rate("rate_at_high"),
              row.source()));
    }
    checkBandsContiguous(bands);

    List<LossLimitRule> limits = new ArrayList<>();
    for (Csv.Record r : table(SettlementRules.LOSS_LIMITS)) {
      Row row = new Row(SettlementRules.LOSS_LIMITS, r);
      limits.add(
          new LossLimitRule(
              row.text("track"),
              row.year("from_year"),
              row.year("to_year"),
              row.optionalInteger("year_in_track_min"),
              row.optionalInteger("year_in_track_max"),
              row.rate("benchmark_rate"),
              row.optionalRate("revenue_rate"),
              row.source()));
    }
    noOverlap(
        SettlementRules.LOSS_LIMITS,
        limits,
        (a, b) ->
            a.track().equals(b.track())
                && overlaps(
                    a.yearInTrackMin() == null ? 1 : a.yearInTrackMin(),
                    a.yearInTrackMax() == null ? Integer.MAX_VALUE : a.yearInTrackMax(),
                    b.yearInTrackMin() == null ? 1 : b.yearInTrackMin(),
                    b.yearInTrackMax() == null ? Integer.MAX_VALUE : b.yearInTrackMax()),
        LossLimitRule::fromYear,
        LossLimitRule::toYear);

    List<QualityLinkRule> quality = new ArrayList<>();
    for (Csv.Record r : table(SettlementRules.QUALITY_LINK)) {
      Row row = new Row(SettlementRules.QUALITY_LINK, r);
      quality.add(
          new QualityLinkRule(
              row.year("from_year"),
              row.year("to_year"),
              row.enumValue("method", QualityMethod.class),
              row.source()));
    }
    noOverlap(SettlementRules.QUALITY_LINK, quality, (a, b) -> true, QualityLinkRule::fromYear, QualityLinkRule::toYear);

    List<SequestrationRule> sequestration = new ArrayList<>();
    for (Csv.Record r : table(SettlementRules.SEQUESTRATION)) {
      Row row = new Row(SettlementRules.SEQUESTRATION, r);
      sequestration.add(
          new SequestrationRule(
              row.year("from_year"), row.year("to_year"), row.rate("rate"), row.source()));
    }
    noOverlap(SettlementRules.SEQUESTRATION, sequestration, (a, b) -> true, SequestrationRule::fromYear, SequestrationRule::toYear);

    List<EucRule> euc = new ArrayList<>();
    for (Csv.Record r : table(SettlementRules.EUC)) {
      Row row = new Row(SettlementRules.EUC, r);
      euc.add(
          new EucRule(
              row.year("from_year"),
              row.year("to_year"),
              row.enumValue("applies_to", EucApplication.class),
              row.source()));
    }
    noOverlap(SettlementRules.EUC, euc, (a, b) -> true, EucRule::fromYear, EucRule::toYear);

    return new SettlementRules(version, tracks, bands, limits, quality, sequestration, euc);
  }

  private String readVersion() {
    try (Reader reader = open.apply("VERSION")) {
      if (reader == null) {
        throw Errors.badRules("VERSION", "file " + RESOURCE_DIR + "VERSION not found");
      }
      StringBuilder text = new StringBuilder();
      char[] buf = new char[256];
      int n;
      while ((n = reader.read(buf)) > 0) {
        text.append(buf, 0, n);
      }
      String version = text.toString().trim();
      if (version.isEmpty() || version.contains("\n")) {
        throw Errors.badRules("VERSION", "must hold one non-empty line");
      }
      return version;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private List<Csv.Record> table(String name) {
    try (Reader reader = open.apply(name + ".csv")) {
      if (reader == null) {
        throw Errors.badRules(name, "file " + RESOURCE_DIR + name + ".csv not found");
      }
      Csv.Table table = Csv.read(reader);
      if (!table.header().contains("source")) {
        throw Errors.badRules(name, "the header has no 'source' column");
      }
      if (table.records().isEmpty()) {
        throw Errors.badRules(name, "the table has no rows");
      }
      return table.records();
    } catch (Csv.SyntaxException e) {
      throw Errors.badRules(name, "line " + e.line() + ": " + e.getMessage());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static boolean overlaps(int aFrom, int aTo, int bFrom, int bTo) {
    return aFrom <= bTo && bFrom <= aTo;
  }

  private static <T> void noOverlap(
      String table,
      List<T> rows,
      java.util.function.BiPredicate<T, T> sameKey,
      java.util.function.ToIntFunction<T> from,
      java.util.function.ToIntFunction<T> to) {
    for (int i = 0; i < rows.size(); i++) {
      T a = rows.get(i);
      if (from.applyAsInt(a) > to.applyAsInt(a)) {
        throw Errors.badRules(table, "row " + (i + 1) + ": from_year is after to_year");
      }
      for (int j = i + 1; j < rows.size(); j++) {
        T b = rows.get(j);
        if (sameKey.test(a, b)
            && overlaps(from.applyAsInt(a), to.applyAsInt(a), from.applyAsInt(b), to.applyAsInt(b))) {
          throw Errors.badRules(
              table, "rows " + (i + 1) + " and " + (j + 1) + " cover the same years");
        }
      }
    }
  }

  /** Each year's bands must run from 0 beneficiaries upward with no gap and end open. */
  private static void checkBandsContiguous(List<MsrBand> bands) {
    int first = bands.stream().mapToInt(MsrBand::fromYear).min().orElseThrow();
    int last = bands.stream().mapToInt(MsrBand::toYear).max().orElseThrow();
    for (int year = first; year <= last; year++) {
      int y = year;
      List<MsrBand> ofYear =
          bands.stream()
              .filter(b -> y >= b.fromYear() && y <= b.toYear())
              .sorted(Comparator.comparingInt(MsrBand::low))
              .toList();
      if (ofYear.isEmpty()) {
        continue;
      }
      int expectedLow = 0;
      for (int i = 0; i < ofYear.size(); i++) {
        MsrBand b = ofYear.get(i);
        if (b.low() != expectedLow) {
          throw Errors.badRules(
              SettlementRules.MSR_BANDS,
              String.format(
                  Locale.ROOT,
                  "PY%d: a band starts at %d beneficiaries, expected %d (gap or overlap)",
                  year,
                  b.low(),
                  expectedLow));
        }
        if (b.high() == null) {
          if (i != ofYear.size() - 1) {
            throw Errors.badRules(
                SettlementRules.MSR_BANDS, "PY" + year + ": only the last band may be open-ended");
          }
          expectedLow = -1;
        } else {
          expectedLow = b.high() + 1;
        }
      }
      if (expectedLow != -1) {
        throw Errors.badRules(
            SettlementRules.MSR_BANDS, "PY" + year + ": the last band must be open-ended");
      }
    }
  }

  /** One rule-table row with typed accessors whose errors name the table, line and column. */
  private static final class Row {
    private final String table;
    private final Csv.Record record;

    Row(String table, Csv.Record record) {
      this.table = table;
      this.record = record;
    }

    PipelineException bad(String column, String reason) {
      return Errors.badRules(
          table, "line " + record.line() + ", column " + column + ": " + reason);
    }

    String text(String column) {
      String v = record.value(column);
      if (v.isEmpty()) {
        throw bad(column, "is empty");
      }
      return v;
    }

    String source() {
      return text("source");
    }

    int year(String column) {
      int y = integer(column);
      if (y < 2012 || y > 2100) {
        throw bad(column, "year " + y + " is out of range");
      }
      return y;
    }

    int integer(String column) {
      String v = text(column);
      try {
        return Integer.parseInt(v);
      } catch (NumberFormatException e) {
        throw bad(column, "'" + v + "' is not an integer");
      }
    }

    Integer optionalInteger(String column) {
      return record.value(column).isEmpty() ? null : integer(column);
    }

    BigDecimal rate(String column) {
      String v = text(column);
      BigDecimal rate;
      try {
        rate = new BigDecimal(v);
      } catch (NumberFormatException e) {
        throw bad(column, "'" + v + "' is not a number");
      }
      if (rate.signum() < 0 || rate.compareTo(BigDecimal.ONE) > 0) {
        throw bad(column, "rate " + v + " is not between 0 and 1");
      }
      return rate;
    }

    BigDecimal optionalRate(String column) {
      return record.value(column).isEmpty() ? null : rate(column);
    }

    <E extends Enum<E>> E enumValue(String column, Class<E> type) {
      String v = text(column);
      try {
        return Enum.valueOf(type, v);
      } catch (IllegalArgumentException e) {
        throw bad(
            column,
            "'" + v + "' is not one of " + Arrays.toString(type.getEnumConstants()));
      }
    }
  }
}
