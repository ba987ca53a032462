package org.mssp.generate;

import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.mssp.testsupport.SharedSpark;

class GenerateSmokeTest {
  @Test
  void smoke() throws Exception {
    SparkSession spark = SharedSpark.session();
    Path out = Files.createTempDirectory("gen-smoke");
    GenerateRules rules = GenerateRules.load();
    GenerateConfig config = new GenerateConfig(1000, 3, 2017, 2018, 42, out.resolve("ds").toString(), false, false,
        SharedSpark.sharedDir().resolve("data/mssp-county-ffs-2018.csv").toString(), "A9999", MessRates.defaults(rules));
    long t = System.nanoTime();
    var m = GenerateJob.run(config, spark);
    System.err.println("SMOKE " + (System.nanoTime() - t) / 1e9 + " s -> " + out);
    System.err.println(new com.fasterxml.jackson.databind.ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(m).substring(0, 3000));
  }
}
