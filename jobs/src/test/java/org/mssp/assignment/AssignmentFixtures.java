package org.mssp.assignment;

import java.math.BigDecimal;
import java.sql.Date;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.mssp.testsupport.SharedSpark;

/** Builders for tiny assignment fixtures, in the shapes {@link AssignmentStage} reads. */
final class AssignmentFixtures {
  final List<Row> lines = new ArrayList<>();
  final List<Row> months = new ArrayList<>();
  final List<Row> participants = new ArrayList<>();
  final List<Row> alignments = new ArrayList<>();
  final List<Row> methods = new ArrayList<>();
  private int claimSeq = 1;

  SparkSession spark() {
    return SharedSpark.session();
  }

  /** A professional (carrier) line. */
  AssignmentFixtures carrier(String bene, String date, String tin, String npi, String specialty,
      String hcpcs, String pos, String allowed) {
    lines.add(RowFactory.create(bene, "C" + (claimSeq++), "1", AssignmentTables.SOURCE_CARRIER,
        Date.valueOf(date), tin, null, npi, specialty, hcpcs, null, pos, new BigDecimal(allowed)));
    return this;
  }

  /** An institutional line (FQHC, RHC, CAH2, ETA) billed under a CCN. */
  AssignmentFixtures institutional(String bene, String source, String date, String ccn, String npi,
      String specialty, String hcpcs, String allowed) {
    lines.add(RowFactory.create(bene, "I" + (claimSeq++), "1", source, Date.valueOf(date), null, ccn,
        npi, specialty, hcpcs, null, null, new BigDecimal(allowed)));
    return this;
  }

  /** Months of Parts A and B, FFS, US resident, aged non-dual, in {@code year} from-to. */
  AssignmentFixtures eligible(String bene, int year, int fromMonth, int toMonth) {
    for (int m = fromMonth; m <= toMonth; m++) {
      month(bene, year, m, true, true, false);
    }
    return this;
  }

  AssignmentFixtures month(String bene, int year, int month, boolean partA, boolean partB, boolean ma) {
    months.add(RowFactory.create(bene, Date.valueOf(String.format("%d-%02d-01", year, month)),
        partA, partB, ma, true, false, "AGED_NON_DUAL", "50007"));
    return this;
  }

  AssignmentFixtures participant(String aco, String tin, String ccn) {
    participants.add(RowFactory.create(aco, tin, ccn, Date.valueOf("2012-01-01"), null));
    return this;
  }

  AssignmentFixtures designation(String bene, String npi, String tin, String signed) {
    alignments.add(RowFactory.create(bene, npi, tin, Date.valueOf(signed)));
    return this;
  }

  AssignmentFixtures method(String aco, String method) {
    methods.add(RowFactory.create(aco, method));
    return this;
  }

  AssignmentStage.Inputs inputs() {
    SparkSession spark = spark();
    Dataset<Row> lineFrame = spark.createDataFrame(lines, AssignmentTables.SERVICE_LINES.schema());
    Dataset<Row> monthFrame = spark.createDataFrame(months, AssignmentTables.ELIGIBILITY_MONTHS.schema());
    Dataset<Row> participantFrame = spark.createDataFrame(participants, new StructType()
        .add("aco_id", DataTypes.StringType).add("participant_tin", DataTypes.StringType)
        .add("ccn", DataTypes.StringType).add("start_date", DataTypes.DateType)
        .add("end_date", DataTypes.DateType));
    Dataset<Row> alignmentFrame = spark.createDataFrame(alignments, new StructType()
        .add("bene_id", DataTypes.StringType).add("designated_npi", DataTypes.StringType)
        .add("designated_tin", DataTypes.StringType).add("signature_date", DataTypes.DateType));
    Dataset<Row> methodFrame = spark.createDataFrame(methods, new StructType()
        .add("aco_id", DataTypes.StringType).add("assignment_method", DataTypes.StringType));
    return new AssignmentStage.Inputs(lineFrame, monthFrame, participantFrame, alignmentFrame, methodFrame);
  }
}
