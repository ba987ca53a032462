package org.mssp.allocation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import org.mssp.allocation.AllocationPlan.Endowment;
import org.mssp.allocation.AllocationPlan.IncrementalQuality;
import org.mssp.allocation.AllocationPlan.Threshold;
import org.mssp.allocation.AllocationPlan.Weight;
import org.mssp.common.error.PipelineException;
import org.junit.jupiter.api.Test;

class AllocationPlansTest {

  /** A valid plan with every model; tests break one field at a time. */
  static final String VALID =
      """
      {
        "plan_set_version": "test-1",
        "plans": [
          {
            "plan_id": "default",
            "aco_id": "*",
            "tier1": {"fixed_amount": "100000.00", "share": "0.30"},
            "tier2": {"PCP": "0.5", "SPECIALIST": "0.2", "HOSPITAL_FACILITY": "0.2", "NON_ATTRIBUTED": "0.1"},
            "tier3": {
              "PCP": {"model": "ATTRIBUTION"},
              "SPECIALIST": {"model": "INCREMENTAL_QUALITY", "z": 1.96, "min_denominator": 20},
              "HOSPITAL_FACILITY": {"model": "THRESHOLD", "quality_gate": "0.75",
                                    "cost_gate": {"max_ratio_to_group_median": "1.10"},
                                    "weight": "ATTRIBUTED_BENEFICIARIES"},
              "NON_ATTRIBUTED": {"model": "ENDOWMENT", "advance_share": "0.5", "carry_forward_clawback": false,
                                 "earned_by": {"model": "THRESHOLD", "quality_gate": "0.7", "weight": "EQUAL"}}
            },
            "losses": {"participant_share": "0"}
          },
          {
            "plan_id": "a1001-2018",
            "aco_id": "A1001",
            "performance_year": 2018,
            "tier1": {"share": "0.33"},
            "tier2": {"PCP": "1"},
            "tier3": {"PCP": {"model": "ATTRIBUTION"}}
          }
        ]
      }
      """;

  private static AllocationPlans parse(String json) {
    return AllocationPlans.parse(json, "plan.json");
  }

  @Test
  void validPlanLoadsEveryModelWithItsParameters() {
    AllocationPlans plans = parse(VALID);
    assertThat(plans.version()).isEqualTo("test-1");
    AllocationPlan p = plans.plans().get(0);
    assertThat(p.tier1().fixedAmount()).isEqualByComparingTo("100000.00");
    assertThat(p.tier1().share()).isEqualByComparingTo("0.30");
    assertThat(p.share(ProviderGroup.NON_ATTRIBUTED)).isEqualByComparingTo("0.1");
    assertThat(p.tier3().get(ProviderGroup.SPECIALIST)).isEqualTo(new IncrementalQuality(new BigDecimal("1.96"), 20));
    Threshold t = (Threshold) p.tier3().get(ProviderGroup.HOSPITAL_FACILITY);
    assertThat(t.costGate().maxRatioToGroupMedian()).isEqualByComparingTo("1.10");
    assertThat(t.weight()).isEqualTo(Weight.ATTRIBUTED_BENEFICIARIES);
    Endowment e = (Endowment) p.tier3().get(ProviderGroup.NON_ATTRIBUTED);
    assertThat(e.label()).isEqualTo("ENDOWMENT+THRESHOLD");
    assertThat(e.carryForwardClawback()).isFalse();
    assertThat(plans.plans().get(1).tier1().fixedAmount()).isEqualByComparingTo("0");
  }

  @Test
  void exampleInDocsIsAValidPlanFile() {
    AllocationPlans plans =
        AllocationPlans.read(java.nio.file.Path.of("..", "docs", "examples", "allocation-plan.json"));
    assertThat(plans.version()).isEqualTo("example-2026.1");
    assertThat(plans.plans()).extracting(AllocationPlan::planId)
        .containsExactly("default", "A1001-2018", "A2002-two-sided");
    assertThat(plans.planFor("A2002", 2020).orElseThrow().losses().participantShare()).isEqualByComparingTo("0.40");
  }

  @Test
  void mostSpecificPlanAppliesToAnAcoAndYear() {
    AllocationPlans plans = parse(VALID);
    assertThat(plans.planFor("A1001", 2018).orElseThrow().planId()).isEqualTo("a1001-2018");
    assertThat(plans.planFor("A1001", 2019).orElseThrow().planId()).isEqualTo("default");
    assertThat(plans.planFor("A2002", 2018).orElseThrow().planId()).isEqualTo("default");
  }

  @Test
  void noPlanAppliesWhenNoDefaultAndOtherAco() {
    AllocationPlans plans = parse(VALID.replace("\"aco_id\": \"*\"", "\"aco_id\": \"A9999\""));
    assertThat(plans.planFor("A2002", 2018)).isEmpty();
  }

  private static void assertRejected(String json, String message) {
    assertThatThrownBy(() -> parse(json))
        .isInstanceOf(PipelineException.class)
        .hasMessageContaining("Cannot load allocation plan plan.json")
        .hasMessageContaining(message);
  }

