package org.mssp.risk;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Date;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.mssp.risk.rules.RiskRules;
import org.mssp.testsupport.SharedSpark;

/** Which claims' diagnoses are risk-adjustment eligible (docs/risk-adjustment.md "Filters"). */
class RiskDiagnosesTest {
  private static final SparkSession SPARK = SharedSpark.session();

  static final StructType HEADER = new StructType().add("cur_clm_uniq_id", DataTypes.LongType).add("bene_mbi_id", DataTypes.StringType)
      .add("clm_bill_fac_type_cd", DataTypes.StringType).add("clm_bill_clsfctn_cd", DataTypes.StringType)
      .add("clm_thru_dt", DataTypes.DateType).add("prncpl_dgns_cd", DataTypes.StringType);
  static final StructType REVENUE = new StructType().add("cur_clm_uniq_id", DataTypes.LongType).add("clm_line_hcpcs_cd", DataTypes.StringType);
  static final StructType DIAGNOSIS = new StructType().add("cur_clm_uniq_id", DataTypes.LongType).add("clm_dgns_cd", DataTypes.StringType);
  static final StructType HCPCS = new StructType().add("hcpcs", DataTypes.StringType);

  static StructType physician() {
    StructType s = new StructType().add("bene_mbi_id", DataTypes.StringType).add("clm_thru_dt", DataTypes.DateType)
        .add("clm_line_thru_dt", DataTypes.DateType).add("clm_line_hcpcs_cd", DataTypes.StringType)
        .add("clm_prvdr_spclty_cd", DataTypes.StringType).add("clm_line_dgns_cd", DataTypes.StringType);
    for (int i = 1; i <= 12; i++) {
      s = s.add("clm_dgns_" + i + "_cd", DataTypes.StringType);
    }
    return s;
  }

  static Dataset<Row> frame(StructType s, Object[]... rows) {
    return SPARK.createDataFrame(Arrays.stream(rows).map(RowFactory::create).toList(), s);
  }

  static Object[] line(String bene, String date, String hcpcs, String specialty, String lineDx, String... claimDx) {
    List<Object> v = new ArrayList<>(List.of(bene, Date.valueOf(date), Date.valueOf(date), hcpcs, specialty, lineDx));
    for (int i = 0; i < 12; i++) {
      v.add(i < claimDx.length ? claimDx[i] : null);
    }
    return v.toArray();
  }

  @Test
  void keepsInpatientEligibleOutpatientAndFaceToFaceProfessionalDiagnosesOfTheBaseYear() {
    Date d = Date.valueOf("2017-06-01");
    Dataset<Row> header = frame(HEADER,
        new Object[] {1L, "bene_ip", "1", "1", d, "I50.9"},          // inpatient 11x: kept, dots removed
        new Object[] {2L, "bene_op_eligible", "1", "3", d, "J449"},  // outpatient 13x with an eligible line: kept
        new Object[] {3L, "bene_op_lab_only", "1", "3", d, "E119"},  // outpatient 13x, only a non-eligible line: dropped
        new Object[] {4L, "bene_snf", "2", "1", d, "I639"},          // SNF 21x: never a source
        new Object[] {5L, "bene_ip_other_year", "1", "1", Date.valueOf("2018-01-03"), "C61"}); // outside base year
    Dataset<Row> revenue = frame(REVENUE, new Object[] {2L, "99284"}, new Object[] {3L, "80053"});
    Dataset<Row> diagnosis = frame(DIAGNOSIS, new Object[] {1L, "e1122"}, new Object[] {3L, "F331"}, new Object[] {4L, "N184"});
    Dataset<Row> physician = frame(physician(),
        line("bene_pb_visit", "2017-03-02", "99213", "11", "G20A1", "G20A1", "I4891"), // eligible HCPCS, internist: kept
        line("bene_pb_lab", "2017-03-02", "99213", "69", "F1020", "F1020"),            // clinical laboratory: dropped
        line("bene_pb_venipuncture", "2017-03-02", "36415", "08", "S72001A"));         // HCPCS not eligible: dropped
    Dataset<Row> hcpcs = frame(HCPCS, new Object[] {"99213"}, new Object[] {"99284"});
    List<String> got = RiskDiagnoses.eligibleDiagnoses(SPARK, header, revenue, diagnosis, physician, hcpcs, RiskRules.load(), 2017)
        .orderBy("bene_id", "dx_code").collectAsList().stream().map(r -> r.getString(0) + ":" + r.getString(1)).toList();
    assertThat(got).containsExactly("bene_ip:E1122", "bene_ip:I509", "bene_op_eligible:J449", "bene_pb_visit:G20A1",
        "bene_pb_visit:I4891");
  }
}
