package org.mssp.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

class LocalS3Test {
  @Test
  void deltaTableRoundTripsThroughS3aOnLocalS3Server() {
    SparkSession spark = SharedSpark.session();
    LocalS3 s3 = LocalS3.get();
    s3.configure(spark);
    String bucket = s3.createBucket("roundtrip");
    String path = "s3a://" + bucket + "/t1";

    spark.createDataset(List.of("a", "b", "c"), Encoders.STRING()).toDF("v")
        .write().format("delta").mode("overwrite").save(path);
    Dataset<Row> back = spark.read().format("delta").load(path);

    assertThat(back.count()).isEqualTo(3);
    DataFrameAssert.assertSameRows(
        spark.createDataset(List.of("c", "b", "a"), Encoders.STRING()).toDF("v"), back);
  }
}
