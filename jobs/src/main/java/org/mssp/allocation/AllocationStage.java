package org.mssp.allocation;

import static org.apache.spark.sql.functions.array_sort;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_list;
import static org.apache.spark.sql.functions.collect_set;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.countDistinct;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;
import static org.mssp.allocation.AllocationTables.*;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.mssp.allocation.AllocationEngine.AcoYear;
import org.mssp.allocation.AllocationEngine.Context;
import org.mssp.allocation.AllocationEngine.Result;
import org.mssp.assignment.AssignmentTables;
import org.mssp.common.error.Errors;
import org.mssp.reference.ReferenceTables;
import org.mssp.settlement.SettlementColumns;

/**
 * The allocation stage (docs/allocation.md): a pure function from the settlement, attribution,
 * roster, provider quality and cost, and the prior year's allocation and ledger, to the rows of
 * {@code provider_allocation} and {@code endowment_ledger} for one performance year.
 *
 * <p>Steps:
 *
 * <ol>
 *   <li>Providers of each ACO-year (grain: ACO × NPI × TIN): anyone with attributed beneficiaries
 *       in the performance year ({@code provider_attribution} rows where assignment_year =
 *       performance_year), with quality or cost rows for the ACO-year, or with an endowment
 *       balance carried from the prior year.
 *   <li>Each provider's group: NPI × TIN on the roster → specialty → group through the versioned
 *       mapping; a facility attributed without an NPI is HOSPITAL_FACILITY. A provider missing
 *       from the roster fails the stage (named).
 *   <li>Basis per provider: attributed beneficiaries, quality measures (this and prior year),
 *       risk-adjusted cost, prior-year tier-3 amount, prior-year closing balance.
 *   <li>Per ACO-year (grain: one row per ACO, providers nested): the {@link AllocationEngine},
 *       with the plan that applies to the ACO and year.
 * </ol>
 */
public final class AllocationStage {
  private AllocationStage() {}

  static final String PROVIDERS = "providers";
  static final String MEASURES = "measures";
  static final String NO_SAVINGS_REASON = "no_savings_reason";
  static final String PLAN_ID_COLUMN = "plan_id";
  static final String PRIOR_YEAR = "prior_year_earned";
  static final String COST = "cost_per_beneficiary";
  static final String ALLOCATION = "allocation";
  static final String LEDGER = "ledger";
  static final String PERSON_YEARS_BASIS = "attributed_person_years";
  static final String COST_SOURCE = "cost_source";
  static final String COMPUTED_COST = "computed_cost";

  /** The two outputs of a year. */
  public record Outputs(Dataset<Row> allocation, Dataset<Row> ledger) {}

  /**
   * The per-ACO-year engine results, one row per ACO with the {@code allocation} and {@code ledger}
   * rows nested; {@link #outputs} flattens them.
   *
   * @param settlement {@code aco_settlement} rows (any years; the year's rows are used)
   * @param attribution {@code provider_attribution}
   * @param roster {@code ref_provider_roster}
   * @param quality {@code provider_quality} rows (may be empty)
   * @param cost {@code provider_cost} rows (may be empty)
   * @param priorAllocation {@code provider_allocation} of the prior year (may be empty)
   * @param priorLedger {@code endowment_ledger} of the prior year (may be empty)
   * @param plans the validated plans; every ACO of the year must have one
   * @param mapping specialty → group
   * @param year the performance year
   */
  public static Dataset<Row> allocateAcos(
      Dataset<Row> settlement,
      Dataset<Row> attribution,
      Dataset<Row> roster,
      Dataset<Row> quality,
      Dataset<Row> cost,
      Dataset<Row> priorAllocation,
      Dataset<Row> priorLedger,
      AllocationPlans plans,
      GroupMapping mapping,
      int year) {
    return allocateAcos(settlement, attribution, roster, quality, cost, priorAllocation, priorLedger, null, null,
        plans, mapping, year);
  }

