package org.mssp.allocation;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.sum;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.mssp.allocation.AllocationPlan.Attribution;
import org.mssp.allocation.AllocationPlan.Endowment;
import org.mssp.allocation.AllocationPlan.IncrementalQuality;
import org.mssp.allocation.AllocationPlan.Model;
import org.mssp.allocation.AllocationPlan.Threshold;
import org.mssp.assignment.AssignmentTables;
import org.mssp.common.error.Errors;
import org.mssp.common.schema.TableSpec;
import org.mssp.common.spark.DeltaTables;
import org.mssp.expenditure.ExpenditureTables;
import org.mssp.reference.ReferenceTables;
import org.mssp.risk.RiskTables;
import org.mssp.settlement.SettlementColumns;
import org.mssp.settlement.SettlementTables;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Allocates one performance year: reads {@code aco_settlement}, {@code provider_attribution},
 * {@code ref_provider_roster} and {@code ref_aco_participants} from the warehouse, the provider
 * quality and cost CSVs, and the prior year's {@code provider_allocation} and
 * {@code endowment_ledger} when they exist; runs {@link AllocationStage}; checks conservation per
 * ACO; replaces the year's slice of both tables. Re-running a year gives the same tables.
 */
public final class AllocationJob {
  private static final Logger LOG = LoggerFactory.getLogger(AllocationJob.class);

  private AllocationJob() {}

  /**
   * @param warehouse warehouse root (local path or s3a://)
   * @param performanceYear the year to allocate; required, never defaulted
   * @param plan the plan file (JSON, local path)
   * @param providerQuality provider quality CSV, or null (then no plan may use a quality model)
   * @param providerCost provider cost CSV, or null (then cost gates use the expenditure tables, which must exist)
   */
  public record Config(
      String warehouse, int performanceYear, Path plan, String providerQuality, String providerCost) {
    public Config {
      if (warehouse == null || warehouse.isBlank()) {
        throw Errors.badArgument("--warehouse", warehouse, "a warehouse root path");
      }
      if (performanceYear < 2012 || performanceYear > 2100) {
        throw Errors.badArgument("--performance-year", performanceYear, "a year such as 2018");
      }
      if (plan == null || !Files.isRegularFile(plan)) {
        throw Errors.badArgument("--plan", plan, "an allocation plan JSON file (docs/allocation.md)");
      }
    }
  }

  /** What a run wrote. */
  public record Summary(long acos, long allocationRows, long ledgerRows) {}

