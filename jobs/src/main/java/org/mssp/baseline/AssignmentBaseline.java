package org.mssp.baseline;

import static org.mssp.baseline.DuckDb.literal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;
import org.mssp.assignment.AssignmentInputs;
import org.mssp.assignment.AssignmentTables;
import org.mssp.assignment.AssignmentWindow;
import org.mssp.assignment.rules.AssignmentRules;
import org.mssp.assignment.rules.AssignmentRules.SpecialtyRole;
import org.mssp.assignment.rules.AssignmentRules.Step2Scope;
import org.mssp.common.error.Errors;

/**
 * The assignment stage ({@link org.mssp.assignment.AssignmentStage}) as one DuckDB SQL query,
 * for the benchmark baseline: the same input tables (registered by {@link BaselineJob}), the same
 * rule data ({@link AssignmentRules#forYear}: primary care codes, specialty roles, parameters,
 * windows from {@link AssignmentWindow#forYears}) and the same steps: primary care lines and
 * their conditions, windows, entities (a TIN/CCN on two ACOs' lists left out), pre-step, step 1,
 * step 2 (step 3 where the rules enable it), ties assign nobody, voluntary alignment, eligibility
 * (and the year-end exclusions of prospectively assigned beneficiaries), the ACO's method,
 * prospective before retrospective. Output: {@code beneficiary_assignment}'s
 * key and decision columns ({@code bene_id, assignment_year, aco_id, assignment_method,
 * assignment_step, winner_allowed_amount, enrollment_type}). Provider attribution, the summary and
 * the assignable population are not computed.
 */
public final class AssignmentBaseline {
  private AssignmentBaseline() {}

  /** Name of the output table. */
  public static final String OUTPUT = "baseline_assignment";

  /**
   * The assignment years of a performance year: the PY and the three years before each agreement
   * start of the PY (§3.1), as {@link org.mssp.assignment.AssignmentJob} derives them.
   */
  public static SortedSet<Integer> assignmentYears(DuckDb db, int py) {
    List<Integer> starts = new ArrayList<>();
    db.query(AGREEMENT_START_YEARS + py, r -> starts.add(r.getInt(1)));
    return assignmentYears(py, starts);
  }

  /** The query of the distinct agreement start years of a PY, the PY appended. */
  static final String AGREEMENT_START_YEARS =
      "SELECT DISTINCT year(agreement_start_date) FROM ref_aco_agreements WHERE performance_year = ";

  /** The PY and the three years before each of its agreements' start years. */
  static SortedSet<Integer> assignmentYears(int py, List<Integer> starts) {
    if (starts.isEmpty()) {
      throw Errors.cannot("run the assignment baseline for PY" + py,
          "table ref_aco_agreements has no rows for performance year " + py);
    }
    SortedSet<Integer> years = new TreeSet<>(List.of(py));
    for (int start : starts) {
      for (int by = start - 3; by < start; by++) {
        years.add(by);
      }
    }
    return years;
  }

  /** The year's rule data as the tables {@code rule_codes}, {@code rule_roles}, {@code rule_windows}. */
  public static List<RuleTable> ruleTables(AssignmentRules rules, List<AssignmentWindow> windows) {
    List<List<Object>> codes = new ArrayList<>();
    for (AssignmentRules.PrimaryCareCode c : rules.codes()) {
      codes.add(List.of(c.system(), c.code(), c.condition().name()));
    }
    List<List<Object>> roles = new ArrayList<>();
    for (Map.Entry<String, SpecialtyRole> e : rules.specialties().entrySet()) {
      roles.add(List.of(e.getKey(), e.getValue().name()));
    }
    List<List<Object>> rows = new ArrayList<>();
    for (AssignmentWindow w : windows) {
      rows.add(List.of(w.windowId(), w.assignmentYear(), w.method(), w.start(), w.end(), w.prestepStart(),
          w.overlapsPhe()));
    }
    return List.of(
        new RuleTable("rule_codes", "code_system STRING, code STRING, condition STRING", codes),
        new RuleTable("rule_roles", "role_specialty STRING, role STRING", roles),
        new RuleTable("rule_windows", "window_id STRING, assignment_year INTEGER, window_method STRING, "
            + "window_start DATE, window_end DATE, prestep_start DATE, overlaps_phe BOOLEAN", rows));
  }

  /** Loads the year's rule data ({@link #ruleTables}) into DuckDB tables. */
  public static void loadRules(DuckDb db, AssignmentRules rules, List<AssignmentWindow> windows) {
    for (RuleTable t : ruleTables(rules, windows)) {
      db.createRuleTable(t);
    }
  }

