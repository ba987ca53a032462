package org.mssp.baseline;

import static org.mssp.baseline.DuckDb.literal;
import static org.mssp.expenditure.ExpenditureTables.CATEGORIES;
import static org.mssp.expenditure.ExpenditureTables.spendColumn;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.StringJoiner;
import org.mssp.benchmark.rules.BenchmarkRules;

/**
 * The beneficiary expenditure of one calendar year ({@link org.mssp.expenditure.ExpenditureStage}
 * in evaluator mode) as one DuckDB SQL query, for the benchmark baseline: paid amounts of Part A
 * headers (less the year's payment exclusions) and Part B carrier and DME lines with a date of
 * service in the year, categorised by the year's claim types, within the run-out; eligible
 * months (Parts A and B FFS, up to the month of death); per beneficiary × enrollment type the
 * months, person-years, spend per category, raw total, county of the last month, assignable flag
 * (from {@code assignable_population}); the nearest-rank truncation cap per type over the
 * assignable population and the truncated spend. Same rule data ({@link BenchmarkRules#load}).
 * Risk, national and county figures are not computed.
 */
public final class ExpenditureBaseline {
  private ExpenditureBaseline() {}

  /** Name of the output table of a year. */
  public static String output(int year) {
    return "baseline_expenditure_" + year;
  }

  /** The year's claim types as the rule table {@code rule_claim_types_<year>}. */
  public static RuleTable ruleTable(BenchmarkRules rules, int year) {
    List<List<Object>> rows = new ArrayList<>();
    for (BenchmarkRules.ClaimType t : rules.claimTypesFor(year)) {
      rows.add(List.of(t.sourceTable(), t.claimTypeCode(), t.category()));
    }
    return new RuleTable("rule_claim_types_" + year,
        "source_table STRING, claim_type_code STRING, category STRING", rows);
  }

  /** Loads the year's claim types ({@link #ruleTable}) into DuckDB. */
  public static void loadRules(DuckDb db, BenchmarkRules rules, int year) {
    RuleTable t = ruleTable(rules, year);
    db.createRuleTable(t);
  }

