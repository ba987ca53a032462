package org.mssp.allocation;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.Serializable;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.mssp.allocation.AllocationPlan.Attribution;
import org.mssp.allocation.AllocationPlan.CostGate;
import org.mssp.allocation.AllocationPlan.Endowment;
import org.mssp.allocation.AllocationPlan.IncrementalQuality;
import org.mssp.allocation.AllocationPlan.LossRule;
import org.mssp.allocation.AllocationPlan.Model;
import org.mssp.allocation.AllocationPlan.Threshold;
import org.mssp.allocation.AllocationPlan.Tier1;
import org.mssp.allocation.AllocationPlan.Weight;
import org.mssp.common.error.Errors;

/**
 * A validated allocation plan file (docs/allocation.md, "Plan file"): a version and a list of
 * plans, each for one ACO (or {@code *}) and one year (or any year). Validation rejects, naming
 * the field: unknown fields, groups and models; missing parameters; shares outside [0, 1]; tier-2
 * shares that do not add up to exactly 1; a group with a positive share but no tier-3 model (or
 * a model but no share); two plans for the same ACO and year.
 *
 * @param version the plan file's {@code plan_set_version}, recorded on every output row
 * @param plans the plans, in file order
 */
public record AllocationPlans(String version, List<AllocationPlan> plans) implements Serializable {

  public AllocationPlans {
    plans = List.copyOf(plans);
  }

  /**
   * The plan that applies to an ACO and year, most specific first: this ACO and year, this ACO
   * any year, any ACO this year, any ACO any year.
   */
  public Optional<AllocationPlan> planFor(String acoId, int year) {
    List<AllocationPlan> candidates = new ArrayList<>();
    for (AllocationPlan p : plans) {
      boolean acoMatches = p.acoId().equals(acoId) || p.acoId().equals(AllocationPlan.ANY_ACO);
      boolean yearMatches = p.performanceYear() == null || p.performanceYear() == year;
      if (acoMatches && yearMatches) {
        candidates.add(p);
      }
    }
    return candidates.stream().max((a, b) -> Integer.compare(specificity(a), specificity(b)));
  }

  private static int specificity(AllocationPlan p) {
    return (p.acoId().equals(AllocationPlan.ANY_ACO) ? 0 : 2) + (p.performanceYear() == null ? 0 : 1);
  }

