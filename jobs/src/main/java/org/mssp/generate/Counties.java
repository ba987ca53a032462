package org.mssp.generate;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.mssp.common.error.Errors;

/**
 * The CMS county-level FFS file (one row per county: per-capita spend, mean HCC risk score and
 * person-years for each of the four enrollment types) as the generator's calibration table.
 * Small (3,219 rows): read on the driver, shipped to executors as broadcast tables.
 *
 * <p>Suppressed cells ({@code .} or {@code *}, fewer than 11 beneficiaries) count as zero
 * person-years; a suppressed per-capita or risk score takes the person-year-weighted mean of the
 * type in the state (else nationally). County codes are the file's {@code State ID} and
 * {@code County ID} (SSA state and county codes), written as a 5-digit code.
 */
final class Counties {
  /** Enrollment types in the order used everywhere (methodology §2.2 precedence order). */
  static final List<String> TYPES = List.of("ESRD", "DISABLED", "AGED_DUAL", "AGED_NON_DUAL");
  private static final String[] FILE_TYPES = {"ESRD", "DISABLED", "AGED/DUAL", "AGED/NON-DUAL"};
  /** Buckets of the uniform draw used to find a county without a cross join. */
  static final int BUCKETS = 8192;

  /** One county. Spend and risk per type in {@link #TYPES} order. */
  record County(
      int index,
      int stateId,
      int countyId,
      String stateName,
      String countyName,
      double[] personYears,
      double[] perCapita,
      double[] risk) {
    String code() {
      return String.format(Locale.ROOT, "%02d%03d", stateId, countyId);
    }

    double totalPersonYears() {
      double t = 0;
      for (double p : personYears) {
        t += p;
      }
      return t;
    }
  }

  private final List<County> counties;

  private Counties(List<County> counties) {
    this.counties = List.copyOf(counties);
  }

  List<County> list() {
    return counties;
  }

  /** Reads the county file (local or s3a); fails naming {@code --county-file}. */
  static Counties read(String file, Configuration hadoop) {
    Path path = new Path(file);
    List<String> lines = new ArrayList<>();
    try {
      FileSystem fs = path.getFileSystem(hadoop);
      if (!fs.isFile(path)) {
        throw Errors.badArgument("--county-file", file, "no such file");
      }
      try (BufferedReader r =
          new BufferedReader(new InputStreamReader(fs.open(path), StandardCharsets.UTF_8))) {
        for (String line = r.readLine(); line != null; line = r.readLine()) {
          if (!line.isBlank()) {
            lines.add(line);
          }
        }
      }
    } catch (IOException e) {
      throw Errors.badArgument("--county-file", file, "cannot be read: " + e.getMessage());
    }
    return parse(file, lines);
  }

  static Counties parse(String file, List<String> lines) {
    if (lines.isEmpty()) {
      throw Errors.badArgument("--county-file", file, "the file is empty");
    }
    Map<String, Integer> header = new HashMap<>();
    String[] names = lines.get(0).replace("\uFEFF", "").split(",", -1);
    for (int i = 0; i < names.length; i++) {
      header.put(names[i].trim().toLowerCase(Locale.ROOT), i);
    }
    int stateName = column(file, header, "State Name");
    int countyName = column(file, header, "County Name");
    int stateId = column(file, header, "State ID");
    int countyId = column(file, header, "County ID");
    int[][] cols = new int[4][3];
    for (int t = 0; t < 4; t++) {
      cols[t][0] = column(file, header, FILE_TYPES[t] + " person-years");
      cols[t][1] = column(file, header, "Per capita " + FILE_TYPES[t] + " expenditures");
      cols[t][2] = column(file, header, "Average " + FILE_TYPES[t] + " HCC risk score");
    }
    List<County> parsed = new ArrayList<>();
    for (int n = 1; n < lines.size(); n++) {
      String[] v = lines.get(n).split(",", -1);
      if (v.length < names.length) {
        throw Errors.badInput(file, "line " + (n + 1), "expected " + names.length + " fields");
      }
      double[] py = new double[4];
      double[] pc = new double[4];
      double[] risk = new double[4];
      for (int t = 0; t < 4; t++) {
        py[t] = orNaN(v[cols[t][0]]);
        py[t] = Double.isNaN(py[t]) ? 0 : py[t];
        pc[t] = orNaN(v[cols[t][1]]);
        risk[t] = orNaN(v[cols[t][2]]);
      }
      try {
        parsed.add(
            new County(
                parsed.size(),
                Integer.parseInt(v[stateId].trim()),
                Integer.parseInt(v[countyId].trim()),
                v[stateName].trim(),
                v[countyName].trim(),
                py,
                pc,
                risk));
      } catch (NumberFormatException e) {
        throw Errors.badInput(file, "line " + (n + 1), "State ID / County ID are not integers");
      }
    }
    fillSuppressed(parsed);
    List<County> usable = new ArrayList<>();
    for (County c : parsed) {
      if (c.totalPersonYears() > 0) {
        usable.add(new County(usable.size(), c.stateId(), c.countyId(), c.stateName(),
            c.countyName(), c.personYears(), c.perCapita(), c.risk()));
      }
    }
    if (usable.isEmpty()) {
      throw Errors.badArgument("--county-file", file, "no county has person-years");
    }
    return new Counties(usable);
  }

