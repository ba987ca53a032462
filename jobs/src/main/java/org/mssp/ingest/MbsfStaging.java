package org.mssp.ingest;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.try_element_at;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.map;
import static org.apache.spark.sql.functions.size;
import static org.apache.spark.sql.functions.split;
import static org.apache.spark.sql.functions.trim;
import static org.apache.spark.sql.functions.try_to_date;
import static org.apache.spark.sql.functions.when;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.mssp.common.error.Errors;
import org.mssp.common.quality.QualityRule;
import org.mssp.common.quality.QualityRules;

/**
 * raw → stg for the MBSF-style enrollment file {@code enrollment/mbsf_<year>.csv}
 * (docs/input-formats.md): comma-separated with a header row that must match the declared column
 * list, empty field = null, dates {@code yyyy-MM-dd}. Line 1 (the header) is checked by
 * {@link #checkHeader}; data lines are split with built-in functions, checked and typed. Monthly
 * code values are those the contract lists; anything else is quarantined with the field named.
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

  /** The rules for an MBSF data line of reference year {@code year}. */
  public static List<QualityRule> rules(int year) {
    List<QualityRule> rules = new ArrayList<>();
    int n = IngestTables.MBSF_HEADER.size();
    rules.add(
        QualityRule.quarantine(
            "field_count", null, size(col(PARTS)).notEqual(lit(n)), "line must have " + n + " comma-separated fields"));
    rules.add(
        QualityRule.quarantine(
            "required", "BENE_MBI_ID", value("BENE_MBI_ID").equalTo(lit("")), "BENE_MBI_ID must not be blank"));
    rules.add(
        QualityRule.quarantine(
            "year",
            "RFRNC_YR",
            value("RFRNC_YR").notEqual(lit(String.valueOf(year))),
            "RFRNC_YR must be " + year + ", the year in the file name"));
    for (String d : List.of("BENE_BIRTH_DT", "BENE_DEATH_DT")) {
      Column v = value(d);
      rules.add(
          QualityRule.quarantine(
              "date",
              d,
              v.notEqual(lit("")).and(try_to_date(v, "yyyy-MM-dd").isNull().or(v.rlike("^[0-9]{4}-[0-9]{2}-[0-9]{2}$").unary_$bang())),
              d + " must be a yyyy-MM-dd date or empty"));
    }
    rules.add(code("BENE_SEX_CD", List.of("0", "1", "2")));
    rules.add(code("BENE_ORGNL_ENTLMT_RSN_CD", List.of("0", "1", "2", "3")));
    for (int m = 1; m <= 12; m++) {
      String fips = IngestTables.monthly("STATE_CNTY_FIPS_CD", m);
      rules.add(
          QualityRule.quarantine(
              "code",
              fips,
              value(fips).notEqual(lit("")).and(value(fips).rlike("^[0-9]{5}$").unary_$bang()),
              fips + " must be 5 digits or empty"));
      rules.add(code(IngestTables.monthly("MDCR_ENTLMT_BUYIN_IND", m), List.of("0", "1", "2", "3", "A", "B", "C")));
      rules.add(code(IngestTables.monthly("HMO_IND", m), List.of("0", "1", "2", "4", "A", "B", "C")));
      rules.add(code(IngestTables.monthly("MDCR_STUS_CD", m), List.of("00", "10", "11", "20", "21", "31")));
      rules.add(
          code(
              IngestTables.monthly("DUAL_STUS_CD", m),
              List.of("NA", "00", "01", "02", "03", "04", "05", "06", "08", "09")));
    }
    return rules;
  }

  private static QualityRule code(String field, List<String> values) {
    return QualityRule.quarantine(
        "code", field, value(field).isin(values.toArray()).unary_$bang(), field + " must be one of " + values);
  }

  private static Column value(String field) {
    int i = IngestTables.MBSF_HEADER.indexOf(field);
    return trim(try_element_at(col(PARTS), lit(i + 1)));
  }

  /** Splits and checks data lines (line 2 on); output as {@link CclfStaging#evaluate}. */
  public static Dataset<Row> evaluate(Dataset<Row> lines, int year) {
    Dataset<Row> split =
        lines
            .filter(col(IngestColumns.LINE_NUMBER).gt(1))
            .withColumn(PARTS, split(col(IngestColumns.RAW_LINE), ",", -1));
    Dataset<Row> checked = QualityRules.evaluate(split, rules(year));
    List<Column> cols = new ArrayList<>();
    for (String c : IngestTables.MBSF_HEADER) {
      Column v = value(c);
      Column nullable = when(v.equalTo(lit("")), lit(null).cast(DataTypes.StringType)).otherwise(v);
      Column typed =
          switch (c) {
            case "RFRNC_YR" -> nullable.try_cast(DataTypes.IntegerType);
            case "BENE_BIRTH_DT", "BENE_DEATH_DT" -> try_to_date(nullable, "yyyy-MM-dd");
            default -> nullable;
          };
      cols.add(typed.as(IngestColumns.of(c)));
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
            PARTS,
            QualityRules.RULE,
            QualityRules.FIELD,
            QualityRules.DESCRIPTION)) {
      cols.add(col(c));
    }
    return checked.select(cols.toArray(new Column[0]));
  }

  /** Accepted lines as {@code stg_mbsf} rows. */
  public static Dataset<Row> accepted(Dataset<Row> evaluated, String runId) {
    return IngestTables.STG_MBSF.conform(
        evaluated.filter(QualityRules.accepted()).withColumn(IngestColumns.RUN_ID, lit(runId)));
  }

  /** Rejected lines as quarantine rows. */
  public static Dataset<Row> quarantined(Dataset<Row> evaluated, String runId) {
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
    return CclfStaging.messages(evaluated.filter(QualityRules.accepted().unary_$bang()), found, runId);
  }
}
