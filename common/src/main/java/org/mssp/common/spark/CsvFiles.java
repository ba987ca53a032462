package org.mssp.common.spark;

import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.mssp.common.rules.RuleCsv;

/** CSV inputs read with Spark (local paths or s3a://). */
public final class CsvFiles {
  private CsvFiles() {}

  /**
   * The column names on the first line of a CSV file, split as the rule tables are (quotes
   * honoured), without a byte-order mark; an empty list for an empty file.
   */
  public static List<String> header(SparkSession spark, String file) {
    List<Row> first = spark.read().text(file).limit(1).collectAsList();
    return first.isEmpty() ? List.of() : RuleCsv.split(first.get(0).getString(0).replace("\uFEFF", "").strip());
  }
}
