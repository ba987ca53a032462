package org.mssp.assignment;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.sql.Date;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.mssp.assignment.rules.AssignmentRules;
import org.mssp.common.error.PipelineException;
import org.mssp.testsupport.DataFrameAssert;
import org.mssp.testsupport.SharedSpark;

/**
 * One rule per test, each on its own named beneficiary in a shared tiny fixture (PY2018, ACOs A1
 * and A2 retrospective, A3 prospective). Expected rows are worked by hand from the fixture.
 */
class AssignmentStageTest {
  private static final String RETRO = AssignmentWindow.RETROSPECTIVE;
  private static final String PROSP = AssignmentWindow.PROSPECTIVE;
  private static AssignmentStage.Result result2018;
  private static List<Row> assigned2018;
  private static Dataset<Row> assignedFrame;

  @BeforeAll
  static void assign2018() {
    AssignmentFixtures f = new AssignmentFixtures()
        .participant("A1", "T1", null).participant("A1", "T9", "C1")
        .participant("A2", "T2", null)
        .participant("A1", "T12", null).participant("A2", "T12", null)
        .participant("A3", "T7", null)
        .method("A1", RETRO).method("A2", RETRO).method("A3", PROSP);
    // bene_pcp_plurality: A1 180 (two PCP visits) beats A2 150.
    f.carrier("bene_pcp_plurality", "2018-02-01", "T1", "N1", "08", "99213", "11", "100.00")
        .carrier("bene_pcp_plurality", "2018-05-01", "T1", "N1", "08", "99214", "11", "80.00")
        .carrier("bene_pcp_plurality", "2018-03-01", "T2", "N2", "11", "99213", "11", "150.00")
        .eligible("bene_pcp_plurality", 2018, 1, 12);
    // bene_specialist_only: no PCP/NPP service anywhere, so step 2: cardiology 200 vs 120.
    f.carrier("bene_specialist_only", "2018-04-01", "T1", "S1", "06", "99214", "11", "200.00")
        .carrier("bene_specialist_only", "2018-06-01", "T2", "S2", "06", "99214", "11", "120.00")
        .eligible("bene_specialist_only", 2018, 1, 12);
    // bene_tie: equal totals at two ACOs assign to neither.
    f.carrier("bene_tie", "2018-02-01", "T1", "N1", "08", "99213", "11", "100.00")
        .carrier("bene_tie", "2018-03-01", "T2", "N2", "11", "99213", "11", "100.00")
        .eligible("bene_tie", 2018, 1, 12);
    // bene_ma_month: one Medicare Advantage month makes the beneficiary ineligible.
    f.carrier("bene_ma_month", "2018-02-01", "T1", "N1", "08", "99213", "11", "100.00")
        .eligible("bene_ma_month", 2018, 1, 5).month("bene_ma_month", 2018, 6, true, true, true)
        .eligible("bene_ma_month", 2018, 7, 12);
    // bene_died: eligible for the months alive (Jan-Apr), assigned on the March visit.
    f.carrier("bene_died", "2018-03-10", "T1", "N1", "08", "99213", "11", "90.00")
        .eligible("bene_died", 2018, 1, 4);
    // bene_tin_two_acos: T12 is on A1's and A2's lists, so its 300 is left out; A2 wins with 50.
    f.carrier("bene_tin_two_acos", "2018-02-01", "T12", "N5", "11", "99215", "11", "300.00")
        .carrier("bene_tin_two_acos", "2018-03-01", "T2", "N2", "11", "99213", "11", "50.00")
        .eligible("bene_tin_two_acos", 2018, 1, 12);
    // bene_non_aco_wins: a TIN outside every ACO has the plurality.
    f.carrier("bene_non_aco_wins", "2018-02-01", "T3", "N3", "11", "99214", "11", "200.00")
        .carrier("bene_non_aco_wins", "2018-03-01", "T1", "N1", "08", "99213", "11", "100.00")
        .eligible("bene_non_aco_wins", 2018, 1, 12);
    // bene_nf_in_snf: nursing facility visit in a SNF (POS 31) is not primary care from PY2017.
    f.carrier("bene_nf_in_snf", "2018-02-01", "T1", "N1", "08", "99309", "31", "500.00")
        .carrier("bene_nf_in_snf", "2018-03-01", "T2", "N2", "11", "99213", "11", "100.00")
        .eligible("bene_nf_in_snf", 2018, 1, 12);
    // bene_nf_in_nursing_facility: the same visit in a nursing facility (POS 32) counts.
    f.carrier("bene_nf_in_nursing_facility", "2018-02-01", "T1", "N1", "08", "99309", "32", "500.00")
        .carrier("bene_nf_in_nursing_facility", "2018-03-01", "T2", "N2", "11", "99213", "11", "100.00")
        .eligible("bene_nf_in_nursing_facility", 2018, 1, 12);
    // bene_voluntary: claims favour A1, but the beneficiary designated N2 at A2's TIN.
    f.carrier("bene_voluntary", "2018-02-01", "T1", "N1", "08", "99213", "11", "300.00")
        .designation("bene_voluntary", "N2", "T2", "2017-05-01")
        .carrier("bene_voluntary", "2018-03-01", "T2", "N2", "11", "99213", "11", "10.00")
        .eligible("bene_voluntary", 2018, 1, 12);
    // bene_designated_outside: a designation outside every ACO bars claims-based assignment.
    f.carrier("bene_designated_outside", "2018-02-01", "T1", "N1", "08", "99213", "11", "300.00")
        .designation("bene_designated_outside", "N3", "T3", "2017-05-01")
        .eligible("bene_designated_outside", 2018, 1, 12);
    // bene_fqhc: before PY2019 an FQHC service by a clinician of no PCP specialty is not step 1.
    f.institutional("bene_fqhc", AssignmentTables.SOURCE_FQHC, "2018-04-01", "C1", "N9", null, "99213", "120.00")
        .carrier("bene_fqhc", "2018-03-01", "T2", "N2", "11", "99213", "11", "100.00")
        .eligible("bene_fqhc", 2018, 1, 12);
    // bene_prestep_npp_only: A1's plurality is all NP services, no A1 physician: pre-step fails.
    f.carrier("bene_prestep_npp_only", "2018-02-01", "T1", "N4", "50", "99213", "11", "100.00")
        .eligible("bene_prestep_npp_only", 2018, 1, 12);
    // bene_attr: equal allowed at N1 and N4 (both A1); N4's later visit wins attribution.
    f.carrier("bene_attr", "2018-02-01", "T1", "N1", "08", "99213", "11", "100.00")
        .carrier("bene_attr", "2018-03-01", "T1", "N4", "50", "99213", "11", "100.00")
        .eligible("bene_attr", 2018, 1, 12);
    // bene_prospective: A3 is prospective: its window for 2018 is 2016-10-01..2017-09-30.
    f.carrier("bene_prospective", "2017-06-01", "T7", "N7", "11", "99213", "11", "70.00")
        .eligible("bene_prospective", 2016, 10, 12).eligible("bene_prospective", 2017, 1, 12)
        .eligible("bene_prospective", 2018, 1, 12);
    // bene_prospective_late: the visit falls after A3's window and A3 is not retrospective.
    f.carrier("bene_prospective_late", "2017-11-01", "T7", "N7", "11", "99213", "11", "70.00")
        .eligible("bene_prospective_late", 2017, 1, 12).eligible("bene_prospective_late", 2018, 1, 12);

    // bene_prospective_ma_in_year: in A3's window, but Medicare Advantage from July 2018, the year it
    // is assigned for: excluded at year end (§425.401(b)(2)), and not eligible retrospectively either.
    f.carrier("bene_prospective_ma_in_year", "2017-06-01", "T7", "N7", "11", "99213", "11", "70.00")
        .eligible("bene_prospective_ma_in_year", 2017, 1, 12).eligible("bene_prospective_ma_in_year", 2018, 1, 6);
    for (int m = 7; m <= 12; m++) {
      f.month("bene_prospective_ma_in_year", 2018, m, true, true, true);
    }
    // bene_prospective_gone: in A3's window, but no month of Parts A and B in 2018 (§425.401(b)(1)).
    f.carrier("bene_prospective_gone", "2017-06-01", "T7", "N7", "11", "99213", "11", "70.00")
        .eligible("bene_prospective_gone", 2017, 1, 12);
    // bene_prospective_part_b_only: in A3's window, Part B only from October 2018 (§425.401(b)(1)).
    f.carrier("bene_prospective_part_b_only", "2017-06-01", "T7", "N7", "11", "99213", "11", "70.00")
        .eligible("bene_prospective_part_b_only", 2017, 1, 12).eligible("bene_prospective_part_b_only", 2018, 1, 9);
    for (int m = 10; m <= 12; m++) {
      f.month("bene_prospective_part_b_only", 2018, m, false, true, false);
    }

    AssignmentRules rules = AssignmentRules.forYear(2018);
    result2018 = AssignmentStage.assign(
        f.inputs(), AssignmentWindow.forYears(new TreeSet<>(List.of(2018)), rules), rules);
    assigned2018 = result2018.assignment().collectAsList();
    // Materialised once: each test filters this small local copy instead of re-running the plan.
    assignedFrame = SharedSpark.session().createDataFrame(assigned2018, result2018.assignment().schema());
  }

