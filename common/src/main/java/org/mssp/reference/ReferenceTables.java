package org.mssp.reference;

import java.util.List;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.mssp.common.schema.TableSpec;

/**
 * The reference inputs (docs/input-formats.md, "Reference files"): each CSV in a dataset's
 * {@code reference/} folder becomes a {@code ref_*} Delta table with the same columns, typed, plus
 * the source line number. A reference table is replaced whole by each load.
 */
public final class ReferenceTables {
  private ReferenceTables() {}

  public static final String SOURCE_LINE = "source_line";
  public static final DataType SCORE = DataTypes.createDecimalType(8, 3);

  /** One reference file: its name in {@code reference/}, table and required columns. */
  public record ReferenceFile(String fileName, TableSpec table, List<String> requiredColumns) {}

  private static StructType withLine(StructType schema) {
    return schema.add(SOURCE_LINE, DataTypes.LongType, false);
  }

  public static final TableSpec ACO_PARTICIPANTS =
      new TableSpec(
          "ref_aco_participants",
          "one row per ACO × participant TIN × CCN × start date",
          withLine(new StructType()
              .add("aco_id", DataTypes.StringType, false)
              .add("participant_tin", DataTypes.StringType, false)
              .add("ccn", DataTypes.StringType, true)
              .add("start_date", DataTypes.DateType, false)
              .add("end_date", DataTypes.DateType, true)),
          List.of("aco_id", "participant_tin", "ccn", "start_date"),
          List.of());

  public static final TableSpec PROVIDER_ROSTER =
      new TableSpec(
          "ref_provider_roster",
          "one row per NPI × billing TIN",
          withLine(new StructType()
              .add("npi", DataTypes.StringType, false)
              .add("billing_tin", DataTypes.StringType, false)
              .add("specialty_code", DataTypes.StringType, false)),
          List.of("npi", "billing_tin"),
          List.of());

  public static final TableSpec VOLUNTARY_ALIGNMENT =
      new TableSpec(
          "ref_voluntary_alignment",
          "one row per beneficiary × signature date × designated NPI",
          withLine(new StructType()
              .add("bene_mbi_id", DataTypes.StringType, false)
              .add("designated_npi", DataTypes.StringType, false)
              .add("designated_tin", DataTypes.StringType, false)
              .add("signature_date", DataTypes.DateType, false)),
          List.of("bene_mbi_id", "signature_date", "designated_npi"),
          List.of());

  public static final TableSpec ACO_AGREEMENTS =
      new TableSpec(
          "ref_aco_agreements",
          "one row per ACO × performance year",
          withLine(new StructType()
              .add("aco_id", DataTypes.StringType, false)
              .add("performance_year", DataTypes.IntegerType, false)
              .add("track", DataTypes.StringType, false)
              .add("agreement_start_date", DataTypes.DateType, false)
              .add("agreement_period_number", DataTypes.IntegerType, false)
              .add("assignment_method", DataTypes.StringType, false)
              .add("msr_election", DataTypes.StringType, false)),
          List.of("aco_id", "performance_year"),
          List.of());

  public static final TableSpec PROSPECTIVE_RISK_SCORES =
      new TableSpec(
          "ref_prospective_risk_scores",
          "one row per beneficiary × year × enrollment type",
          withLine(new StructType()
              .add("bene_mbi_id", DataTypes.StringType, false)
              .add("year", DataTypes.IntegerType, false)
              .add("enrollment_type", DataTypes.StringType, false)
              .add("hcc_risk_score", SCORE, false)
              .add("demographic_risk_score", SCORE, true)),
          List.of("bene_mbi_id", "year", "enrollment_type"),
          List.of());

  /** The reference files a dataset may hold, with their tables. */
  public static final List<ReferenceFile> FILES =
      List.of(
          file("aco_participants.csv", ACO_PARTICIPANTS),
          file("provider_roster.csv", PROVIDER_ROSTER),
          file("voluntary_alignment.csv", VOLUNTARY_ALIGNMENT),
          file("aco_agreements.csv", ACO_AGREEMENTS),
          file("prospective_risk_scores.csv", PROSPECTIVE_RISK_SCORES));

  private static ReferenceFile file(String name, TableSpec table) {
    List<String> required =
        java.util.Arrays.stream(table.schema().fields())
            .filter(f -> !f.name().equals(SOURCE_LINE) && !f.nullable())
            .map(f -> f.name())
            .toList();
    return new ReferenceFile(name, table, required);
  }

  /** Allowed values of enumerated columns, checked on load. */
  public static final List<String> ASSIGNMENT_METHODS = List.of("PROSPECTIVE", "RETROSPECTIVE");
  public static final List<String> ENROLLMENT_TYPES =
      List.of("ESRD", "DISABLED", "AGED_DUAL", "AGED_NON_DUAL");
}
