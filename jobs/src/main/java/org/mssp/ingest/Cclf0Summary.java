package org.mssp.ingest;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.mssp.common.cclf.CclfFile;
import org.mssp.common.cclf.CclfLayout;
import org.mssp.common.error.Errors;

/**
 * The CCLF0 summary of a delivery: per file, the record count and record length CMS declares
 * (claims-formats.md §1.2: pipe-delimited, {@code File Number|File Description|Total Records
 * Count|Record Length}, widths 13|20|20|13). A label row ({@code File Number|...}) is skipped.
 *
 * @param file the CCLF0 file name (for messages)
 * @param entries declared count and length per CCLF file
 */
public record Cclf0Summary(String file, Map<CclfFile, Entry> entries) {

  /** One CCLF0 line. */
  public record Entry(CclfFile file, long recordCount, int recordLength, int lineNumber) {}

  /** Parses the lines of a CCLF0 file; fails naming the file, line and field on a bad line. */
  public static Cclf0Summary parse(String fileName, List<String> lines) {
    Map<CclfFile, Entry> entries = new EnumMap<>(CclfFile.class);
    for (int i = 0; i < lines.size(); i++) {
      int lineNumber = i + 1;
      String line = lines.get(i);
      if (line.isBlank()) {
        continue;
      }
      String[] parts = line.split("\\|", -1);
      if (parts.length != 4) {
        throw Errors.badInput(
            fileName, "line " + lineNumber, "expected 4 pipe-delimited fields, found " + parts.length);
      }
      String number = parts[0].trim().replace(" ", "");
      if (i == 0 && number.toUpperCase().startsWith("FILE")) {
        continue;
      }
      if (!number.toUpperCase().matches("CCLF[0-9AB]")) {
        throw Errors.badInput(
            fileName, "line " + lineNumber + ", field File Number", "'" + parts[0].trim() + "' is not CCLF0-9/A/B");
      }
      CclfFile file = CclfFile.valueOf(number.toUpperCase());
      long count = number(fileName, lineNumber, "Total Records Count", parts[2]);
      long length = number(fileName, lineNumber, "Record Length", parts[3]);
      if (entries.put(file, new Entry(file, count, (int) length, lineNumber)) != null) {
        throw Errors.badInput(fileName, "line " + lineNumber, file + " is listed twice");
      }
    }
    return new Cclf0Summary(fileName, entries);
  }

  private static long number(String fileName, int lineNumber, String field, String value) {
    String v = value.trim().replace(",", "");
    if (!v.matches("[0-9]{1,18}")) {
      throw Errors.badInput(
          fileName, "line " + lineNumber + ", field " + field, "'" + value.trim() + "' is not a number");
    }
    return Long.parseLong(v);
  }

  /**
   * Reconciles a delivery against this summary: every data file is listed, has the declared record
   * length in the layout data and exactly the declared number of lines; every listed file with
   * records is present. Fails on the first mismatch, naming the file.
   *
   * @param delivery the delivery
   * @param linesRead lines per source file
   */
  public void reconcile(Delivery delivery, Map<String, Long> linesRead) {
    List<CclfFile> present = new ArrayList<>();
    for (SourceFile f : delivery.files()) {
      CclfFile type = CclfFile.valueOf(f.fileType());
      if (type == CclfFile.CCLF0) {
        continue;
      }
      present.add(type);
      Entry e = entries.get(type);
      if (e == null) {
        throw Errors.badInput(f.sourceFile(), "", "the delivery's CCLF0 (" + file + ") does not list " + type);
      }
      int layoutLength = CclfLayout.of(type).recordLength();
      if (e.recordLength() != layoutLength) {
        throw Errors.badInput(
            f.sourceFile(),
            "",
            "CCLF0 declares record length " + e.recordLength() + " but the CCLF IP v36 layout of " + type
                + " is " + layoutLength);
      }
      long read = linesRead.getOrDefault(f.sourceFile(), 0L);
      if (read != e.recordCount()) {
        throw Errors.badInput(
            f.sourceFile(),
            "",
            "record count does not reconcile with CCLF0: " + read + " lines read, CCLF0 declares "
                + e.recordCount() + " (truncated or incomplete file?)");
      }
    }
    for (Entry e : entries.values()) {
      if (e.file() != CclfFile.CCLF0 && e.recordCount() > 0 && !present.contains(e.file())) {
        throw Errors.badInput(
            delivery.name(),
            "",
            "CCLF0 lists " + e.file() + " with " + e.recordCount() + " records but the delivery has no "
                + e.file() + " file");
      }
    }
  }
}
