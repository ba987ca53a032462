package org.mssp.settlement;

import static org.mssp.settlement.SettlementColumns.ACO_ID;
import static org.mssp.settlement.SettlementColumns.ASSIGNED_BENEFICIARIES;
import static org.mssp.settlement.SettlementColumns.BENCHMARK_TOTAL;
import static org.mssp.settlement.SettlementColumns.EUC_LOSS_REDUCTION_AMOUNT;
import static org.mssp.settlement.SettlementColumns.EUC_LOSS_REDUCTION_FRACTION;
import static org.mssp.settlement.SettlementColumns.EXPENDITURE_TOTAL;
import static org.mssp.settlement.SettlementColumns.MSR_ELECTION;
import static org.mssp.settlement.SettlementColumns.OPTIONAL_INPUT;
import static org.mssp.settlement.SettlementColumns.PARTICIPANT_REVENUE_TOTAL;
import static org.mssp.settlement.SettlementColumns.PAY_FOR_REPORTING;
import static org.mssp.settlement.SettlementColumns.PERFORMANCE_YEAR;
import static org.mssp.settlement.SettlementColumns.QUALITY_SCORE;
import static org.mssp.settlement.SettlementColumns.QUALITY_STANDARD_MET;
import static org.mssp.settlement.SettlementColumns.REQUIRED_INPUT;
import static org.mssp.settlement.SettlementColumns.SLIDING_SCALE_ELIGIBLE;
import static org.mssp.settlement.SettlementColumns.TRACK;
import static org.mssp.settlement.SettlementColumns.YEAR_IN_TRACK;

import java.io.IOException;
import java.io.Reader;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.mssp.common.error.Errors;
import org.mssp.common.error.InvalidValueException;
import org.mssp.common.error.PipelineException;
import org.mssp.settlement.csv.Csv;

/**
 * Reads the ACO-totals CSV contract of {@code aco settle-summary} (docs/settlement.md): a header
 * with the {@link SettlementColumns#REQUIRED_INPUT} columns and any of
 * the {@link SettlementColumns#OPTIONAL_INPUT} columns, then one row per ACO × performance year.
 * Every failure names the file, the row (and its line) and the column.
 */
public final class AcoTotalsCsv {
  private AcoTotalsCsv() {}

  /** A parsed row and where it came from. */
  public record Row(int row, int line, AcoTotals totals) {
    /** "row 2 (line 3)" — data rows count from 1, lines from the header's 1. */
    public String where() {
      return "row " + row + " (line " + line + ")";
    }
  }