  /**
   * As above, with the expenditure tables: {@code beneficiaryExpenditure} gives each provider's
   * attributed person-years (attribution basis PERSON_YEARS) and, with {@code beneficiaryRisk},
   * its risk-adjusted cost per attributed beneficiary ({@link #providerExpenditure}); a row of the
   * provider cost CSV overrides the computed cost of its provider. Either may be null (no data).
   */
  public static Dataset<Row> allocateAcos(
      Dataset<Row> settlement,
      Dataset<Row> attribution,
      Dataset<Row> roster,
      Dataset<Row> quality,
      Dataset<Row> cost,
      Dataset<Row> priorAllocation,
      Dataset<Row> priorLedger,
      Dataset<Row> beneficiaryExpenditure,
      Dataset<Row> beneficiaryRisk,
      AllocationPlans plans,
      GroupMapping mapping,
      int year) {
    Dataset<Row> providers = providers(attribution, roster, quality, cost, priorAllocation, priorLedger,
        beneficiaryExpenditure, beneficiaryRisk, mapping, year);
    Dataset<Row> nested =
        providers
            .groupBy(col(ACO_ID).as("p_aco_id"))
            .agg(collect_list(struct(
                col(NPI), col(TIN), col(GROUP_CODE), col(ATTRIBUTED_BENEFICIARIES), col(MEASURES),
                col(COST), col(PRIOR_YEAR), col(OPENING_BALANCE), col(PERSON_YEARS_BASIS), col(COST_SOURCE))).as(PROVIDERS));
    Dataset<Row> acos =
        settlement
            .filter(col(SettlementColumns.PERFORMANCE_YEAR).equalTo(year))
            .select(
                col(SettlementColumns.ACO_ID).as(ACO_ID),
                col(SettlementColumns.PERFORMANCE_YEAR).as(PERFORMANCE_YEAR),
                col(SettlementColumns.EARNED_SAVINGS_LOSSES).as(EARNED_SAVINGS_LOSSES),
                noSavingsReason().as(NO_SAVINGS_REASON))
            .join(nested, col(ACO_ID).equalTo(col("p_aco_id")), "left")
            .drop("p_aco_id");
    String rulesVersion = mapping.version();
    MapFunction<Row, Row> run = row -> allocateRow(row, plans, rulesVersion);
    return acos.map(run, Encoders.row(resultSchema()));
  }

  /** Flattens {@link #allocateAcos} into the two output tables' rows. */
  public static Outputs outputs(Dataset<Row> results) {
    Dataset<Row> allocation =
        results.select(explode(col(ALLOCATION)).as("a")).select(col("a.*"));
    Dataset<Row> ledger = results.select(explode(col(LEDGER)).as("l")).select(col("l.*"));
    return new Outputs(allocation, ledger);
  }

  /**
   * Why an ACO-year has no earned savings, from the settlement waterfall: the savings rate inside
   * the MSR corridor, the quality standard not met, or the sharing rate and limits.
   */
  static Column noSavingsReason() {
    Column rate = col(SettlementColumns.SAVINGS_RATE).cast("decimal(14,6)").cast("string");
    Column msr = col(SettlementColumns.MSR).cast("decimal(14,6)").cast("string");
    return when(col(SettlementColumns.EARNED_SAVINGS_LOSSES).notEqual(0), lit(null).cast("string"))
        .when(col(SettlementColumns.CORRIDOR_PASSED).equalTo(false),
            concat(lit("savings rate "), rate, lit(" did not pass the minimum savings rate "), msr))
        .when(col(SettlementColumns.QUALITY_STANDARD_MET).equalTo(false), lit("quality standard not met"))
        .otherwise(lit("earned savings are 0 after the sharing rate, limits and adjustments"));
  }

  /**
   * Grain: one row per ACO × NPI × TIN of the year, with group and basis columns.
   */
  static Dataset<Row> providers(
      Dataset<Row> attribution,
      Dataset<Row> roster,
      Dataset<Row> quality,
      Dataset<Row> cost,
      Dataset<Row> priorAllocation,
      Dataset<Row> priorLedger,
      GroupMapping mapping,
      int year) {
    return providers(attribution, roster, quality, cost, priorAllocation, priorLedger, null, null, mapping, year);
  }