  /** Reads and validates a plan file. */
  public static AllocationPlans read(Path file) {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw Errors.badInput(file.toString(), "cannot read the plan file", e);
    }
    return parse(text, file.getFileName().toString());
  }

  /** Parses and validates plan JSON; {@code source} names it in error messages. */
  public static AllocationPlans parse(String json, String source) {
    ObjectMapper mapper =
        new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
    JsonNode root;
    try {
      root = mapper.readTree(json);
    } catch (JsonProcessingException e) {
      throw Errors.badPlan(source, "(document)", "not valid JSON: " + e.getOriginalMessage());
    }
    return new Parser(source).file(root);
  }

  /** Walks the JSON tree, keeping the source name for messages. */
  private static final class Parser {
    private final String source;

    Parser(String source) {
      this.source = source;
    }

    AllocationPlans file(JsonNode root) {
      object(root, "(document)", Set.of("plan_set_version", "plans", "description"));
      String version = text(root, "", "plan_set_version");
      JsonNode plansNode = required(root, "", "plans");
      if (!plansNode.isArray() || plansNode.isEmpty()) {
        throw Errors.badPlan(source, "plans", "must be a non-empty array of plans");
      }
      List<AllocationPlan> plans = new ArrayList<>();
      Set<String> ids = new HashSet<>();
      Set<String> selectors = new HashSet<>();
      for (int i = 0; i < plansNode.size(); i++) {
        String path = "plans[" + i + "]";
        AllocationPlan plan = plan(plansNode.get(i), path);
        if (!ids.add(plan.planId())) {
          throw Errors.badPlan(source, path + ".plan_id", "'" + plan.planId() + "' is used by an earlier plan");
        }
        String selector = plan.acoId() + "/" + plan.performanceYear();
        if (!selectors.add(selector)) {
          throw Errors.badPlan(
              source,
              path,
              "an earlier plan already applies to aco_id " + plan.acoId() + " and performance_year "
                  + (plan.performanceYear() == null ? "(any)" : plan.performanceYear()));
        }
        plans.add(plan);
      }
      return new AllocationPlans(version, plans);
    }

    AllocationPlan plan(JsonNode node, String path) {
      object(
          node,
          path,
          Set.of("plan_id", "aco_id", "performance_year", "tier1", "tier2", "tier3", "losses", "description"));
      String planId = text(node, path, "plan_id");
      String acoId = text(node, path, "aco_id");
      Integer year = null;
      JsonNode yearNode = node.get("performance_year");
      if (yearNode != null && !yearNode.isNull()) {
        if (!yearNode.canConvertToInt() || !yearNode.isIntegralNumber()
            || yearNode.intValue() < 2012 || yearNode.intValue() > 2100) {
          throw Errors.badPlan(source, path + ".performance_year", "must be a year such as 2018, got " + yearNode);
        }
        year = yearNode.intValue();
      }
      Tier1 tier1 = tier1(required(node, path, "tier1"), path + ".tier1");
      Map<ProviderGroup, BigDecimal> tier2 = tier2(required(node, path, "tier2"), path + ".tier2");
      Map<ProviderGroup, Model> tier3 = tier3(required(node, path, "tier3"), path + ".tier3", tier2);
      LossRule losses = new LossRule(BigDecimal.ZERO);
      JsonNode lossNode = node.get("losses");
      if (lossNode != null && !lossNode.isNull()) {
        object(lossNode, path + ".losses", Set.of("participant_share"));
        losses = new LossRule(fraction(lossNode, path + ".losses", "participant_share"));
      }
      return new AllocationPlan(
          planId,
          acoId,
          year,
          tier1,
          Collections.unmodifiableMap(tier2),
          Collections.unmodifiableMap(tier3),
          losses);
    }

    Tier1 tier1(JsonNode node, String path) {
      object(node, path, Set.of("fixed_amount", "share"));
      BigDecimal fixed = BigDecimal.ZERO;
      if (node.has("fixed_amount") && !node.get("fixed_amount").isNull()) {
        fixed = decimal(node, path, "fixed_amount");
        if (fixed.signum() < 0 || fixed.stripTrailingZeros().scale() > 2) {
          throw Errors.badPlan(
              source, path + ".fixed_amount", "must be a non-negative amount in dollars and cents, got " + fixed.toPlainString());
        }
      }
      return new Tier1(fixed.setScale(2), fraction(node, path, "share"));
    }

    Map<ProviderGroup, BigDecimal> tier2(JsonNode node, String path) {
      if (!node.isObject() || node.isEmpty()) {
        throw Errors.badPlan(source, path, "must be an object of group → share, e.g. {\"PCP\": \"0.6\", ...}");
      }
      Map<ProviderGroup, BigDecimal> shares = new EnumMap<>(ProviderGroup.class);
      BigDecimal sum = BigDecimal.ZERO;
      for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
        String name = it.next();
        ProviderGroup group = group(name, path);
        BigDecimal share = fraction(node, path, name);
        shares.put(group, share);
        sum = sum.add(share);
      }
      if (sum.compareTo(BigDecimal.ONE) != 0) {
        throw Errors.badPlan(
            source, path, "group shares add up to " + sum.toPlainString() + ", not exactly 1");
      }
      return shares;
    }

    Map<ProviderGroup, Model> tier3(JsonNode node, String path, Map<ProviderGroup, BigDecimal> tier2) {
      if (!node.isObject()) {
        throw Errors.badPlan(source, path, "must be an object of group → model");
      }
      Map<ProviderGroup, Model> models = new EnumMap<>(ProviderGroup.class);
      for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
        String name = it.next();
        ProviderGroup group = group(name, path);
        if (!tier2.containsKey(group)) {
          throw Errors.badPlan(source, path + "." + name, "group has a model but no tier2 share");
        }
        models.put(group, model(node.get(name), path + "." + name, true));
      }
      for (Map.Entry<ProviderGroup, BigDecimal> e : tier2.entrySet()) {
        if (e.getValue().signum() > 0 && !models.containsKey(e.getKey())) {
          throw Errors.badPlan(
              source, path + "." + e.getKey(), "is missing: the group has tier2 share " + e.getValue().toPlainString());
        }
      }
      return models;
    }

    Model model(JsonNode node, String path, boolean endowmentAllowed) {
      if (node == null || !node.isObject()) {
        throw Errors.badPlan(source, path, "must be an object with a \"model\" field");
      }
      String name = text(node, path, "model");
      return switch (name) {
        case "ATTRIBUTION" -> {
          object(node, path, Set.of("model", "basis"));
          AllocationPlan.AttributionBasis basis = AllocationPlan.AttributionBasis.ATTRIBUTED_BENEFICIARIES;
          if (node.has("basis")) {
            String b = text(node, path, "basis");
            try {
              basis = AllocationPlan.AttributionBasis.valueOf(b);
            } catch (IllegalArgumentException e) {
              throw Errors.badPlan(source, path + ".basis",
                  "unknown basis '" + b + "' (expected ATTRIBUTED_BENEFICIARIES or PERSON_YEARS)");
            }
          }
          yield new Attribution(basis);
        }
        case "INCREMENTAL_QUALITY" -> {
          object(node, path, Set.of("model", "z", "min_denominator"));
          BigDecimal z = decimal(node, path, "z");
          if (z.signum() < 0) {
            throw Errors.badPlan(source, path + ".z", "must be zero or more, got " + z.toPlainString());
          }
          JsonNode min = required(node, path, "min_denominator");
          if (!min.isIntegralNumber() || !min.canConvertToInt() || min.intValue() < 1) {
            throw Errors.badPlan(source, path + ".min_denominator", "must be a whole number of at least 1, got " + min);
          }
          yield new IncrementalQuality(z, min.intValue());
        }
        case "THRESHOLD" -> {
          object(node, path, Set.of("model", "quality_gate", "cost_gate", "weight"));
          BigDecimal gate = fraction(node, path, "quality_gate");
          String weightName = text(node, path, "weight");
          Weight weight;
          try {
            weight = Weight.valueOf(weightName);
          } catch (IllegalArgumentException e) {
            throw Errors.badPlan(
                source, path + ".weight", "unknown weight '" + weightName + "' (expected one of " + List.of(Weight.values()) + ")");
          }
          CostGate cost = null;
          JsonNode costNode = node.get("cost_gate");
          if (costNode != null && !costNode.isNull()) {
            cost = costGate(costNode, path + ".cost_gate");
          }
          yield new Threshold(gate, cost, weight);
        }
        case "ENDOWMENT" -> {
          if (!endowmentAllowed) {
            throw Errors.badPlan(source, path + ".model", "an endowment cannot be laid over another endowment");
          }
          object(node, path, Set.of("model", "advance_share", "carry_forward_clawback", "earned_by"));
          BigDecimal advance = fraction(node, path, "advance_share");
          JsonNode carry = required(node, path, "carry_forward_clawback");
          if (!carry.isBoolean()) {
            throw Errors.badPlan(source, path + ".carry_forward_clawback", "must be true or false, got " + carry);
          }
          Model overlay = model(required(node, path, "earned_by"), path + ".earned_by", false);
          yield new Endowment(advance, carry.booleanValue(), overlay);
        }
        default -> throw Errors.badPlan(
            source,
            path + ".model",
            "unknown model '" + name + "' (expected ATTRIBUTION, INCREMENTAL_QUALITY, THRESHOLD or ENDOWMENT)");
      };
    }

    CostGate costGate(JsonNode node, String path) {
      object(node, path, Set.of("max_cost_per_beneficiary", "max_ratio_to_group_median"));
      boolean absolute = node.has("max_cost_per_beneficiary");
      boolean ratio = node.has("max_ratio_to_group_median");
      if (absolute == ratio) {
        throw Errors.badPlan(
            source, path, "must set exactly one of max_cost_per_beneficiary and max_ratio_to_group_median");
      }
      BigDecimal value = decimal(node, path, absolute ? "max_cost_per_beneficiary" : "max_ratio_to_group_median");
      if (value.signum() <= 0) {
        throw Errors.badPlan(
            source,
            path + "." + (absolute ? "max_cost_per_beneficiary" : "max_ratio_to_group_median"),
            "must be positive, got " + value.toPlainString());
      }
      return absolute ? new CostGate(value, null) : new CostGate(null, value);
    }

    ProviderGroup group(String name, String path) {
      ProviderGroup group = ProviderGroup.parse(name);
      if (group == null) {
        throw Errors.badPlan(
            source, path + "." + name, "unknown group '" + name + "' (expected one of " + List.of(ProviderGroup.values()) + ")");
      }
      return group;
    }

    void object(JsonNode node, String path, Set<String> allowed) {
      if (node == null || !node.isObject()) {
        throw Errors.badPlan(source, path, "must be a JSON object");
      }
      for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
        String name = it.next();
        if (!allowed.contains(name)) {
          throw Errors.badPlan(
              source, join(path, name), "unknown field (allowed: " + allowed.stream().sorted().toList() + ")");
        }
      }
    }

    JsonNode required(JsonNode node, String path, String field) {
      JsonNode v = node.get(field);
      if (v == null || v.isNull()) {
        throw Errors.badPlan(source, join(path, field), "is required");
      }
      return v;
    }

    String text(JsonNode node, String path, String field) {
      JsonNode v = required(node, path, field);
      if (!v.isTextual() || v.asText().isBlank()) {
        throw Errors.badPlan(source, join(path, field), "must be a non-empty string, got " + v);
      }
      return v.asText().trim();
    }

    BigDecimal decimal(JsonNode node, String path, String field) {
      JsonNode v = required(node, path, field);
      if (v.isNumber() || v.isTextual()) {
        try {
          return new BigDecimal(v.asText().trim());
        } catch (NumberFormatException e) {
          // reported below
        }
      }
      throw Errors.badPlan(source, join(path, field), "must be a decimal number, got " + v);
    }

    BigDecimal fraction(JsonNode node, String path, String field) {
      BigDecimal v = decimal(node, path, field);
      if (v.signum() < 0 || v.compareTo(BigDecimal.ONE) > 0) {
        throw Errors.badPlan(source, join(path, field), "must be a fraction between 0 and 1, got " + v.toPlainString());
      }
      return v;
    }

    private static String join(String path, String field) {
      return path.isEmpty() || path.equals("(document)") ? field : path + "." + field;
    }
  }
}
