package org.mssp.assignment;

import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.countDistinct;
import static org.apache.spark.sql.functions.first;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.max_by;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import java.sql.Date;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.mssp.assignment.rules.AssignmentRules;
import org.mssp.assignment.rules.AssignmentRules.CodeCondition;
import org.mssp.assignment.rules.AssignmentRules.SpecialtyRole;
import org.mssp.assignment.rules.AssignmentRules.Step2Scope;

/**
 * MSSP step-wise plurality assignment for every ACO at once (mssp-methodology.md §1, 42 CFR
 * 425.400–425.404).
 *
 * <p>Steps:
 *
 * <ol>
 *   <li>Primary care lines: service lines whose HCPCS (or RHC revenue centre) is a primary care
 *       code in force for the performance year and whose condition holds (not in a SNF, not
 *       inpatient, COVID-PHE windows only, ETA hospitals only, add-ons only with a base code).
 *   <li>Windows: each line is tagged with every window it falls in (calendar-year and prospective
 *       windows of each assignment year, with the 24-month look-back where the pre-step uses it).
 *   <li>Entities: a line belongs to ACO k when its billing TIN (professional) or CCN (FQHC, RHC,
 *       CAH II, ETA) is on exactly one ACO's participant list; a TIN/CCN on two or more lists is
 *       excluded (§425.400(a)(2)(iii)); any other TIN/CCN competes as itself.
 *   <li>One aggregation over the lines: allowed charges, counts and last dates per window ×
 *       beneficiary × entity × clinician, split by step class (step 1: PCP, plus NP/PA/CNS from
 *       PY2016; step 2: step-2 specialists, or any professional before PY2016; step 3: the
 *       expanded window), plus pre-step and assignable-population flags.
 *   <li>Plurality per window and beneficiary: step 1 where the beneficiary has any step-1 line
 *       anywhere, else step 2, then step 3 where it applies. The winner must be an ACO, strictly
 *       greater than every other entity (equal totals assign nobody [INFER]), pass the pre-step
 *       with that ACO, and use this window's method.
 *   <li>Voluntary alignment overrides claims (§425.402(e)); a designation outside every ACO bars
 *       claims-based assignment.
 *   <li>Eligibility per window (§425.401): a month of Parts A and B, no A-only/B-only month, no
 *       MA/group plan month, US residence at the end, not in another shared-savings initiative.
 *   <li>Per beneficiary and year a prospective assignment takes precedence over a retrospective
 *       one [INFER: CMS removes prospectively assigned beneficiaries before reconciling].
 * </ol>
 *
 * <p>Grain in: one row per service line; out: see {@link AssignmentTables}.
 */
public final class AssignmentStage {
  private AssignmentStage() {}

  /** Inputs of one assignment run (all frames in their documented shapes). */
  public record Inputs(
      Dataset<Row> serviceLines,
      Dataset<Row> eligibilityMonths,
      Dataset<Row> participants,
      Dataset<Row> alignments,
      Dataset<Row> acoMethods) {}

  /**
   * The five outputs. They are lazy and share cached intermediate frames (the claims aggregates,
   * eligibility, the assigned beneficiaries), so writing all five, each checked against its key
   * first, reads the claims once: write them, then {@link #close} releases the caches.
   */
  public record Result(
      Dataset<Row> assignment,
      Dataset<Row> attribution,
      Dataset<Row> summary,
      Dataset<Row> assignable,
      Dataset<Row> contacts,
      List<Dataset<Row>> cached) implements AutoCloseable {
    @Override
    public void close() {
      cached.forEach(Dataset::unpersist);
    }
  }

  static final String STEP_1 = "STEP_1";
  static final String STEP_2 = "STEP_2";
  static final String STEP_3 = "STEP_3";
  static final String VOLUNTARY = "VOLUNTARY";