  /**
   * Parses the whole file. Fails on a missing or unknown column, an unparsable value or a
   * duplicated ACO × performance year.
   */
  public static List<Row> read(Reader in, String fileName) throws IOException {
    Csv.Table table;
    try {
      table = Csv.read(in);
    } catch (Csv.SyntaxException e) {
      throw Errors.badInput(fileName, "line " + e.line(), e.getMessage());
    }
    List<String> missing =
        REQUIRED_INPUT.stream().filter(c -> !table.header().contains(c)).toList();
    if (!missing.isEmpty()) {
      throw Errors.badInput(
          fileName,
          "header",
          "missing column" + (missing.size() > 1 ? "s " : " ") + String.join(", ", missing));
    }
    Set<String> known = new LinkedHashSet<>(REQUIRED_INPUT);
    known.addAll(OPTIONAL_INPUT);
    List<String> unknown = table.header().stream().filter(c -> !known.contains(c)).toList();
    if (!unknown.isEmpty()) {
      throw Errors.badInput(
          fileName,
          "header",
          "unknown column" + (unknown.size() > 1 ? "s " : " ") + String.join(", ", unknown)
              + "; expected " + String.join(", ", known));
    }
    List<Row> rows = new ArrayList<>();
    Map<String, Row> seen = new HashMap<>();
    int index = 0;
    for (Csv.Record r : table.records()) {
      index++;
      Fields f = new Fields(fileName, index, r);
      AcoTotals totals =
          new AcoTotals(
              f.text(ACO_ID),
              f.integer(PERFORMANCE_YEAR),
              f.text(TRACK),
              f.integer(ASSIGNED_BENEFICIARIES),
              f.number(BENCHMARK_TOTAL),
              f.number(EXPENDITURE_TOTAL),
              f.text(MSR_ELECTION),
              f.number(QUALITY_SCORE),
              f.optionalBoolean(QUALITY_STANDARD_MET),
              f.optionalNumber(EUC_LOSS_REDUCTION_FRACTION),
              f.optionalNumber(EUC_LOSS_REDUCTION_AMOUNT),
              f.optionalInteger(YEAR_IN_TRACK),
              f.optionalNumber(PARTICIPANT_REVENUE_TOTAL),
              Boolean.TRUE.equals(f.optionalBoolean(PAY_FOR_REPORTING)),
              Boolean.TRUE.equals(f.optionalBoolean(SLIDING_SCALE_ELIGIBLE)));
      Row row = new Row(index, r.line(), totals);
      String key = totals.acoId() + "|" + totals.performanceYear();
      Row first = seen.putIfAbsent(key, row);
      if (first != null) {
        throw Errors.badInput(
            fileName,
            row.where() + ", column " + ACO_ID,
            String.format(
                Locale.ROOT,
                "ACO %s, PY%d appears again (first at %s); one row per ACO and performance year",
                totals.acoId(),
                totals.performanceYear(),
                first.where()));
      }
      rows.add(row);
    }
    return rows;
  }

  /**
   * Restates an engine error about a row with the file, row, line and column, e.g. "Cannot read
   * totals.csv, row 2 (line 3), column benchmark_total: must be positive, got -5 (ACO A1, PY2018)".
   */
  public static PipelineException locate(String fileName, Row row, InvalidValueException e) {
    return Errors.badInput(
        fileName,
        row.where() + ", column " + e.column(),
        e.reason()
            + String.format(
                Locale.ROOT,
                " (ACO %s, PY%d)",
                row.totals().acoId(),
                row.totals().performanceYear()));
  }

  /** Typed access to one record's fields; errors name file, row, line and column. */
  private static final class Fields {
    private final String file;
    private final int index;
    private final Csv.Record record;

    Fields(String file, int index, Csv.Record record) {
      this.file = file;
      this.index = index;
      this.record = record;
    }

    private PipelineException bad(String column, String reason) {
      return Errors.badInput(
          file, "row " + index + " (line " + record.line() + "), column " + column, reason);
    }

    String text(String column) {
      String v = record.value(column);
      if (v.isEmpty()) {
        throw bad(column, "is empty");
      }
      return v;
    }

    int integer(String column) {
      return parseInteger(column, text(column));
    }

    Integer optionalInteger(String column) {
      String v = record.value(column);
      return v.isEmpty() ? null : parseInteger(column, v);
    }

    private int parseInteger(String column, String v) {
      try {
        return new BigDecimal(v).intValueExact();
      } catch (NumberFormatException | ArithmeticException e) {
        throw bad(column, "'" + v + "' is not a whole number");
      }
    }

    BigDecimal number(String column) {
      return parseNumber(column, text(column));
    }

    BigDecimal optionalNumber(String column) {
      String v = record.value(column);
      return v.isEmpty() ? null : parseNumber(column, v);
    }

    private BigDecimal parseNumber(String column, String v) {
      try {
        return new BigDecimal(v);
      } catch (NumberFormatException e) {
        throw bad(column, "'" + v + "' is not a number");
      }
    }

    Boolean optionalBoolean(String column) {
      String v = record.value(column).toLowerCase(Locale.ROOT);
      return switch (v) {
        case "" -> null;
        case "true", "1" -> Boolean.TRUE;
        case "false", "0" -> Boolean.FALSE;
        default -> throw bad(column, "'" + record.value(column) + "' is not true or false");
      };
    }
  }
}
