package org.mssp.ingest;

import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;
import org.mssp.common.quality.QualityRules;

/**
 * Lines a line parser has typed and checked ({@link CclfStaging#evaluate}, {@link
 * MbsfStaging#evaluate}), kept as parsed Java rows until a caller asks for a frame. Grain: one row
 * per line read, in {@code schema}, with the {@link QualityRules} columns null for an accepted line.
 *
 * <p>Each pass over the lines (the accounting, the stg rows, the quarantine rows) reads and parses
 * the files again. Splitting accepted from rejected lines on the Java rows, before they become a
 * frame, means each pass converts to Spark's internal rows only the lines it keeps: converting every
 * line and filtering afterwards cost about a tenth of the ingest's CPU (a JFR profile of 100,000
 * beneficiaries × 4 years, docs/ingest.md), for the accounting and quarantine passes that keep none
 * or a few thousand of the 15 million lines. {@link LineAccounting} reads the Java rows directly.
 */
public record EvaluatedLines(SparkSession spark, JavaRDD<Row> rows, StructType schema) {

  /** Every line, accepted or not. */
  public Dataset<Row> all() {
    return spark.createDataFrame(rows, schema);
  }

  /** The lines that broke no rule. */
  public Dataset<Row> accepted() {
    int rule = schema.fieldIndex(QualityRules.RULE);
    return spark.createDataFrame(rows.filter(r -> r.isNullAt(rule)), schema);
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
