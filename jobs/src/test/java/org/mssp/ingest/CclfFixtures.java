package org.mssp.ingest;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.mssp.common.cclf.CclfField;
import org.mssp.common.cclf.CclfFile;
import org.mssp.common.cclf.CclfFileName;
import org.mssp.common.cclf.CclfLayout;

/**
 * Test fixtures built from the layout data: fixed-width lines rendered from field → value maps (so
 * no fixture is a hand-counted string), and delivery folders/zips with a matching CCLF0.
 */
public final class CclfFixtures {
  private CclfFixtures() {}

  /**
   * Renders one fixed-width line. Text, digits and dates are left-aligned and space-padded;
   * amounts and quantities are right-aligned and zero-padded after the sign, as in the IP
   * pictures. Fails if a value does not fit its field or names no field.
   */
  public static String line(CclfFile file, Map<String, String> values) {
    CclfLayout layout = CclfLayout.of(file);
    for (String name : values.keySet()) {
      layout.field(name);
    }
    StringBuilder b = new StringBuilder(layout.recordLength());
    for (CclfField f : layout.fields()) {
      String v = values.getOrDefault(f.name(), "");
      String rendered;
      if (!v.isEmpty() && (f.kind() == CclfField.Kind.AMOUNT || f.kind() == CclfField.Kind.QUANTITY)
          && v.matches("-?[0-9.]+")) {
        String sign = v.startsWith("-") ? "-" : "0";
        String digits = v.replace("-", "");
        rendered = sign + "0".repeat(Math.max(0, f.length() - 1 - digits.length())) + digits;
      } else {
        rendered = v + " ".repeat(Math.max(0, f.length() - v.length()));
      }
      if (rendered.length() != f.length()) {
        throw new IllegalArgumentException(f.name() + " value '" + v + "' is wider than " + f.length());
      }
      b.append(rendered);
    }
    return b.toString();
  }

  /** A map of alternating field names and values. */
  public static Map<String, String> fields(String... nameValue) {
    Map<String, String> m = new LinkedHashMap<>();
    for (int i = 0; i < nameValue.length; i += 2) {
      m.put(nameValue[i], nameValue[i + 1]);
    }
    return m;
  }

  /** A Part A header line. */
  static String partA(String id, String mbi, String ccn, String from, String thru, String adj, String efctv, String amount) {
    return line(
        CclfFile.CCLF1,
        fields(
            "CUR_CLM_UNIQ_ID", id, "PRVDR_OSCAR_NUM", ccn, "BENE_MBI_ID", mbi, "CLM_TYPE_CD", "60",
            "CLM_FROM_DT", from, "CLM_THRU_DT", thru, "CLM_PMT_AMT", amount, "CLM_ADJSMT_TYPE_CD", adj,
            "CLM_EFCTV_DT", efctv, "CLM_IDR_LD_DT", "9999-12-31", "CLM_BLG_PRVDR_OSCAR_NUM", ccn,
            "CLM_CNTL_NUM", "CN" + id, "PRNCPL_DGNS_CD", "I10"));
  }

  /** A Part B physician line. */
  static String partB(String id, String line, String mbi, String cntl, String adj, String efctv, String amount) {
    return line(
        CclfFile.CCLF5,
        fields(
            "CUR_CLM_UNIQ_ID", id, "CLM_LINE_NUM", line, "BENE_MBI_ID", mbi, "CLM_TYPE_CD", "71",
            "CLM_FROM_DT", "2018-03-01", "CLM_THRU_DT", "2018-03-01", "CLM_LINE_HCPCS_CD", "99213",
            "CLM_LINE_CVRD_PD_AMT", amount, "CLM_ADJSMT_TYPE_CD", adj, "CLM_EFCTV_DT", efctv,
            "CLM_CNTL_NUM", cntl, "CLM_RNDRG_PRVDR_TAX_NUM", "123456789", "RNDRG_PRVDR_NPI_NUM", "1234567890",
            "CLM_LINE_ALOWD_CHRG_AMT", amount, "CLM_LINE_SRVC_UNIT_QTY", "1.0000"));
  }

  /** A CCLF8 demographics line. */
  static String bene(String mbi, String dob, String death) {
    return line(
        CclfFile.CCLF8,
        fields(
            "BENE_MBI_ID", mbi, "BENE_FIPS_STATE_CD", "36", "BENE_FIPS_CNTY_CD", "061", "BENE_DOB", dob,
            "BENE_SEX_CD", "2", "BENE_MDCR_STUS_CD", "10", "BENE_DUAL_STUS_CD", "NA", "BENE_DEATH_DT", death,
            "BENE_ORGNL_ENTLMT_RSN_CD", "0"));
  }

  /** A CCLF9 crosswalk line. */
  static String xref(String current, String previous, String effective) {
    return line(
        CclfFile.CCLF9,
        fields("HICN_MBI_XREF_IND", "M", "CRNT_NUM", current, "PRVS_NUM", previous, "PRVS_ID_EFCTV_DT", effective));
  }

