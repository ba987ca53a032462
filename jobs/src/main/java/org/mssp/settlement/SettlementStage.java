package org.mssp.settlement;

import static org.apache.spark.sql.functions.lit;

import java.util.Set;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructField;
import org.mssp.settlement.rules.SettlementRules;

/**
 * Settlement stage: ACO totals in, the {@code aco_settlement} waterfall out (methodology spec
 * §4). Input grain: one row per ACO × performance year ({@link SettlementTables#ACO_TOTALS});
 * output grain: the same ({@link SettlementTables#ACO_SETTLEMENT}).
 *
 * <p>Steps: conform the totals to their contract (absent optional columns become typed nulls),
 * then settle each row with {@link SettlementCalculator} in a typed map. Why a map over the Java
 * engine and not column expressions: the data is ACO-level (a few hundred rows a year, no
 * shuffle), and one BigDecimal engine shared with {@code aco settle-summary} guarantees the CSV
 * tool and the table agree to the cent, with exact decimal arithmetic, instead of two
 * implementations of the same waterfall.
 */
public final class SettlementStage {
  private SettlementStage() {}

  /** Settles every row of {@code totals} under {@code rules}. */
  public static Dataset<Row> settle(Dataset<Row> totals, SettlementRules rules) {
    Dataset<Row> conformed = SettlementTables.ACO_TOTALS.conform(withOptionalColumns(totals));
    SettlementCalculator calculator = new SettlementCalculator(rules);
    return conformed.map(
        (MapFunction<Row, Row>)
            row -> SettlementTables.settlementRow(calculator.settle(SettlementTables.totals(row))),
        Encoders.row(SettlementTables.ACO_SETTLEMENT.schema()));
  }

  /** Adds each optional input column the frame lacks as a null of the contract's type. */
  static Dataset<Row> withOptionalColumns(Dataset<Row> totals) {
    Set<String> present = Set.of(totals.columns());
    Dataset<Row> out = totals;
    for (StructField f : SettlementTables.ACO_TOTALS.schema().fields()) {
      if (SettlementColumns.OPTIONAL_INPUT.contains(f.name()) && !present.contains(f.name())) {
        out = out.withColumn(f.name(), lit(null).cast(f.dataType()));
      }
    }
    return out;
  }
}