  /**
   * Assigns beneficiaries for every window, for the ACOs whose participant rows are in force in
   * the performance year.
   *
   * @param in service lines, eligibility months, participants ({@code aco_id, participant_tin,
   *     ccn, start_date, end_date}), voluntary alignments ({@code bene_id, designated_npi,
   *     designated_tin, signature_date}) and each ACO's method ({@code aco_id, assignment_method})
   * @param windows the windows to assign (see {@link AssignmentWindow#forYears})
   * @param rules the performance year's rules
   */
  public static Result assign(Inputs in, List<AssignmentWindow> windows, AssignmentRules rules) {
    SparkSession spark = in.serviceLines().sparkSession();
    int py = rules.performanceYear();
    Dataset<Row> windowFrame = broadcast(windowFrame(spark, windows));
    Dataset<Row> active = activeParticipants(in.participants(), py);
    Dataset<Row> tinEntities = entityMap(active.filter(col("participant_tin").isNotNull()), "participant_tin");
    Dataset<Row> ccnEntities = entityMap(active.filter(col("ccn").isNotNull()), "ccn");

    Dataset<Row> lines = primaryCareLines(in.serviceLines(), rules);
    Dataset<Row> classified = classify(lines, windowFrame, tinEntities, ccnEntities, rules);
    // Each output is read twice (key check, then write) and several share these frames; cached,
    // the claims and the enrollment months are each aggregated once per run.
    Dataset<Row> clinicianTotals = clinicianTotals(classified).persist();
    Dataset<Row> entityTotals = entityTotals(clinicianTotals).persist();
    Dataset<Row> eligible = eligibility(in.eligibilityMonths(), windowFrame).persist();
    Dataset<Row> claimsBased = plurality(entityTotals, rules);
    Dataset<Row> voluntary = voluntary(in.alignments(), windowFrame, tinEntities, entityTotals, rules);
    Dataset<Row> assigned = combine(claimsBased, voluntary, eligible, in.acoMethods(), windowFrame, rules).persist();
    Dataset<Row> attribution = attribute(assigned, clinicianTotals, rules);
    Dataset<Row> summary = summarise(assigned, rules);
    Dataset<Row> assignable = assignable(entityTotals, eligible, windowFrame, rules);
    return new Result(
        assigned.drop("window_id", "designated_npi", "designated_tin"),
        attribution,
        summary,
        assignable,
        contacts(entityTotals, in.acoMethods(), windowFrame, rules),
        List.of(assigned, eligible, entityTotals, clinicianTotals));
  }

  private static scala.collection.immutable.Seq<String> on(String... columns) {
    return scala.jdk.javaapi.CollectionConverters.asScala(List.of(columns)).toList();
  }

  static Dataset<Row> windowFrame(SparkSession spark, List<AssignmentWindow> windows) {
    StructType schema =
        new StructType()
            .add("window_id", DataTypes.StringType)
            .add("assignment_year", DataTypes.IntegerType)
            .add("window_method", DataTypes.StringType)
            .add("window_start", DataTypes.DateType)
            .add("window_end", DataTypes.DateType)
            .add("prestep_start", DataTypes.DateType)
            .add("overlaps_phe", DataTypes.BooleanType);
    List<Row> rows = new ArrayList<>();
    for (AssignmentWindow w : windows) {
      rows.add(
          RowFactory.create(
              w.windowId(),
              w.assignmentYear(),
              w.method(),
              Date.valueOf(w.start()),
              Date.valueOf(w.end()),
              Date.valueOf(w.prestepStart()),
              w.overlapsPhe()));
    }
    return spark.createDataFrame(rows, schema);
  }

  /** Participant rows in force at any time in the performance year. */
  static Dataset<Row> activeParticipants(Dataset<Row> participants, int py) {
    Column yearStart = lit(Date.valueOf(py + "-01-01"));
    Column yearEnd = lit(Date.valueOf(py + "-12-31"));
    return participants.filter(
        col("start_date").leq(yearEnd)
            .and(col("end_date").isNull().or(col("end_date").geq(yearStart))));
  }

  /** TIN (or CCN) → the single ACO it belongs to, or a count of ACOs when it is in several. */
  static Dataset<Row> entityMap(Dataset<Row> active, String keyColumn) {
    return active
        .groupBy(col(keyColumn).as("entity_key"))
        .agg(countDistinct(col("aco_id")).as("aco_count"), first(col("aco_id"), true).as("single_aco"))
        .select(
            col("entity_key"),
            col("aco_count"),
            when(col("aco_count").equalTo(1), col("single_aco")).as("entity_aco"));
  }

  /** Lines carrying a primary care code in force, with the code's condition. */
  static Dataset<Row> primaryCareLines(Dataset<Row> serviceLines, AssignmentRules rules) {
    SparkSession spark = serviceLines.sparkSession();
    List<Row> codeRows = new ArrayList<>();
    for (AssignmentRules.PrimaryCareCode c : rules.codes()) {
      codeRows.add(RowFactory.create(c.system() + ":" + c.code(), c.condition().name()));
    }
    StructType codeSchema =
        new StructType().add("code_key", DataTypes.StringType).add("condition", DataTypes.StringType);
    Dataset<Row> codes = broadcast(spark.createDataFrame(codeRows, codeSchema));
    Dataset<Row> byHcpcs = codes.withColumnRenamed("code_key", "h_key").withColumnRenamed("condition", "h_condition");
    Dataset<Row> byRevenue = codes.withColumnRenamed("code_key", "r_key").withColumnRenamed("condition", "r_condition");
    return serviceLines
        .join(byHcpcs, concat(lit("HCPCS:"), col("hcpcs_code")).equalTo(col("h_key")), "left")
        .join(byRevenue, concat(lit("REVENUE_CENTER:"), col("revenue_center")).equalTo(col("r_key")), "left")
        .withColumn("condition", coalesce(col("h_condition"), col("r_condition")))
        .filter(col("condition").isNotNull())
        .drop("h_key", "h_condition", "r_key", "r_condition");
  }

