package org.mssp.ingest;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.mssp.common.quality.QualityRules;

/**
 * Lines a line parser has typed and checked ({@link CclfStaging#evaluate}, {@link
 * MbsfStaging#evaluate}), kept as parsed Java rows until a caller asks for a frame. Grain: one row
 * per line read, in {@code schema}, with the {@link QualityRules} columns null for an accepted line.
 *
 * <p>Each pass over the lines reads and parses the files again. Splitting accepted from rejected
 * lines on the Java rows, before they become a frame, means a pass converts to Spark's internal rows
 * only the lines it keeps: converting every line and filtering afterwards cost about a tenth of the
 * ingest's CPU (a JFR profile of 100,000 beneficiaries × 4 years, docs/ingest.md) in the accounting
 * and quarantine passes, which keep none or a few thousand of the 15 million lines. {@link
 * LineAccounting#check} counts the Java rows and keeps the rejected ones in one pass.
 */
public record EvaluatedLines(SparkSession spark, JavaRDD<Row> rows, StructType schema) {

  /** Raw columns an evaluated row carries after the typed fields (see {@link LineReader#SCHEMA}). */
  private static final List<String> LINEAGE =
      List.of(
          IngestColumns.SOURCE_FILE,
          IngestColumns.DELIVERY,
          IngestColumns.DELIVERY_KIND,
          IngestColumns.DELIVERY_DATE,
          IngestColumns.LINE_NUMBER,
          IngestColumns.FILE_TYPE,
          IngestColumns.RAW_LINE);

  /**
   * The schema of evaluated rows: the {@code typed} fields, the lineage and raw line, and the
   * {@link QualityRules} columns of the first broken rule.
   */
  public static StructType schema(List<StructField> typed) {
    List<StructField> fields = new ArrayList<>(typed);
    for (String c : LINEAGE) {
      fields.add(LineReader.SCHEMA.apply(c));
    }
    for (String c : List.of(QualityRules.RULE, QualityRules.FIELD, QualityRules.DESCRIPTION)) {
      fields.add(DataTypes.createStructField(c, DataTypes.StringType, true));
    }
    return DataTypes.createStructType(fields);
  }

  /** Positions in {@link LineReader#SCHEMA} of the lineage columns, in {@link #schema} order. */
  static int[] lineage() {
    return LINEAGE.stream().mapToInt(LineReader.SCHEMA::fieldIndex).toArray();
  }

  /**
   * One evaluated row: the typed {@code values} (dates stay {@code java.time.LocalDate}, which
   * Spark converts without a time zone), the {@code raw} row's lineage columns at the positions
   * {@link #lineage} gives, then the first broken rule, its field and its description.
   */
  static Row row(Object[] values, Row raw, int[] lineage, String rule, String field, String description) {
    int n = values.length;
    Object[] out = new Object[n + lineage.length + 3];
    System.arraycopy(values, 0, out, 0, n);
    for (int i = 0; i < lineage.length; i++) {
      out[n + i] = raw.get(lineage[i]);
    }
    out[n + lineage.length] = rule;
    out[n + lineage.length + 1] = field;
    out[n + lineage.length + 2] = description;
    return RowFactory.create(out);
  }

  /**
   * The lines that broke no rule, without the raw line and the (null) quality columns: a stg row
   * keeps neither, and not converting the raw line of every accepted line saves a copy of it.
   */
  public Dataset<Row> accepted() {
    int rule = schema.fieldIndex(QualityRules.RULE);
    Set<String> dropped = Set.of(IngestColumns.RAW_LINE, QualityRules.RULE, QualityRules.FIELD, QualityRules.DESCRIPTION);
    List<StructField> kept = new ArrayList<>();
    List<Integer> from = new ArrayList<>();
    StructField[] fields = schema.fields();
    for (int i = 0; i < fields.length; i++) {
      if (!dropped.contains(fields[i].name())) {
        kept.add(fields[i]);
        from.add(i);
      }
    }
    int[] index = from.stream().mapToInt(Integer::intValue).toArray();
    JavaRDD<Row> narrowed =
        rows.filter(r -> r.isNullAt(rule))
            .map(r -> {
              Object[] values = new Object[index.length];
              for (int i = 0; i < index.length; i++) {
                values[i] = r.get(index[i]);
              }
              return RowFactory.create(values);
            });
    return spark.createDataFrame(narrowed, DataTypes.createStructType(kept));
  }

  /** The lines that broke a rule, with the rule, field and description of the first one. */
  public Dataset<Row> rejected() {
    int rule = schema.fieldIndex(QualityRules.RULE);
    return spark.createDataFrame(rows.filter(r -> !r.isNullAt(rule)), schema);
  }

  /** These lines and {@code other}'s (same schema); partitions are kept, one per input file. */
  public EvaluatedLines union(EvaluatedLines other) {
    if (!schema.equals(other.schema)) {
      throw new IllegalArgumentException("evaluated lines of different schemas cannot be combined");
    }
    return new EvaluatedLines(spark, rows.union(other.rows), schema);
  }
}
