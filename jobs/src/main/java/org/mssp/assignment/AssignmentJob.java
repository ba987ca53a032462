package org.mssp.assignment;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.year;

import java.util.ArrayList;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.mssp.assignment.rules.AssignmentRules;
import org.mssp.common.error.Errors;
import org.mssp.common.schema.TableSpec;
import org.mssp.common.spark.DeltaTables;
import org.mssp.ingest.IngestTables;
import org.mssp.reference.ReferenceTables;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code aco assign}: reads the final claim, enrollment and reference tables, assigns the
 * performance year and every ACO's benchmark years, and replaces the performance year's slice of
 * the five assignment tables (docs/assignment.md).
 */
public final class AssignmentJob {
  private static final Logger LOG = LoggerFactory.getLogger(AssignmentJob.class);

  private AssignmentJob() {}

  /**
   * The job's configuration.
   *
   * @param warehouse warehouse root (local path or s3a://)
   * @param performanceYear the performance year; required, never defaulted
   */
  public record Config(String warehouse, int performanceYear) {
    public Config {
      if (warehouse == null || warehouse.isBlank()) {
        throw Errors.badArgument("--warehouse", warehouse, "a folder or s3a:// path");
      }
      if (performanceYear < 2012 || performanceYear > 2100) {
        throw Errors.badArgument("--performance-year", performanceYear, "a year from 2012 (the first MSSP year)");
      }
    }
  }

  /** Rows written per table. */
  public record Counts(long assigned, long attributed, long acos, long assignable, long contacts) {}

  public static Counts run(Config config, SparkSession spark) {
    int py = config.performanceYear();
    String action = "assign beneficiaries for performance year " + py;
    AssignmentRules rules = AssignmentRules.forYear(py);
    Dataset<Row> agreements =
        require(spark, config, action, ReferenceTables.ACO_AGREEMENTS)
            .filter(col("performance_year").equalTo(py));
    List<Row> startYears =
        agreements.select(year(col("agreement_start_date")).as("start_year")).distinct().collectAsList();
    if (startYears.isEmpty()) {
      throw Errors.cannot(action, "table ref_aco_agreements has no rows for performance year " + py);
    }
    SortedSet<Integer> years = new TreeSet<>(List.of(py));
    for (Row r : startYears) {
      int start = r.getInt(0);
      // Benchmark years: the three calendar years before the agreement starts (§3.1).
      for (int by = start - 3; by < start; by++) {
        years.add(by);
      }
    }
    LOG.info("assigning PY{} with rules {}: assignment years {}", py, rules.version(), years);

    Dataset<Row> participants = require(spark, config, action, ReferenceTables.ACO_PARTICIPANTS);
    Dataset<Row> roster =
        optional(spark, config, ReferenceTables.PROVIDER_ROSTER)
            .orElse(spark.createDataFrame(List.of(), ReferenceTables.PROVIDER_ROSTER.schema()));
    Dataset<Row> alignments =
        optional(spark, config, ReferenceTables.VOLUNTARY_ALIGNMENT)
            .map(a -> currentMbi(spark, config, a))
            .orElse(spark.createDataFrame(List.of(), ReferenceTables.VOLUNTARY_ALIGNMENT.schema()))
            .select(col("bene_mbi_id").as("bene_id"), col("designated_npi"), col("designated_tin"), col("signature_date"));

    Dataset<Row> serviceLines =
        AssignmentInputs.professionalLines(require(spark, config, action, IngestTables.PART_B_PHYSICIAN_LINE))
            .unionByName(AssignmentInputs.institutionalLines(
                require(spark, config, action, IngestTables.PART_A_CLAIM_HEADER),
                require(spark, config, action, IngestTables.PART_A_CLAIM_REVENUE_LINE),
                roster,
                participants.filter(col("ccn").isNotNull()).select("ccn")));
    Dataset<Row> eligibility =
        AssignmentInputs.eligibilityMonths(require(spark, config, action, IngestTables.BENEFICIARY_MONTH));

    AssignmentStage.Inputs inputs =
        new AssignmentStage.Inputs(
            serviceLines, eligibility, participants, alignments,
            agreements.select("aco_id", "assignment_method"));
    String slice = "performance_year = " + py;
    try (AssignmentStage.Result result =
        AssignmentStage.assign(inputs, AssignmentWindow.forYears(years, rules), rules)) {
      List<long[]> counts = new ArrayList<>();
      write(result.assignment(), AssignmentTables.BENEFICIARY_ASSIGNMENT, config, slice, counts);
      write(result.attribution(), AssignmentTables.PROVIDER_ATTRIBUTION, config, slice, counts);
      write(result.summary(), AssignmentTables.ASSIGNMENT_SUMMARY, config, slice, counts);
      write(result.assignable(), AssignmentTables.ASSIGNABLE_POPULATION, config, slice, counts);
      write(result.contacts(), AssignmentTables.PRIMARY_CARE_CONTACT, config, slice, counts);
      Counts c = new Counts(counts.get(0)[0], counts.get(1)[0], counts.get(2)[0], counts.get(3)[0], counts.get(4)[0]);
      LOG.info(
          "PY{}: {} beneficiary-years assigned, {} attributed, {} ACO-year summaries, {} assignable beneficiary-years,"
              + " {} primary care contacts (beneficiary × year × ACO)",
          py, c.assigned(), c.attributed(), c.acos(), c.assignable(), c.contacts());
      return c;
    }
  }

  private static void write(
      Dataset<Row> df, TableSpec spec, Config config, String slice, List<long[]> counts) {
    DeltaTables.replaceSlice(df, spec, config.warehouse(), slice);
    long rows =
        DeltaTables.read(df.sparkSession(), config.warehouse(), spec).filter(slice).count();
    counts.add(new long[] {rows});
  }

  /** Maps a reference table's MBIs to the current MBI through the CCLF9 crosswalk, if loaded. */
  private static Dataset<Row> currentMbi(SparkSession spark, Config config, Dataset<Row> df) {
    return optional(spark, config, IngestTables.BENEFICIARY_MBI_XREF)
        .map(x -> df.join(x.select(col("previous_mbi"), col("current_mbi")),
                df.col("bene_mbi_id").equalTo(col("previous_mbi")), "left")
            .withColumn("bene_mbi_id", org.apache.spark.sql.functions.coalesce(col("current_mbi"), col("bene_mbi_id")))
            .drop("previous_mbi", "current_mbi"))
        .orElse(df);
  }

  static Dataset<Row> require(SparkSession spark, Config config, String action, TableSpec spec) {
    return optional(spark, config, spec)
        .orElseThrow(() -> Errors.cannot(action,
            "table " + spec.name() + " is not in warehouse " + config.warehouse() + " (run aco ingest first)"));
  }

  static java.util.Optional<Dataset<Row>> optional(SparkSession spark, Config config, TableSpec spec) {
    String path = DeltaTables.path(config.warehouse(), spec);
    return DeltaTables.exists(spark, path)
        ? java.util.Optional.of(spark.read().format("delta").load(path))
        : java.util.Optional.empty();
  }
}