  /**
   * Tags each primary care line with its windows, entity, clinician role and step classes.
   * Conditions that depend on the window (COVID-PHE codes) are evaluated per window.
   */
  static Dataset<Row> classify(
      Dataset<Row> lines,
      Dataset<Row> windowFrame,
      Dataset<Row> tinEntities,
      Dataset<Row> ccnEntities,
      AssignmentRules rules) {
    AssignmentRules.Parameters p = rules.parameters();
    Dataset<Row> roles = broadcast(roleFrame(lines.sparkSession(), rules));
    Column institutional = col("claim_source").notEqual(lit(AssignmentTables.SOURCE_CARRIER));
    Column fqhcRhc =
        col("claim_source").isin(AssignmentTables.SOURCE_FQHC, AssignmentTables.SOURCE_RHC);

    Dataset<Row> tagged =
        lines
            .join(
                windowFrame,
                col("service_date").geq(col("prestep_start")).and(col("service_date").leq(col("window_end"))))
            .withColumn("in_window", col("service_date").geq(col("window_start")));

    Column pos = coalesce(col("pos_code"), lit(""));
    Column conditionHolds =
        when(col("condition").equalTo(CodeCondition.NONE.name()), lit(true))
            .when(col("condition").isin(CodeCondition.NOT_POS_31.name(), CodeCondition.NOT_IN_SNF.name()),
                pos.notEqual(lit("31")))
            .when(col("condition").equalTo(CodeCondition.NOT_INPATIENT.name()), pos.notEqual(lit("21")))
            .when(col("condition").equalTo(CodeCondition.COVID_PHE_WINDOW.name()), col("overlaps_phe"))
            .when(col("condition").equalTo(CodeCondition.ETA_ONLY.name()),
                col("claim_source").equalTo(lit(AssignmentTables.SOURCE_ETA)))
            .when(col("condition").equalTo(CodeCondition.RHC_ONLY.name()),
                col("claim_source").equalTo(lit(AssignmentTables.SOURCE_RHC)))
            // BASE_CODE_PC is settled below, once the base lines of the claim are known.
            .otherwise(lit(true));
    tagged = tagged.filter(conditionHolds);

    // §425.400(c)(1)(iii): prolonged-service add-ons count only with a primary care base code.
    WindowSpec claimInWindow = Window.partitionBy(col("window_id"), col("claim_source"), col("claim_id"));
    Column isBase = col("condition").notEqual(lit(CodeCondition.BASE_CODE_PC.name()));
    tagged =
        tagged
            .withColumn("claim_has_base", max(isBase).over(claimInWindow))
            .filter(isBase.or(col("claim_has_base")))
            .drop("claim_has_base");

    // Entities: TIN for professional lines, CCN for institutional ones.
    Dataset<Row> tinMap = tinEntities.select(
        col("entity_key").as("tin_key"), col("aco_count").as("tin_aco_count"), col("entity_aco").as("tin_aco"));
    Dataset<Row> ccnMap = ccnEntities.select(
        col("entity_key").as("ccn_key"), col("aco_count").as("ccn_aco_count"), col("entity_aco").as("ccn_aco"));
    tagged =
        tagged
            .join(broadcast(tinMap), col("billing_tin").equalTo(col("tin_key")).and(institutional.unary_$bang()), "left")
            .join(broadcast(ccnMap), col("ccn").equalTo(col("ccn_key")).and(institutional), "left")
            .withColumn("aco_count", coalesce(col("tin_aco_count"), col("ccn_aco_count"), lit(0L)))
            .withColumn("entity_aco", coalesce(col("tin_aco"), col("ccn_aco")))
            .withColumn(
                "entity",
                when(col("aco_count").equalTo(1), concat(lit("ACO:"), col("entity_aco")))
                    .when(col("aco_count").gt(1), lit(null).cast(DataTypes.StringType))
                    .when(institutional, concat(lit("CCN:"), col("ccn")))
                    .otherwise(concat(lit("TIN:"), col("billing_tin"))))
            // §425.400(a)(2)(iii): a TIN on more than one participant list is left out.
            .filter(col("entity").isNotNull())
            .drop("tin_key", "tin_aco_count", "tin_aco", "ccn_key", "ccn_aco_count", "ccn_aco");

    // Roles: the specialty on the line; every FQHC/RHC primary care service is PCP from PY2019.
    tagged = tagged.join(roles, col("specialty_code").equalTo(col("role_specialty")), "left")
        .drop("role_specialty");
    Column role =
        p.fqhcRhcAllServicesPcp()
            ? when(fqhcRhc, lit(SpecialtyRole.PCP.name())).otherwise(col("role"))
            : col("role");
    tagged = tagged.withColumn("role", coalesce(role, lit("OTHER")));

    Column isPcp = col("role").equalTo(SpecialtyRole.PCP.name());
    Column isNpp = col("role").equalTo(SpecialtyRole.NPP.name());
    Column isSpecialist = col("role").equalTo(SpecialtyRole.SPECIALIST.name());
    Column step1Class = p.nppInStep1() ? isPcp.or(isNpp) : isPcp;
    Column step2Class =
        p.step2Scope() == Step2Scope.SPECIALIST_LIST ? isSpecialist : isPcp.unary_$bang().and(step1Class.unary_$bang());
    // Pre-step: a physician who is a PCP or step-2 specialist (before PY2016: any physician).
    Column prestepClass =
        p.step2Scope() == Step2Scope.SPECIALIST_LIST ? isPcp.or(isSpecialist) : isNpp.unary_$bang();
    Column assignableClass = p.step3Enabled() ? isPcp.or(isSpecialist).or(isNpp) : isPcp.or(isSpecialist);
    return tagged
        .withColumn("s1", col("in_window").and(step1Class))
        .withColumn("s2", col("in_window").and(step2Class))
        .withColumn("s3", lit(p.step3Enabled()).and(step1Class))
        .withColumn("s3_npp", lit(p.step3Enabled()).and(isNpp))
        .withColumn("prestep", prestepClass)
        .withColumn("assignable_line", col("in_window").and(assignableClass))
        .withColumn("clinician_tin", coalesce(col("billing_tin"), col("ccn")));
  }