  @AfterAll
  static void release() {
    result2018.close();
  }

  private static final StructType OUTCOME = new StructType()
      .add("bene_id", DataTypes.StringType).add("aco_id", DataTypes.StringType)
      .add("assignment_method", DataTypes.StringType).add("assignment_step", DataTypes.StringType)
      .add("winner_allowed_amount", DataTypes.createDecimalType(25, 2))
      .add("runner_up_entity", DataTypes.StringType)
      .add("runner_up_allowed_amount", DataTypes.createDecimalType(25, 2));

  private static Row outcome(String bene, String aco, String method, String step, String winner,
      String runnerUp, String runnerUpAmount) {
    return RowFactory.create(bene, aco, method, step, winner == null ? null : new BigDecimal(winner),
        runnerUp, runnerUpAmount == null ? null : new BigDecimal(runnerUpAmount));
  }

  private static void assertOutcome(String bene, Row... expected) {
    Dataset<Row> actual = assignedFrame.filter(col("bene_id").equalTo(bene))
        .select(Arrays.stream(OUTCOME.fieldNames()).map(c -> col(c)).toArray(org.apache.spark.sql.Column[]::new));
    DataFrameAssert.assertSameRows(SharedSpark.session().createDataFrame(List.of(expected), OUTCOME), actual);
  }