  static Dataset<Row> providers(
      Dataset<Row> attribution,
      Dataset<Row> roster,
      Dataset<Row> quality,
      Dataset<Row> cost,
      Dataset<Row> priorAllocation,
      Dataset<Row> priorLedger,
      Dataset<Row> beneficiaryExpenditure,
      Dataset<Row> beneficiaryRisk,
      GroupMapping mapping,
      int year) {
    Dataset<Row> attributed =
        attribution
            .filter(col(AssignmentTables.PERFORMANCE_YEAR).equalTo(year)
                .and(col(AssignmentTables.ASSIGNMENT_YEAR).equalTo(year)))
            .groupBy(col(AssignmentTables.ACO_ID).as(ACO_ID), col("npi").as(NPI), col("tin").as(TIN))
            .agg(count(lit(1)).as(ATTRIBUTED_BENEFICIARIES));
    Dataset<Row> measures =
        quality
            .filter(col(PERFORMANCE_YEAR).equalTo(year))
            .groupBy(col(ACO_ID), col(NPI), col(TIN))
            .agg(collect_list(struct(
                col(MEASURE_ID), col(HIGHER_IS_BETTER), col(NUMERATOR), col(DENOMINATOR),
                col(PRIOR_NUMERATOR), col(PRIOR_DENOMINATOR))).as(MEASURES));
    Dataset<Row> costs =
        cost.filter(col(PERFORMANCE_YEAR).equalTo(year))
            .select(col(ACO_ID), col(NPI), col(TIN), col(RISK_ADJUSTED_COST_PER_BENEFICIARY).as(COST));
    Dataset<Row> fromExpenditure = beneficiaryExpenditure == null ? null
        : providerExpenditure(attribution, beneficiaryExpenditure, beneficiaryRisk, year);
    Dataset<Row> prior =
        priorAllocation
            .filter(col(PERFORMANCE_YEAR).equalTo(year - 1).and(col(TIER).equalTo(3))
                .and(col(RECIPIENT_TYPE).equalTo(PROVIDER)))
            .groupBy(col(ACO_ID), col(NPI), col(TIN))
            .agg(sum(col(AMOUNT)).cast(MONEY).as(PRIOR_YEAR));
    Dataset<Row> balances =
        priorLedger
            .filter(col(PERFORMANCE_YEAR).equalTo(year - 1))
            .groupBy(col(ACO_ID), col(NPI), col(TIN))
            .agg(sum(col(CLOSING_BALANCE)).cast(MONEY).as(OPENING_BALANCE))
            .filter(col(OPENING_BALANCE).gt(0));
    Dataset<Row> keys =
        attributed.select(ACO_ID, NPI, TIN)
            .union(measures.select(ACO_ID, NPI, TIN))
            .union(costs.select(ACO_ID, NPI, TIN))
            .union(balances.select(ACO_ID, NPI, TIN))
            .distinct();
    Dataset<Row> joined = keys;
    joined = leftJoinOnProvider(joined, attributed);
    joined = leftJoinOnProvider(joined, measures);
    joined = leftJoinOnProvider(joined, costs);
    if (fromExpenditure != null) {
      joined = leftJoinOnProvider(joined, fromExpenditure);
    } else {
      joined = joined.withColumn(PERSON_YEARS_BASIS, lit(null).cast(PERSON_YEARS_TYPE))
          .withColumn(COMPUTED_COST, lit(null).cast(MONEY));
    }
    // the provider cost file overrides the cost computed from the expenditure tables
    joined = joined
        .withColumn(COST_SOURCE, when(col(COST).isNotNull(), lit(ProviderInput.COST_FROM_FILE))
            .when(col(COMPUTED_COST).isNotNull(), lit(ProviderInput.COST_FROM_EXPENDITURE)))
        .withColumn(COST, coalesce(col(COST), col(COMPUTED_COST)));
    joined = leftJoinOnProvider(joined, prior);
    joined = leftJoinOnProvider(joined, balances);
    Dataset<Row> grouped = withGroups(joined, roster, mapping);
    return grouped.select(
        col(ACO_ID), col(NPI), col(TIN), col(GROUP_CODE),
        coalesce(col(ATTRIBUTED_BENEFICIARIES), lit(0L)).as(ATTRIBUTED_BENEFICIARIES),
        col(MEASURES), col(COST), col(PRIOR_YEAR),
        coalesce(col(OPENING_BALANCE), lit(BigDecimal.ZERO).cast(MONEY)).as(OPENING_BALANCE),
        col(PERSON_YEARS_BASIS), col(COST_SOURCE));
  }

  /** Person-years as stored in beneficiary_expenditure. */
  static final DataType PERSON_YEARS_TYPE = DataTypes.createDecimalType(18, 8);

