package org.mssp.risk.rules;

import java.math.BigDecimal;
import java.util.List;
import org.mssp.common.error.Errors;
import org.mssp.common.rules.RuleCsv;

/**
 * The project's own CMS-HCC rule data (rules/risk/*.csv), as opposed to CMS's model tables, which
 * the user points the job at: per payment year the model blend, normalisation factor and coding
 * adjustment; the condition groups and interaction terms of each model version; the eligible
 * institutional bill types and face-to-face specialties; the dual-status segments. Each row
 * carries its tag (RECALL/INFER) and source.
 */
public record RiskRules(
    String version,
    List<ModelWeight> modelWeights,
    List<Group> groups,
    List<Interaction> interactions,
    List<BillType> billTypes,
    List<String> faceToFaceSpecialties,
    List<DualSegment> dualSegments) {

  /** One model's share of a payment year's blended score. */
  public record ModelWeight(
      int paymentYear, String modelVersion, BigDecimal weight, BigDecimal normalizationFactor, BigDecimal codingAdjustment) {}

  /** An HCC's membership of a condition group used by interactions. */
  public record Group(String modelVersion, String groupName, int hcc) {}

  /** An interaction variable: 1 when both groups are present (group DISABLED: the disabled flag). */
  public record Interaction(String modelVersion, String variable, String group1, String group2) {}

  /** An eligible type of bill (first two digits) and whether an eligible HCPCS line is required. */
  public record BillType(String prefix, String setting, boolean needsEligibleHcpcs) {}

  /** dual_status of beneficiary_month → segment letter (F/P/N) and Medicaid flag. */
  public record DualSegment(String dualStatus, String segmentDual, boolean medicaid) {}

  /** The interaction group that stands for the disabled flag rather than HCCs. */
  public static final String DISABLED = "DISABLED";

  private static final String DIR = "/rules/risk/";

  /** Loads the packaged rule set. */
  public static RiskRules load() {
    String version = RuleCsv.readVersion("risk", DIR + "VERSION");
    List<ModelWeight> weights =
        RuleCsv.readResource("risk_payment_years", DIR + "payment_years.csv",
                List.of("payment_year", "model_version", "weight", "normalization_factor", "coding_adjustment")).stream()
            .map(r -> new ModelWeight(r.requireInt("risk_payment_years", "payment_year"),
                r.require("risk_payment_years", "model_version"),
                decimal(r, "risk_payment_years", "weight"),
                decimal(r, "risk_payment_years", "normalization_factor"),
                decimal(r, "risk_payment_years", "coding_adjustment")))
            .toList();
    List<Group> groups =
        RuleCsv.readResource("risk_groups", DIR + "groups.csv", List.of("model_version", "group_name", "hcc")).stream()
            .map(r -> new Group(r.require("risk_groups", "model_version"), r.require("risk_groups", "group_name"),
                r.requireInt("risk_groups", "hcc")))
            .toList();
    List<Interaction> interactions =
        RuleCsv.readResource("risk_interactions", DIR + "interactions.csv",
                List.of("model_version", "variable", "group_1", "group_2")).stream()
            .map(r -> new Interaction(r.require("risk_interactions", "model_version"),
                r.require("risk_interactions", "variable"), r.require("risk_interactions", "group_1"),
                r.require("risk_interactions", "group_2")))
            .toList();
    List<BillType> bills =
        RuleCsv.readResource("risk_bill_types", DIR + "bill_types.csv",
                List.of("bill_type_prefix", "setting", "needs_eligible_hcpcs")).stream()
            .map(r -> new BillType(r.require("risk_bill_types", "bill_type_prefix"), r.require("risk_bill_types", "setting"),
                Boolean.parseBoolean(r.require("risk_bill_types", "needs_eligible_hcpcs"))))
            .toList();
    List<String> specialties =
        RuleCsv.readResource("risk_face_to_face_specialties", DIR + "face_to_face_specialties.csv",
                List.of("specialty_code")).stream()
            .map(r -> r.require("risk_face_to_face_specialties", "specialty_code"))
            .toList();
    List<DualSegment> duals =
        RuleCsv.readResource("risk_dual_segments", DIR + "dual_segments.csv",
                List.of("dual_status", "segment_dual", "medicaid")).stream()
            .map(r -> new DualSegment(r.require("risk_dual_segments", "dual_status"),
                r.require("risk_dual_segments", "segment_dual"),
                Boolean.parseBoolean(r.require("risk_dual_segments", "medicaid"))))
            .toList();
    return new RiskRules(version, weights, groups, interactions, bills, specialties, duals);
  }

  /** The models blended in a payment year; fails naming the rule table and year when it has none. */
  public List<ModelWeight> weightsFor(int paymentYear) {
    List<ModelWeight> w = modelWeights.stream().filter(m -> m.paymentYear() == paymentYear).toList();
    if (w.isEmpty()) {
      throw Errors.missingRules("score CMS-HCC risk for payment year " + paymentYear, "risk_payment_years", paymentYear);
    }
    return w;
  }

  private static BigDecimal decimal(RuleCsv.Row r, String table, String column) {
    String v = r.require(table, column);
    try {
      return new BigDecimal(v);
    } catch (NumberFormatException e) {
      throw Errors.badRules(table, "line " + r.line() + ": column '" + column + "' is not a number: " + v);
    }
  }
}