  @Test
  void step1AssignsToTheAcoWithThePluralityOfPrimaryCareAllowedCharges() {
    assertOutcome("bene_pcp_plurality",
        outcome("bene_pcp_plurality", "A1", RETRO, "STEP_1", "180.00", "ACO:A2", "150.00"));
  }

  @Test
  void step2AssignsSpecialistOnlyBeneficiariesBySpecialistCharges() {
    assertOutcome("bene_specialist_only",
        outcome("bene_specialist_only", "A1", RETRO, "STEP_2", "200.00", "ACO:A2", "120.00"));
  }

  @Test
  void equalPluralityTotalsAssignToNeither() {
    assertOutcome("bene_tie");
  }

  @Test
  void aMedicareAdvantageMonthMakesTheBeneficiaryIneligible() {
    assertOutcome("bene_ma_month");
  }

  @Test
  void aBeneficiaryWhoDiedIsAssignedOnTheMonthsAlive() {
    assertOutcome("bene_died", outcome("bene_died", "A1", RETRO, "STEP_1", "90.00", null, null));
  }

  @Test
  void servicesOfATinInTwoAcosAreExcludedFromThePlurality() {
    assertOutcome("bene_tin_two_acos",
        outcome("bene_tin_two_acos", "A2", RETRO, "STEP_1", "50.00", null, null));
  }

  @Test
  void aTinOutsideEveryAcoCompetesAndCanWin() {
    assertOutcome("bene_non_aco_wins");
  }

  @Test
  void aNursingFacilityVisitInASkilledNursingFacilityIsNotPrimaryCare() {
    assertOutcome("bene_nf_in_snf", outcome("bene_nf_in_snf", "A2", RETRO, "STEP_1", "100.00", null, null));
    assertOutcome("bene_nf_in_nursing_facility",
        outcome("bene_nf_in_nursing_facility", "A1", RETRO, "STEP_1", "500.00", "ACO:A2", "100.00"));
  }

  @Test
  void voluntaryAlignmentOverridesClaimsBasedAssignment() {
    assertOutcome("bene_voluntary", outcome("bene_voluntary", "A2", RETRO, "VOLUNTARY", null, null, null));
  }

  @Test
  void aDesignationOutsideEveryAcoBarsClaimsBasedAssignment() {
    assertOutcome("bene_designated_outside");
  }

  @Test
  void beforePy2019AnFqhcServiceCountsOnlyThroughItsClinicianSpecialty() {
    assertOutcome("bene_fqhc", outcome("bene_fqhc", "A2", RETRO, "STEP_1", "100.00", null, null));
  }