  /**
   * Per provider (grain: ACO × NPI × TIN) of the performance year, from its attributed
   * beneficiaries' rows of {@code beneficiary_expenditure} (year = PY, every enrollment type):
   *
   * <ul>
   *   <li>{@code attributed_person_years} = Σ eligible months / 12;
   *   <li>{@code computed_cost}, the risk-adjusted cost per attributed beneficiary = Σ truncated
   *       spend / Σ (renormalised HCC score × person-years), over the rows that have a score in
   *       {@code beneficiary_risk}: each beneficiary's truncated spend divided by its risk score,
   *       annualised by its person-years and averaged over the provider's beneficiaries weighted by
   *       person-years (the MSSP per-capita convention, so a part-year beneficiary neither
   *       lowers nor raises the figure by being part-year); rounded half-up to cents; null when no
   *       attributed beneficiary has a scored row. No completion factor [INFER: the gates compare
   *       providers of one year].
   * </ul>
   */
  static Dataset<Row> providerExpenditure(
      Dataset<Row> attribution, Dataset<Row> beneficiaryExpenditure, Dataset<Row> beneficiaryRisk, int year) {
    Dataset<Row> attributed = attribution
        .filter(col(AssignmentTables.PERFORMANCE_YEAR).equalTo(year).and(col(AssignmentTables.ASSIGNMENT_YEAR).equalTo(year)))
        .select(col(AssignmentTables.BENE_ID).as("a_bene"), col(AssignmentTables.ACO_ID).as(ACO_ID),
            col("npi").as(NPI), col("tin").as(TIN));
    Dataset<Row> bene = beneficiaryExpenditure.filter(col("year").equalTo(year))
        .select(col("bene_id").as("e_bene"), col("enrollment_type").as("e_type"), col("eligible_months"),
            col("truncated_spend"));
    Column score;
    Dataset<Row> rows = attributed.join(bene, col("a_bene").equalTo(col("e_bene")));
    if (beneficiaryRisk != null) {
      Dataset<Row> risk = beneficiaryRisk.filter(col("year").equalTo(year))
          .select(col("bene_id").as("r_bene"), col("enrollment_type").as("r_type"), col("normalized_risk_score"));
      rows = rows.join(risk, col("e_bene").equalTo(col("r_bene")).and(col("e_type").equalTo(col("r_type"))), "left");
      score = col("normalized_risk_score");
    } else {
      score = lit(null).cast(DataTypes.createDecimalType(20, 10));
    }
    Column months = col("eligible_months").cast(DataTypes.LongType);
    return rows.groupBy(col(ACO_ID), col(NPI), col(TIN))
        .agg(sum(months).as("months"),
            sum(when(score.isNotNull(), col("truncated_spend"))).as("scored_spend"),
            sum(score.multiply(months)).as("risk_months"))
        .select(col(ACO_ID), col(NPI), col(TIN),
            col("months").cast(PERSON_YEARS_TYPE).divide(lit(12)).cast(PERSON_YEARS_TYPE).as(PERSON_YEARS_BASIS),
            // Σ spend / Σ (risk × months / 12) = Σ spend × 12 / Σ (risk × months)
            org.apache.spark.sql.functions.round(
                col("scored_spend").multiply(lit(12)).divide(col("risk_months")), 2).cast(MONEY).as(COMPUTED_COST));
  }