  private static int column(String file, Map<String, Integer> header, String name) {
    Integer i = header.get(name.toLowerCase(Locale.ROOT));
    if (i == null) {
      throw Errors.badArgument(
          "--county-file", file, "not a CMS county FFS file: no column '" + name + "'");
    }
    return i;
  }

  private static double orNaN(String s) {
    String t = s.trim();
    if (t.isEmpty() || t.equals(".") || t.equals("*")) {
      return Double.NaN;
    }
    try {
      return Double.parseDouble(t);
    } catch (NumberFormatException e) {
      return Double.NaN;
    }
  }

  /** Suppressed spend/risk: the state's person-year-weighted mean of the type, else national. */
  private static void fillSuppressed(List<County> counties) {
    for (int t = 0; t < 4; t++) {
      for (int k = 1; k <= 2; k++) {
        Map<Integer, double[]> state = new LinkedHashMap<>();
        double[] nation = new double[2];
        for (County c : counties) {
          double value = k == 1 ? c.perCapita()[t] : c.risk()[t];
          if (!Double.isNaN(value) && c.personYears()[t] > 0) {
            double[] s = state.computeIfAbsent(c.stateId(), x -> new double[2]);
            s[0] += value * c.personYears()[t];
            s[1] += c.personYears()[t];
            nation[0] += value * c.personYears()[t];
            nation[1] += c.personYears()[t];
          }
        }
        for (County c : counties) {
          double[] target = k == 1 ? c.perCapita() : c.risk();
          if (Double.isNaN(target[t])) {
            double[] s = state.get(c.stateId());
            target[t] = s != null && s[1] > 0 ? s[0] / s[1] : nation[0] / Math.max(nation[1], 1);
          }
        }
      }
    }
  }

  /** Share of all person-years per state id, in state id order. */
  Map<Integer, Double> stateShares() {
    Map<Integer, Double> shares = new java.util.TreeMap<>();
    double total = 0;
    for (County c : counties) {
      shares.merge(c.stateId(), c.totalPersonYears(), Double::sum);
      total += c.totalPersonYears();
    }
    final double t = total;
    shares.replaceAll((k, v) -> v / t);
    return shares;
  }

  /**
   * County attributes, grain one row per county: index, codes, cumulative type shares (for the
   * enrollment-type draw), per-capita and risk per type.
   */
  Dataset<Row> attributes(SparkSession spark) {
    StructType schema =
        new StructType()
            .add("county_idx", DataTypes.IntegerType)
            .add("state_id", DataTypes.IntegerType)
            .add("county_code", DataTypes.StringType)
            .add("type_cum_0", DataTypes.DoubleType)
            .add("type_cum_1", DataTypes.DoubleType)
            .add("type_cum_2", DataTypes.DoubleType)
            .add("pc_0", DataTypes.DoubleType)
            .add("pc_1", DataTypes.DoubleType)
            .add("pc_2", DataTypes.DoubleType)
            .add("pc_3", DataTypes.DoubleType)
            .add("risk_0", DataTypes.DoubleType)
            .add("risk_1", DataTypes.DoubleType)
            .add("risk_2", DataTypes.DoubleType)
            .add("risk_3", DataTypes.DoubleType);
    List<Row> rows = new ArrayList<>();
    for (County c : counties) {
      double total = c.totalPersonYears();
      double[] py = c.personYears();
      rows.add(
          RowFactory.create(
              c.index(),
              c.stateId(),
              c.code(),
              py[0] / total,
              (py[0] + py[1]) / total,
              (py[0] + py[1] + py[2]) / total,
              c.perCapita()[0],
              c.perCapita()[1],
              c.perCapita()[2],
              c.perCapita()[3],
              c.risk()[0],
              c.risk()[1],
              c.risk()[2],
              c.risk()[3]));
    }
    return spark.createDataFrame(rows, schema);
  }

  /**
   * The draw table: one row per (bucket, county overlapping the bucket) with the county's
   * cumulative person-year range [lo, hi). A uniform u finds its county by an equi-join on
   * {@code floor(u * BUCKETS)} and a range filter, exactly and without a cross join.
   */
  Dataset<Row> drawTable(SparkSession spark) {
    StructType schema =
        new StructType()
            .add("bucket", DataTypes.IntegerType)
            .add("county_idx", DataTypes.IntegerType)
            .add("lo", DataTypes.DoubleType)
            .add("hi", DataTypes.DoubleType);
    double total = 0;
    for (County c : counties) {
      total += c.totalPersonYears();
    }
    List<Row> rows = new ArrayList<>();
    double cum = 0;
    for (int i = 0; i < counties.size(); i++) {
      County c = counties.get(i);
      double lo = cum / total;
      cum += c.totalPersonYears();
      double hi = i == counties.size() - 1 ? 1.0 : cum / total;
      int first = (int) Math.floor(lo * BUCKETS);
      int last = Math.min(BUCKETS - 1, (int) Math.floor(hi * BUCKETS));
      for (int b = first; b <= last; b++) {
        rows.add(RowFactory.create(b, c.index(), lo, hi));
      }
    }
    return spark.createDataFrame(rows, schema);
  }
}
