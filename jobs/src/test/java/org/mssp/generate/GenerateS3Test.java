package org.mssp.generate;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.mssp.common.cclf.CclfFileName;
import org.mssp.testsupport.LocalS3;
import org.mssp.testsupport.SharedSpark;

/** The generator writes to s3a:// (a local S3 server) the same layout as to a local folder. */
class GenerateS3Test {
  @Test
  void generatesASmallDatasetToS3a() throws Exception {
    SparkSession spark = SharedSpark.session();
    LocalS3 s3 = LocalS3.get();
    s3.configure(spark);
    String bucket = s3.createBucket("generate-test");
    String out = "s3a://" + bucket + "/dataset";
    GenerateJob.run(GenerateJobTest.config(60, 5, out, true, 0.01, 2018), spark);

    FileSystem fs = new Path(out).getFileSystem(spark.sparkContext().hadoopConfiguration());
    assertThat(fs.exists(new Path(out, GenerateJob.MANIFEST))).isTrue();
    Path staging = new Path(out, GenerateJob.STAGING);
    // no file left in the staging folder (the local S3 server may go on listing emptied folders)
    assertThat(OutputFiles.filesUnder(fs, staging)).describedAs("left under %s: %s", staging, describe(fs, staging))
        .isZero();
    List<String> cclf = new ArrayList<>();
    RemoteIterator<LocatedFileStatus> it = fs.listFiles(new Path(out, "cclf"), true);
    while (it.hasNext()) {
      cclf.add(it.next().getPath().getName());
    }
    // 1 year x 13 deliveries x (7 files + CCLF0), each a gzipped file with its CMS name
    assertThat(cclf).hasSize(13 * 8).allMatch(n -> n.endsWith(".gz") && CclfFileName.matches(n));
    assertThat(fs.exists(new Path(out, "enrollment/mbsf_2018.csv"))).isTrue();
    assertThat(fs.exists(new Path(out, "reference/aco_participants.csv"))).isTrue();
    assertThat(fs.exists(new Path(out, "truth/constructed_assignment.csv"))).isTrue();
  }

  private static String describe(FileSystem fs, Path p) {
    try {
      List<String> found = new ArrayList<>();
      for (org.apache.hadoop.fs.FileStatus s : fs.listStatus(p)) {
        found.add(s.getPath().getName() + (s.isDirectory() ? "/" : " " + s.getLen()));
      }
      return found.toString();
    } catch (java.io.IOException e) {
      return e.toString();
    }
  }
}
