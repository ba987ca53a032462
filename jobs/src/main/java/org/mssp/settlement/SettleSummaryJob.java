package org.mssp.settlement;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import org.mssp.common.error.Errors;
import org.mssp.common.error.InvalidValueException;
import org.mssp.settlement.csv.Csv;
import org.mssp.settlement.rules.SettlementRules;

/**
 * {@code aco settle-summary}: the settlement engine on a CSV of ACO totals, for ACOs and
 * evaluators who have CMS's reports but no claims. No Spark. Every row is settled before anything
 * is written; the output is written to a temporary file next to it and renamed into place, so a
 * failure never leaves a partial or new output file behind (an existing file is left untouched).
 */
public final class SettleSummaryJob {
  private SettleSummaryJob() {}

  /** Input and output CSV paths. */
  public record Config(Path input, Path output) {
    public Config {
      if (input == null) {
        throw Errors.badArgument("--input", null, "a CSV of ACO totals");
      }
      if (output == null) {
        throw Errors.badArgument("--output", null, "the CSV to write");
      }
      if (input.toAbsolutePath().normalize().equals(output.toAbsolutePath().normalize())) {
        throw Errors.badArgument("--output", output, "a different file than --input");
      }
    }
  }

  /** What was written. */
  public record Summary(int acoYears, BigDecimal earnedSavings, BigDecimal lossesOwed) {}

  public static Summary run(Config config, SettlementRules rules) {
    String name = config.input().toString();
    List<AcoTotalsCsv.Row> rows;
    try (Reader reader = Files.newBufferedReader(config.input(), StandardCharsets.UTF_8)) {
      rows = AcoTotalsCsv.read(reader, name);
    } catch (NoSuchFileException e) {
      throw Errors.badInput(name, "", "file not found");
    } catch (IOException e) {
      throw Errors.badInput(name, "cannot read the file: " + e.getMessage(), e);
    }
    SettlementCalculator calculator = new SettlementCalculator(rules);
    List<SettlementResult> results = new ArrayList<>();
    BigDecimal earned = BigDecimal.ZERO;
    BigDecimal owed = BigDecimal.ZERO;
    for (AcoTotalsCsv.Row row : rows) {
      SettlementResult r;
      try {
        r = calculator.settle(row.totals());
      } catch (InvalidValueException e) {
        throw AcoTotalsCsv.locate(name, row, e);
      }
      results.add(r);
      if (r.earnedSavingsLosses().signum() > 0) {
        earned = earned.add(r.earnedSavingsLosses());
      } else {
        owed = owed.add(r.earnedSavingsLosses().negate());
      }
    }
    write(config.output(), results);
    return new Summary(results.size(), earned, owed);
  }

  /** Writes the waterfall CSV atomically: temp file in the target folder, then rename. */
  static void write(Path output, List<SettlementResult> results) {
    Path target = output.toAbsolutePath();
    Path dir = target.getParent();
    Path temp = null;
    try {
      Files.createDirectories(dir);
      temp = Files.createTempFile(dir, "." + target.getFileName(), ".tmp");
      try (Writer out = Files.newBufferedWriter(temp, StandardCharsets.UTF_8)) {
        Csv.writeRow(out, SettlementColumns.OUTPUT);
        for (SettlementResult r : results) {
          List<String> fields = new ArrayList<>();
          for (Object v : r.outputValues()) {
            fields.add(v == null ? "" : v instanceof BigDecimal d ? d.toPlainString() : v.toString());
          }
          Csv.writeRow(out, fields);
        }
      }
      try {
        Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
      }
      temp = null;
    } catch (IOException e) {
      throw Errors.cannot("write " + output, e.getMessage());
    } finally {
      if (temp != null) {
        try {
          Files.deleteIfExists(temp);
        } catch (IOException ignored) {
          // best effort: the temp file is hidden (dot-prefixed) and never the output itself
        }
      }
    }
  }
}
