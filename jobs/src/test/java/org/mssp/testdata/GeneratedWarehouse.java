package org.mssp.testdata;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;
import org.mssp.generate.GenerateConfig;
import org.mssp.generate.GenerateJob;
import org.mssp.generate.GenerateRules;
import org.mssp.generate.MessRates;
import org.mssp.ingest.IngestConfig;
import org.mssp.ingest.IngestJob;
import org.mssp.ingest.IngestResult;
import org.mssp.testsupport.SharedSpark;
import org.mssp.testsupport.TempFolders;

/**
 * One small generated dataset (150 beneficiaries, 2 ACOs, 2017–2018, default mess, CMS-HCC
 * conditions scored with ../shared/reference/cms-hcc) and its
 * ingested warehouse, built once per Maven test run (see {@link #get}) and shared by the integration tests of the stages
 * after ingest, so the suite generates and ingests only once. Two years keep the suite inside
 * its CI budget; a test that needs benchmark years in the data builds its own dataset. Tests
 * must not write into
 * {@link #warehouse()} except through stage jobs whose slices they own.
 */
public final class GeneratedWarehouse {
  public static final long BENEFICIARIES = 150;
  public static final int ACOS = 2;
  public static final int FIRST_YEAR = 2017;
  public static final int LAST_YEAR = 2018;
  public static final long SEED = 11;

  /** System property naming a folder that the test JVMs of one build share. */
  public static final String SHARED_DIR_PROPERTY = "mssp.test.shared.dir";

  private static GeneratedWarehouse instance;

  private final Path dataset;
  private final Path warehouse;
  private final IngestResult ingest;

  private GeneratedWarehouse(Path dataset, Path warehouse, IngestResult ingest) {
    this.dataset = dataset;
    this.warehouse = warehouse;
    this.ingest = ingest;
  }

  /**
   * The shared dataset and warehouse, generated and ingested on first use. Under Maven the test
   * JVMs (surefire forks) of one invocation share the build through the folder named by system
   * property {@value #SHARED_DIR_PROPERTY}: the first JVM to take its lock builds it, the others
   * wait and reuse it. Each JVM then works on its own copy of the warehouse, since stage tests
   * write their slices into it; the generated dataset is only read and is not copied.
   */
  public static synchronized GeneratedWarehouse get() {
    if (instance == null) {
      try {
        Path root = TempFolders.forThisJvm("mssp-generated");
        String shared = System.getProperty(SHARED_DIR_PROPERTY);
        if (shared == null || shared.isBlank()) {
          instance = build(root);
        } else {
          GeneratedWarehouse built = buildOnce(Path.of(shared).resolve("generated-warehouse"));
          Path warehouse = root.resolve("wh");
          copyTree(built.warehouse, warehouse);
          instance = new GeneratedWarehouse(built.dataset, warehouse, built.ingest);
        }
      } catch (IOException e) {
        throw new IllegalStateException("cannot create the generated warehouse", e);
      }
    }
    return instance;
  }

  private static GeneratedWarehouse build(Path root) {
    Path dataset = root.resolve("ds");
    Path warehouse = root.resolve("wh");
    SparkSession spark = SharedSpark.session();
    GenerateJob.run(
        new GenerateConfig(BENEFICIARIES, ACOS, FIRST_YEAR, LAST_YEAR, SEED, dataset.toString(), false,
            false, SharedSpark.sharedDir().resolve("data/mssp-county-ffs-2018.csv").toString(), "A9999",
            MessRates.defaults(GenerateRules.load()),
            SharedSpark.sharedDir().resolve("reference/cms-hcc").toString()),
        spark);
    IngestResult ingest = IngestJob.run(new IngestConfig(dataset.toString(), warehouse.toString(), "it"), spark);
    return new GeneratedWarehouse(dataset, warehouse, ingest);
  }

  /**
   * Builds into {@code dir} unless another JVM has (marker file {@code ingest.json}, written
   * last), holding an exclusive lock on {@code dir.lock} meanwhile; a partial build left by a
   * JVM that died is deleted and redone.
   */
  private static GeneratedWarehouse buildOnce(Path dir) throws IOException {
    Files.createDirectories(dir.getParent());
    Path done = dir.resolve("ingest.json");
    ObjectMapper json = new ObjectMapper();
    try (FileChannel lock = FileChannel.open(dir.resolveSibling(dir.getFileName() + ".lock"),
        StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock held = lock.lock()) {
      if (!Files.exists(done)) {
        TempFolders.deleteQuietly(dir);
        deleteEarlierRuns(dir.getParent());
        GeneratedWarehouse built = build(dir);
        json.writeValue(done.toFile(), built.ingest);
        return built;
      }
      return new GeneratedWarehouse(dir.resolve("ds"), dir.resolve("wh"), json.readValue(done.toFile(), IngestResult.class));
    }
  }

  /** Folders of earlier Maven runs beside {@code current}, more than an hour old. */
  private static void deleteEarlierRuns(Path current) throws IOException {
    java.time.Instant hourAgo = java.time.Instant.now().minusSeconds(3600);
    try (Stream<Path> runs = Files.list(current.getParent())) {
      for (Path run : (Iterable<Path>) runs::iterator) {
        if (!run.equals(current) && Files.getLastModifiedTime(run).toInstant().isBefore(hourAgo)) {
          TempFolders.deleteQuietly(run);
        }
      }
    }
  }

  /** Copies a folder tree (a warehouse, a dataset) file by file. */
  public static void copyTree(Path from, Path to) throws IOException {
    try (Stream<Path> paths = Files.walk(from)) {
      for (Path p : (Iterable<Path>) paths::iterator) {
        Path target = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else {
          Files.copy(p, target);
        }
      }
    }
  }

  public Path dataset() {
    return dataset;
  }

  public Path warehouse() {
    return warehouse;
  }

  /** The result of the one ingest run that built the warehouse. */
  public IngestResult ingest() {
    return ingest;
  }
}
