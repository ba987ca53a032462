package org.mssp.common.rules;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.mssp.common.error.Errors;

/**
 * Reads a rule table shipped as a CSV resource: a header row, then one rule per line. Fields may
 * be double-quoted (to hold commas); blank lines and lines starting with {@code #} are skipped.
 * Each row is returned as a column → value map, and every row must have every header column.
 */
public final class RuleCsv {
  private RuleCsv() {}

  /** One parsed row, with its 1-based line number for error messages. */
  public record Row(int line, Map<String, String> values) {
    /** The value of a column; fails naming table, line and column when it is absent or blank. */
    public String require(String table, String column) {
      String v = values.get(column);
      if (v == null || v.isBlank()) {
        throw Errors.badRules(table, "line " + line + ": column '" + column + "' is empty");
      }
      return v.trim();
    }

    /** An integer column. */
    public int requireInt(String table, String column) {
      String v = require(table, column);
      try {
        return Integer.parseInt(v);
      } catch (NumberFormatException e) {
        throw Errors.badRules(
            table, "line " + line + ": column '" + column + "' is not a whole number: " + v);
      }
    }
  }

  /** Reads a classpath resource, e.g. {@code /rules/assignment/specialties.csv}. */
  public static List<Row> readResource(String table, String resource, List<String> requiredColumns) {
    try (InputStream in = RuleCsv.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw Errors.badRules(table, "resource " + resource + " is missing");
      }
      return read(table, in, requiredColumns);
    } catch (IOException e) {
      throw Errors.badRules(table, "cannot read " + resource + ": " + e.getMessage());
    }
  }

  /** Reads the first line of a text resource (a rule-set VERSION file). */
  public static String readVersion(String table, String resource) {
    try (InputStream in = RuleCsv.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw Errors.badRules(table, "resource " + resource + " is missing");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8).strip().lines().findFirst()
          .orElseThrow(() -> Errors.badRules(table, resource + " is empty"));
    } catch (IOException e) {
      throw Errors.badRules(table, "cannot read " + resource + ": " + e.getMessage());
    }
  }

  static List<Row> read(String table, InputStream in, List<String> requiredColumns)
      throws IOException {
    BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
    String headerLine = reader.readLine();
    if (headerLine == null) {
      throw Errors.badRules(table, "file is empty");
    }
    List<String> header = split(headerLine);
    for (String c : requiredColumns) {
      if (!header.contains(c)) {
        throw Errors.badRules(table, "header lacks column '" + c + "' (has " + header + ")");
      }
    }
    List<Row> rows = new ArrayList<>();
    String line;
    int lineNumber = 1;
    while ((line = reader.readLine()) != null) {
      lineNumber++;
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      List<String> fields = split(line);
      if (fields.size() != header.size()) {
        throw Errors.badRules(
            table,
            "line " + lineNumber + " has " + fields.size() + " fields, the header has " + header.size());
      }
      Map<String, String> values = new LinkedHashMap<>();
      for (int i = 0; i < header.size(); i++) {
        values.put(header.get(i), fields.get(i));
      }
      rows.add(new Row(lineNumber, values));
    }
    return rows;
  }

  /** Splits one CSV line, honouring double quotes ("" inside quotes is a quote). */
  public static List<String> split(String line) {
    List<String> out = new ArrayList<>();
    StringBuilder cur = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (quoted) {
        if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
          cur.append('"');
          i++;
        } else if (c == '"') {
          quoted = false;
        } else {
          cur.append(c);
        }
      } else if (c == '"') {
        quoted = true;
      } else if (c == ',') {
        out.add(cur.toString());
        cur.setLength(0);
      } else {
        cur.append(c);
      }
    }
    out.add(cur.toString());
    return out;
  }
}