  /**
   * Adds {@code group_code}: a provider without an NPI (a facility attributed through its CCN) is
   * HOSPITAL_FACILITY; otherwise the roster's specialty (NPI × billing TIN) mapped to its group.
   * Providers with an NPI but no roster row fail, named (up to five).
   */
  static Dataset<Row> withGroups(Dataset<Row> providers, Dataset<Row> roster, GroupMapping mapping) {
    SparkSession spark = providers.sparkSession();
    List<Row> mapRows = new ArrayList<>();
    for (Map.Entry<String, ProviderGroup> e : mapping.groups().entrySet()) {
      mapRows.add(RowFactory.create(e.getKey(), e.getValue().name()));
    }
    Dataset<Row> groups =
        spark.createDataFrame(mapRows, new StructType()
            .add("m_specialty_code", DataTypes.StringType)
            .add("m_group_code", DataTypes.StringType));
    Dataset<Row> r =
        roster.select(col("npi").as("r_npi"), col("billing_tin").as("r_tin"), col("specialty_code").as("r_specialty"));
    Dataset<Row> withSpecialty =
        providers.join(r, col(NPI).equalTo(col("r_npi")).and(col(TIN).equalTo(col("r_tin"))), "left");
    Column fallback = mapping.fallback() == null ? lit(null).cast("string") : lit(mapping.fallback().name());
    Dataset<Row> out =
        withSpecialty
            .join(groups, col("r_specialty").equalTo(col("m_specialty_code")), "left")
            .withColumn(GROUP_CODE,
                when(col(NPI).isNull(), lit(ProviderGroup.HOSPITAL_FACILITY.name()))
                    // not on the roster: no group (reported below), never the fallback
                    .when(col("r_npi").isNull(), lit(null).cast("string"))
                    .otherwise(coalesce(col("m_group_code"), fallback)));
    // one pass for both checks: providers not on the roster, and specialties without a group
    List<Row> problems = out.filter(col(GROUP_CODE).isNull())
        .select(col(ACO_ID), col(NPI), col(TIN), col("r_npi"), col("r_specialty")).limit(5).collectAsList();
    if (!problems.isEmpty()) {
      Row first = problems.get(0);
      if (first.isNullAt(first.fieldIndex("r_npi"))) {
        throw Errors.cannot(
            "allocate savings to providers",
            "providers (NPI × TIN) are not on the provider roster, so their group cannot be known, e.g. "
                + problems.stream().map(p -> p.<String>getAs(ACO_ID) + "/" + p.<String>getAs(NPI) + "/" + p.<String>getAs(TIN)).toList());
      }
      throw Errors.badRules("specialty_groups",
          "specialty code " + first.<String>getAs("r_specialty") + " has no group and there is no '*' row");
    }
    return out.drop("r_npi", "r_tin", "r_specialty", "m_specialty_code", "m_group_code");
  }

  /**
   * The provider roster extended to the facility CCNs of its TINs (grain: one row per NPI × billing
   * TIN, as {@code ref_provider_roster}). The assignment stage attributes a beneficiary served at an
   * FQHC, RHC, CAH II or ETA hospital to the attending NPI × the facility's CCN, while the roster
   * lists the clinician under the participant TIN the CCN bills through. A clinician billing
   * through a TIN also bills through the CCNs of that TIN [INFER]: each {@code ref_aco_participants}
   * row with a CCN gives every roster row of its {@code participant_tin} a row (NPI, billing TIN =
   * the CCN, same specialty; {@code source_line} = the lowest roster line it comes from). A roster
   * row of its own for the NPI × CCN stands. An NPI that reaches one CCN through TINs with
   * different specialties fails, named (up to five).
   *
   * @param roster {@code ref_provider_roster}
   * @param participants {@code ref_aco_participants} (any ACO and dates: the roster has neither)
   */
  public static Dataset<Row> rosterWithFacilityCcns(Dataset<Row> roster, Dataset<Row> participants) {
    Dataset<Row> ccns = participants.filter(col("ccn").isNotNull())
        .select(col("participant_tin").as("p_tin"), col("ccn").as("p_ccn"))
        .distinct();
    Dataset<Row> derived = roster
        .join(ccns, col("billing_tin").equalTo(col("p_tin")))
        .groupBy(col("npi").as("d_npi"), col("p_ccn").as("d_ccn"))
        .agg(countDistinct(col("specialty_code")).as("d_specialties"),
            min(col("specialty_code")).as("d_specialty"),
            min(col(ReferenceTables.SOURCE_LINE)).as("d_line"),
            array_sort(collect_set(concat(col("specialty_code"), lit(" via TIN "), col("billing_tin")))).as("d_sources"))
        .join(roster, col("d_npi").equalTo(col("npi")).and(col("d_ccn").equalTo(col("billing_tin"))), "left_anti");
    List<Row> conflicts = derived.filter(col("d_specialties").gt(1))
        .orderBy(col("d_npi"), col("d_ccn")).limit(5).collectAsList();
    if (!conflicts.isEmpty()) {
      throw Errors.cannot(
          "allocate savings to providers",
          "an NPI bills through a CCN under participant TINs with different roster specialties, so its group"
              + " at the CCN cannot be known, e.g. "
              + conflicts.stream().map(c -> "NPI " + c.<String>getAs("d_npi") + " at CCN " + c.<String>getAs("d_ccn")
                  + " (" + String.join(", ", c.<String>getList(c.fieldIndex("d_sources"))) + ")").toList());
    }
    return roster
        .select(col("npi"), col("billing_tin"), col("specialty_code"), col(ReferenceTables.SOURCE_LINE))
        .union(derived.select(col("d_npi").as("npi"), col("d_ccn").as("billing_tin"),
            col("d_specialty").as("specialty_code"), col("d_line").as(ReferenceTables.SOURCE_LINE)));
  }