  private static Dataset<Row> roleFrame(SparkSession spark, AssignmentRules rules) {
    List<Row> rows = new ArrayList<>();
    for (Map.Entry<String, SpecialtyRole> e : rules.specialties().entrySet()) {
      rows.add(RowFactory.create(e.getKey(), e.getValue().name()));
    }
    return spark.createDataFrame(
        rows, new StructType().add("role_specialty", DataTypes.StringType).add("role", DataTypes.StringType));
  }

  private static Column sumIf(Column condition, String amount) {
    return sum(when(condition, col(amount)));
  }

  private static Column countIf(Column condition) {
    return count(when(condition, lit(1)));
  }

  private static Column lastIf(Column condition) {
    return max(when(condition, col("service_date")));
  }

  /** The one aggregation over the claims: per window × beneficiary × entity × clinician. */
  static Dataset<Row> clinicianTotals(Dataset<Row> classified) {
    return classified
        .groupBy(col("window_id"), col("bene_id"), col("entity"), col("npi"), col("clinician_tin"))
        .agg(
            sumIf(col("s1"), "allowed_amount").as("s1_allowed"),
            countIf(col("s1")).as("s1_n"),
            lastIf(col("s1")).as("s1_last"),
            sumIf(col("s2"), "allowed_amount").as("s2_allowed"),
            countIf(col("s2")).as("s2_n"),
            lastIf(col("s2")).as("s2_last"),
            sumIf(col("s3"), "allowed_amount").as("s3_allowed"),
            countIf(col("s3")).as("s3_n"),
            lastIf(col("s3")).as("s3_last"),
            countIf(col("s3_npp")).as("s3_npp_n"),
            countIf(col("prestep")).as("prestep_n"),
            countIf(col("assignable_line")).as("assignable_n"),
            countIf(col("in_window")).as("window_n"));
  }

  static Dataset<Row> entityTotals(Dataset<Row> clinicianTotals) {
    return clinicianTotals
        .groupBy(col("window_id"), col("bene_id"), col("entity"))
        .agg(
            sum("s1_allowed").as("s1_allowed"),
            sum("s1_n").as("s1_n"),
            sum("s2_allowed").as("s2_allowed"),
            sum("s2_n").as("s2_n"),
            sum("s3_allowed").as("s3_allowed"),
            sum("s3_n").as("s3_n"),
            sum("s3_npp_n").as("s3_npp_n"),
            sum("prestep_n").as("prestep_n"),
            sum("assignable_n").as("assignable_n"),
            sum("window_n").as("window_n"));
  }

