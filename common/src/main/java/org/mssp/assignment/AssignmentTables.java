package org.mssp.assignment;

import java.util.List;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.mssp.common.schema.TableSpec;

/**
 * Contracts of the assignment domain: its input (primary care service lines, one normalised
 * frame built from the final claim tables) and its output tables.
 */
public final class AssignmentTables {
  private AssignmentTables() {}

  public static final DataType MONEY = DataTypes.createDecimalType(15, 2);
  public static final DataType MONEY_SUM = DataTypes.createDecimalType(25, 2);

  // Column names shared by several tables.
  public static final String BENE_ID = "bene_id";
  public static final String ACO_ID = "aco_id";
  public static final String PERFORMANCE_YEAR = "performance_year";
  public static final String ASSIGNMENT_YEAR = "assignment_year";
  public static final String RULES_VERSION = "rules_version";

  /** Claim sources of a service line. */
  public static final String SOURCE_CARRIER = "CARRIER";
  public static final String SOURCE_FQHC = "FQHC";
  public static final String SOURCE_RHC = "RHC";
  public static final String SOURCE_CAH2 = "CAH2";
  public static final String SOURCE_ETA = "ETA";

  /**
   * Service lines that may be primary care, from professional claims (billing TIN) and from
   * FQHC/RHC/CAH method II/ETA institutional claims (CCN). Grain: one row per final-action claim
   * line. {@code allowed_amount} is the line's allowed charge (professional) or, for
   * institutional lines, which carry no allowed amount in CCLF, the covered paid amount [INFER].
   */
  public static final TableSpec SERVICE_LINES =
      new TableSpec(
          "int_assignment_service_line",
          "one row per final-action claim line that may be a primary care service",
          new StructType()
              .add(BENE_ID, DataTypes.StringType, false)
              .add("claim_id", DataTypes.StringType, false)
              .add("line_num", DataTypes.StringType, false)
              .add("claim_source", DataTypes.StringType, false)
              .add("service_date", DataTypes.DateType)
              .add("billing_tin", DataTypes.StringType)
              .add("ccn", DataTypes.StringType)
              .add("npi", DataTypes.StringType)
              .add("specialty_code", DataTypes.StringType)
              .add("hcpcs_code", DataTypes.StringType)
              .add("revenue_center", DataTypes.StringType)
              .add("pos_code", DataTypes.StringType)
              .add("allowed_amount", MONEY),
          List.of("claim_source", "claim_id", "line_num"),
          List.of());

  /**
   * Assignable eligibility per beneficiary and month. Grain: one row per beneficiary × month.
   */
  public static final TableSpec ELIGIBILITY_MONTHS =
      new TableSpec(
          "int_assignment_eligibility_month",
          "one row per beneficiary × calendar month with Medicare entitlement",
          new StructType()
              .add(BENE_ID, DataTypes.StringType, false)
              .add("month_start", DataTypes.DateType, false)
              .add("part_a", DataTypes.BooleanType)
              .add("part_b", DataTypes.BooleanType)
              .add("ma_or_group_plan", DataTypes.BooleanType)
              .add("us_resident", DataTypes.BooleanType)
              .add("other_shared_savings_initiative", DataTypes.BooleanType)
              .add("enrollment_type", DataTypes.StringType)
              .add("county_fips", DataTypes.StringType),
          List.of(BENE_ID, "month_start"),
          List.of());

  /** Output: each beneficiary's ACO for a year. */
  public static final TableSpec BENEFICIARY_ASSIGNMENT =
      new TableSpec(
          "beneficiary_assignment",
          "one row per assigned beneficiary × performance year × assignment year (the performance"
              + " year itself or a benchmark year)",
          new StructType()
              .add(BENE_ID, DataTypes.StringType, false)
              .add(PERFORMANCE_YEAR, DataTypes.IntegerType, false)
              .add(ASSIGNMENT_YEAR, DataTypes.IntegerType, false)
              .add(ACO_ID, DataTypes.StringType, false)
              .add("assignment_method", DataTypes.StringType, false)
              .add("window_start", DataTypes.DateType, false)
              .add("window_end", DataTypes.DateType, false)
              .add("assignment_step", DataTypes.StringType, false)
              .add("winner_allowed_amount", MONEY_SUM)
              .add("runner_up_entity", DataTypes.StringType)
              .add("runner_up_allowed_amount", MONEY_SUM)
              .add("enrollment_type", DataTypes.StringType)
              .add(RULES_VERSION, DataTypes.StringType, false),
          List.of(BENE_ID, PERFORMANCE_YEAR, ASSIGNMENT_YEAR),
          List.of(PERFORMANCE_YEAR));

