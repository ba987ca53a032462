package org.mssp.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mssp.ingest.CclfFixtures.partA;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mssp.common.cclf.CclfFile;
import org.mssp.common.spark.DeltaTables;
import org.mssp.testsupport.LocalS3;
import org.mssp.testsupport.SharedSpark;

/** s3a:// input and warehouse, against s3proxy on 127.0.0.1 started by the test. */
class IngestS3aTest {
  private final SparkSession spark = SharedSpark.session();
  @TempDir Path tmp;

  @Test
  void ingestsAZippedAndAGzippedDeliveryFromS3aIntoAnS3aWarehouse() throws Exception {
    LocalS3 s3 = LocalS3.get();
    s3.configure(spark);
    String bucket = s3.createBucket("ingest");
    Path local = tmp.resolve("in");
    Map<CclfFile, List<String>> feb = new LinkedHashMap<>();
    feb.put(CclfFile.CCLF1, List.of(
        partA("0000000000001", "1AA0AA0AA00", "330001", "2018-01-01", "2018-01-02", "0", "2018-01-10", "10.00"),
        partA("0000000000002", "1AA0AA0AA00", "330001", "2018-01-03", "2018-01-04", "0", "2018-01-10", "20.00")));
    CclfFixtures.delivery(local, "MONTHLY", 2018, LocalDate.of(2018, 2, 15), CclfFixtures.Form.ZIP, feb, Map.of(), true);
    Map<CclfFile, List<String>> mar = new LinkedHashMap<>();
    mar.put(CclfFile.CCLF1, List.of(
        partA("0000000000003", "1AA0AA0AA00", "330001", "2018-01-03", "2018-01-04", "1", "2018-02-10", "20.00")));
    CclfFixtures.delivery(local, "MONTHLY", 2018, LocalDate.of(2018, 3, 15), CclfFixtures.Form.GZIP, mar, Map.of(), true);
    org.apache.hadoop.fs.Path target = new org.apache.hadoop.fs.Path("s3a://" + bucket + "/in");
    FileSystem fs = target.getFileSystem(spark.sparkContext().hadoopConfiguration());
    fs.copyFromLocalFile(false, true, new org.apache.hadoop.fs.Path(local.toUri()), target);

    String warehouse = "s3a://" + bucket + "/wh";
    IngestResult result = IngestJob.run(new IngestConfig("s3a://" + bucket + "/in", warehouse, "s3run"), spark);

    assertThat(result.linesRead()).isEqualTo(3);
    assertThat(result.files()).allMatch(IngestResult.FileMetrics::reconciled);
    assertThat(DeltaTables.read(spark, warehouse, IngestTables.stg(CclfFile.CCLF1)).count()).isEqualTo(3);
    assertThat(DeltaTables.read(spark, warehouse, IngestTables.PART_A_CLAIM_HEADER)
            .select(IngestColumns.CUR_CLM_UNIQ_ID).as(org.apache.spark.sql.Encoders.STRING()).collectAsList())
        .containsExactly("0000000000001");
    assertThat(fs.exists(new org.apache.hadoop.fs.Path(warehouse + "/_staging/s3run"))).isFalse();
  }
}
