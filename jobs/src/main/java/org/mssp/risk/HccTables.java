package org.mssp.risk;

import java.io.BufferedReader;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.mssp.common.error.Errors;
import org.mssp.common.rules.RuleCsv;

/**
 * CMS's CMS-HCC model tables of one payment year, read from a folder the user names (the project
 * never bundles them): {@code ra_dx_to_cc_<year>.csv}, {@code ra_hierarchies_<year>.csv},
 * {@code ra_coefficients_<year>.csv} and {@code ra_eligible_cpt_hcpcs_<year>.csv} (format:
 * {@code ../shared/reference/cms-hcc/README.md}). Only the CMS-HCC models asked for are kept
 * (model versions {@code V24}, {@code V28}; coefficient versions {@code C24}, {@code C28}).
 */
public record HccTables(
    int paymentYear,
    List<DxCc> dxToCc,
    List<Hierarchy> hierarchies,
    List<Coefficient> coefficients,
    List<String> eligibleHcpcs) {

  /** One diagnosis → condition category row of a model. */
  public record DxCc(String modelVersion, String dxCode, int cc) {}

  /** A parent CC that removes a child CC in a model. */
  public record Hierarchy(String modelVersion, int parent, int child) {}

  /** A relative factor: variable is the full name with its segment prefix, e.g. CNA_HCC38. */
  public record Coefficient(String modelVersion, String variable, BigDecimal value) {}

  public static final String DX_FILE = "ra_dx_to_cc_%d.csv";
  public static final String HIERARCHY_FILE = "ra_hierarchies_%d.csv";
  public static final String COEFFICIENT_FILE = "ra_coefficients_%d.csv";
  public static final String HCPCS_FILE = "ra_eligible_cpt_hcpcs_%d.csv";

  /** The names of the four table files of a payment year, in the order they are read. */
  public static List<String> fileNames(int paymentYear) {
    return java.util.stream.Stream.of(DX_FILE, HIERARCHY_FILE, COEFFICIENT_FILE, HCPCS_FILE)
        .map(f -> String.format(f, paymentYear)).toList();
  }

  /** Reads the tables of {@code paymentYear} for the model versions given (e.g. V24, V28). */
  public static HccTables load(String folder, int paymentYear, Collection<String> modelVersions) {
    Path dir = Path.of(folder);
    String action = "score CMS-HCC risk for payment year " + paymentYear;
    List<DxCc> dx = new ArrayList<>();
    read(dir, DX_FILE, paymentYear, action, List.of("diagnosis_code", "cc", "model_name"), (r) -> {
      String model = r.get("model_name").trim();
      for (String v : modelVersions) {
        if (model.equals("CMS-HCC Model " + v)) {
          dx.add(new DxCc(v, r.get("diagnosis_code").trim().toUpperCase(java.util.Locale.ROOT), integer(r, "cc")));
        }
      }
    });
    List<Hierarchy> hier = new ArrayList<>();
    read(dir, HIERARCHY_FILE, paymentYear, action, List.of("cc_parent", "cc_child", "model_domain", "model_version"), (r) -> {
      if (r.get("model_domain").trim().equals("CMS-HCC") && modelVersions.contains(r.get("model_version").trim())) {
        hier.add(new Hierarchy(r.get("model_version").trim(), integer(r, "cc_parent"), integer(r, "cc_child")));
      }
    });
    List<Coefficient> coef = new ArrayList<>();
    read(dir, COEFFICIENT_FILE, paymentYear, action, List.of("coefficient", "value", "model_domain", "model_version"), (r) -> {
      String v = r.get("model_version").trim();
      if (r.get("model_domain").trim().equals("CMS-HCC") && v.startsWith("C")) {
        String model = "V" + v.substring(1);
        if (modelVersions.contains(model)) {
          coef.add(new Coefficient(model, r.get("coefficient").trim(), decimal(r, "value")));
        }
      }
    });
    List<String> hcpcs = new ArrayList<>();
    read(dir, HCPCS_FILE, paymentYear, action, List.of("cpt_hcpcs_code"), (r) -> hcpcs.add(r.get("cpt_hcpcs_code").trim()));
    for (String v : modelVersions) {
      if (coef.stream().noneMatch(c -> c.modelVersion().equals(v)) || dx.stream().noneMatch(d -> d.modelVersion().equals(v))) {
        throw Errors.cannot(action, dir.resolve(String.format(COEFFICIENT_FILE, paymentYear)) + " or "
            + dir.resolve(String.format(DX_FILE, paymentYear)) + " has no rows for CMS-HCC model " + v);
      }
    }
    return new HccTables(paymentYear, List.copyOf(dx), List.copyOf(hier), List.copyOf(coef), List.copyOf(hcpcs));
  }

  /** {@code model_version, dx_code, cc}. */
  public Dataset<Row> dxFrame(SparkSession spark) {
    StructType s = new StructType().add("model_version", DataTypes.StringType, false)
        .add("dx_code", DataTypes.StringType, false).add("cc", DataTypes.IntegerType, false);
    return spark.createDataFrame(dxToCc.stream().map(d -> RowFactory.create(d.modelVersion(), d.dxCode(), d.cc())).toList(), s);
  }

  /** {@code model_version, parent_cc, child_cc}. */
  public Dataset<Row> hierarchyFrame(SparkSession spark) {
    StructType s = new StructType().add("model_version", DataTypes.StringType, false)
        .add("parent_cc", DataTypes.IntegerType, false).add("child_cc", DataTypes.IntegerType, false);
    return spark.createDataFrame(hierarchies.stream().map(h -> RowFactory.create(h.modelVersion(), h.parent(), h.child())).toList(), s);
  }

  /** {@code model_version, variable, coefficient decimal(10,4)}. */
  public Dataset<Row> coefficientFrame(SparkSession spark) {
    StructType s = new StructType().add("model_version", DataTypes.StringType, false)
        .add("variable", DataTypes.StringType, false).add("coefficient", org.mssp.risk.RiskTables.COEFFICIENT, false);
    return spark.createDataFrame(coefficients.stream().map(c -> RowFactory.create(c.modelVersion(), c.variable(), c.value())).toList(), s);
  }

  /** {@code hcpcs}. */
  public Dataset<Row> hcpcsFrame(SparkSession spark) {
    StructType s = new StructType().add("hcpcs", DataTypes.StringType, false);
    return spark.createDataFrame(eligibleHcpcs.stream().distinct().map(h -> RowFactory.create(h)).toList(), s);
  }

  /** The coefficient of a full variable name, or null. */
  public BigDecimal coefficient(String modelVersion, String variable) {
    return coefficients.stream().filter(c -> c.modelVersion().equals(modelVersion) && c.variable().equals(variable))
        .map(Coefficient::value).findFirst().orElse(null);
  }

  private static void read(Path dir, String pattern, int year, String action, List<String> required, Consumer<Map<String, String>> sink) {
    Path file = dir.resolve(String.format(pattern, year));
    if (!Files.isRegularFile(file)) {
      throw Errors.cannot(action, "no CMS-HCC table " + file + " (the folder given by --hcc-tables must hold CMS's tables of "
          + year + ")");
    }
    try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      String headerLine = in.readLine();
      if (headerLine == null) {
        throw Errors.badInput(file.toString(), "line 1", "the file is empty");
      }
      List<String> header = RuleCsv.split(headerLine.replace("\uFEFF", ""));
      for (String c : required) {
        if (!header.contains(c)) {
          throw Errors.badInput(file.toString(), "line 1", "the header lacks column '" + c + "' (has " + header + ")");
        }
      }
      String line;
      int n = 1;
      while ((line = in.readLine()) != null) {
        n++;
        if (line.isBlank()) {
          continue;
        }
        List<String> f = RuleCsv.split(line);
        if (f.size() != header.size()) {
          throw Errors.badInput(file.toString(), "line " + n, f.size() + " fields, the header has " + header.size());
        }
        Map<String, String> row = new java.util.HashMap<>();
        for (int i = 0; i < header.size(); i++) {
          row.put(header.get(i), f.get(i));
        }
        row.put("__where", file + "|" + n);
        sink.accept(row);
      }
    } catch (IOException e) {
      throw Errors.badInput(file.toString(), e.getMessage(), e);
    }
  }

  private static int integer(Map<String, String> r, String field) {
    String v = r.get(field).trim();
    try {
      return Integer.parseInt(v.startsWith("HCC") ? v.substring(3) : v);
    } catch (NumberFormatException e) {
      String[] where = r.get("__where").split("\\|");
      throw Errors.badInput(where[0], "line " + where[1] + ", field " + field, "not a whole number: " + v);
    }
  }

  private static BigDecimal decimal(Map<String, String> r, String field) {
    String v = r.get(field).trim();
    try {
      return new BigDecimal(v);
    } catch (NumberFormatException e) {
      String[] where = r.get("__where").split("\\|");
      throw Errors.badInput(where[0], "line " + where[1] + ", field " + field, "not a number: " + v);
    }
  }
}
