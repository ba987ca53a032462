package org.mssp.risk;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mssp.risk.rules.RiskRules;
import org.mssp.testsupport.SharedSpark;

/**
 * Hand-computed CMS-HCC scores, one beneficiary per segment, with CMS's payment-year-2026 tables
 * from ../shared/reference/cms-hcc. Every coefficient used is quoted from
 * ra_coefficients_2026.csv (model version C28 unless noted) next to the case, with the HCCs, the
 * hierarchy drops and the interactions worked out by hand.
 */
class HccScoringTest {
  private static final SparkSession SPARK = SharedSpark.session();
  private static final RiskRules RULES = RiskRules.load();
  private static HccTables tables;
  private static HccScoring.ModelTables frames;

  static final StructType DX = new StructType().add("bene_id", DataTypes.StringType).add("dx_code", DataTypes.StringType);
  static final StructType DEMO = new StructType().add("bene_id", DataTypes.StringType).add("age", DataTypes.IntegerType)
      .add("sex_code", DataTypes.StringType).add("orec", DataTypes.StringType).add("segment_dual", DataTypes.StringType)
      .add("medicaid", DataTypes.BooleanType).add("new_enrollee", DataTypes.BooleanType);
  static final StructType IDS = new StructType().add("bene_id", DataTypes.StringType);

  @BeforeAll
  static void load() {
    String dir = SharedSpark.sharedDir().resolve("reference/cms-hcc").toString();
    tables = HccTables.load(dir, 2026, List.of("V24", "V28"));
    frames = HccScoring.ModelTables.of(SPARK, tables);
  }

  private static Dataset<Row> dx(String... beneAndCodes) {
    List<Row> rows = new ArrayList<>();
    for (String s : beneAndCodes) {
      String[] p = s.split(":");
      for (String code : p[1].split(",")) {
        rows.add(RowFactory.create(p[0], code));
      }
    }
    return SPARK.createDataFrame(rows, DX);
  }

  private static Dataset<Row> demo(Object[]... rows) {
    return SPARK.createDataFrame(Arrays.stream(rows).map(RowFactory::create).toList(), DEMO);
  }

  private static Dataset<Row> ids(String... ids) {
    return SPARK.createDataFrame(Arrays.stream(ids).map(i -> RowFactory.create(i)).toList(), IDS);
  }

  /** bene → (segment, raw score, factors as "variable=coefficient" joined by spaces). */
  private static Map<String, List<String>> scored(Dataset<Row> d, Dataset<Row> demo, Dataset<Row> institutional,
      int paymentYear, String model) {
    Dataset<Row> seg = HccScoring.segments(demo, institutional);
    Dataset<Row> out = HccScoring.blend(SPARK, HccScoring.score(SPARK, d, seg, frames, RULES, paymentYear), RULES, paymentYear)
        .where(col("model_version").equalTo(model));
    Map<String, List<String>> m = new LinkedHashMap<>();
    for (Row r : out.orderBy("bene_id").collectAsList()) {
      List<String> factors = new ArrayList<>();
      for (Row f : r.<Row>getList(r.fieldIndex("factors"))) {
        factors.add(f.getString(0) + "=" + f.getDecimal(1).stripTrailingZeros().toPlainString());
      }
      m.put(r.getAs("bene_id"), List.of(r.getAs("segment"),
          r.<BigDecimal>getAs("raw_score").stripTrailingZeros().toPlainString(),
          r.<BigDecimal>getAs("demographic_score").stripTrailingZeros().toPlainString(),
          String.join(" ", factors),
          r.<BigDecimal>getAs("blended_score").toPlainString()));
    }
    return m;
  }