  /** The query of one year in {@code dialect}; the inputs and {@link #ruleTable} must be there. */
  public static String query(BenchmarkRules rules, int year, SqlDialect dialect) {
    String claimMoney = "DECIMAL(22, 2)"; // ExpenditureStage.CLAIM_MONEY
    String money = "DECIMAL(20, 2)"; // ExpenditureTables.MONEY
    StringBuilder partAPaid = new StringBuilder("CAST(clm_pmt_amt AS " + claimMoney + ")");
    for (String excluded : rules.paymentExclusionsFor(year)) {
      partAPaid.append(" - CAST(coalesce(").append(excluded).append(", 0) AS ").append(claimMoney).append(")");
    }
    int runout = rules.parameter("runout_months", year).intValueExact();
    LocalDate runoutEnd = LocalDate.of(year + 1, 1, 1).plusMonths(runout).minusDays(1);
    BigDecimal percentile = rules.parameter("truncation_percentile", year);
    StringJoiner monthlySpend = new StringJoiner(",\n       ");
    StringJoiner typeSpend = new StringJoiner(",\n       ");
    StringJoiner raw = new StringJoiner(" + ");
    for (String c : CATEGORIES) {
      monthlySpend.add("sum(CASE WHEN category = " + literal(c) + " THEN paid END) AS " + spendColumn(c));
      typeSpend.add("CAST(coalesce(sum(m." + spendColumn(c) + "), 0) AS " + money + ") AS " + spendColumn(c));
      raw.add(spendColumn(c));
    }
    return String.format(java.util.Locale.ROOT, """
        WITH
        claims AS (
          SELECT bene_mbi_id AS bene_id, 'part_a_claim_header' AS source_table, CAST(clm_type_cd AS STRING) AS clm_type_cd,
                 clm_thru_dt AS service_date, coalesce(clm_efctv_dt, delivery_date) AS processed_date, %1$s AS paid
          FROM part_a_claim_header WHERE year(clm_thru_dt) = %2$d
          UNION ALL
          SELECT bene_mbi_id, 'part_b_physician_line', CAST(clm_type_cd AS STRING), clm_line_from_dt,
                 coalesce(clm_efctv_dt, delivery_date), CAST(clm_line_cvrd_pd_amt AS %3$s)
          FROM part_b_physician_line WHERE year(clm_line_from_dt) = %2$d
          UNION ALL
          SELECT bene_mbi_id, 'part_b_dme_line', CAST(clm_type_cd AS STRING), clm_line_from_dt,
                 coalesce(clm_efctv_dt, delivery_date), CAST(clm_line_cvrd_pd_amt AS %3$s)
          FROM part_b_dme_line WHERE year(clm_line_from_dt) = %2$d
        ),
        monthly AS (
          SELECT c.bene_id, month(c.service_date) AS month,
                 %4$s
          FROM claims c
          JOIN rule_claim_types_%2$d t ON c.source_table = t.source_table AND c.clm_type_cd = t.claim_type_code
          WHERE c.processed_date <= DATE '%5$s'
          GROUP BY c.bene_id, month(c.service_date)
        ),
        eligible_months AS (
          SELECT bene_mbi_id AS bene_id, month, enrollment_type, state_county_fips AS county_code
          FROM beneficiary_month
          WHERE year = %2$d AND ffs_part_a_and_b AND enrollment_type IS NOT NULL
            AND (death_date IS NULL OR year(death_date) > year OR (year(death_date) = year AND month(death_date) >= month))
        ),
        per_type AS (
          SELECT e.bene_id, e.enrollment_type, CAST(count(*) AS INTEGER) AS eligible_months,
                 %10$s(e.county_code, e.month) AS county_code,
                 %6$s
          FROM eligible_months e LEFT JOIN monthly m ON e.bene_id = m.bene_id AND e.month = m.month
          GROUP BY e.bene_id, e.enrollment_type
        ),
        flagged AS (
          SELECT p.*,
                 -- months / 12 rounded half up at 8 decimals, in exact integer arithmetic
                 CAST(%11$s AS DECIMAL(18, 0)) * CAST(0.00000001 AS DECIMAL(18, 8)) AS person_years,
                 CAST(%7$s AS %3$s) AS raw_spend,
                 a.bene_id IS NOT NULL AS assignable
          FROM per_type p
          LEFT JOIN (SELECT DISTINCT bene_id FROM assignable_population WHERE assignment_year = %2$d) a
            ON p.bene_id = a.bene_id
        ),
        caps AS (
          SELECT enrollment_type, raw_spend AS truncation_cap
          FROM (SELECT enrollment_type, raw_spend,
                       row_number() OVER (PARTITION BY enrollment_type ORDER BY raw_spend, bene_id) AS rk,
                       count(*) OVER (PARTITION BY enrollment_type) AS n
                FROM flagged WHERE assignable)
          WHERE rk = ceil(CAST(%8$s AS DECIMAL(10, 6)) * n)
        )
        SELECT f.bene_id, %2$d AS year, f.enrollment_type, f.eligible_months,
               CAST(f.person_years AS DECIMAL(18, 8)) AS person_years, %9$s, f.raw_spend, c.truncation_cap,
               CASE WHEN c.truncation_cap IS NULL THEN f.raw_spend ELSE least(f.raw_spend, c.truncation_cap) END AS truncated_spend,
               f.county_code, f.assignable
        FROM flagged f LEFT JOIN caps c ON f.enrollment_type = c.enrollment_type
        """,
        partAPaid, year, claimMoney, monthlySpend, runoutEnd, typeSpend, raw,
        percentile.toPlainString(), spendColumns("f."), dialect.argMaxKeepingNull(),
        dialect.integerDivision("eligible_months * 100000000 + 6", "12"));
  }

  private static String spendColumns(String prefix) {
    StringJoiner j = new StringJoiner(", ");
    for (String c : CATEGORIES) {
      j.add(prefix + spendColumn(c));
    }
    return j.toString();
  }
}
