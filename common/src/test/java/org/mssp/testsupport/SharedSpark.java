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
 *
 * <p>Expressions are evaluated without generated code (whole-stage code generation off, the
 * interpreted expression factories): on fixtures of a few rows, compiling the generated Java
 * of every query was about half the CPU of the whole-pipeline tests (JFR profile of
 * GoldenScenarioTest: 172 s with code generation, 126 s without). The results are the same by
 * Spark's contract; {@link #codegenSession()} keeps generated code under test where a test asks
 * for it, and {@code scripts/aco demo}, {@code scripts/cluster-test} and {@code scripts/bench} run
 * the product's default, generated code.
 */
public final class SharedSpark {
  private static SparkSession session;

  private SharedSpark() {}

  public static synchronized SparkSession session() {
    if (session == null) {
      Path warehouse = TempFolders.forThisJvm("mssp-test-warehouse");
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
                  "spark.databricks.delta.stalenessLimit", "0",
                  "spark.sql.codegen.wholeStage", "false",
                  "spark.sql.codegen.factoryMode", "NO_CODEGEN")));
      session = builder.getOrCreate();
      session.sparkContext().setLogLevel("WARN");
    }
    return session;
  }

  /**
   * A session on the same Spark context with Spark's default code generation (whole-stage code and
   * generated expression code), for tests that check generated-code execution against an
   * independent result.
   */
  public static synchronized SparkSession codegenSession() {
    SparkSession s = session().newSession();
    s.conf().set("spark.sql.codegen.wholeStage", "true");
    s.conf().set("spark.sql.codegen.factoryMode", "FALLBACK");
    return s;
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