  @Test
  void scoresOneBeneficiaryPerSegmentAsWorkedByHand() {
    Dataset<Row> d = dx(
        "bene_cna_hierarchy:E1122,E119,N184,N1832",
        "bene_cfd_full_dual_disabled:I509,E119,F1020,F331",
        "bene_ins_aged:J449,I509",
        "bene_ins_disabled:I509",
        "bene_new_enrollee:E119,I509",
        "bene_cpa_six_hccs:C61,I4891,J449,E119,G20A1,N1832",
        "bene_cna_unmapped_only:Z0000,XX999");
    Dataset<Row> demo = demo(
        new Object[] {"bene_cna_hierarchy", 72, "2", "0", "N", false, false},
        new Object[] {"bene_cfd_full_dual_disabled", 50, "1", "1", "F", true, false},
        new Object[] {"bene_ins_aged", 80, "2", "1", "P", true, false},
        new Object[] {"bene_ins_disabled", 60, "1", "1", "N", false, false},
        new Object[] {"bene_new_enrollee", 66, "2", "1", "F", true, true},
        new Object[] {"bene_cpa_six_hccs", 67, "1", "1", "P", true, false},
        new Object[] {"bene_cna_unmapped_only", 85, "1", "0", "N", false, false});
    Map<String, List<String>> v28 = scored(d, demo, ids("bene_ins_aged", "bene_ins_disabled"), 2026, "V28");

    // Community non-dual aged, female 72: E1122 -> HCC37, E119 -> HCC38, N184 -> HCC327, N1832 -> HCC328.
    // Hierarchies (V28): 37 drops 38; 327 drops 328. Payment HCCs 37, 327 -> D2.
    // CNA_F70_74 0.395 + CNA_HCC37 0.166 + CNA_HCC327 0.514 + CNA_D2 0 = 1.075; blend 2026 = 1.075 / 1.067 = 1.0074976570
    assertThat(v28.get("bene_cna_hierarchy")).containsExactly(
        "CNA", "1.075", "0.395", "CNA_D2=0 CNA_HCC327=0.514 CNA_HCC37=0.166", "1.0074976570");

    // Community full dual disabled, male 50: I509 -> HCC226, E119 -> HCC38, F1020 -> HCC139, F331 -> HCC155;
    // interactions DIABETES_HF_V28 (38 x 226) and gSubUseDisorder_gPsych_V28 (139 x 155, disabled segments only); D4.
    // CFD_M45_54 0.293 + HCC226 0.537 + HCC38 0.235 + HCC139 0.25 + HCC155 0.126 + DIABETES_HF 0.041
    //   + gSubUseDisorder_gPsych 0.152 + D4 0 = 1.634
    assertThat(v28.get("bene_cfd_full_dual_disabled")).startsWith("CFD", "1.634", "0.293",
        "CFD_D4=0 CFD_DIABETES_HF_V28=0.041 CFD_HCC139=0.25 CFD_HCC155=0.126 CFD_HCC226=0.537 CFD_HCC38=0.235 "
            + "CFD_gSubUseDisorder_gPsych_V28=0.152");

    // Institutional, female 80, Medicaid, OREC 1: INS_F80_84 0.862 + INS_ORIGDS 0 + INS_LTIMCAID 0.13
    //   + J449 -> HCC280 0.312 + I509 -> HCC226 0.217 + HF_CHR_LUNG_V28 0.145 + D2 0 = 1.666 (demographic 0.992)
    assertThat(v28.get("bene_ins_aged")).startsWith("INS", "1.666", "0.992",
        "INS_D2=0 INS_HCC226=0.217 INS_HCC280=0.312 INS_HF_CHR_LUNG_V28=0.145");

    // Institutional, male 60, OREC 1 (DISABL = under 65 and OREC not 0): INS_M60_64 0.917 + HCC226 0.217
    //   + DISABLED_HF_V28 0.488 + D1 0 = 1.622
    assertThat(v28.get("bene_ins_disabled")).startsWith("INS", "1.622", "0.917",
        "INS_D1=0 INS_DISABLED_HF_V28=0.488 INS_HCC226=0.217");

    // New enrollee, female 66, Medicaid, OREC 1 (ORIGDIS): NE_MCAID_ORIGDIS_NEF66 1.599; diagnoses are not used.
    assertThat(v28.get("bene_new_enrollee")).startsWith("NE", "1.599", "1.599", "");

    // Community partial dual aged, male 67, OREC 1: CPA_M65_69 0.375 + CPA_OriginallyDisabled_Male 0.075
    //   + HCC23 0.203 (C61) + HCC238 0.293 (I4891) + HCC280 0.321 (J449) + HCC38 0.166 (E119) + HCC199 0.474 (G20A1)
    //   + HCC328 0.14 (N1832) + D6 0.096 = 2.143; no heart failure, so no interaction
    assertThat(v28.get("bene_cpa_six_hccs")).startsWith("CPA", "2.143", "0.45",
        "CPA_D6=0.096 CPA_HCC199=0.474 CPA_HCC23=0.203 CPA_HCC238=0.293 CPA_HCC280=0.321 CPA_HCC328=0.14 CPA_HCC38=0.166");

    // Only unmapped codes: the demographic cell alone, CNA_M85_89 0.664
    assertThat(v28.get("bene_cna_unmapped_only")).startsWith("CNA", "0.664", "0.664", "");
  }

