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
