package org.mssp.pipeline;

import java.util.List;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.mssp.common.schema.TableSpec;

/**
 * The contract of {@code run_manifest}, the record {@code aco run} keeps of every run: what it
 * was given (parameters, rule-set versions, input files with checksums), what each stage did
 * (ran, skipped as unchanged, or failed; its fingerprint and the Delta versions it left its
 * tables at) and how the run ended. A later run reads it to skip stages whose fingerprint is
 * unchanged.
 */
public final class RunTables {
  private RunTables() {}

  public static final String RUN_ID = "run_id";
  public static final String PERFORMANCE_YEAR = "performance_year";
  public static final String STARTED_AT = "started_at";
  public static final String FINISHED_AT = "finished_at";
  public static final String PARAMETERS = "parameters";
  public static final String RULE_SET_VERSIONS = "rule_set_versions";
  public static final String INPUT_FILES = "input_files";
  public static final String STAGES = "stages";
  public static final String TABLE_ROWS = "table_rows";
  public static final String OUTCOME = "outcome";
  public static final String ERROR_MESSAGE = "error_message";

  /** Fields of an {@link #INPUT_FILES} element. */
  public static final String PATH = "path";
  public static final String SIZE = "size";
  public static final String CHECKSUM = "checksum";

  /** Fields of a {@link #STAGES} element. */
  public static final String STAGE = "stage";
  public static final String STATUS = "status";
  public static final String FINGERPRINT = "fingerprint";
  public static final String SECONDS = "seconds";
  public static final String SUMMARY = "summary";
  public static final String TABLE_VERSIONS = "table_versions";

  /** {@link #STATUS} values. */
  public static final String RAN = "ran";
  public static final String SKIPPED = "skipped";
  public static final String FAILED = "failed";

  /** {@link #OUTCOME} values. */
  public static final String OUTCOME_SUCCEEDED = "SUCCEEDED";
  public static final String OUTCOME_FAILED = "FAILED";

  /**
   * One input file: its path (relative to the run's {@code --input}, or the path as given for a
   * file outside it), its size in bytes and {@code crc32c:<8 hex>} of its bytes.
   */
  public static final StructType INPUT_FILE =
      new StructType(
          new StructField[] {
            field(PATH, DataTypes.StringType, false),
            field(SIZE, DataTypes.LongType, false),
            field(CHECKSUM, DataTypes.StringType, false)
          });

  /**
   * One stage of a run, in stage order; stages after a failed one are absent. {@code
   * table_versions} holds the Delta version each table the stage wrote was at when the run ended
   * (for a skipped stage, those of the run it matched): a later run skips the stage only if they
   * are still the tables' versions.
   */
  public static final StructType STAGE_RESULT =
      new StructType(
          new StructField[] {
            field(STAGE, DataTypes.StringType, false),
            field(STATUS, DataTypes.StringType, false),
            field(FINGERPRINT, DataTypes.StringType, false),
            field(SECONDS, DataTypes.createDecimalType(12, 3), false),
            field(SUMMARY, DataTypes.StringType, true),
            field(TABLE_VERSIONS, DataTypes.createMapType(DataTypes.StringType, DataTypes.LongType, false), false)
          });

  /** Grain: one row per run of {@code aco run}. Key: run_id. */
  public static final TableSpec RUN_MANIFEST =
      new TableSpec(
          "run_manifest",
          "one row per run of aco run",
          new StructType(
              new StructField[] {
                field(RUN_ID, DataTypes.StringType, false),
                field(PERFORMANCE_YEAR, DataTypes.IntegerType, false),
                field(STARTED_AT, DataTypes.TimestampType, false),
                field(FINISHED_AT, DataTypes.TimestampType, false),
                field(PARAMETERS, DataTypes.createMapType(DataTypes.StringType, DataTypes.StringType, true), false),
                field(RULE_SET_VERSIONS,
                    DataTypes.createMapType(DataTypes.StringType, DataTypes.StringType, false), false),
                field(INPUT_FILES, DataTypes.createArrayType(INPUT_FILE, false), false),
                field(STAGES, DataTypes.createArrayType(STAGE_RESULT, false), false),
                field(TABLE_ROWS, DataTypes.createMapType(DataTypes.StringType, DataTypes.LongType, false), false),
                field(OUTCOME, DataTypes.StringType, false),
                field(ERROR_MESSAGE, DataTypes.StringType, true)
              }),
          List.of(RUN_ID),
          List.of());

  private static StructField field(String name, DataType type, boolean nullable) {
    return DataTypes.createStructField(name, type, nullable);
  }
}
