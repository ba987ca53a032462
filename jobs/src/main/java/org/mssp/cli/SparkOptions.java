package org.mssp.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.sql.SparkSession;
import org.mssp.common.spark.S3Options;
import org.mssp.common.spark.SparkSessions;
import picocli.CommandLine.Option;

/** Options every Spark subcommand shares: where Spark runs and how s3a:// paths are reached. */
public final class SparkOptions {
  @Option(
      names = "--master",
      // Under spark-submit the master it was given (system property spark.master) is the default,
      // so `scripts/submit` does not need to repeat it; otherwise an embedded local Spark.
      defaultValue = "${sys:spark.master:-local[*]}",
      description = "Spark master URL (default: spark-submit's --master, else local[*], an embedded local Spark).")
  String master;

  @Option(
      names = "--shuffle-partitions",
      description = "spark.sql.shuffle.partitions (default: 2 x cores for local masters, else Spark's).")
  Integer shufflePartitions;

  @Option(
      names = "--s3-endpoint",
      description = "s3a endpoint, e.g. http://127.0.0.1:9000 (env ACO_S3_ENDPOINT).")
  String s3Endpoint;

  @Option(names = "--s3-access-key", description = "s3a access key (env AWS_ACCESS_KEY_ID).")
  String s3AccessKey;

  @Option(
      names = "--s3-secret-key",
      description = "s3a secret key (env AWS_SECRET_ACCESS_KEY).")
  String s3SecretKey;

  @Option(
      names = "--s3-path-style",
      arity = "0..1",
      description = "Path-style s3a addressing, for local S3 servers (env ACO_S3_PATH_STYLE).")
  Boolean s3PathStyle;

  @Option(
      names = "--conf",
      description = "Extra Spark setting key=value; repeatable.")
  Map<String, String> conf = new LinkedHashMap<>();

  /** Builds the session for a subcommand. */
  public SparkSession session(String appName) {
    S3Options s3 =
        new S3Options(s3Endpoint, s3AccessKey, s3SecretKey, s3PathStyle, null)
            .withEnvironmentDefaults(System.getenv());
    Integer partitions = shufflePartitions;
    if (partitions == null && master.startsWith("local")) {
      partitions = Math.max(2, 2 * Runtime.getRuntime().availableProcessors());
    }
    Map<String, String> extra = new LinkedHashMap<>();
    if (master.startsWith("local")) {
      extra.put("spark.ui.enabled", "false");
    }
    extra.putAll(conf);
    SparkSession spark =
        SparkSessions.create(new SparkSessions.Options(master, appName, partitions, s3, extra));
    spark.sparkContext().setLogLevel("WARN");
    return spark;
  }
}