  /** Raw-lines frame ({@link LineReader#SCHEMA}) for tests of the stages, one file. */
  static Dataset<Row> rawLines(SparkSession spark, String sourceFile, String type, List<String> lines) {
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      rows.add(
          RowFactory.create(
              sourceFile, type, "DELIVERY", "MONTHLY", java.sql.Date.valueOf("2018-02-15"), (long) i + 1,
              lines.get(i)));
    }
    return spark.createDataFrame(rows, LineReader.SCHEMA);
  }

  /**
   * stg rows of {@code file} from (delivery date, line) pairs: each pair is its own delivery dated
   * {@code yyyy-MM-dd}, so later dates are later deliveries.
   */
  static Dataset<Row> stg(SparkSession spark, CclfFile file, String... dateAndLine) {
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < dateAndLine.length; i += 2) {
      String date = dateAndLine[i];
      rows.add(
          RowFactory.create(
              file.name() + "." + date, file.name(), "D" + date, "MONTHLY", java.sql.Date.valueOf(date),
              (long) i / 2 + 1, dateAndLine[i + 1]));
    }
    Dataset<Row> raw = spark.createDataFrame(rows, LineReader.SCHEMA);
    EvaluatedLines evaluated = CclfStaging.evaluate(raw, file);
    long rejected = CclfStaging.quarantined(evaluated, file, "test").count();
    if (rejected > 0) {
      throw new IllegalArgumentException("fixture has " + rejected + " bad lines");
    }
    return CclfStaging.accepted(evaluated, file, "test");
  }

  /** How a delivery is written. */
  public enum Form {
    FOLDER,
    GZIP,
    ZIP
  }

  /**
   * Writes a delivery under {@code root/cclf/} with a CCLF0 that matches the files, and returns its
   * name. {@code cclf0Overrides} replaces declared counts (for mismatch tests); a null {@code files}
   * entry for CCLF0 writes no CCLF0.
   */
  public static String delivery(
      Path root, String kind, int year, LocalDate date, Form form, Map<CclfFile, List<String>> files,
      Map<CclfFile, String> cclf0Overrides, boolean withCclf0) throws IOException {
    CclfFileName archive =
        new CclfFileName("P", "A9999", null, CclfFileName.DeliveryKind.valueOf(kind), year, date, "0100000");
    Map<String, byte[]> content = new LinkedHashMap<>();
    StringBuilder cclf0 = new StringBuilder();
    for (Map.Entry<CclfFile, List<String>> e : files.entrySet()) {
      String body = e.getValue().isEmpty() ? "" : String.join("\n", e.getValue()) + "\n";
      content.put(archive.withFile(e.getKey()).format(), body.getBytes(StandardCharsets.ISO_8859_1));
      String declared = cclf0Overrides.getOrDefault(e.getKey(),
          e.getValue().size() + "|" + CclfLayout.of(e.getKey()).recordLength());
      cclf0.append(String.format("%-13s|%-20s|%s%n", e.getKey().name(), e.getKey().description(),
          pipePad(declared)));
    }
    if (withCclf0) {
      content.put(archive.withFile(CclfFile.CCLF0).format(), cclf0.toString().getBytes(StandardCharsets.ISO_8859_1));
    }
    Path dir = Files.createDirectories(root.resolve("cclf"));
    String name = archive.format();
    switch (form) {
      case FOLDER, GZIP -> {
        Path d = Files.createDirectories(dir.resolve(name));
        for (Map.Entry<String, byte[]> e : content.entrySet()) {
          if (form == Form.GZIP) {
            try (OutputStream o = new GZIPOutputStream(Files.newOutputStream(d.resolve(e.getKey() + ".gz")))) {
              o.write(e.getValue());
            }
          } else {
            Files.write(d.resolve(e.getKey()), e.getValue());
          }
        }
      }
      case ZIP -> {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream z = new ZipOutputStream(bytes)) {
          for (Map.Entry<String, byte[]> e : content.entrySet()) {
            z.putNextEntry(new ZipEntry(e.getKey()));
            z.write(e.getValue());
            z.closeEntry();
          }
        }
        Files.write(dir.resolve(name + ".zip"), bytes.toByteArray());
      }
    }
    return name;
  }

  private static String pipePad(String countAndLength) {
    String[] p = countAndLength.split("\\|");
    return String.format("%-20s|%-13s", p[0], p[1]);
  }

  /** Writes {@code root/enrollment/mbsf_<year>.csv} with the declared header and the given rows. */
  public static void enrollment(Path root, int year, List<String> rows) throws IOException {
    Path dir = Files.createDirectories(root.resolve("enrollment"));
    List<String> all = new ArrayList<>();
    all.add(String.join(",", IngestTables.MBSF_HEADER));
    all.addAll(rows);
    Files.write(dir.resolve("mbsf_" + year + ".csv"), (String.join("\n", all) + "\n").getBytes(StandardCharsets.UTF_8));
  }

  /**
   * An MBSF row: the same buy-in, HMO, status and dual code every month, alive all year.
   */
  static String mbsfRow(String mbi, int year, String buyin, String hmo, String status, String dual) {
    List<String> v = new ArrayList<>(List.of(mbi, String.valueOf(year), "1950-01-01", "1", "", "0"));
    for (int m = 1; m <= 12; m++) {
      v.add("36061");
    }
    for (String code : List.of(buyin, hmo, status, dual)) {
      for (int m = 1; m <= 12; m++) {
        v.add(code);
      }
    }
    return String.join(",", v);
  }
}