  /**
   * {@link AssignmentTables#PRIMARY_CARE_CONTACT}: per beneficiary and ACO, the primary care lines
   * (any clinician) billed by the ACO's participants in the window of the ACO's own method.
   */
  static Dataset<Row> contacts(
      Dataset<Row> entityTotals, Dataset<Row> acoMethods, Dataset<Row> windowFrame, AssignmentRules rules) {
    Dataset<Row> methods = acoMethods.select(col("aco_id").as("m_aco"), col("assignment_method").as("m_method"));
    return entityTotals
        .filter(col("entity").startsWith("ACO:").and(col("window_n").gt(0)))
        .withColumn("aco_id", col("entity").substr(5, 64))
        .join(windowFrame.select("window_id", "assignment_year", "window_method"), "window_id")
        .join(broadcast(methods), col("aco_id").equalTo(col("m_aco")).and(col("window_method").equalTo(col("m_method"))))
        .select(
            col("bene_id"), lit(rules.performanceYear()).as("performance_year"), col("assignment_year"), col("aco_id"),
            col("window_n").as("primary_care_services"), lit(rules.version()).as("rules_version"));
  }

  /**
   * The plurality of one step: per window and beneficiary, the entity with the largest allowed
   * charges among those with services of the step, with the runner-up. A total order (amount,
   * then entity) makes the ranking deterministic; a tie is detected by comparing amounts.
   */
  static Dataset<Row> stepPlurality(Dataset<Row> entityTotals, String step, Column eligibleBene) {
    String amount = step + "_allowed";
    WindowSpec byBene =
        Window.partitionBy(col("window_id"), col("bene_id"))
            .orderBy(col(amount).desc(), col("entity").asc());
    Dataset<Row> ranked =
        entityTotals
            .filter(col(step + "_n").gt(0).and(eligibleBene))
            .withColumn("rank", row_number().over(byBene))
            .filter(col("rank").leq(2));
    Dataset<Row> first = ranked.filter(col("rank").equalTo(1)).select(
        col("window_id"), col("bene_id"), col("entity").as("winner"), col(amount).as("winner_allowed_amount"),
        col("prestep_n").as("winner_prestep_n"), col("s3_npp_n").as("winner_s3_npp_n"));
    Dataset<Row> second = ranked.filter(col("rank").equalTo(2)).select(
        col("window_id").as("w2"), col("bene_id").as("b2"), col("entity").as("runner_up_entity"),
        col(amount).as("runner_up_allowed_amount"));
    return first
        .join(second, col("window_id").equalTo(col("w2")).and(col("bene_id").equalTo(col("b2"))), "left")
        .drop("w2", "b2")
        .withColumn("assignment_step", lit(step.equals("s1") ? STEP_1 : step.equals("s2") ? STEP_2 : STEP_3));
  }

  /**
   * Claims-based assignment per window: step 1 for beneficiaries with any step-1 line, else step
   * 2; step 3 for those still unassigned where it applies. Rows are kept only when an ACO wins
   * outright and passed the pre-step.
   */
  static Dataset<Row> plurality(Dataset<Row> entityTotals, AssignmentRules rules) {
    Dataset<Row> anyStep1 =
        entityTotals.groupBy(col("window_id").as("a_window"), col("bene_id").as("a_bene"))
            .agg(sum("s1_n").as("bene_s1_n"));
    Dataset<Row> withFlag =
        entityTotals.join(anyStep1,
            col("window_id").equalTo(col("a_window")).and(col("bene_id").equalTo(col("a_bene"))))
            .drop("a_window", "a_bene");
    Column outright =
        col("winner").startsWith("ACO:")
            .and(col("runner_up_allowed_amount").isNull()
                .or(col("winner_allowed_amount").gt(col("runner_up_allowed_amount"))))
            .and(col("winner_prestep_n").gt(0));
    Dataset<Row> step1 = stepPlurality(withFlag, "s1", lit(true)).filter(outright);
    Dataset<Row> step2 = stepPlurality(withFlag, "s2", col("bene_s1_n").equalTo(0)).filter(outright);
    Dataset<Row> decided = step1.unionByName(step2);
    if (rules.parameters().step3Enabled()) {
      Dataset<Row> undecided = withFlag.join(
          decided.select(col("window_id").as("d_window"), col("bene_id").as("d_bene")),
          col("window_id").equalTo(col("d_window")).and(col("bene_id").equalTo(col("d_bene"))),
          "left_anti");
      Column step3Outright =
          col("winner").startsWith("ACO:")
              .and(col("runner_up_allowed_amount").isNull()
                  .or(col("winner_allowed_amount").gt(col("runner_up_allowed_amount"))))
              .and(col("winner_s3_npp_n").gt(0));
      decided = decided.unionByName(stepPlurality(undecided, "s3", lit(true)).filter(step3Outright));
    }
    return decided.withColumn("aco_id", col("winner").substr(5, 64)).drop("winner_prestep_n", "winner_s3_npp_n");
  }

