package org.mssp.common.cclf;

import java.util.Locale;

/**
 * The CCLF files CMS delivers, with the member code used in file names ({@code ZC1} ...) and the
 * layout key in {@code cclf-layouts-v36.json}. CCLF0 is the pipe-delimited summary.
 */
public enum CclfFile {
  CCLF0("0", "Summary statistics"),
  CCLF1("1", "Part A claims header"),
  CCLF2("2", "Part A revenue center detail"),
  CCLF3("3", "Part A procedure codes"),
  CCLF4("4", "Part A diagnosis codes"),
  CCLF5("5", "Part B physician line"),
  CCLF6("6", "Part B DME line"),
  CCLF7("7", "Part D"),
  CCLF8("8", "Beneficiary demographics"),
  CCLF9("9", "Beneficiary XREF"),
  CCLFA("A", "Part A BE and demo codes"),
  CCLFB("B", "Part B BE and demo codes");

  private final String code;
  private final String description;

  CclfFile(String code, String description) {
    this.code = code;
    this.description = description;
  }

  /** The character after {@code ZC} in file names: 0-9, A or B. */
  public String code() {
    return code;
  }

  /** Description as CCLF0 labels it (at most 20 characters). */
  public String description() {
    return description;
  }

  /** The file with the given member code (0-9, A, B). */
  public static CclfFile ofCode(String code) {
    for (CclfFile f : values()) {
      if (f.code.equalsIgnoreCase(code)) {
        return f;
      }
    }
    throw new IllegalArgumentException("unknown CCLF file code " + code);
  }

  /** Table-friendly lower-case name, e.g. {@code cclf1}. */
  public String tableName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