  /** Left join on ACO × NPI × TIN, null-safe (a facility has no NPI). */
  private static Dataset<Row> leftJoinOnProvider(Dataset<Row> left, Dataset<Row> right) {
    Dataset<Row> r = right.withColumnRenamed(ACO_ID, "j_aco").withColumnRenamed(NPI, "j_npi").withColumnRenamed(TIN, "j_tin");
    Column on = col(ACO_ID).eqNullSafe(col("j_aco"))
        .and(col(NPI).eqNullSafe(col("j_npi")))
        .and(col(TIN).eqNullSafe(col("j_tin")));
    return left.join(r, on, "left").drop("j_aco", "j_npi", "j_tin");
  }

  // ---- per ACO-year ----------------------------------------------------------------------

  static StructType resultSchema() {
    return new StructType()
        .add(ACO_ID, DataTypes.StringType, false)
        .add(ALLOCATION, new ArrayType(PROVIDER_ALLOCATION.schema(), false), false)
        .add(LEDGER, new ArrayType(ENDOWMENT_LEDGER.schema(), false), false);
  }

  private static Row allocateRow(Row row, AllocationPlans plans, String rulesVersion) {
    String acoId = row.getAs(ACO_ID);
    int year = row.<Integer>getAs(PERFORMANCE_YEAR);
    AllocationPlan plan = plans.planFor(acoId, year)
        .orElseThrow(() -> Errors.cannotAllocate(acoId, year, "no allocation plan applies to this ACO and year"));
    List<ProviderInput> inputs = new ArrayList<>();
    List<Row> providers = row.isNullAt(row.fieldIndex(PROVIDERS)) ? List.of() : row.getList(row.fieldIndex(PROVIDERS));
    for (Row p : providers) {
      inputs.add(providerInput(p));
    }
    Result result = AllocationEngine.allocate(
        new AcoYear(acoId, year, row.getAs(EARNED_SAVINGS_LOSSES), row.getAs(NO_SAVINGS_REASON)),
        new Context(plan, plans.version(), rulesVersion),
        inputs);
    List<Row> allocation = result.allocation().stream().map(l -> RowFactory.create(l.values())).toList();
    List<Row> ledger = result.ledger().stream().map(l -> RowFactory.create(l.values())).toList();
    // Row encoders take Scala sequences for array columns
    return RowFactory.create(
        acoId,
        scala.jdk.javaapi.CollectionConverters.asScala(allocation).toList(),
        scala.jdk.javaapi.CollectionConverters.asScala(ledger).toList());
  }

  private static ProviderInput providerInput(Row p) {
    List<ProviderInput.Measure> measures = new ArrayList<>();
    int mi = p.fieldIndex(MEASURES);
    if (!p.isNullAt(mi)) {
      for (Row m : p.<Row>getList(mi)) {
        measures.add(new ProviderInput.Measure(
            m.getAs(MEASURE_ID), m.<Boolean>getAs(HIGHER_IS_BETTER), m.<Long>getAs(NUMERATOR),
            m.<Long>getAs(DENOMINATOR), m.getAs(PRIOR_NUMERATOR), m.getAs(PRIOR_DENOMINATOR)));
      }
    }
    return new ProviderInput(
        p.getAs(NPI), p.getAs(TIN), ProviderGroup.valueOf(p.getAs(GROUP_CODE)),
        p.<Long>getAs(ATTRIBUTED_BENEFICIARIES), measures, p.getAs(COST), p.getAs(PRIOR_YEAR),
        p.getAs(OPENING_BALANCE), p.getAs(PERSON_YEARS_BASIS), p.getAs(COST_SOURCE));
  }
}