  /**
   * The query in {@code dialect}; the input tables and the rule tables {@code rule_codes},
   * {@code rule_roles}, {@code rule_windows} ({@link #loadRules} for DuckDB) must be there under
   * those names.
   */
  public static String query(AssignmentRules rules, SqlDialect dialect) {
    AssignmentRules.Parameters p = rules.parameters();
    int py = rules.performanceYear();
    String carrier = literal(AssignmentTables.SOURCE_CARRIER);
    String fqhc = literal(AssignmentTables.SOURCE_FQHC);
    String rhc = literal(AssignmentTables.SOURCE_RHC);
    String cah2 = literal(AssignmentTables.SOURCE_CAH2);
    String eta = literal(AssignmentTables.SOURCE_ETA);
    String money = "DECIMAL(" + 15 + ", 2)"; // AssignmentTables.MONEY
    String isPcp = "role = " + literal(SpecialtyRole.PCP.name());
    String isNpp = "role = " + literal(SpecialtyRole.NPP.name());
    String isSpecialist = "role = " + literal(SpecialtyRole.SPECIALIST.name());
    String step1Class = p.nppInStep1() ? "(" + isPcp + " OR " + isNpp + ")" : "(" + isPcp + ")";
    boolean specialistList = p.step2Scope() == Step2Scope.SPECIALIST_LIST;
    String step2Class = specialistList ? "(" + isSpecialist + ")" : "(NOT (" + isPcp + ") AND NOT " + step1Class + ")";
    String prestepClass = specialistList ? "(" + isPcp + " OR " + isSpecialist + ")" : "(NOT (" + isNpp + "))";
    String step3 = Boolean.toString(p.step3Enabled());
    String roleExpr = p.fqhcRhcAllServicesPcp()
        ? "CASE WHEN claim_source IN (" + fqhc + ", " + rhc + ") THEN 'PCP' ELSE ro.role END"
        : "ro.role";
    String cond = "condition";
    String sql = """
        WITH
        service_lines AS (SELECT * FROM (
          SELECT bene_mbi_id AS bene_id, cur_clm_uniq_id AS claim_id, clm_line_num AS line_num,
                 %1$s AS claim_source, coalesce(clm_line_from_dt, clm_from_dt) AS service_date,
                 clm_rndrg_prvdr_tax_num AS billing_tin, CAST(NULL AS STRING) AS ccn,
                 coalesce(rndrg_prvdr_npi_num, clm_rndrg_prvdr_npi_num) AS npi,
                 clm_prvdr_spclty_cd AS specialty_code, clm_line_hcpcs_cd AS hcpcs_code,
                 CAST(NULL AS STRING) AS revenue_center, clm_pos_cd AS pos_code,
                 CAST(clm_line_alowd_chrg_amt AS %2$s) AS allowed_amount
          FROM part_b_physician_line
          UNION ALL -- the two branches list the same columns in the same order
          SELECT h.bene_mbi_id AS bene_id, h.cur_clm_uniq_id AS claim_id, r.clm_line_num AS line_num,
                 CASE WHEN coalesce(h.clm_bill_fac_type_cd, '') || coalesce(h.clm_bill_clsfctn_cd, '') = %3$s THEN %4$s
                      WHEN coalesce(h.clm_bill_fac_type_cd, '') || coalesce(h.clm_bill_clsfctn_cd, '') = %5$s THEN %6$s
                      WHEN coalesce(h.clm_bill_fac_type_cd, '') || coalesce(h.clm_bill_clsfctn_cd, '') = %7$s
                           AND (r.clm_line_prod_rev_ctr_cd LIKE '096%%' OR r.clm_line_prod_rev_ctr_cd LIKE '097%%'
                                OR r.clm_line_prod_rev_ctr_cd LIKE '098%%') THEN %8$s
                      WHEN coalesce(h.clm_bill_fac_type_cd, '') || coalesce(h.clm_bill_clsfctn_cd, '') = %9$s
                           AND r.clm_line_hcpcs_cd = 'G0463' AND eta.eta_ccn IS NOT NULL THEN %10$s
                 END AS claim_source,
                 coalesce(r.clm_line_from_dt, h.clm_from_dt) AS service_date,
                 CAST(NULL AS STRING) AS billing_tin, h.prvdr_oscar_num AS ccn, h.atndg_prvdr_npi_num AS npi,
                 rs.roster_specialty AS specialty_code, r.clm_line_hcpcs_cd AS hcpcs_code,
                 r.clm_line_prod_rev_ctr_cd AS revenue_center, CAST(NULL AS STRING) AS pos_code,
                 CAST(r.clm_line_cvrd_pd_amt AS %2$s) AS allowed_amount
          FROM part_a_claim_header h
          JOIN part_a_claim_revenue_line r ON h.cur_clm_uniq_id = r.cur_clm_uniq_id
          LEFT JOIN (SELECT DISTINCT ccn AS eta_ccn FROM ref_aco_participants WHERE ccn IS NOT NULL) eta
                 ON h.prvdr_oscar_num = eta.eta_ccn
          LEFT JOIN (SELECT npi AS roster_npi, min(specialty_code) AS roster_specialty
                     FROM ref_provider_roster GROUP BY npi) rs ON h.atndg_prvdr_npi_num = rs.roster_npi
        ) WHERE claim_source IS NOT NULL),
        pc_lines AS (
          SELECT s.*, coalesce(ch.condition, cr.condition) AS condition
          FROM service_lines s
          LEFT JOIN rule_codes ch ON ch.code_system = 'HCPCS' AND ch.code = s.hcpcs_code
          LEFT JOIN rule_codes cr ON cr.code_system = 'REVENUE_CENTER' AND cr.code = s.revenue_center
          WHERE coalesce(ch.condition, cr.condition) IS NOT NULL
        ),
        active AS (
          SELECT * FROM ref_aco_participants
          WHERE start_date <= DATE '%11$d-12-31' AND (end_date IS NULL OR end_date >= DATE '%11$d-01-01')
        ),
        tin_map AS (
          SELECT participant_tin AS entity_key, count(DISTINCT aco_id) AS aco_count,
                 CASE WHEN count(DISTINCT aco_id) = 1 THEN min(aco_id) END AS entity_aco
          FROM active WHERE participant_tin IS NOT NULL GROUP BY participant_tin
        ),
        ccn_map AS (
          SELECT ccn AS entity_key, count(DISTINCT aco_id) AS aco_count,
                 CASE WHEN count(DISTINCT aco_id) = 1 THEN min(aco_id) END AS entity_aco
          FROM active WHERE ccn IS NOT NULL GROUP BY ccn
        ),
        in_windows AS (
          SELECT l.*, w.window_id, l.service_date >= w.window_start AS in_window
          FROM pc_lines l
          JOIN rule_windows w ON l.service_date >= w.prestep_start AND l.service_date <= w.window_end
          WHERE CASE WHEN %12$s = 'NONE' THEN true
                     WHEN %12$s IN ('NOT_POS_31', 'NOT_IN_SNF') THEN coalesce(pos_code, '') <> '31'
                     WHEN %12$s = 'NOT_INPATIENT' THEN coalesce(pos_code, '') <> '21'
                     WHEN %12$s = 'COVID_PHE_WINDOW' THEN w.overlaps_phe
                     WHEN %12$s = 'ETA_ONLY' THEN claim_source = %10$s
                     WHEN %12$s = 'RHC_ONLY' THEN claim_source = %6$s
                     ELSE true END
        ),
        with_base AS (
          -- §425.400(c)(1)(iii): add-on codes count only on a claim with a primary care base code
          SELECT * FROM (
            SELECT *, bool_or(%12$s <> 'BASE_CODE_PC') OVER (PARTITION BY window_id, claim_source, claim_id) AS claim_has_base
            FROM in_windows)
          WHERE %12$s <> 'BASE_CODE_PC' OR claim_has_base
        ),
        classified AS (
          SELECT t.window_id, t.bene_id, t.in_window, t.allowed_amount,
                 CASE WHEN coalesce(tm.aco_count, cm.aco_count, 0) = 1 THEN 'ACO:' || coalesce(tm.entity_aco, cm.entity_aco)
                      WHEN coalesce(tm.aco_count, cm.aco_count, 0) > 1 THEN NULL
                      WHEN t.claim_source <> %1$s THEN 'CCN:' || t.ccn
                      ELSE 'TIN:' || t.billing_tin END AS entity,
                 coalesce(%13$s, 'OTHER') AS role
          FROM with_base t
          LEFT JOIN tin_map tm ON t.billing_tin = tm.entity_key AND t.claim_source = %1$s
          LEFT JOIN ccn_map cm ON t.ccn = cm.entity_key AND t.claim_source <> %1$s
          LEFT JOIN rule_roles ro ON t.specialty_code = ro.role_specialty
        ),
        flagged AS (
          SELECT window_id, bene_id, entity, allowed_amount,
                 in_window AND %14$s AS s1,
                 in_window AND %15$s AS s2,
                 %16$s AND %14$s AS s3,
                 %16$s AND (%17$s) AS s3_npp,
                 %18$s AS prestep
          FROM classified WHERE entity IS NOT NULL
        ),
        entity_totals AS (
          SELECT window_id, bene_id, entity,
                 sum(CASE WHEN s1 THEN allowed_amount END) AS s1_allowed, count(CASE WHEN s1 THEN 1 END) AS s1_n,
                 sum(CASE WHEN s2 THEN allowed_amount END) AS s2_allowed, count(CASE WHEN s2 THEN 1 END) AS s2_n,
                 sum(CASE WHEN s3 THEN allowed_amount END) AS s3_allowed, count(CASE WHEN s3 THEN 1 END) AS s3_n,
                 count(CASE WHEN s3_npp THEN 1 END) AS s3_npp_n, count(CASE WHEN prestep THEN 1 END) AS prestep_n
          FROM flagged GROUP BY window_id, bene_id, entity
        ),
        with_flag AS (
          SELECT *, sum(s1_n) OVER (PARTITION BY window_id, bene_id) AS bene_s1_n FROM entity_totals
        ),
        %19$s,
        claims_based AS (
          SELECT window_id, bene_id, substr(winner, 5) AS aco_id, assignment_step, winner_allowed_amount
          FROM decided
        ),
        alignments AS (
          SELECT coalesce(x.current_mbi, v.bene_mbi_id) AS bene_id, v.designated_npi, v.designated_tin, v.signature_date
          FROM ref_voluntary_alignment v LEFT JOIN beneficiary_mbi_xref x ON v.bene_mbi_id = x.previous_mbi
        ),
        latest AS (
          SELECT w.window_id, a.bene_id,
                 %22$s(a.designated_tin, CAST(a.signature_date AS STRING) || a.designated_npi) AS designated_tin
          FROM alignments a JOIN rule_windows w ON a.signature_date <= w.window_end
          GROUP BY w.window_id, a.bene_id
        ),
        voluntary AS (
          SELECT l.window_id, l.bene_id,
                 CASE WHEN %20$s %21$s THEN tm.entity_aco END AS aco_id
          FROM latest l
          LEFT JOIN tin_map tm ON l.designated_tin = tm.entity_key
          LEFT JOIN entity_totals pe ON pe.prestep_n > 0 AND pe.window_id = l.window_id AND pe.bene_id = l.bene_id
                AND pe.entity = 'ACO:' || tm.entity_aco
        ),
        months AS (
          SELECT bene_mbi_id AS bene_id, make_date(year, month, 1) AS month_start, part_a, part_b,
                 medicare_advantage_or_group AS ma_or_group_plan,
                 coalesce(substr(state_county_fips, 1, 2) BETWEEN '01' AND '78', false) AS us_resident,
                 enrollment_type
          FROM beneficiary_month WHERE part_a OR part_b
        ),
        eligibility AS (
          SELECT w.window_id, m.bene_id,
                 count(CASE WHEN part_a AND part_b THEN 1 END) > 0
                   AND count(CASE WHEN part_a <> part_b THEN 1 END) = 0
                   AND count(CASE WHEN ma_or_group_plan THEN 1 END) = 0
                   AND coalesce(%22$s(us_resident, month_start), false) AS eligible,
                 %22$s(CASE WHEN part_a AND part_b THEN enrollment_type END,
                              CASE WHEN part_a AND part_b THEN month_start END) AS enrollment_type
          FROM months m JOIN rule_windows w ON m.month_start >= w.window_start AND m.month_start <= w.window_end
          GROUP BY w.window_id, m.bene_id
        ),
        candidates AS (
          SELECT c.*, w.assignment_year, w.window_method, e.enrollment_type
          FROM (SELECT window_id, bene_id, aco_id, 'VOLUNTARY' AS assignment_step,
                       CAST(NULL AS DECIMAL(25, 2)) AS winner_allowed_amount
                FROM voluntary WHERE aco_id IS NOT NULL
                UNION ALL
                SELECT window_id, bene_id, aco_id, assignment_step, CAST(winner_allowed_amount AS DECIMAL(25, 2))
                FROM claims_based cb
                WHERE NOT EXISTS (SELECT 1 FROM voluntary v WHERE v.window_id = cb.window_id AND v.bene_id = cb.bene_id)) c
          JOIN rule_windows w ON c.window_id = w.window_id
          JOIN (SELECT aco_id, assignment_method FROM ref_aco_agreements WHERE performance_year = %11$d) m
            ON c.aco_id = m.aco_id AND w.window_method = m.assignment_method
          JOIN eligibility e ON e.window_id = c.window_id AND e.bene_id = c.bene_id AND e.eligible
          LEFT JOIN (SELECT ce.bene_id AS c_bene, cw.assignment_year AS c_year
                     FROM eligibility ce JOIN rule_windows cw ON ce.window_id = cw.window_id
                     WHERE cw.window_method = 'RETROSPECTIVE' AND ce.eligible) cy
            ON cy.c_bene = c.bene_id AND cy.c_year = w.assignment_year
          WHERE w.window_method <> 'PROSPECTIVE' OR NOT %23$s OR cy.c_bene IS NOT NULL
        )
        SELECT bene_id, assignment_year, aco_id, assignment_method, assignment_step, winner_allowed_amount, enrollment_type
        FROM (
          SELECT bene_id, assignment_year, aco_id, window_method AS assignment_method, assignment_step,
                 winner_allowed_amount, enrollment_type,
                 row_number() OVER (PARTITION BY bene_id, assignment_year
                                    ORDER BY CASE WHEN window_method = 'PROSPECTIVE' THEN 0 ELSE 1 END, aco_id) AS rn
          FROM candidates)
        WHERE rn = 1
        """;
    return String.format(java.util.Locale.ROOT, sql,
        carrier, money,
        literal(AssignmentInputs.TOB_FQHC), fqhc,
        literal(AssignmentInputs.TOB_RHC), rhc,
        literal(AssignmentInputs.TOB_CAH), cah2,
        literal(AssignmentInputs.TOB_HOSPITAL_OUTPATIENT), eta,
        py, cond, roleExpr,
        step1Class, step2Class, step3, isNpp, prestepClass,
        decided(p.step3Enabled()),
        Boolean.toString(p.voluntaryAlignmentEnabled()),
        p.voluntaryRequiresPcService() ? "AND pe.entity IS NOT NULL" : "",
        dialect.argMaxKeepingNull(),
        Boolean.toString(p.prospectiveYearExclusions()));
  }

