package org.mssp.ingest;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.try_element_at;
import static org.apache.spark.sql.functions.length;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.map;
import static org.apache.spark.sql.functions.when;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.mssp.common.cclf.CclfField;
import org.mssp.common.cclf.CclfFile;
import org.mssp.common.cclf.CclfLayout;
import org.mssp.common.quality.QualityRules;

/**
 * raw → stg for one CCLF file: fixed-width fields typed from the layout data and checked by the
 * rules of {@link CclfQualityRules}, one pass over each line in Java ({@link CclfLineParser}: a
 * per-field Spark expression plan for 60-field lines ran at about 12,000 lines/s on 2 cores), split
 * into accepted stg rows and quarantined lines. Input grain: one row per line read (see {@link
 * LineReader#SCHEMA}); output grain: the same lines, each in exactly one of the two outputs.
 *
 * <p>Typing (claims-formats.md §1.3): {@code 9(n)} and {@code X(n)} are trimmed strings (blank →
 * null, leading zeros kept); dates {@code YYYY-MM-DD} with 1000-01-01 and 9999-12-31 → null (IP
 * §3.6); signed amounts and quantities are exact decimals of the width's precision.
 */
public final class CclfStaging {
  private CclfStaging() {}

  /**
   * Schema of {@link #evaluate}: the typed layout fields, the lineage and raw line, and the
   * {@link QualityRules} columns of the first broken rule.
   */
  public static StructType evaluatedSchema(CclfFile file) {
    List<StructField> typed = new ArrayList<>();
    for (CclfField f : CclfLayout.of(file).fields()) {
      typed.add(DataTypes.createStructField(IngestColumns.of(f), IngestTables.typeOf(f), true));
    }
    return EvaluatedLines.schema(typed);
  }

  /**
   * Types every field and checks the rules, line by line in Java ({@link CclfLineParser}). Input:
   * rows of {@link LineReader#SCHEMA}; output: {@link #evaluatedSchema}, one row per line.
   */
  public static EvaluatedLines evaluate(SparkSession spark, JavaRDD<Row> lines, CclfFile file) {
    CclfLineParser parser = new CclfLineParser(file);
    int[] lineage = EvaluatedLines.lineage();
    int rawLine = LineReader.SCHEMA.fieldIndex(IngestColumns.RAW_LINE);
    JavaRDD<Row> evaluated =
        lines.map(
            raw -> {
              CclfLineParser.Parsed p = parser.parse(raw.getString(rawLine));
              return EvaluatedLines.row(p.values(), raw, lineage, p.rule(), p.field(), p.description());
            });
    return new EvaluatedLines(spark, evaluated, evaluatedSchema(file));
  }

  /** {@link #evaluate(SparkSession, JavaRDD, CclfFile)} of a frame of {@link LineReader#SCHEMA} rows. */
  public static EvaluatedLines evaluate(Dataset<Row> lines, CclfFile file) {
    Column[] inSchemaOrder =
        java.util.Arrays.stream(LineReader.SCHEMA.fieldNames()).map(c -> col(c)).toArray(Column[]::new);
    return evaluate(lines.sparkSession(), lines.select(inSchemaOrder).javaRDD(), file);
  }

  /** The accepted lines as stg rows of {@code file}, stamped with the run id. */
  public static Dataset<Row> accepted(EvaluatedLines evaluated, CclfFile file, String runId) {
    return IngestTables.stg(file).conform(evaluated.accepted().withColumn(IngestColumns.RUN_ID, lit(runId)));
  }

  /**
   * The rejected lines as quarantine rows: file, line, raw line, rule, field and a message that
   * names them and quotes the offending value.
   */
  public static Dataset<Row> quarantined(EvaluatedLines evaluated, CclfFile file, String runId) {
    return quarantined(evaluated.rejected(), file, runId);
  }

  /** {@link #quarantined(EvaluatedLines, CclfFile, String)} of the rejected lines (evaluated schema). */
  public static Dataset<Row> quarantined(Dataset<Row> rejected, CclfFile file, String runId) {
    List<Column> entries = new ArrayList<>();
    Column line = col(IngestColumns.RAW_LINE);
    for (CclfField f : CclfLayout.of(file).fields()) {
      entries.add(lit(f.name()));
      entries.add(CclfQualityRules.raw(f, line));
    }
    Column found =
        when(
                col(QualityRules.FIELD).isNull(),
                concat(lit("found length "), length(line).cast(DataTypes.StringType)))
            .otherwise(
                concat(
                    lit("found '"),
                    try_element_at(map(entries.toArray(new Column[0])), col(QualityRules.FIELD)),
                    lit("'")));
    return messages(rejected, found, runId);
  }

  /** Builds quarantine rows from rejected evaluated rows and a "found ..." column. */
  static Dataset<Row> messages(Dataset<Row> rejected, Column found, String runId) {
    Column where =
        when(col(QualityRules.FIELD).isNull(), lit(""))
            .otherwise(concat(lit(", field "), col(QualityRules.FIELD)));
    Column message =
        concat(
            col(IngestColumns.SOURCE_FILE),
            lit(", line "),
            col(IngestColumns.LINE_NUMBER).cast(DataTypes.StringType),
            where,
            lit(": "),
            col(QualityRules.DESCRIPTION),
            lit(" (rule "),
            col(QualityRules.RULE),
            lit("), "),
            found);
    return IngestTables.QUARANTINE.conform(
        rejected
            .withColumn(IngestColumns.RULE, col(QualityRules.RULE))
            .withColumn(IngestColumns.FIELD, col(QualityRules.FIELD))
            .withColumn(IngestColumns.MESSAGE, message)
            .withColumn(IngestColumns.RUN_ID, lit(runId)));
  }
}
