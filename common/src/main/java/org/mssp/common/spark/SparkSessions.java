package org.mssp.common.spark;

import java.util.Map;
import org.apache.spark.sql.SparkSession;

/**
 * Builds the SparkSession every job runs on: Delta Lake configured, s3a settings applied, and
 * bound to loopback when running locally (this VM's hostname resolves to a loopback address, so
 * Spark would otherwise warn and may bind elsewhere).
 */
public final class SparkSessions {
  private SparkSessions() {}

  /**
   * Options for one session.
   *
   * @param master Spark master URL; {@code local[*]} runs embedded
   * @param appName application name shown in logs
   * @param shufflePartitions {@code spark.sql.shuffle.partitions}; null keeps Spark's default
   * @param s3 s3a settings
   * @param extra further Spark settings, applied last
   */
  public record Options(
      String master,
      String appName,
      Integer shufflePartitions,
      S3Options s3,
      Map<String, String> extra) {

    public Options {
      if (master == null || master.isBlank()) {
        throw new IllegalArgumentException("master is required");
      }
      appName = appName == null ? "mssp-aco" : appName;
      s3 = s3 == null ? S3Options.NONE : s3;
      extra = extra == null ? Map.of() : Map.copyOf(extra);
    }
  }

  /** Creates (or returns the active) session configured by {@code options}. */
  public static SparkSession create(Options options) {
    SparkSession.Builder builder =
        SparkSession.builder().appName(options.appName()).master(options.master());
    configure(builder, options);
    return builder.getOrCreate();
  }

  /** Applies the project's standard settings to a builder; used by tests too. */
  public static void configure(SparkSession.Builder builder, Options options) {
    builder
        .config("spark.sql.extensions", "io.delta.sql.DeltaSparkSessionExtension")
        .config(
            "spark.sql.catalog.spark_catalog", "org.apache.spark.sql.delta.catalog.DeltaCatalog")
        // Final tables are rewritten by year slice; schema changes must be deliberate.
        .config("spark.databricks.delta.schema.autoMerge.enabled", "false")
        .config("spark.sql.session.timeZone", "UTC")
        .config("spark.ui.showConsoleProgress", "false");
    if (options.master().startsWith("local")) {
      builder
          .config("spark.driver.host", "127.0.0.1")
          .config("spark.driver.bindAddress", "127.0.0.1");
    }
    if (options.shufflePartitions() != null) {
      builder.config("spark.sql.shuffle.partitions", options.shufflePartitions().toString());
      // Delta replays a table's log into this many partitions on first read (default 50). The
      // pipeline reads a dozen small-to-medium tables per stage; on a few cores 50 tasks each
      // cost about 3 s per table, as many as the shuffles take the work.
      builder.config("spark.databricks.delta.snapshotPartitions", options.shufflePartitions().toString());
    }
    for (Map.Entry<String, String> e : options.s3().hadoopSettings().entrySet()) {
      builder.config("spark.hadoop." + e.getKey(), e.getValue());
    }
    for (Map.Entry<String, String> e : options.extra().entrySet()) {
      builder.config(e.getKey(), e.getValue());
    }
  }
}
