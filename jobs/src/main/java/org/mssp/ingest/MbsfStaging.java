package org.mssp.ingest;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.try_element_at;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.map;
import static org.apache.spark.sql.functions.size;
import static org.apache.spark.sql.functions.split;
import static org.apache.spark.sql.functions.trim;
import static org.apache.spark.sql.functions.when;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.mssp.common.error.Errors;
import org.mssp.common.quality.QualityRules;

/**
 * raw → stg for the MBSF-style enrollment file {@code enrollment/mbsf_<year>.csv}
 * (docs/input-formats.md): comma-separated with a header row that must match the declared column
 * list, empty field = null, dates {@code yyyy-MM-dd}. Line 1 (the header) is checked by
 * {@link #checkHeader}; data lines are split, checked and typed in one pass of plain Java
 * ({@link MbsfLineParser}, which declares the rules). Monthly code values are those the contract
 * lists; anything else is quarantined with the field named.
 */
public final class MbsfStaging {
  private static final String PARTS = "mbsf_parts";

  private MbsfStaging() {}

  /** Fails naming the file if its header is not the declared MBSF column list. */
  public static void checkHeader(String fileName, String header) {
    List<String> actual = header == null ? List.of() : List.of(header.replace("\r", "").split(",", -1));
    if (!actual.equals(IngestTables.MBSF_HEADER)) {
      List<String> missing = new ArrayList<>(IngestTables.MBSF_HEADER);
      missing.removeAll(actual);
      List<String> extra = new ArrayList<>(actual);
      extra.removeAll(IngestTables.MBSF_HEADER);
      throw Errors.badInput(
          fileName,
          "line 1",
          "header does not match the MBSF-style column list (missing " + missing + ", unexpected " + extra
              + ", or out of order)");
    }
  }

  /** A field of a line split into {@link #PARTS}, spaces trimmed (the value a quarantine message quotes). */
  private static Column value(String field) {
    int i = IngestTables.MBSF_HEADER.indexOf(field);
    return trim(try_element_at(col(PARTS), lit(i + 1)));
  }

  /**
   * Schema of {@link #evaluate}: the typed MBSF fields ({@code stg_mbsf}'s types), the lineage and
   * raw line, and the {@link QualityRules} columns of the first broken rule.
   */
  public static StructType evaluatedSchema() {
    List<StructField> typed = new ArrayList<>();
    for (String c : IngestTables.MBSF_HEADER) {
      typed.add(IngestTables.STG_MBSF.schema().apply(IngestColumns.of(c)));
    }
    return EvaluatedLines.schema(typed);
  }

  /**
   * Checks and types the data lines (line 2 on; line 1 is the header, checked by {@link
   * #checkHeader}), line by line in Java ({@link MbsfLineParser}). Input: rows of {@link
   * LineReader#SCHEMA} of one file of reference year {@code year}; output: {@link
   * #evaluatedSchema}, one row per data line.
   */
  public static EvaluatedLines evaluate(Dataset<Row> lines, int year) {
    MbsfLineParser parser = new MbsfLineParser(year);
    int[] lineage = EvaluatedLines.lineage();
    int rawLine = LineReader.SCHEMA.fieldIndex(IngestColumns.RAW_LINE);
    int lineNumber = LineReader.SCHEMA.fieldIndex(IngestColumns.LINE_NUMBER);
    Column[] inSchemaOrder = Arrays.stream(LineReader.SCHEMA.fieldNames()).map(c -> col(c)).toArray(Column[]::new);
    JavaRDD<Row> evaluated = lines.select(inSchemaOrder).javaRDD()
        .filter(raw -> ((Number) raw.get(lineNumber)).longValue() > 1)
        .map(raw -> {
          MbsfLineParser.Parsed p = parser.parse(raw.getString(rawLine));
          return EvaluatedLines.row(p.values(), raw, lineage, p.rule(), p.field(), p.description());
        });
    return new EvaluatedLines(lines.sparkSession(), evaluated, evaluatedSchema());
  }

  /** Accepted lines as {@code stg_mbsf} rows. */
  public static Dataset<Row> accepted(EvaluatedLines evaluated, String runId) {
    return IngestTables.STG_MBSF.conform(evaluated.accepted().withColumn(IngestColumns.RUN_ID, lit(runId)));
  }

  /** Rejected lines as quarantine rows, quoting the offending field (split again from the raw line). */
  public static Dataset<Row> quarantined(EvaluatedLines evaluated, String runId) {
    return quarantined(evaluated.rejected(), runId);
  }

  /** {@link #quarantined(EvaluatedLines, String)} of the rejected lines (evaluated schema). */
  public static Dataset<Row> quarantined(Dataset<Row> rejected, String runId) {
    List<Column> entries = new ArrayList<>();
    for (String c : IngestTables.MBSF_HEADER) {
      entries.add(lit(c));
      entries.add(value(c));
    }
    Column found =
        when(
                col(QualityRules.FIELD).isNull(),
                concat(lit("found "), size(col(PARTS)).cast(DataTypes.StringType), lit(" fields")))
            .otherwise(
                concat(lit("found '"), try_element_at(map(entries.toArray(new Column[0])), col(QualityRules.FIELD)), lit("'")));
    return CclfStaging.messages(
        rejected.withColumn(PARTS, split(col(IngestColumns.RAW_LINE), ",", -1)),
        found, runId);
  }
}
