package org.mssp.allocation;

import java.util.List;

import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.DecimalType;
import org.apache.spark.sql.types.StructType;
import org.mssp.common.schema.TableSpec;

/**
 * Contracts of the allocation domain (docs/allocation.md): its two provider-level inputs (CSV
 * files described in docs/input-formats.md) and its two output tables.
 */
public final class AllocationTables {
  private AllocationTables() {}

  /** Dollars and cents, as {@code aco_settlement}. */
  public static final DecimalType MONEY = DataTypes.createDecimalType(20, 2);
  /** Shares, rates and scores at 10 decimals. */
  public static final DecimalType RATE = DataTypes.createDecimalType(14, 10);
  /** Tier-3 weights (e.g. improvement × beneficiaries) and their totals, exact. */
  public static final DecimalType WEIGHT = DataTypes.createDecimalType(38, 10);

  // Columns shared by several tables.
  public static final String ACO_ID = "aco_id";
  public static final String PERFORMANCE_YEAR = "performance_year";
  public static final String NPI = "npi";
  public static final String TIN = "tin";
  public static final String GROUP_CODE = "group_code";
  public static final String MODEL = "model";
  public static final String REASON = "reason";
  public static final String PLAN_ID = "plan_id";
  public static final String PLAN_SET_VERSION = "plan_set_version";
  public static final String RULES_VERSION = "rules_version";

  // provider_quality input
  public static final String MEASURE_ID = "measure_id";
  public static final String HIGHER_IS_BETTER = "higher_is_better";
  public static final String NUMERATOR = "numerator";
  public static final String DENOMINATOR = "denominator";
  public static final String PRIOR_NUMERATOR = "prior_numerator";
  public static final String PRIOR_DENOMINATOR = "prior_denominator";

  // provider_cost input
  public static final String RISK_ADJUSTED_COST_PER_BENEFICIARY = "risk_adjusted_cost_per_beneficiary";

  // provider_allocation output
  public static final String TIER = "tier";
  public static final String RECIPIENT_TYPE = "recipient_type";
  public static final String EARNED_SAVINGS_LOSSES = "earned_savings_losses";
  public static final String PARENT_AMOUNT = "parent_amount";
  public static final String SHARE = "share";
  public static final String ATTRIBUTED_BENEFICIARIES = "attributed_beneficiaries";
  public static final String QUALITY_COMPOSITE = "quality_composite";
  public static final String QUALITY_IMPROVEMENT = "quality_improvement";
  public static final String MEASURES_IMPROVED = "measures_improved";
  public static final String COST_PER_BENEFICIARY = "cost_per_beneficiary";
  public static final String COST_GATE_LIMIT = "cost_gate_limit";
  public static final String QUALITY_GATE_PASSED = "quality_gate_passed";
  public static final String COST_GATE_PASSED = "cost_gate_passed";
  public static final String WEIGHT_COLUMN = "weight";
  public static final String WEIGHT_TOTAL = "weight_total";
  public static final String FLOOR_AMOUNT = "floor_amount";
  public static final String EXTRA_CENT = "extra_cent";
  public static final String AMOUNT = "amount";

  // endowment_ledger output
  public static final String PRIOR_YEAR_EARNED = "prior_year_earned";
  public static final String ADVANCE_SHARE = "advance_share";
  public static final String OPENING_BALANCE = "opening_balance";
  public static final String ADVANCE = "advance";
  public static final String EARNED = "earned";
  public static final String PAYMENT = "payment";
  public static final String CLAWBACK = "clawback";
  public static final String CLOSING_BALANCE = "closing_balance";

  /**
   * Input: provider-level quality measures, this year and the provider's own prior year (CSV
   * {@code quality/provider_quality_<year>.csv}). Grain: one row per ACO × performance year ×
   * NPI × TIN × measure.
   */
  public static final TableSpec PROVIDER_QUALITY =
      new TableSpec(
          "provider_quality",
          "one row per ACO × performance year × NPI × TIN × measure",
          new StructType()
              .add(ACO_ID, DataTypes.StringType, false)
              .add(PERFORMANCE_YEAR, DataTypes.IntegerType, false)
              .add(NPI, DataTypes.StringType, false)
              .add(TIN, DataTypes.StringType, false)
              .add(MEASURE_ID, DataTypes.StringType, false)
              .add(HIGHER_IS_BETTER, DataTypes.BooleanType, false)
              .add(NUMERATOR, DataTypes.LongType, false)
              .add(DENOMINATOR, DataTypes.LongType, false)
              .add(PRIOR_NUMERATOR, DataTypes.LongType, true)
              .add(PRIOR_DENOMINATOR, DataTypes.LongType, true),
          List.of(ACO_ID, PERFORMANCE_YEAR, NPI, TIN, MEASURE_ID),
          List.of());

