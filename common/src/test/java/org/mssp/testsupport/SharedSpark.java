package org.mssp.testsupport;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.spark.sql.SparkSession;
import org.mssp.common.spark.SparkSessions;

/**
 * One local SparkSession per test JVM (surefire runs one fork, reused), with test-sized settings:
 * two cores, two shuffle partitions, UI off, warehouse in a temporary folder. The first call
 * costs a few seconds; later calls return the same session.
 */
public final class SharedSpark {
  private static SparkSession session;

  private SharedSpark() {}

  public static synchronized SparkSession session() {
    if (session == null) {
      Path warehouse;
      try {
        warehouse = Files.createTempDirectory("mssp-test-warehouse");
      } catch (java.io.IOException e) {
        throw new IllegalStateException("cannot create a temporary warehouse folder", e);
      }
      SparkSession.Builder builder = SparkSession.builder().appName("mssp-tests").master("local[2]");
      SparkSessions.configure(
          builder,
          new SparkSessions.Options(
              "local[2]",
              "mssp-tests",
              2,
              null,
              Map.of(
                  "spark.ui.enabled", "false",
                  "spark.databricks.delta.snapshotPartitions", "2",
                  "spark.sql.warehouse.dir", warehouse.toString(),
                  "spark.default.parallelism", "2",
                  "spark.sql.adaptive.enabled", "true",
                  "spark.databricks.delta.stalenessLimit", "0")));
      session = builder.getOrCreate();
      session.sparkContext().setLogLevel("WARN");
    }
    return session;
  }

  /** Where the project's shared folder is ({@code ../shared} from the project root). */
  public static Path sharedDir() {
    String configured = System.getProperty("mssp.shared.dir");
    Path dir = configured != null ? Path.of(configured) : Path.of("..", "shared");
    if (!Files.isDirectory(dir)) {
      dir = Path.of("..", "..", "shared");
    }
    return dir.toAbsolutePath().normalize();
  }
}
