package org.mssp.settlement;

import static org.mssp.settlement.SettlementColumns.ACO_ID;
import static org.mssp.settlement.SettlementColumns.AMOUNT_AFTER_LIMIT;
import static org.mssp.settlement.SettlementColumns.AMOUNT_AFTER_SEQUESTRATION;
import static org.mssp.settlement.SettlementColumns.AMOUNT_BEFORE_LIMITS;
import static org.mssp.settlement.SettlementColumns.ASSIGNED_BENEFICIARIES;
import static org.mssp.settlement.SettlementColumns.BENCHMARK_TOTAL;
import static org.mssp.settlement.SettlementColumns.CORRIDOR_PASSED;
import static org.mssp.settlement.SettlementColumns.EARNED_SAVINGS_LOSSES;
import static org.mssp.settlement.SettlementColumns.EUC_LOSS_REDUCTION_AMOUNT;
import static org.mssp.settlement.SettlementColumns.EUC_LOSS_REDUCTION_FRACTION;
import static org.mssp.settlement.SettlementColumns.EUC_REDUCTION;
import static org.mssp.settlement.SettlementColumns.EXPENDITURE_TOTAL;
import static org.mssp.settlement.SettlementColumns.FINAL_SHARING_RATE;
import static org.mssp.settlement.SettlementColumns.GROSS_SAVINGS_LOSSES;
import static org.mssp.settlement.SettlementColumns.LIMIT_AMOUNT;
import static org.mssp.settlement.SettlementColumns.LIMIT_BASIS;
import static org.mssp.settlement.SettlementColumns.LIMIT_BINDING;
import static org.mssp.settlement.SettlementColumns.MAX_SHARING_RATE;
import static org.mssp.settlement.SettlementColumns.MLR;
import static org.mssp.settlement.SettlementColumns.MSR;
import static org.mssp.settlement.SettlementColumns.MSR_ELECTION;
import static org.mssp.settlement.SettlementColumns.PARTICIPANT_REVENUE_TOTAL;
import static org.mssp.settlement.SettlementColumns.PAY_FOR_REPORTING;
import static org.mssp.settlement.SettlementColumns.PERFORMANCE_YEAR;
import static org.mssp.settlement.SettlementColumns.QUALITY_FACTOR;
import static org.mssp.settlement.SettlementColumns.QUALITY_METHOD;
import static org.mssp.settlement.SettlementColumns.QUALITY_SCORE;
import static org.mssp.settlement.SettlementColumns.QUALITY_STANDARD_MET;
import static org.mssp.settlement.SettlementColumns.RULE_SET_VERSION;
import static org.mssp.settlement.SettlementColumns.SAVINGS;
import static org.mssp.settlement.SettlementColumns.SAVINGS_RATE;
import static org.mssp.settlement.SettlementColumns.SEQUESTRATION_RATE;
import static org.mssp.settlement.SettlementColumns.SHARED_LOSS_RATE;
import static org.mssp.settlement.SettlementColumns.SLIDING_SCALE_ELIGIBLE;
import static org.mssp.settlement.SettlementColumns.TRACK;
import static org.mssp.settlement.SettlementColumns.YEAR_IN_TRACK;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.DecimalType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.mssp.common.error.Errors;
import org.mssp.common.schema.TableSpec;

/**
 * Table contracts of the settlement domain: the {@code aco_totals} input (the same columns as
 * the {@code settle-summary} CSV) and the final {@code aco_settlement} table.
 */
public final class SettlementTables {
  private SettlementTables() {}

  /** Dollars: up to 10^16 with cents. */
  public static final DecimalType MONEY = DataTypes.createDecimalType(20, SettlementResult.MONEY_SCALE);
  /** Rates and fractions at 10 decimals. */
  public static final DecimalType RATE = DataTypes.createDecimalType(14, SettlementResult.RATE_SCALE);

  /**
   * Input: ACO-level totals. Grain: one row per ACO × performance year. The benchmark stage will
   * write this shape; until then it comes from a CSV. Optional columns may be absent and are then
   * read as null.
   */
  public static final TableSpec ACO_TOTALS =
      new TableSpec(
          "aco_totals",
          "one row per ACO × performance year",
          new StructType(
              new StructField[] {
                field(ACO_ID, DataTypes.StringType, false),
                field(PERFORMANCE_YEAR, DataTypes.IntegerType, false),
                field(TRACK, DataTypes.StringType, false),
                field(ASSIGNED_BENEFICIARIES, DataTypes.IntegerType, false),
                field(BENCHMARK_TOTAL, MONEY, false),
                field(EXPENDITURE_TOTAL, MONEY, false),
                field(MSR_ELECTION, DataTypes.StringType, false),
                field(QUALITY_SCORE, RATE, false),
                field(QUALITY_STANDARD_MET, DataTypes.BooleanType, true),
                field(EUC_LOSS_REDUCTION_FRACTION, RATE, true),
                field(EUC_LOSS_REDUCTION_AMOUNT, MONEY, true),
                field(YEAR_IN_TRACK, DataTypes.IntegerType, true),
                field(PARTICIPANT_REVENUE_TOTAL, MONEY, true),
                field(PAY_FOR_REPORTING, DataTypes.BooleanType, true),
                field(SLIDING_SCALE_ELIGIBLE, DataTypes.BooleanType, true)
              }),
          List.of(ACO_ID, PERFORMANCE_YEAR),
          List.of());

