package org.mssp.settlement;

import java.util.List;

/**
 * Column names of the settlement domain, declared once: the ACO totals the engine reads (the
 * {@code settle-summary} CSV contract and the {@code aco_totals} input of the Spark job) and the
 * {@code aco_settlement} waterfall it writes. Free of Spark so the CSV tool can use it alone.
 */
public final class SettlementColumns {
  private SettlementColumns() {}

  // Input: ACO totals (one row per ACO × performance year).
  public static final String ACO_ID = "aco_id";
  public static final String PERFORMANCE_YEAR = "performance_year";
  public static final String TRACK = "track";
  public static final String ASSIGNED_BENEFICIARIES = "assigned_beneficiaries";
  public static final String BENCHMARK_TOTAL = "benchmark_total";
  public static final String EXPENDITURE_TOTAL = "expenditure_total";
  public static final String MSR_ELECTION = "msr_election";
  public static final String QUALITY_SCORE = "quality_score";
  public static final String QUALITY_STANDARD_MET = "quality_standard_met";
  public static final String EUC_LOSS_REDUCTION_FRACTION = "euc_loss_reduction_fraction";
  public static final String EUC_LOSS_REDUCTION_AMOUNT = "euc_loss_reduction_amount";
  public static final String YEAR_IN_TRACK = "year_in_track";
  public static final String PARTICIPANT_REVENUE_TOTAL = "participant_revenue_total";
  public static final String PAY_FOR_REPORTING = "pay_for_reporting";
  public static final String SLIDING_SCALE_ELIGIBLE = "sliding_scale_eligible";

  /** Input columns whose header must be present (values may be blank where a default exists). */
  public static final List<String> REQUIRED_INPUT =
      List.of(
          ACO_ID,
          PERFORMANCE_YEAR,
          TRACK,
          ASSIGNED_BENEFICIARIES,
          BENCHMARK_TOTAL,
          EXPENDITURE_TOTAL,
          MSR_ELECTION,
          QUALITY_SCORE,
          QUALITY_STANDARD_MET,
          EUC_LOSS_REDUCTION_FRACTION);

  /** Input columns that may be left out of the header. */
  public static final List<String> OPTIONAL_INPUT =
      List.of(
          YEAR_IN_TRACK,
          PARTICIPANT_REVENUE_TOTAL,
          EUC_LOSS_REDUCTION_AMOUNT,
          PAY_FOR_REPORTING,
          SLIDING_SCALE_ELIGIBLE);

  // Output: the aco_settlement waterfall (input identity columns above are repeated).
  public static final String SAVINGS = "savings";
  public static final String SAVINGS_RATE = "savings_rate";
  public static final String MSR = "msr";
  public static final String MLR = "mlr";
  public static final String CORRIDOR_PASSED = "corridor_passed";
  public static final String GROSS_SAVINGS_LOSSES = "gross_savings_losses";
  public static final String QUALITY_METHOD = "quality_method";
  public static final String QUALITY_FACTOR = "quality_factor";
  public static final String MAX_SHARING_RATE = "max_sharing_rate";
  public static final String FINAL_SHARING_RATE = "final_sharing_rate";
  public static final String SHARED_LOSS_RATE = "shared_loss_rate";
  public static final String AMOUNT_BEFORE_LIMITS = "amount_before_limits";
  public static final String SEQUESTRATION_RATE = "sequestration_rate";
  public static final String AMOUNT_AFTER_SEQUESTRATION = "amount_after_sequestration";
  public static final String LIMIT_BASIS = "limit_basis";
  public static final String LIMIT_AMOUNT = "limit_amount";
  public static final String LIMIT_BINDING = "limit_binding";
  public static final String AMOUNT_AFTER_LIMIT = "amount_after_limit";
  public static final String EUC_REDUCTION = "euc_reduction";
  public static final String EARNED_SAVINGS_LOSSES = "earned_savings_losses";
  public static final String RULE_SET_VERSION = "rule_set_version";

  /** The output columns, in order. */
  public static final List<String> OUTPUT =
      List.of(
          ACO_ID,
          PERFORMANCE_YEAR,
          TRACK,
          ASSIGNED_BENEFICIARIES,
          BENCHMARK_TOTAL,
          EXPENDITURE_TOTAL,
          SAVINGS,
          SAVINGS_RATE,
          MSR_ELECTION,
          MSR,
          MLR,
          CORRIDOR_PASSED,
          GROSS_SAVINGS_LOSSES,
          QUALITY_SCORE,
          QUALITY_STANDARD_MET,
          QUALITY_METHOD,
          QUALITY_FACTOR,
          MAX_SHARING_RATE,
          FINAL_SHARING_RATE,
          SHARED_LOSS_RATE,
          AMOUNT_BEFORE_LIMITS,
          SEQUESTRATION_RATE,
          AMOUNT_AFTER_SEQUESTRATION,
          LIMIT_BASIS,
          LIMIT_AMOUNT,
          LIMIT_BINDING,
          AMOUNT_AFTER_LIMIT,
          EUC_LOSS_REDUCTION_FRACTION,
          EUC_REDUCTION,
          EARNED_SAVINGS_LOSSES,
          RULE_SET_VERSION);
}