  @Test
  void fromPy2019EveryFqhcPrimaryCareServiceCountsAsPrimaryCarePhysician() {
    AssignmentFixtures f = new AssignmentFixtures()
        .participant("A1", "T9", "C1").participant("A2", "T2", null)
        .method("A1", RETRO).method("A2", RETRO)
        .institutional("bene_fqhc", AssignmentTables.SOURCE_FQHC, "2019-04-01", "C1", "N9", null, "99213", "120.00")
        .carrier("bene_fqhc", "2019-03-01", "T2", "N2", "11", "99213", "11", "100.00")
        .eligible("bene_fqhc", 2019, 1, 12);
    AssignmentRules rules = AssignmentRules.forYear(2019);
    try (AssignmentStage.Result r = AssignmentStage.assign(
        f.inputs(), AssignmentWindow.forYears(new TreeSet<>(List.of(2019)), rules), rules)) {
      List<Row> rows = r.assignment().select("bene_id", "aco_id", "assignment_step", "winner_allowed_amount",
          "runner_up_entity").collectAsList();
      assertThat(rows).extracting(Row::toString)
          .containsExactly("[bene_fqhc,A1,STEP_1,120.00,ACO:A2]");
    }
  }

  @Test
  void thePreStepNeedsAPhysicianServiceWithTheAco() {
    assertOutcome("bene_prestep_npp_only");
  }

  @Test
  void prospectiveAcosAssignFromTheOffsetWindowBeforeTheYear() {
    assertOutcome("bene_prospective",
        outcome("bene_prospective", "A3", PROSP, "STEP_1", "70.00", null, null));
    assertOutcome("bene_prospective_late");
  }

  @Test
  void aProspectivelyAssignedBeneficiaryIneligibleInTheYearItselfIsExcludedAtYearEnd() {
    assertOutcome("bene_prospective_ma_in_year");
    assertOutcome("bene_prospective_gone");
    assertOutcome("bene_prospective_part_b_only");
  }

  @Test
  void attributionPicksTheClinicianWithMostAllowedThenTheMostRecentVisit() {
    Dataset<Row> attribution = result2018.attribution()
        .filter(col("bene_id").isin("bene_attr", "bene_pcp_plurality", "bene_voluntary"))
        .select("bene_id", "aco_id", "npi", "tin", "attribution_basis", "allowed_amount",
            "last_service_date", "service_count");
    StructType schema = new StructType()
        .add("bene_id", DataTypes.StringType).add("aco_id", DataTypes.StringType)
        .add("npi", DataTypes.StringType).add("tin", DataTypes.StringType)
        .add("attribution_basis", DataTypes.StringType)
        .add("allowed_amount", DataTypes.createDecimalType(25, 2))
        .add("last_service_date", DataTypes.DateType).add("service_count", DataTypes.LongType);
    Dataset<Row> expected = SharedSpark.session().createDataFrame(List.of(
        RowFactory.create("bene_attr", "A1", "N4", "T1", "PLURALITY_STEP_1", new BigDecimal("100.00"),
            Date.valueOf("2018-03-01"), 1L),
        RowFactory.create("bene_pcp_plurality", "A1", "N1", "T1", "PLURALITY_STEP_1", new BigDecimal("180.00"),
            Date.valueOf("2018-05-01"), 2L),
        RowFactory.create("bene_voluntary", "A2", "N2", "T2", "VOLUNTARY_DESIGNATION", null, null, null)),
        schema);
    DataFrameAssert.assertSameRows(expected, attribution);
  }

  @Test
  void eachBeneficiaryIsAssignedToAtMostOneAcoPerYear() {
    assertThat(assigned2018).extracting(r -> r.getAs("bene_id") + "/" + r.getAs("assignment_year"))
        .doesNotHaveDuplicates();
    AssignmentTables.BENEFICIARY_ASSIGNMENT.checkKey(result2018.assignment());
  }

  @Test
  void summaryCountsAssignedBeneficiariesByStepPerAco() {
    // A1: pcp_plurality, specialist_only(step 2), died, nf_in_nursing_facility, attr = 5;
    // A2: tin_two_acos, nf_in_snf, voluntary, fqhc = 4; A3: prospective = 1.
    List<String> rows = result2018.summary().orderBy("aco_id")
        .select("aco_id", "assigned_beneficiaries", "voluntary", "step_1", "step_2", "aged_non_dual")
        .collectAsList().stream().map(Row::toString).toList();
    assertThat(rows).containsExactly("[A1,5,0,4,1,5]", "[A2,4,1,3,0,4]", "[A3,1,0,1,0,1]");
  }