  /** Runs the job. */
  public static Summary run(Config config, SparkSession spark) {
    AllocationPlans plans = AllocationPlans.read(config.plan());
    GroupMapping mapping = GroupMapping.load();
    int year = config.performanceYear();
    String warehouse = config.warehouse();

    Dataset<Row> settlement = requireTable(spark, warehouse, SettlementTables.ACO_SETTLEMENT)
        .filter(col(SettlementColumns.PERFORMANCE_YEAR).equalTo(year));
    // aco_settlement has one row per ACO and year: small enough to check plans on the driver.
    List<String> acos = settlement.select(SettlementColumns.ACO_ID).as(org.apache.spark.sql.Encoders.STRING()).collectAsList();
    if (acos.isEmpty()) {
      throw Errors.cannot("allocate PY" + year, "aco_settlement has no rows for " + year + " under " + warehouse);
    }
    List<AllocationPlan> used = new ArrayList<>();
    for (String aco : acos) {
      used.add(plans.planFor(aco, year).orElseThrow(
          () -> Errors.cannotAllocate(aco, year, "no plan in " + config.plan() + " applies to this ACO and year")));
    }
    Dataset<Row> quality = config.providerQuality() == null
        ? DeltaTables.empty(spark, AllocationTables.PROVIDER_QUALITY)
        : readCsv(spark, config.providerQuality(), AllocationTables.PROVIDER_QUALITY);
    Dataset<Row> cost = config.providerCost() == null
        ? DeltaTables.empty(spark, AllocationTables.PROVIDER_COST)
        : readCsv(spark, config.providerCost(), AllocationTables.PROVIDER_COST);
    String expenditurePath = DeltaTables.path(warehouse, ExpenditureTables.BENEFICIARY_EXPENDITURE);
    String riskPath = DeltaTables.path(warehouse, RiskTables.BENEFICIARY_RISK);
    boolean hasExpenditure = DeltaTables.exists(spark, expenditurePath);
    boolean hasRisk = DeltaTables.exists(spark, riskPath);
    checkInputsForModels(used, config, hasExpenditure, hasExpenditure && hasRisk);
    // docs/allocation.md: person-years and the default risk-adjusted cost come from the expenditure tables
    Dataset<Row> beneficiaryExpenditure = hasExpenditure
        ? DeltaTables.read(spark, warehouse, ExpenditureTables.BENEFICIARY_EXPENDITURE).filter(col("year").equalTo(year)) : null;
    Dataset<Row> beneficiaryRisk = hasRisk
        ? DeltaTables.read(spark, warehouse, RiskTables.BENEFICIARY_RISK).filter(col("year").equalTo(year)) : null;

    Dataset<Row> attribution = requireTable(spark, warehouse, AssignmentTables.PROVIDER_ATTRIBUTION);
    // docs/allocation.md, "Groups": a clinician attributed at an FQHC/RHC CCN has the roster row of
    // the participant TIN that CCN bills through [INFER]
    Dataset<Row> roster = AllocationStage.rosterWithFacilityCcns(
        requireTable(spark, warehouse, ReferenceTables.PROVIDER_ROSTER),
        requireTable(spark, warehouse, ReferenceTables.ACO_PARTICIPANTS));
    Dataset<Row> priorAllocation = DeltaTables.readOrEmpty(spark, warehouse, AllocationTables.PROVIDER_ALLOCATION);
    Dataset<Row> priorLedger = DeltaTables.readOrEmpty(spark, warehouse, AllocationTables.ENDOWMENT_LEDGER);

    Dataset<Row> results = AllocationStage.allocateAcos(
        settlement, attribution, roster, quality, cost, priorAllocation, priorLedger, beneficiaryExpenditure,
        beneficiaryRisk, plans, mapping, year);
    results.persist();
    try {
      AllocationStage.Outputs out = AllocationStage.outputs(results);
      checkConservation(out.allocation(), settlement);
      String slice = AllocationTables.PERFORMANCE_YEAR + " = " + year;
      DeltaTables.replaceSlice(out.allocation(), AllocationTables.PROVIDER_ALLOCATION, warehouse, slice);
      DeltaTables.replaceSlice(out.ledger(), AllocationTables.ENDOWMENT_LEDGER, warehouse, slice);
      Row sizes = results.agg(
          sum(org.apache.spark.sql.functions.size(col(AllocationStage.ALLOCATION))),
          sum(org.apache.spark.sql.functions.size(col(AllocationStage.LEDGER)))).first();
      Summary summary = new Summary(acos.size(), sizes.getLong(0), sizes.getLong(1));
      LOG.info("provider_allocation PY{}: {} ACOs, {} rows; endowment_ledger {} rows; plans {}, groups {}",
          year, summary.acos(), summary.allocationRows(), summary.ledgerRows(), plans.version(), mapping.version());
      return summary;
    } finally {
      results.unpersist();
    }
  }

  /** As below, without expenditure tables: cost must come from the file. */
  static void checkInputsForModels(List<AllocationPlan> plans, Config config) {
    checkInputsForModels(plans, config, false, false);
  }

  /**
   * A plan whose models need quality data fails when the input is not given; a cost gate needs
   * the provider cost file or the expenditure tables (beneficiary_expenditure and
   * beneficiary_risk); the PERSON_YEARS attribution basis needs beneficiary_expenditure.
   */
  static void checkInputsForModels(List<AllocationPlan> plans, Config config, boolean hasExpenditure,
      boolean hasExpenditureAndRisk) {
    for (AllocationPlan p : plans) {
      for (var e : p.tier3().entrySet()) {
        Model m = e.getValue() instanceof Endowment en ? en.earnedBy() : e.getValue();
        boolean needsQuality = m instanceof IncrementalQuality || m instanceof Threshold;
        boolean needsCost = m instanceof Threshold t && t.costGate() != null && !hasExpenditureAndRisk;
        if (m instanceof Attribution a && a.basis() == AllocationPlan.AttributionBasis.PERSON_YEARS && !hasExpenditure) {
          throw Errors.cannot("allocate PY" + config.performanceYear(), "plan " + p.planId() + " weighs "
              + e.getKey() + " by PERSON_YEARS, which needs table beneficiary_expenditure (run aco expenditures first)");
        }
        if (needsQuality && config.providerQuality() == null) {
          throw Errors.badArgument("--provider-quality", null,
              "plan " + p.planId() + " uses " + m.label() + " for " + e.getKey() + ", which needs provider quality measures");
        }
        if (needsCost && config.providerCost() == null) {
          throw Errors.badArgument("--provider-cost", null,
              "plan " + p.planId() + " has a cost gate for " + e.getKey() + ", which needs provider cost per beneficiary"
                  + " (a cost file, or tables beneficiary_expenditure and beneficiary_risk)");
        }
      }
    }
  }

