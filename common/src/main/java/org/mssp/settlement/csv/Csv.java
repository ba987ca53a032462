package org.mssp.settlement.csv;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A small RFC 4180 CSV reader and writer for ACO-level files (rule tables, ACO totals,
 * settlement summaries): a header row, comma separators, optional double quotes with {@code ""}
 * escapes. Files here have at most a few thousand rows, so records are read whole.
 */
public final class Csv {
  private Csv() {}

  /**
   * One data record: its 1-based line number in the file (the header is line 1) and its fields by
   * header name. Fields are trimmed; an absent trailing field reads as "".
   */
  public record Record(int line, Map<String, String> fields) {
    /** The field's trimmed value, or "" when the column is absent or empty. */
    public String value(String column) {
      String v = fields.get(column);
      return v == null ? "" : v;
    }
  }

  /** A parsed file: the header names in order and the records. */
  public record Table(List<String> header, List<Record> records) {}

  /** Thrown for malformed CSV syntax; callers turn it into a {@code PipelineException}. */
  public static final class SyntaxException extends Exception {
    private final int line;

    SyntaxException(int line, String message) {
      super(message);
      this.line = line;
    }

    public int line() {
      return line;
    }
  }

  /** Reads a whole CSV with a header row. Blank lines are skipped. */
  public static Table read(Reader in) throws IOException, SyntaxException {
    BufferedReader reader = new BufferedReader(in);
    List<List<String>> rows = new ArrayList<>();
    List<Integer> lines = new ArrayList<>();
    int lineNo = 0;
    String line;
    while ((line = reader.readLine()) != null) {
      lineNo++;
      int startLine = lineNo;
      if (lineNo == 1 && line.startsWith("\uFEFF")) {
        line = line.substring(1);
      }
      List<String> fields = new ArrayList<>();
      StringBuilder field = new StringBuilder();
      boolean quoted = false;
      int i = 0;
      while (true) {
        if (i >= line.length()) {
          if (quoted) {
            String next = reader.readLine();
            if (next == null) {
              throw new SyntaxException(startLine, "unterminated quoted field");
            }
            lineNo++;
            field.append('\n');
            line = next;
            i = 0;
            continue;
          }
          fields.add(field.toString().trim());
          break;
        }
        char c = line.charAt(i);
        if (quoted) {
          if (c == '"') {
            if (i + 1 < line.length() && line.charAt(i + 1) == '"') {
              field.append('"');
              i++;
            } else {
              quoted = false;
            }
          } else {
            field.append(c);
          }
        } else if (c == '"') {
          quoted = true;
        } else if (c == ',') {
          fields.add(field.toString().trim());
          field.setLength(0);
        } else {
          field.append(c);
        }
        i++;
      }
      if (fields.size() == 1 && fields.get(0).isEmpty()) {
        continue;
      }
      rows.add(fields);
      lines.add(startLine);
    }
    if (rows.isEmpty()) {
      throw new SyntaxException(1, "the file is empty (no header row)");
    }
    List<String> header = rows.get(0);
    for (int h = 0; h < header.size(); h++) {
      if (header.indexOf(header.get(h)) != h) {
        throw new SyntaxException(lines.get(0), "column '" + header.get(h) + "' appears twice in the header");
      }
    }
    List<Record> records = new ArrayList<>();
    for (int r = 1; r < rows.size(); r++) {
      List<String> fields = rows.get(r);
      if (fields.size() > header.size()) {
        throw new SyntaxException(
            lines.get(r),
            "has " + fields.size() + " fields but the header has " + header.size());
      }
      Map<String, String> byName = new LinkedHashMap<>();
      for (int f = 0; f < header.size(); f++) {
        byName.put(header.get(f), f < fields.size() ? fields.get(f) : "");
      }
      records.add(new Record(lines.get(r), byName));
    }
    return new Table(List.copyOf(header), List.copyOf(records));
  }

  /** Writes one CSV line, quoting fields that contain a comma, quote or line break. */
  public static void writeRow(Writer out, List<String> fields) throws IOException {
    for (int i = 0; i < fields.size(); i++) {
      if (i > 0) {
        out.write(',');
      }
      String f = fields.get(i) == null ? "" : fields.get(i);
      if (f.indexOf(',') >= 0 || f.indexOf('"') >= 0 || f.indexOf('\n') >= 0 || f.indexOf('\r') >= 0) {
        out.write('"');
        out.write(f.replace("\"", "\"\""));
        out.write('"');
      } else {
        out.write(f);
      }
    }
    out.write('\n');
  }
}