  /**
   * Output: the shared savings and losses waterfall. Grain: one row per ACO × performance year;
   * partitioned by performance year so a re-run replaces only its year.
   */
  public static final TableSpec ACO_SETTLEMENT =
      new TableSpec(
          "aco_settlement",
          "one row per ACO × performance year",
          new StructType(
              new StructField[] {
                field(ACO_ID, DataTypes.StringType, false),
                field(PERFORMANCE_YEAR, DataTypes.IntegerType, false),
                field(TRACK, DataTypes.StringType, false),
                field(ASSIGNED_BENEFICIARIES, DataTypes.IntegerType, false),
                field(BENCHMARK_TOTAL, MONEY, false),
                field(EXPENDITURE_TOTAL, MONEY, false),
                field(SAVINGS, MONEY, false),
                field(SAVINGS_RATE, RATE, false),
                field(MSR_ELECTION, DataTypes.StringType, false),
                field(MSR, RATE, false),
                field(MLR, RATE, true),
                field(CORRIDOR_PASSED, DataTypes.BooleanType, false),
                field(GROSS_SAVINGS_LOSSES, MONEY, false),
                field(QUALITY_SCORE, RATE, false),
                field(QUALITY_STANDARD_MET, DataTypes.BooleanType, true),
                field(QUALITY_METHOD, DataTypes.StringType, false),
                field(QUALITY_FACTOR, RATE, false),
                field(MAX_SHARING_RATE, RATE, false),
                field(FINAL_SHARING_RATE, RATE, false),
                field(SHARED_LOSS_RATE, RATE, true),
                field(AMOUNT_BEFORE_LIMITS, MONEY, false),
                field(SEQUESTRATION_RATE, RATE, true),
                field(AMOUNT_AFTER_SEQUESTRATION, MONEY, false),
                field(LIMIT_BASIS, DataTypes.StringType, true),
                field(LIMIT_AMOUNT, MONEY, true),
                field(LIMIT_BINDING, DataTypes.BooleanType, true),
                field(AMOUNT_AFTER_LIMIT, MONEY, false),
                field(EUC_LOSS_REDUCTION_FRACTION, RATE, false),
                field(EUC_REDUCTION, MONEY, false),
                field(EARNED_SAVINGS_LOSSES, MONEY, false),
                field(RULE_SET_VERSION, DataTypes.StringType, false)
              }),
          List.of(ACO_ID, PERFORMANCE_YEAR),
          List.of(PERFORMANCE_YEAR));

  /** A settlement result as an {@code aco_settlement} row. */
  public static Row settlementRow(SettlementResult result) {
    return RowFactory.create(result.outputValues().toArray());
  }

  /** ACO totals as an {@code aco_totals} row (decimals at the table's scales). */
  public static Row totalsRow(AcoTotals t) {
    List<Object> v = new ArrayList<>();
    v.add(t.acoId());
    v.add(t.performanceYear());
    v.add(t.track());
    v.add(t.assignedBeneficiaries());
    v.add(SettlementResult.money(t.benchmarkTotal()));
    v.add(SettlementResult.money(t.expenditureTotal()));
    v.add(t.msrElection());
    v.add(SettlementResult.rate(t.qualityScore()));
    v.add(t.qualityStandardMet());
    v.add(SettlementResult.rate(t.eucLossReductionFraction()));
    v.add(SettlementResult.money(t.eucLossReductionAmount()));
    v.add(t.yearInTrack());
    v.add(SettlementResult.money(t.participantRevenueTotal()));
    v.add(t.payForReporting());
    v.add(t.slidingScaleEligible());
    return RowFactory.create(v.toArray());
  }

  /** An {@code aco_totals} row (conformed to {@link #ACO_TOTALS}) as the engine's input. */
  public static AcoTotals totals(Row r) {
    String aco = r.getAs(ACO_ID);
    Integer year = r.getAs(PERFORMANCE_YEAR);
    if (aco == null || year == null) {
      throw Errors.qualityFailed(
          ACO_TOTALS.name(), "key not null", "a row has a null aco_id or performance_year: " + r);
    }
    Integer beneficiaries = r.getAs(ASSIGNED_BENEFICIARIES);
    if (beneficiaries == null) {
      throw Errors.cannotSettle(aco, year, ASSIGNED_BENEFICIARIES, "is required");
    }
    return new AcoTotals(
        aco,
        year,
        r.getAs(TRACK),
        beneficiaries,
        r.<BigDecimal>getAs(BENCHMARK_TOTAL),
        r.<BigDecimal>getAs(EXPENDITURE_TOTAL),
        r.getAs(MSR_ELECTION),
        r.<BigDecimal>getAs(QUALITY_SCORE),
        r.<Boolean>getAs(QUALITY_STANDARD_MET),
        r.<BigDecimal>getAs(EUC_LOSS_REDUCTION_FRACTION),
        r.<BigDecimal>getAs(EUC_LOSS_REDUCTION_AMOUNT),
        r.<Integer>getAs(YEAR_IN_TRACK),
        r.<BigDecimal>getAs(PARTICIPANT_REVENUE_TOTAL),
        Boolean.TRUE.equals(r.<Boolean>getAs(PAY_FOR_REPORTING)),
        Boolean.TRUE.equals(r.<Boolean>getAs(SLIDING_SCALE_ELIGIBLE)));
  }

  private static StructField field(String name, DataType type, boolean nullable) {
    return DataTypes.createStructField(name, type, nullable);
  }
}