  /**
   * Voluntary alignment per window: the latest designation signed by the window's end. A
   * designated TIN on exactly one ACO's list aligns the beneficiary to that ACO; any other
   * designation bars claims-based assignment (§425.402(e), PY2019+).
   */
  static Dataset<Row> voluntary(
      Dataset<Row> alignments,
      Dataset<Row> windowFrame,
      Dataset<Row> tinEntities,
      Dataset<Row> entityTotals,
      AssignmentRules rules) {
    AssignmentRules.Parameters p = rules.parameters();
    Dataset<Row> latest =
        alignments
            .join(windowFrame, col("signature_date").leq(col("window_end")))
            .groupBy(col("window_id"), col("bene_id"))
            .agg(
                max_by(col("designated_npi"), concat(col("signature_date").cast("string"), col("designated_npi"))).as("designated_npi"),
                max_by(col("designated_tin"), concat(col("signature_date").cast("string"), col("designated_npi"))).as("designated_tin"));
    Dataset<Row> mapped =
        latest
            .join(broadcast(tinEntities), col("designated_tin").equalTo(col("entity_key")), "left")
            .withColumn("aco_id", when(lit(p.voluntaryAlignmentEnabled()), col("entity_aco")))
            .drop("entity_key", "aco_count", "entity_aco");
    if (p.voluntaryRequiresPcService()) {
      Dataset<Row> prestep =
          entityTotals.filter(col("prestep_n").gt(0))
              .select(col("window_id").as("p_window"), col("bene_id").as("p_bene"), col("entity").as("p_entity"));
      mapped =
          mapped.join(prestep,
                  col("window_id").equalTo(col("p_window")).and(col("bene_id").equalTo(col("p_bene")))
                      .and(concat(lit("ACO:"), col("aco_id")).equalTo(col("p_entity"))), "left")
              .withColumn("aco_id", when(col("p_entity").isNotNull(), col("aco_id")))
              .drop("p_window", "p_bene", "p_entity");
    }
    return mapped;
  }

  /** Eligibility of each beneficiary in each window (§425.401(a)). */
  static Dataset<Row> eligibility(Dataset<Row> months, Dataset<Row> windowFrame) {
    Column ab = col("part_a").and(col("part_b"));
    Column oneButNotOther = col("part_a").notEqual(col("part_b"));
    return months
        .join(windowFrame,
            col("month_start").geq(col("window_start")).and(col("month_start").leq(col("window_end"))))
        .groupBy(col("window_id"), col("bene_id"))
        .agg(
            countIf(ab).as("ab_months"),
            countIf(oneButNotOther).as("single_part_months"),
            countIf(col("ma_or_group_plan")).as("ma_months"),
            countIf(col("other_shared_savings_initiative")).as("other_initiative_months"),
            max_by(col("us_resident"), col("month_start")).as("us_resident_last"),
            max_by(when(ab, col("enrollment_type")), when(ab, col("month_start"))).as("enrollment_type"),
            max_by(col("county_fips"), col("month_start")).as("county_fips"))
        .withColumn(
            "eligible",
            col("ab_months").gt(0)
                .and(col("single_part_months").equalTo(0))
                .and(col("ma_months").equalTo(0))
                .and(col("other_initiative_months").equalTo(0))
                .and(coalesce(col("us_resident_last"), lit(false))))
        .select("window_id", "bene_id", "eligible", "enrollment_type", "county_fips");
  }