  /** Output: each assigned beneficiary's clinician inside the ACO. */
  public static final TableSpec PROVIDER_ATTRIBUTION =
      new TableSpec(
          "provider_attribution",
          "one row per assigned beneficiary × performance year × assignment year",
          new StructType()
              .add(BENE_ID, DataTypes.StringType, false)
              .add(PERFORMANCE_YEAR, DataTypes.IntegerType, false)
              .add(ASSIGNMENT_YEAR, DataTypes.IntegerType, false)
              .add(ACO_ID, DataTypes.StringType, false)
              .add("npi", DataTypes.StringType)
              .add("tin", DataTypes.StringType)
              .add("attribution_basis", DataTypes.StringType, false)
              .add("allowed_amount", MONEY_SUM)
              .add("last_service_date", DataTypes.DateType)
              .add("service_count", DataTypes.LongType)
              .add(RULES_VERSION, DataTypes.StringType, false),
          List.of(BENE_ID, PERFORMANCE_YEAR, ASSIGNMENT_YEAR),
          List.of(PERFORMANCE_YEAR));

  /** Output: counts per ACO. */
  public static final TableSpec ASSIGNMENT_SUMMARY =
      new TableSpec(
          "assignment_summary",
          "one row per ACO × performance year × assignment year",
          new StructType()
              .add(ACO_ID, DataTypes.StringType, false)
              .add(PERFORMANCE_YEAR, DataTypes.IntegerType, false)
              .add(ASSIGNMENT_YEAR, DataTypes.IntegerType, false)
              .add("assigned_beneficiaries", DataTypes.LongType)
              .add("voluntary", DataTypes.LongType)
              .add("step_1", DataTypes.LongType)
              .add("step_2", DataTypes.LongType)
              .add("step_3", DataTypes.LongType)
              .add("esrd", DataTypes.LongType)
              .add("disabled", DataTypes.LongType)
              .add("aged_dual", DataTypes.LongType)
              .add("aged_non_dual", DataTypes.LongType)
              .add(RULES_VERSION, DataTypes.StringType, false),
          List.of(ACO_ID, PERFORMANCE_YEAR, ASSIGNMENT_YEAR),
          List.of(PERFORMANCE_YEAR));

  /**
   * Output: the national assignable population (§425.20): eligible beneficiaries with at least
   * one primary care service from a PCP or step-2 specialist (any TIN) in the calendar year;
   * NP/PA/CNS services count too from the years step 3 applies.
   */
  public static final TableSpec ASSIGNABLE_POPULATION =
      new TableSpec(
          "assignable_population",
          "one row per assignable beneficiary × performance year × calendar year",
          new StructType()
              .add(BENE_ID, DataTypes.StringType, false)
              .add(PERFORMANCE_YEAR, DataTypes.IntegerType, false)
              .add(ASSIGNMENT_YEAR, DataTypes.IntegerType, false)
              .add("enrollment_type", DataTypes.StringType)
              .add("county_fips", DataTypes.StringType)
              .add(RULES_VERSION, DataTypes.StringType, false),
          List.of(BENE_ID, PERFORMANCE_YEAR, ASSIGNMENT_YEAR),
          List.of(PERFORMANCE_YEAR));

  /**
   * Output: beneficiaries with at least one primary care service (a primary care code in force, any
   * clinician) billed by an ACO's participants in the ACO's own window of a year (its assignment
   * method's window), whether or not they were assigned to it. The second leg of "continuously
   * assigned" for the pre-2019 risk ratios (mssp-methodology.md §3.5 [REG]; §425.20's definition
   * [RECALL]: assigned to, or a primary care service from the ACO's participants, in the assignment
   * window of the most recent prior year). Lines of a TIN on more than one ACO's list count for
   * none of them, as in assignment.
   */
  public static final TableSpec PRIMARY_CARE_CONTACT =
      new TableSpec(
          "primary_care_contact",
          "one row per beneficiary × performance year × assignment year × ACO",
          new StructType()
              .add(BENE_ID, DataTypes.StringType, false)
              .add(PERFORMANCE_YEAR, DataTypes.IntegerType, false)
              .add(ASSIGNMENT_YEAR, DataTypes.IntegerType, false)
              .add(ACO_ID, DataTypes.StringType, false)
              .add("primary_care_services", DataTypes.LongType, false)
              .add(RULES_VERSION, DataTypes.StringType, false),
          List.of(BENE_ID, PERFORMANCE_YEAR, ASSIGNMENT_YEAR, ACO_ID),
          List.of(PERFORMANCE_YEAR));
}