  /**
   * Fail-level check before writing: per ACO, tier 1 + tier 2 amounts equal the earned figure of
   * {@code aco_settlement} to the cent (the engine checks each split; this checks the table).
   */
  static void checkConservation(Dataset<Row> allocation, Dataset<Row> settlement) {
    Dataset<Row> sums = allocation.filter(col(AllocationTables.TIER).leq(2))
        .groupBy(col(AllocationTables.ACO_ID).as("c_aco"))
        .agg(sum(col(AllocationTables.AMOUNT)).as("allocated"));
    Dataset<Row> bad = settlement.join(sums, col(SettlementColumns.ACO_ID).equalTo(col("c_aco")), "left")
        .filter(col("allocated").isNull()
            .or(col("allocated").notEqual(col(SettlementColumns.EARNED_SAVINGS_LOSSES))));
    List<Row> examples = bad.select(SettlementColumns.ACO_ID, SettlementColumns.EARNED_SAVINGS_LOSSES, "allocated")
        .limit(5).collectAsList();
    if (!examples.isEmpty()) {
      throw Errors.qualityFailed(AllocationTables.PROVIDER_ALLOCATION.name(), "conservation",
          "tier 1 + tier 2 differ from earned_savings_losses for " + examples);
    }
  }

  static Dataset<Row> requireTable(SparkSession spark, String warehouse, TableSpec spec) {
    String path = DeltaTables.path(warehouse, spec);
    if (!DeltaTables.exists(spark, path)) {
      throw Errors.badInput(path, "", "table " + spec.name() + " does not exist (run its stage first)");
    }
    return spark.read().format("delta").load(path);
  }

  /**
   * Reads a provider input CSV (header row, docs/input-formats.md) with the contract's types,
   * failing on a malformed row; required columns must not be empty; the key must be unique.
   */
  static Dataset<Row> readCsv(SparkSession spark, String file, TableSpec spec) {
    StructType nullable = new StructType();
    for (StructField f : spec.schema().fields()) {
      nullable = nullable.add(f.name(), f.dataType(), true);
    }
    Dataset<Row> df;
    List<String> columns;
    try {
      columns = org.mssp.common.spark.CsvFiles.header(spark, file);
      df = spark.read().option("header", true).option("mode", "FAILFAST").schema(nullable).csv(file);
    } catch (Exception e) {
      if (e instanceof org.apache.spark.sql.AnalysisException) {
        throw Errors.badInput(file, "", "file not found or unreadable (" + e.getMessage() + ")");
      }
      throw e;
    }
    if (!columns.equals(spec.columns())) {
      throw Errors.badInput(file, "header", "expected columns " + spec.columns() + ", got " + columns);
    }
    try {
      // one pass: per required column, the rows without a value
      List<StructField> required =
          java.util.Arrays.stream(spec.schema().fields()).filter(f -> !f.nullable()).toList();
      Column[] nulls = required.stream()
          .map(f -> sum(org.apache.spark.sql.functions.when(col(f.name()).isNull(), 1).otherwise(0)).as(f.name()))
          .toArray(Column[]::new);
      Row counts = df.agg(nulls[0], java.util.Arrays.copyOfRange(nulls, 1, nulls.length)).first();
      for (StructField f : required) {
        Long n = counts.getAs(f.name());
        if (n != null && n > 0) {
          throw Errors.badInput(file, "column " + f.name(), n + " rows have no value (or a value not of type "
              + f.dataType().simpleString() + ")");
        }
      }
      spec.checkKey(df);
    } catch (org.mssp.common.error.PipelineException e) {
      throw e;
    } catch (Exception e) {
      // Spark's FAILFAST parse errors (a SparkException, checked in Java's eyes) end here
      String first = e.getMessage() == null ? e.toString() : e.getMessage().lines().findFirst().orElse("");
      throw Errors.badInput(file, "a malformed row (" + first + ")", e);
    }
    return df;
  }
}
