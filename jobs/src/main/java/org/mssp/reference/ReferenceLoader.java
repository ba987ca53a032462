package org.mssp.reference;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.from_csv;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.trim;
import static org.apache.spark.sql.functions.when;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.DecimalType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.mssp.common.error.Errors;
import org.mssp.common.rules.RuleCsv;
import org.mssp.common.spark.DeltaTables;
import org.mssp.reference.ReferenceTables.ReferenceFile;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads the reference CSVs of a dataset ({@code reference/*.csv}) into {@code ref_*} Delta tables.
 * Reference files are small curated inputs that change results wholesale (a participant list, an
 * agreement), so their data-quality policy is FAIL: a row with a missing required field, a value
 * of the wrong type or an unknown code stops the load with file, line and field named, and
 * nothing is written for that file. Each load replaces the table whole, so a re-run with the same
 * files changes nothing.
 */
public final class ReferenceLoader {
  private static final Logger LOG = LoggerFactory.getLogger(ReferenceLoader.class);
  private static final int EXAMPLES = 5;
  private static final Map<String, List<String>> ALLOWED =
      Map.of(
          "assignment_method", ReferenceTables.ASSIGNMENT_METHODS,
          "enrollment_type", ReferenceTables.ENROLLMENT_TYPES);

  private ReferenceLoader() {}

  /**
   * Loads every reference file present in {@code referenceDir}; returns rows written per table.
   * Absent files are skipped (each stage checks for the tables it needs).
   */
  public static Map<String, Long> load(SparkSession spark, String referenceDir, String warehouse) {
    Map<String, Long> written = new LinkedHashMap<>();
    for (ReferenceFile rf : ReferenceTables.FILES) {
      String path = referenceDir.replaceAll("/+$", "") + "/" + rf.fileName();
      if (!exists(spark, path)) {
        LOG.info("reference file {} not present; table {} left as it is", path, rf.table().name());
        continue;
      }
      Dataset<Row> parsed = parse(spark, path, rf).persist();
      try {
        long rows = parsed.count();
        DeltaTables.replaceAll(parsed, rf.table(), warehouse);
        LOG.info("reference {}: {} rows into {}", rf.fileName(), rows, rf.table().name());
        written.put(rf.table().name(), rows);
      } finally {
        parsed.unpersist();
      }
    }
    return written;
  }

  static boolean exists(SparkSession spark, String path) {
    try {
      Path p = new Path(path);
      FileSystem fs = p.getFileSystem(spark.sparkContext().hadoopConfiguration());
      return fs.exists(p);
    } catch (IOException e) {
      throw Errors.badInput(path, "cannot check whether it exists: " + e.getMessage(), e);
    }
  }

  /**
   * Parses and validates one reference CSV into its table's shape (with {@code source_line});
   * fails on the first bad rows, naming up to five with their line and field.
   */
  public static Dataset<Row> parse(SparkSession spark, String path, ReferenceFile rf) {
    Dataset<Row> text = spark.read().text(path);
    // zipWithIndex numbers the lines of the one file in order: partitions follow file offsets.
    StructType numbered =
        new StructType().add("value", DataTypes.StringType).add("line_number", DataTypes.LongType);
    Dataset<Row> lines =
        spark.createDataFrame(
            text.javaRDD().zipWithIndex().map(t -> RowFactory.create(t._1().getString(0), t._2() + 1)),
            numbered);
    List<Row> first = lines.filter(col("line_number").equalTo(1)).collectAsList();
    if (first.isEmpty()) {
      throw Errors.badInput(path, "line 1", "the file is empty; expected a header row");
    }
    List<String> header =
        RuleCsv.split(first.get(0).getString(0)).stream().map(String::trim).toList();
    for (String required : rf.requiredColumns()) {
      if (!header.contains(required)) {
        throw Errors.badInput(
            path, "line 1", "the header lacks column '" + required + "' (it has " + header + ")");
      }
    }
    StructType raw = new StructType();
    for (String h : header) {
      raw = raw.add(h, DataTypes.StringType);
    }
    Dataset<Row> fields =
        lines
            .filter(col("line_number").gt(1).and(trim(col("value")).notEqual("")))
            .select(col("line_number"), from_csv(col("value"), lit(raw.toDDL()), Map.<String, String>of()).as("f"));

    List<Column> typed = new ArrayList<>();
    List<Column> problems = new ArrayList<>();
    for (StructField target : rf.table().schema().fields()) {
      if (target.name().equals(ReferenceTables.SOURCE_LINE)) {
        continue;
      }
      Column value =
          header.contains(target.name())
              ? when(trim(col("f.`" + target.name() + "`")).notEqual(""), trim(col("f.`" + target.name() + "`")))
              : lit(null).cast(DataTypes.StringType);
      Column parsed = typedValue(value, target.dataType());
      typed.add(parsed.as(target.name()));
      Column problem =
          when(value.isNull().and(lit(!target.nullable())), lit(target.name() + ": the value is empty"))
              .when(value.isNotNull().and(parsed.isNull()),
                  concat(lit(target.name() + ": '"), value, lit("' is not " + describe(target.dataType()))));
      List<String> allowed = ALLOWED.get(target.name());
      if (allowed != null) {
        problem =
            problem.when(value.isNotNull().and(value.isin(allowed.toArray()).unary_$bang()),
                concat(lit(target.name() + ": '"), value, lit("' is not one of " + allowed)));
      }
      problems.add(problem);
    }
    Dataset<Row> checked =
        fields.withColumn("problem", coalesce(problems.toArray(new Column[0])));
    List<Row> bad =
        checked.filter(col("problem").isNotNull())
            .select("line_number", "problem").orderBy("line_number").limit(EXAMPLES).collectAsList();
    if (!bad.isEmpty()) {
      String detail =
          bad.stream()
              .map(r -> "line " + r.getLong(0) + ", field " + r.getString(1))
              .collect(Collectors.joining("; "));
      throw Errors.badInput(path, "", "invalid rows (first " + bad.size() + "): " + detail);
    }
    typed.add(col("line_number").as(ReferenceTables.SOURCE_LINE));
    return fields.select(typed.toArray(new Column[0]));
  }

  /** The typed value, or null when the text does not have the type's exact shape. */
  static Column typedValue(Column value, DataType type) {
    if (type.equals(DataTypes.StringType)) {
      return value;
    }
    if (type.equals(DataTypes.DateType)) {
      return when(value.rlike("^\\d{4}-\\d{2}-\\d{2}$"), value.try_cast(DataTypes.DateType));
    }
    if (type.equals(DataTypes.IntegerType)) {
      return when(value.rlike("^-?\\d{1,9}$"), value.try_cast(DataTypes.IntegerType));
    }
    if (type instanceof DecimalType d) {
      String pattern = "^-?\\d{1," + (d.precision() - d.scale()) + "}(\\.\\d{1," + d.scale() + "})?$";
      return when(value.rlike(pattern), value.try_cast(d));
    }
    throw new IllegalArgumentException("no reference parser for " + type);
  }

  private static String describe(DataType type) {
    if (type.equals(DataTypes.DateType)) {
      return "a date (yyyy-MM-dd)";
    }
    if (type.equals(DataTypes.IntegerType)) {
      return "a whole number";
    }
    if (type instanceof DecimalType d) {
      return "a decimal with at most " + d.scale() + " places";
    }
    return "a " + type.simpleString();
  }
}