  @Test
  void tier2SharesThatDoNotAddUpToOneAreRejectedNamingTier2() {
    assertRejected(
        VALID.replace("\"NON_ATTRIBUTED\": \"0.1\"}", "\"NON_ATTRIBUTED\": \"0.05\"}"),
        "field plans[0].tier2: group shares add up to 0.95, not exactly 1");
  }

  @Test
  void unknownGroupIsRejectedNamingIt() {
    assertRejected(
        VALID.replace("{\"PCP\": \"1\"}", "{\"DENTISTS\": \"1\"}"),
        "field plans[1].tier2.DENTISTS: unknown group 'DENTISTS'");
  }

  @Test
  void unknownModelIsRejectedNamingTheModelField() {
    assertRejected(
        VALID.replace("\"tier3\": {\"PCP\": {\"model\": \"ATTRIBUTION\"}}", "\"tier3\": {\"PCP\": {\"model\": \"LOTTERY\"}}"),
        "field plans[1].tier3.PCP.model: unknown model 'LOTTERY'");
  }

  @Test
  void missingModelParameterIsRejectedNamingIt() {
    assertRejected(
        VALID.replace("\"z\": 1.96, ", ""), "field plans[0].tier3.SPECIALIST.z: is required");
    assertRejected(
        VALID.replace("\"advance_share\": \"0.5\", ", ""),
        "field plans[0].tier3.NON_ATTRIBUTED.advance_share: is required");
    assertRejected(
        VALID.replace("\"quality_gate\": \"0.7\", ", ""),
        "field plans[0].tier3.NON_ATTRIBUTED.earned_by.quality_gate: is required");
  }

  @Test
  void groupWithShareButNoModelIsRejected() {
    assertRejected(
        VALID.replace("\"PCP\": {\"model\": \"ATTRIBUTION\"},\n", ""),
        "field plans[0].tier3.PCP: is missing: the group has tier2 share 0.5");
  }

  @Test
  void modelForGroupWithoutShareIsRejected() {
    assertRejected(
        VALID.replace("\"tier3\": {\"PCP\": {\"model\": \"ATTRIBUTION\"}}",
            "\"tier3\": {\"PCP\": {\"model\": \"ATTRIBUTION\"}, \"SPECIALIST\": {\"model\": \"ATTRIBUTION\"}}"),
        "field plans[1].tier3.SPECIALIST: group has a model but no tier2 share");
  }

  @Test
  void shareOutsideZeroToOneIsRejected() {
    assertRejected(
        VALID.replace("\"share\": \"0.33\"", "\"share\": \"1.2\""),
        "field plans[1].tier1.share: must be a fraction between 0 and 1, got 1.2");
  }

  @Test
  void fixedAmountWithFractionsOfCentsIsRejected() {
    assertRejected(
        VALID.replace("\"100000.00\"", "\"100.005\""),
        "field plans[0].tier1.fixed_amount: must be a non-negative amount in dollars and cents");
  }

  @Test
  void unknownFieldIsRejectedSoTyposDoNotPassSilently() {
    assertRejected(
        VALID.replace("\"min_denominator\": 20", "\"min_denominatr\": 20"),
        "field plans[0].tier3.SPECIALIST.min_denominatr: unknown field");
  }

  @Test
  void endowmentOverEndowmentIsRejected() {
    assertRejected(
        VALID.replace("\"earned_by\": {\"model\": \"THRESHOLD\", \"quality_gate\": \"0.7\", \"weight\": \"EQUAL\"}",
            "\"earned_by\": {\"model\": \"ENDOWMENT\"}"),
        "field plans[0].tier3.NON_ATTRIBUTED.earned_by.model: an endowment cannot be laid over another endowment");
  }

  @Test
  void costGateNeedsExactlyOneLimit() {
    assertRejected(
        VALID.replace("{\"max_ratio_to_group_median\": \"1.10\"}",
            "{\"max_ratio_to_group_median\": \"1.10\", \"max_cost_per_beneficiary\": \"9000\"}"),
        "field plans[0].tier3.HOSPITAL_FACILITY.cost_gate: must set exactly one of");
  }

  @Test
  void unknownThresholdWeightIsRejected() {
    assertRejected(
        VALID.replace("\"weight\": \"EQUAL\"", "\"weight\": \"SERVICES\""),
        "field plans[0].tier3.NON_ATTRIBUTED.earned_by.weight: unknown weight 'SERVICES'");
  }

  @Test
  void twoPlansForTheSameAcoAndYearAreRejected() {
    assertRejected(
        VALID.replace("\"plan_id\": \"a1001-2018\",\n      \"aco_id\": \"A1001\",\n      \"performance_year\": 2018,",
            "\"plan_id\": \"second-default\",\n      \"aco_id\": \"*\","),
        "field plans[1]: an earlier plan already applies to aco_id * and performance_year (any)");
  }

  @Test
  void missingPlanSetVersionAndBadJsonAreRejected() {
    assertRejected(VALID.replace("\"plan_set_version\": \"test-1\",", ""), "field plan_set_version: is required");
    assertRejected("{\"plans\": [", "field (document): not valid JSON");
  }

  @Test
  void lossParticipantShareIsAFraction() {
    assertRejected(
        VALID.replace("\"participant_share\": \"0\"", "\"participant_share\": \"-0.1\""),
        "field plans[0].losses.participant_share: must be a fraction between 0 and 1");
  }
}