  /**
   * The plurality of each step (CTEs {@code step_s1}, ... and {@code decided}): per window and
   * beneficiary the entity with the most allowed charges among those with services of the step,
   * ranked by amount then entity; an ACO wins only when strictly above the runner-up and having
   * passed the pre-step (step 3: with an NP/PA/CNS service).
   */
  private static String decided(boolean step3Enabled) {
    String s1 = step("s1", "STEP_1", "with_flag", "true", "winner_prestep_n > 0");
    String s2 = step("s2", "STEP_2", "with_flag", "bene_s1_n = 0", "winner_prestep_n > 0");
    if (!step3Enabled) {
      return s1 + ",\n" + s2 + ",\ndecided AS (SELECT * FROM step_s1 UNION ALL SELECT * FROM step_s2)";
    }
    String undecided = """
        undecided AS (
          SELECT * FROM with_flag f WHERE NOT EXISTS (
            SELECT 1 FROM (SELECT window_id, bene_id FROM step_s1 UNION ALL SELECT window_id, bene_id FROM step_s2) d
            WHERE d.window_id = f.window_id AND d.bene_id = f.bene_id))""";
    String s3 = step("s3", "STEP_3", "undecided", "true", "winner_s3_npp_n > 0");
    return s1 + ",\n" + s2 + ",\n" + undecided + ",\n" + s3
        + ",\ndecided AS (SELECT * FROM step_s1 UNION ALL SELECT * FROM step_s2 UNION ALL SELECT * FROM step_s3)";
  }

  private static String step(String s, String name, String from, String eligibleBene, String passed) {
    return String.format(java.util.Locale.ROOT, """
        ranked_%1$s AS (
          SELECT window_id, bene_id, entity, %1$s_allowed AS amount, prestep_n, s3_npp_n,
                 row_number() OVER (PARTITION BY window_id, bene_id ORDER BY %1$s_allowed DESC NULLS LAST, entity ASC) AS rk
          FROM %3$s WHERE %1$s_n > 0 AND %4$s
        ),
        step_%1$s AS (
          SELECT a.window_id, a.bene_id, a.entity AS winner, a.amount AS winner_allowed_amount, '%2$s' AS assignment_step
          FROM (SELECT window_id, bene_id, entity, amount, prestep_n AS winner_prestep_n, s3_npp_n AS winner_s3_npp_n
                FROM ranked_%1$s WHERE rk = 1) a
          LEFT JOIN (SELECT window_id, bene_id, amount FROM ranked_%1$s WHERE rk = 2) b
            ON a.window_id = b.window_id AND a.bene_id = b.bene_id
          WHERE a.entity LIKE 'ACO:%%' AND (b.amount IS NULL OR a.amount > b.amount) AND %5$s
        )""", s, name, from, eligibleBene, passed);
  }
}
