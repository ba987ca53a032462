package org.mssp.testdata;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
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

/**
 * One small generated dataset (150 beneficiaries, 2 ACOs, 2017–2018, default mess, CMS-HCC
 * conditions scored with ../shared/reference/cms-hcc) and its
 * ingested warehouse, built once per test JVM and shared by the integration tests of the stages
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

  private static GeneratedWarehouse instance;

  private final Path dataset;
  private final Path warehouse;
  private final IngestResult ingest;

  private GeneratedWarehouse(Path dataset, Path warehouse, IngestResult ingest) {
    this.dataset = dataset;
    this.warehouse = warehouse;
    this.ingest = ingest;
  }

  /** The shared dataset and warehouse, generated and ingested on first use. */
  public static synchronized GeneratedWarehouse get() {
    if (instance == null) {
      try {
        Path root = Files.createTempDirectory("mssp-generated");
        Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteQuietly(root)));
        Path dataset = root.resolve("ds");
        Path warehouse = root.resolve("wh");
        SparkSession spark = SharedSpark.session();
        GenerateJob.run(
            new GenerateConfig(BENEFICIARIES, ACOS, FIRST_YEAR, LAST_YEAR, SEED, dataset.toString(), false,
                false, SharedSpark.sharedDir().resolve("data/mssp-county-ffs-2018.csv").toString(), "A9999",
                MessRates.defaults(GenerateRules.load()),
                SharedSpark.sharedDir().resolve("reference/cms-hcc").toString()),
            spark);
        IngestResult ingest =
            IngestJob.run(new IngestConfig(dataset.toString(), warehouse.toString(), "it"), spark);
        instance = new GeneratedWarehouse(dataset, warehouse, ingest);
      } catch (IOException e) {
        throw new IllegalStateException("cannot create the generated warehouse", e);
      }
    }
    return instance;
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

  private static void deleteQuietly(Path root) {
    try (Stream<Path> paths = Files.walk(root)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // temporary folder; the OS cleans it eventually
    }
  }
}