  /**
   * Input: risk-adjusted cost per attributed beneficiary (CSV
   * {@code quality/provider_cost_<year>.csv}; the expenditure stage will write this shape).
   * Grain: one row per ACO × performance year × NPI × TIN.
   */
  public static final TableSpec PROVIDER_COST =
      new TableSpec(
          "provider_cost",
          "one row per ACO × performance year × NPI × TIN",
          new StructType()
              .add(ACO_ID, DataTypes.StringType, false)
              .add(PERFORMANCE_YEAR, DataTypes.IntegerType, false)
              .add(NPI, DataTypes.StringType, false)
              .add(TIN, DataTypes.StringType, false)
              .add(RISK_ADJUSTED_COST_PER_BENEFICIARY, MONEY, false),
          List.of(ACO_ID, PERFORMANCE_YEAR, NPI, TIN),
          List.of());

  /** Recipient types of {@code provider_allocation} rows. */
  public static final String OPERATIONS = "OPERATIONS";
  public static final String GROUP = "GROUP";
  public static final String PROVIDER = "PROVIDER";
  public static final String ACO_RESERVE = "ACO_RESERVE";

  /**
   * Output: how each ACO-year's earned savings (or losses owed) reach operations, groups and
   * providers. Tier 1: one row (group_code OPERATIONS). Tier 2: one row per group of the plan.
   * Tier 3: one row per provider of each group (amount may be 0, with the reason), plus an
   * ACO_RESERVE row (npi, tin null) when a group's amount has no eligible provider. Grain: one row
   * per ACO × performance year × tier × group × NPI × TIN.
   */
  public static final TableSpec PROVIDER_ALLOCATION =
      new TableSpec(
          "provider_allocation",
          "one row per ACO × performance year × tier × group × NPI × TIN",
          new StructType()
              .add(ACO_ID, DataTypes.StringType, false)
              .add(PERFORMANCE_YEAR, DataTypes.IntegerType, false)
              .add(TIER, DataTypes.IntegerType, false)
              .add(GROUP_CODE, DataTypes.StringType, false)
              .add(NPI, DataTypes.StringType, true)
              .add(TIN, DataTypes.StringType, true)
              .add(RECIPIENT_TYPE, DataTypes.StringType, false)
              .add(MODEL, DataTypes.StringType, true)
              .add(EARNED_SAVINGS_LOSSES, MONEY, false)
              .add(PARENT_AMOUNT, MONEY, false)
              .add(SHARE, RATE, true)
              .add(ATTRIBUTED_BENEFICIARIES, DataTypes.LongType, true)
              .add(QUALITY_COMPOSITE, RATE, true)
              .add(QUALITY_IMPROVEMENT, RATE, true)
              .add(MEASURES_IMPROVED, DataTypes.IntegerType, true)
              .add(COST_PER_BENEFICIARY, MONEY, true)
              .add(COST_GATE_LIMIT, MONEY, true)
              .add(QUALITY_GATE_PASSED, DataTypes.BooleanType, true)
              .add(COST_GATE_PASSED, DataTypes.BooleanType, true)
              .add(WEIGHT_COLUMN, WEIGHT, true)
              .add(WEIGHT_TOTAL, WEIGHT, true)
              .add(FLOOR_AMOUNT, MONEY, false)
              .add(EXTRA_CENT, DataTypes.BooleanType, false)
              .add(AMOUNT, MONEY, false)
              .add(REASON, DataTypes.StringType, false)
              .add(PLAN_ID, DataTypes.StringType, true)
              .add(PLAN_SET_VERSION, DataTypes.StringType, false)
              .add(RULES_VERSION, DataTypes.StringType, false),
          List.of(ACO_ID, PERFORMANCE_YEAR, TIER, GROUP_CODE, NPI, TIN),
          List.of(PERFORMANCE_YEAR));

  /**
   * Output: the endowment reconciliation of every provider in a group under the endowment model.
   * Identity: advance + payment − clawback = earned − opening_balance + closing_balance. Grain: one
   * row per ACO × performance year × group × NPI × TIN.
   */
  public static final TableSpec ENDOWMENT_LEDGER =
      new TableSpec(
          "endowment_ledger",
          "one row per ACO × performance year × group × NPI × TIN under an endowment",
          new StructType()
              .add(ACO_ID, DataTypes.StringType, false)
              .add(PERFORMANCE_YEAR, DataTypes.IntegerType, false)
              .add(GROUP_CODE, DataTypes.StringType, false)
              .add(NPI, DataTypes.StringType, true)
              .add(TIN, DataTypes.StringType, true)
              .add(MODEL, DataTypes.StringType, false)
              .add(PRIOR_YEAR_EARNED, MONEY, true)
              .add(ADVANCE_SHARE, RATE, false)
              .add(OPENING_BALANCE, MONEY, false)
              .add(ADVANCE, MONEY, false)
              .add(EARNED, MONEY, false)
              .add(PAYMENT, MONEY, false)
              .add(CLAWBACK, MONEY, false)
              .add(CLOSING_BALANCE, MONEY, false)
              .add(REASON, DataTypes.StringType, false)
              .add(PLAN_ID, DataTypes.StringType, false)
              .add(PLAN_SET_VERSION, DataTypes.StringType, false),
          List.of(ACO_ID, PERFORMANCE_YEAR, GROUP_CODE, NPI, TIN),
          List.of(PERFORMANCE_YEAR));

}