  /**
   * Puts voluntary and claims-based results together with eligibility and each ACO's method, and
   * keeps one ACO per beneficiary and assignment year (prospective first).
   */
  static Dataset<Row> combine(
      Dataset<Row> claimsBased,
      Dataset<Row> voluntary,
      Dataset<Row> eligible,
      Dataset<Row> acoMethods,
      Dataset<Row> windowFrame,
      AssignmentRules rules) {
    Dataset<Row> fromVoluntary =
        voluntary.filter(col("aco_id").isNotNull())
            .select(
                col("window_id"), col("bene_id"), col("aco_id"),
                lit(VOLUNTARY).as("assignment_step"),
                lit(null).cast(AssignmentTables.MONEY_SUM).as("winner_allowed_amount"),
                lit(null).cast(DataTypes.StringType).as("runner_up_entity"),
                lit(null).cast(AssignmentTables.MONEY_SUM).as("runner_up_allowed_amount"),
                col("designated_npi"), col("designated_tin"));
    // Any designation that is not to a single ACO's TIN bars claims-based assignment.
    Dataset<Row> barred = voluntary.select(col("window_id").as("v_window"), col("bene_id").as("v_bene"));
    Dataset<Row> fromClaims =
        claimsBased
            .join(barred, col("window_id").equalTo(col("v_window")).and(col("bene_id").equalTo(col("v_bene"))), "left_anti")
            .select(
                col("window_id"), col("bene_id"), col("aco_id"), col("assignment_step"),
                col("winner_allowed_amount").cast(AssignmentTables.MONEY_SUM).as("winner_allowed_amount"),
                col("runner_up_entity"),
                col("runner_up_allowed_amount").cast(AssignmentTables.MONEY_SUM).as("runner_up_allowed_amount"),
                lit(null).cast(DataTypes.StringType).as("designated_npi"),
                lit(null).cast(DataTypes.StringType).as("designated_tin"));
    Dataset<Row> methods = acoMethods.select(col("aco_id").as("m_aco"), col("assignment_method").as("m_method"));
    Dataset<Row> candidates =
        fromVoluntary.unionByName(fromClaims)
            .join(windowFrame, "window_id")
            .join(broadcast(methods), col("aco_id").equalTo(col("m_aco")).and(col("window_method").equalTo(col("m_method"))))
            .join(eligible.filter(col("eligible")), on("window_id", "bene_id"))
            .drop("m_aco", "m_method", "eligible");
    if (rules.parameters().prospectiveYearExclusions()) {
      // §425.401(b): a prospectively assigned beneficiary is excluded at the end of the year it is
      // assigned for (performance or benchmark year) if it fails the eligibility criteria in that
      // calendar year itself: no A+B month or an A-only/B-only month, an MA month, outside the US.
      Dataset<Row> calendarEligible = eligible.filter(col("eligible"))
          .join(windowFrame.filter(col("window_method").equalTo(AssignmentWindow.RETROSPECTIVE)), "window_id")
          .select(col("bene_id").as("c_bene"), col("assignment_year").as("c_year"));
      candidates = candidates
          .join(calendarEligible, col("bene_id").equalTo(col("c_bene")).and(col("assignment_year").equalTo(col("c_year"))),
              "left")
          .filter(col("window_method").notEqual(AssignmentWindow.PROSPECTIVE).or(col("c_bene").isNotNull()))
          .drop("c_bene", "c_year");
    }
    WindowSpec perYear =
        Window.partitionBy(col("bene_id"), col("assignment_year"))
            .orderBy(when(col("window_method").equalTo(AssignmentWindow.PROSPECTIVE), 0).otherwise(1), col("aco_id"));
    return candidates
        .withColumn("pick", row_number().over(perYear))
        .filter(col("pick").equalTo(1))
        .select(
            col("bene_id"),
            lit(rules.performanceYear()).as("performance_year"),
            col("assignment_year"),
            col("aco_id"),
            col("window_method").as("assignment_method"),
            col("window_start"),
            col("window_end"),
            col("assignment_step"),
            col("winner_allowed_amount"),
            col("runner_up_entity"),
            col("runner_up_allowed_amount"),
            col("enrollment_type"),
            lit(rules.version()).as("rules_version"),
            col("window_id"),
            col("designated_npi"),
            col("designated_tin"));
  }

