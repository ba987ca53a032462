package org.mssp.ingest;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.try_element_at;
import static org.apache.spark.sql.functions.length;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.map;
import static org.apache.spark.sql.functions.try_to_date;
import static org.apache.spark.sql.functions.when;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.mssp.common.cclf.CclfField;
import org.mssp.common.cclf.CclfFile;
import org.mssp.common.cclf.CclfLayout;
import org.mssp.common.quality.QualityRules;

/**
 * raw → stg for one CCLF file: fixed-width substrings typed from the layout data with built-in
 * column functions (no UDF), checked by {@link CclfQualityRules}, split into accepted stg rows and
 * quarantined lines. Input grain: one row per line read (see {@link LineReader#SCHEMA}); output
 * grain: the same lines, each in exactly one of the two outputs.
 *
 * <p>Typing (claims-formats.md §1.3): {@code 9(n)} and {@code X(n)} are trimmed strings (blank →
 * null, leading zeros kept); dates {@code YYYY-MM-DD} with 1000-01-01 and 9999-12-31 → null (IP
 * §3.6); signed amounts and quantities are exact decimals of the width's precision.
 */
public final class CclfStaging {
  private CclfStaging() {}

  /** The typed value of a field read from the line column. */
  public static Column typed(CclfField f, Column line) {
    return typedText(f, CclfQualityRules.text(f, line));
  }

  /** The typed value of a field from its trimmed text. */
  static Column typedText(CclfField f, Column t) {
    Column blank = t.equalTo(lit(""));
    return switch (f.kind()) {
      case DIGITS, TEXT -> when(blank, lit(null).cast(DataTypes.StringType)).otherwise(t);
      case DATE ->
          when(blank.or(t.isin(CclfQualityRules.NO_DATE.toArray())), lit(null).cast(DataTypes.DateType))
              .otherwise(try_to_date(t, "yyyy-MM-dd"));
      case AMOUNT, QUANTITY -> t.try_cast(IngestTables.typeOf(f));
    };
  }

  /**
   * Types every field and evaluates the rules. Output: the stg columns (without run id), the raw
   * line, the file type and the {@link QualityRules} columns.
   */
  public static Dataset<Row> evaluate(Dataset<Row> lines, CclfFile file) {
    Column line = col(IngestColumns.RAW_LINE);
    Column bytes = col(CclfQualityRules.LINE_BYTES);
    Dataset<Row> checked =
        QualityRules.evaluate(
            CclfQualityRules.withLineBytes(lines, IngestColumns.RAW_LINE),
            CclfQualityRules.forFile(file, line, bytes));
    List<Column> cols = new ArrayList<>();
    for (CclfField f : CclfLayout.of(file).fields()) {
      cols.add(typedText(f, CclfQualityRules.text(f, line, bytes)).as(IngestColumns.of(f)));
    }
    for (String c :
        List.of(
            IngestColumns.SOURCE_FILE,
            IngestColumns.DELIVERY,
            IngestColumns.DELIVERY_KIND,
            IngestColumns.DELIVERY_DATE,
            IngestColumns.LINE_NUMBER,
            IngestColumns.FILE_TYPE,
            IngestColumns.RAW_LINE,
            QualityRules.RULE,
            QualityRules.FIELD,
            QualityRules.DESCRIPTION)) {
      cols.add(col(c));
    }
    return checked.select(cols.toArray(new Column[0]));
  }

  /** The accepted lines as stg rows of {@code file}, stamped with the run id. */
  public static Dataset<Row> accepted(Dataset<Row> evaluated, CclfFile file, String runId) {
    return IngestTables.stg(file)
        .conform(evaluated.filter(QualityRules.accepted()).withColumn(IngestColumns.RUN_ID, lit(runId)));
  }

  /**
   * The rejected lines as quarantine rows: file, line, raw line, rule, field and a message that
   * names them and quotes the offending value.
   */
  public static Dataset<Row> quarantined(Dataset<Row> evaluated, CclfFile file, String runId) {
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
    return messages(evaluated.filter(QualityRules.accepted().unary_$bang()), found, runId);
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