  @Test
  void blendsV24AndV28WithThePaymentYearWeightsAndNormalisationFactors() {
    Dataset<Row> d = dx("bene_cna_hierarchy:E1122,E119,N184,N1832");
    Dataset<Row> demo = demo(new Object[] {"bene_cna_hierarchy", 72, "2", "0", "N", false, false});
    Map<String, List<String>> v24 = scored(d, demo, ids(), 2024, "V24");
    // V24 (C24 coefficients): E1122 -> HCC18, E119 -> HCC19 (18 drops 19); N184 -> HCC137, N1832 -> HCC138 (137 drops 138)
    // CNA_F70_74 0.386 + CNA_HCC18 0.302 + CNA_HCC137 0.289 + CNA_D2 0 = 0.977
    // 2024 blend: 0.67 x 0.977 / 1.146 + 0.33 x 1.075 / 1.015 = 0.5711954625 + 0.3495073892 = 0.9207028516
    assertThat(v24.get("bene_cna_hierarchy")).containsExactly(
        "CNA", "0.977", "0.386", "CNA_D2=0 CNA_HCC137=0.289 CNA_HCC18=0.302", "0.9207028516");
  }

  @Test
  void countsDiagnosisCodesMissingFromTheMappingPerModel() {
    Dataset<Row> d = dx("a:E119,Z0000,XX999", "b:XX999");
    List<Row> rows = HccScoring.unmappedDiagnoses(d, frames, List.of("V28")).orderBy("dx_code").collectAsList();
    // Z0000 and XX999 are not in the V28 mapping: XX999 for 2 beneficiaries, Z0000 for 1
    assertThat(rows).extracting(r -> r.getAs("dx_code") + ":" + r.getAs("beneficiaries") + ":" + r.getAs("model_version"))
        .containsExactly("XX999:2:V28", "Z0000:1:V28");
  }

  @Test
  void aPaymentYearWithoutTablesFailsNamingTheYearAndFile(@TempDir Path empty) throws Exception {
    assertThatThrownBy(() -> HccTables.load(empty.toString(), 2026, List.of("V28")))
        .hasMessage("Cannot score CMS-HCC risk for payment year 2026: no CMS-HCC table "
            + empty.resolve("ra_dx_to_cc_2026.csv") + " (the folder given by --hcc-tables must hold CMS's tables of 2026)");
    Files.writeString(empty.resolve("x"), "");
    assertThatThrownBy(() -> RULES.weightsFor(2019))
        .hasMessage("Cannot score CMS-HCC risk for payment year 2019: rule table 'risk_payment_years' has no rows for 2019");
  }
}