  /**
   * Every beneficiary with an in-window primary care line billed by an ACO's participants, per
   * ACO, whether assigned or not and eligible or not (the continuity leg of the pre-2019 risk
   * ratios): lines of T12 (on two ACOs' lists), of T3 (no ACO) and the nursing facility visit in
   * a SNF (not primary care) count for none; A3 (prospective) counts its 2016-10..2017-09 window,
   * so bene_prospective_late's November 2017 visit is no contact.
   */
  @Test
  void primaryCareContactsListEveryBeneficiaryWithAnAcosParticipantsInTheAcosWindow() {
    List<String> rows = result2018.contacts().orderBy("bene_id", "aco_id").collectAsList().stream()
        .map(r -> r.getAs("bene_id") + "/" + r.getAs("aco_id") + "/" + r.getAs("assignment_year") + "/"
            + r.getAs("primary_care_services"))
        .toList();
    assertThat(rows).containsExactly(
        "bene_attr/A1/2018/2", "bene_designated_outside/A1/2018/1", "bene_died/A1/2018/1",
        "bene_fqhc/A1/2018/1", "bene_fqhc/A2/2018/1", "bene_ma_month/A1/2018/1",
        "bene_nf_in_nursing_facility/A1/2018/1", "bene_nf_in_nursing_facility/A2/2018/1",
        "bene_nf_in_snf/A2/2018/1", "bene_non_aco_wins/A1/2018/1",
        "bene_pcp_plurality/A1/2018/2", "bene_pcp_plurality/A2/2018/1", "bene_prestep_npp_only/A1/2018/1",
        "bene_prospective/A3/2018/1", "bene_prospective_gone/A3/2018/1", "bene_prospective_ma_in_year/A3/2018/1",
        "bene_prospective_part_b_only/A3/2018/1", "bene_specialist_only/A1/2018/1", "bene_specialist_only/A2/2018/1",
        "bene_tie/A1/2018/1", "bene_tie/A2/2018/1", "bene_tin_two_acos/A2/2018/1",
        "bene_voluntary/A1/2018/1", "bene_voluntary/A2/2018/1");
    AssignmentTables.PRIMARY_CARE_CONTACT.checkKey(result2018.contacts());
  }

  @Test
  void theAssignablePopulationHasAPrimaryCareServiceFromAPhysicianInTheCalendarYear() {
    List<String> benes = result2018.assignable().filter(col("assignment_year").equalTo(2018))
        .select("bene_id").orderBy("bene_id").collectAsList().stream().map(r -> r.getString(0)).toList();
    // Not: bene_ma_month (ineligible), bene_prestep_npp_only (NP only), bene_prospective (visit
    // in 2017); bene_fqhc counts through its carrier PCP visit.
    assertThat(benes).containsExactly(
        "bene_attr", "bene_designated_outside", "bene_died", "bene_fqhc", "bene_nf_in_nursing_facility",
        "bene_nf_in_snf", "bene_non_aco_wins", "bene_pcp_plurality", "bene_specialist_only",
        "bene_tie", "bene_tin_two_acos", "bene_voluntary");
  }

  @Test
  void aYearWithoutRuleDataFailsNamingTheTableAndYear() {
    assertThatThrownBy(() -> AssignmentRules.forYear(2031))
        .isInstanceOf(PipelineException.class)
        .hasMessage("Cannot assign beneficiaries: rule table 'primary_care_codes' has no rows for 2031");
  }

  @Test
  void theProspectiveWindowIsTheTwelveMonthsEndingThreeMonthsBeforeTheYear() {
    AssignmentRules rules = AssignmentRules.forYear(2018);
    List<AssignmentWindow> windows = AssignmentWindow.forYears(new TreeSet<>(List.of(2018)), rules);
    assertThat(windows).extracting(w -> w.method() + " " + w.start() + ".." + w.end() + " prestep " + w.prestepStart())
        .containsExactly(
            "RETROSPECTIVE 2018-01-01..2018-12-31 prestep 2018-01-01",
            "PROSPECTIVE 2016-10-01..2017-09-30 prestep 2016-10-01");
    AssignmentRules rules2025 = AssignmentRules.forYear(2025);
    assertThat(AssignmentWindow.forYears(new TreeSet<>(List.of(2025)), rules2025).get(0).prestepStart())
        .isEqualTo(java.time.LocalDate.of(2024, 1, 1));
  }
}