  /**
   * Each assigned beneficiary's clinician inside the ACO: the NPI/TIN with the most allowed
   * charges in the winning step, then the most recent primary care date, then more services,
   * then the lower NPI [INFER, CMS defines no such rule]. Voluntarily aligned beneficiaries are
   * attributed to the clinician they designated.
   */
  static Dataset<Row> attribute(Dataset<Row> assigned, Dataset<Row> clinicianTotals, AssignmentRules rules) {
    Dataset<Row> claimsAssigned = assigned.filter(col("assignment_step").notEqual(VOLUNTARY));
    Column step = col("assignment_step");
    Dataset<Row> candidates =
        claimsAssigned.select(col("window_id"), col("bene_id"), col("aco_id"), step, col("assignment_year"))
            .join(clinicianTotals.withColumnRenamed("bene_id", "c_bene").withColumnRenamed("window_id", "c_window"),
                col("window_id").equalTo(col("c_window")).and(col("bene_id").equalTo(col("c_bene")))
                    .and(concat(lit("ACO:"), col("aco_id")).equalTo(col("entity"))))
            .withColumn("step_allowed",
                when(step.equalTo(STEP_1), col("s1_allowed")).when(step.equalTo(STEP_2), col("s2_allowed")).otherwise(col("s3_allowed")))
            .withColumn("step_n",
                when(step.equalTo(STEP_1), col("s1_n")).when(step.equalTo(STEP_2), col("s2_n")).otherwise(col("s3_n")))
            .withColumn("step_last",
                when(step.equalTo(STEP_1), col("s1_last")).when(step.equalTo(STEP_2), col("s2_last")).otherwise(col("s3_last")))
            .filter(col("step_n").gt(0));
    WindowSpec best =
        Window.partitionBy(col("bene_id"), col("assignment_year"))
            .orderBy(col("step_allowed").desc(), col("step_last").desc(), col("step_n").desc(),
                col("npi").asc_nulls_last(), col("clinician_tin").asc_nulls_last());
    Dataset<Row> fromClaims =
        candidates.withColumn("rank", row_number().over(best)).filter(col("rank").equalTo(1))
            .select(
                col("bene_id"), lit(rules.performanceYear()).as("performance_year"), col("assignment_year"),
                col("aco_id"), col("npi"), col("clinician_tin").as("tin"),
                concat(lit("PLURALITY_"), step).as("attribution_basis"),
                col("step_allowed").cast(AssignmentTables.MONEY_SUM).as("allowed_amount"),
                col("step_last").as("last_service_date"), col("step_n").cast(DataTypes.LongType).as("service_count"),
                lit(rules.version()).as("rules_version"));
    Dataset<Row> fromVoluntary =
        assigned.filter(col("assignment_step").equalTo(VOLUNTARY))
            .select(
                col("bene_id"), lit(rules.performanceYear()).as("performance_year"), col("assignment_year"),
                col("aco_id"), col("designated_npi").as("npi"), col("designated_tin").as("tin"),
                lit("VOLUNTARY_DESIGNATION").as("attribution_basis"),
                lit(null).cast(AssignmentTables.MONEY_SUM).as("allowed_amount"),
                lit(null).cast(DataTypes.DateType).as("last_service_date"),
                lit(null).cast(DataTypes.LongType).as("service_count"),
                lit(rules.version()).as("rules_version"));
    return fromClaims.unionByName(fromVoluntary);
  }

  /** Counts per ACO and year, by step and by enrollment type. */
  static Dataset<Row> summarise(Dataset<Row> assigned, AssignmentRules rules) {
    return assigned
        .groupBy(col("aco_id"), col("performance_year"), col("assignment_year"))
        .agg(
            count(lit(1)).as("assigned_beneficiaries"),
            countIf(col("assignment_step").equalTo(VOLUNTARY)).as("voluntary"),
            countIf(col("assignment_step").equalTo(STEP_1)).as("step_1"),
            countIf(col("assignment_step").equalTo(STEP_2)).as("step_2"),
            countIf(col("assignment_step").equalTo(STEP_3)).as("step_3"),
            countIf(col("enrollment_type").equalTo("ESRD")).as("esrd"),
            countIf(col("enrollment_type").equalTo("DISABLED")).as("disabled"),
            countIf(col("enrollment_type").equalTo("AGED_DUAL")).as("aged_dual"),
            countIf(col("enrollment_type").equalTo("AGED_NON_DUAL")).as("aged_non_dual"))
        .withColumn("rules_version", lit(rules.version()));
  }

  /** The national assignable population of each calendar year (§425.20). */
  static Dataset<Row> assignable(
      Dataset<Row> entityTotals, Dataset<Row> eligible, Dataset<Row> windowFrame, AssignmentRules rules) {
    Dataset<Row> calendarWindows =
        windowFrame.filter(col("window_method").equalTo(AssignmentWindow.RETROSPECTIVE))
            .select("window_id", "assignment_year");
    Dataset<Row> withService =
        entityTotals.groupBy(col("window_id"), col("bene_id")).agg(sum("assignable_n").as("assignable_n"))
            .filter(col("assignable_n").gt(0));
    return withService
        .join(calendarWindows, "window_id")
        .join(eligible.filter(col("eligible")), on("window_id", "bene_id"))
        .select(
            col("bene_id"), lit(rules.performanceYear()).as("performance_year"), col("assignment_year"),
            col("enrollment_type"), col("county_fips"), lit(rules.version()).as("rules_version"));
  }
}
