package org.mssp.assignment.rules;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.mssp.common.error.Errors;
import org.mssp.common.rules.RuleCsv;

/**
 * The assignment rules in force for one performance year, loaded from the versioned rule files in
 * {@code rules/assignment/} (each row carries its effective years and its source): primary care
 * service codes with their conditions, the specialty roles, and the method parameters. Loading
 * a year for which any table has no rows fails with the table and year named.
 *
 * @param performanceYear the performance year the rules apply to
 * @param version the rule-set version recorded on every output row
 * @param codes primary care codes in force, one per code and code system
 * @param specialties specialty code → role
 * @param parameters the method parameters
 */
public record AssignmentRules(
    int performanceYear,
    String version,
    List<PrimaryCareCode> codes,
    Map<String, SpecialtyRole> specialties,
    Parameters parameters) {

  static final String DIR = "/rules/assignment/";
  private static final String ACTION = "assign beneficiaries";

  /** The clinician roles the steps use. */
  public enum SpecialtyRole {
    /** Primary care physician (step 1). */
    PCP,
    /** Nurse practitioner, physician assistant, clinical nurse specialist. */
    NPP,
    /** A step-2 specialist. */
    SPECIALIST
  }

  /** Extra conditions a primary care code carries in some years. */
  public enum CodeCondition {
    NONE,
    /** Not on claims with place of service 31 (SNF), PY2017-18. */
    NOT_POS_31,
    /** Not when furnished in a SNF (place of service 31), PY2019+. */
    NOT_IN_SNF,
    /** Not in an inpatient setting (place of service 21). */
    NOT_INPATIENT,
    /** Only when the assignment window overlaps the COVID-19 public health emergency. */
    COVID_PHE_WINDOW,
    /** Only on claims of an ETA hospital. */
    ETA_ONLY,
    /** Only on RHC claims (clinic revenue codes). */
    RHC_ONLY,
    /** Add-on code: only when the claim also has a primary care base code. */
    BASE_CODE_PC
  }

  /** Which services step 2 counts. */
  public enum Step2Scope {
    /** PY2012-15: any ACO professional. */
    ALL_PROFESSIONALS,
    /** PY2016+: the listed specialties. */
    SPECIALIST_LIST
  }

  /**
   * One primary care service code.
   *
   * @param code HCPCS/CPT code or 4-digit revenue centre code
   * @param system HCPCS or REVENUE_CENTER
   * @param condition extra condition
   */
  public record PrimaryCareCode(String code, String system, CodeCondition condition) {}

  /**
   * The method parameters (see {@code parameters.csv} for each one's source).
   *
   * @param nppInStep1 step 1 counts NP/PA/CNS services with PCP services
   * @param step2Scope which services step 2 counts
   * @param step3Enabled step 3 (NP/PA/CNS in the expanded window) applies
   * @param prestepWindowMonths months the pre-step looks back (12, or 24 from PY2025)
   * @param fqhcRhcAllServicesPcp every primary care service on an FQHC/RHC claim counts as PCP
   * @param prospectiveWindowEndOffsetMonths the prospective window ends this many months before
   *     the year starts
   * @param prospectiveYearExclusions a prospectively assigned beneficiary must also be eligible in
   *     the calendar year it is assigned for (§425.401(b) year-end exclusions)
   * @param voluntaryAlignmentEnabled voluntary alignment applies
   * @param voluntaryRequiresPcService a designation needs a primary care service with the ACO
   * @param covidPheStart first day of the COVID-19 public health emergency
   * @param covidPheEnd last day of the COVID-19 public health emergency
   */
  public record Parameters(
      boolean nppInStep1,
      Step2Scope step2Scope,
      boolean step3Enabled,
      int prestepWindowMonths,
      boolean fqhcRhcAllServicesPcp,
      int prospectiveWindowEndOffsetMonths,
      boolean prospectiveYearExclusions,
      boolean voluntaryAlignmentEnabled,
      boolean voluntaryRequiresPcService,
      LocalDate covidPheStart,
      LocalDate covidPheEnd) {}

  /** Loads the packaged rules for a performance year. */
  public static AssignmentRules forYear(int performanceYear) {
    String version = RuleCsv.readVersion("assignment", DIR + "VERSION");
    List<PrimaryCareCode> codes = loadCodes(performanceYear);
    Map<String, SpecialtyRole> specialties = loadSpecialties(performanceYear);
    Parameters parameters = loadParameters(performanceYear);
    return new AssignmentRules(performanceYear, version, codes, specialties, parameters);
  }

  private static boolean inForce(RuleCsv.Row row, String table, int year) {
    return row.requireInt(table, "first_py") <= year && year <= row.requireInt(table, "last_py");
  }

  private static List<PrimaryCareCode> loadCodes(int year) {
    String table = "primary_care_codes";
    List<RuleCsv.Row> rows =
        RuleCsv.readResource(
            table,
            DIR + table + ".csv",
            List.of("code_from", "code_to", "code_system", "first_py", "last_py", "condition", "source"));
    Map<String, PrimaryCareCode> byKey = new LinkedHashMap<>();
    for (RuleCsv.Row row : rows) {
      if (!inForce(row, table, year)) {
        continue;
      }
      String system = row.require(table, "code_system");
      CodeCondition condition;
      try {
        condition = CodeCondition.valueOf(row.require(table, "condition"));
      } catch (IllegalArgumentException e) {
        throw Errors.badRules(table, "line " + row.line() + ": unknown condition " + row.values().get("condition"));
      }
      for (String code : expand(table, row)) {
        PrimaryCareCode previous = byKey.put(system + ":" + code, new PrimaryCareCode(code, system, condition));
        if (previous != null) {
          throw Errors.badRules(
              table, "line " + row.line() + ": code " + code + " is in force twice for " + year);
        }
      }
    }
    if (byKey.isEmpty()) {
      throw Errors.missingRules(ACTION, table, year);
    }
    return List.copyOf(byKey.values());
  }

  /** Expands a from-to range of codes of the same shape (e.g. 99201-99215, G0442-G0444). */
  static List<String> expand(String table, RuleCsv.Row row) {
    String from = row.require(table, "code_from");
    String to = row.require(table, "code_to");
    int digitsAt = 0;
    while (digitsAt < from.length() && !Character.isDigit(from.charAt(digitsAt))) {
      digitsAt++;
    }
    String prefix = from.substring(0, digitsAt);
    if (!to.startsWith(prefix) || to.length() != from.length()) {
      throw Errors.badRules(table, "line " + row.line() + ": range " + from + "-" + to + " is not of one shape");
    }
    int lo = Integer.parseInt(from.substring(digitsAt));
    int hi = Integer.parseInt(to.substring(digitsAt));
    if (hi < lo) {
      throw Errors.badRules(table, "line " + row.line() + ": range " + from + "-" + to + " runs backwards");
    }
    int width = from.length() - digitsAt;
    List<String> out = new ArrayList<>();
    for (int n = lo; n <= hi; n++) {
      out.add(prefix + String.format(Locale.ROOT, "%0" + width + "d", n));
    }
    return out;
  }

  private static Map<String, SpecialtyRole> loadSpecialties(int year) {
    String table = "specialties";
    Map<String, SpecialtyRole> roles = new HashMap<>();
    for (RuleCsv.Row row :
        RuleCsv.readResource(
            table, DIR + table + ".csv", List.of("specialty_code", "role", "first_py", "last_py", "source"))) {
      if (inForce(row, table, year)) {
        roles.put(row.require(table, "specialty_code"), SpecialtyRole.valueOf(row.require(table, "role")));
      }
    }
    if (roles.isEmpty()) {
      throw Errors.missingRules(ACTION, table, year);
    }
    return Map.copyOf(roles);
  }

  private static Parameters loadParameters(int year) {
    String table = "parameters";
    Map<String, String> values = new HashMap<>();
    for (RuleCsv.Row row :
        RuleCsv.readResource(
            table, DIR + table + ".csv", List.of("parameter", "first_py", "last_py", "value", "source"))) {
      if (inForce(row, table, year)) {
        String name = row.require(table, "parameter");
        if (values.put(name, row.require(table, "value")) != null) {
          throw Errors.badRules(table, "parameter " + name + " is in force twice for " + year);
        }
      }
    }
    if (values.isEmpty()) {
      throw Errors.missingRules(ACTION, table, year);
    }
    java.util.function.Function<String, String> get =
        name -> {
          String v = values.get(name);
          if (v == null) {
            throw Errors.missingRules(ACTION, table + "." + name, year);
          }
          return v;
        };
    // Only these readings of the two rules are implemented; any other value is a rule-file error.
    if (!"NO_ASSIGNMENT".equals(get.apply("tie_rule"))) {
      throw Errors.badRules(table, "tie_rule must be NO_ASSIGNMENT, found " + get.apply("tie_rule"));
    }
    if (!"EXCLUDE".equals(get.apply("multi_aco_tin_services"))) {
      throw Errors.badRules(
          table, "multi_aco_tin_services must be EXCLUDE, found " + get.apply("multi_aco_tin_services"));
    }
    return new Parameters(
        Boolean.parseBoolean(get.apply("npp_in_step1")),
        Step2Scope.valueOf(get.apply("step2_scope")),
        Boolean.parseBoolean(get.apply("step3_enabled")),
        Integer.parseInt(get.apply("prestep_window_months")),
        Boolean.parseBoolean(get.apply("fqhc_rhc_all_services_pcp")),
        Integer.parseInt(get.apply("prospective_window_end_offset_months")),
        Boolean.parseBoolean(get.apply("prospective_year_exclusions")),
        Boolean.parseBoolean(get.apply("voluntary_alignment_enabled")),
        Boolean.parseBoolean(values.getOrDefault("voluntary_alignment_requires_pc_service", "false")),
        LocalDate.parse(get.apply("covid_phe_start")),
        LocalDate.parse(get.apply("covid_phe_end")));
  }
}
