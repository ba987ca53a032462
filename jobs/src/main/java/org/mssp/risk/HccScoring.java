package org.mssp.risk;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.array_compact;
import static org.apache.spark.sql.functions.array_sort;
import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_list;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.mssp.expenditure.ExpenditureTables;
import org.mssp.risk.rules.RiskRules;

/**
 * CMS-HCC prospective scoring, set-based (docs/risk-adjustment.md). Per model version of the
 * payment year's blend:
 * <ol>
 *   <li>segment: NE (new enrollee) when the base year has under 12 enrolled months; else INS when
 *       the beneficiary is long-term institutional; else community C + F/P/N (full, partial,
 *       non-dual) + A/D (aged 65+ / disabled under 65);</li>
 *   <li>demographic cell: {@code <segment>_<F|M><age band>}; community aged with OREC 1:
 *       {@code _OriginallyDisabled_Female|Male}; INS: {@code INS_ORIGDS}, {@code INS_LTIMCAID}
 *       (Medicaid); NE: {@code NE_<MCAID|NMCAID>_<ORIGDIS|NORIGDIS>_NE<F|M><band>} with single
 *       years 65-69;</li>
 *   <li>diagnoses → CCs (CMS table, one code may give several), parents drop children (CMS
 *       hierarchy table), payment HCCs = the CCs with a coefficient in the segment;</li>
 *   <li>interactions ({@code rules/risk/interactions.csv}) from condition groups and the disabled
 *       flag (age under 65, OREC not 0); HCC count {@code D1..D9, D10P};</li>
 *   <li>raw score = Σ coefficients of the variables that exist in the segment's table (a variable
 *       without a coefficient in a segment, e.g. an institutional-only interaction for a community
 *       beneficiary, is not part of that segment's model); new enrollees get the NE cell only.</li>
 * </ol>
 * Blend: Σ weight × raw / normalisation factor over the payment year's models. Everything is a
 * join with broadcast model tables and one aggregation per beneficiary; no UDFs.
 *
 * <p>Input grain: diagnoses one row per beneficiary × code; demographics one row per beneficiary.
 * Output grain: one row per beneficiary × model version.
 */
public final class HccScoring {
  private HccScoring() {}

  public static final String BENE_ID = RiskDiagnoses.BENE_ID;
  private static final DataType SUM = DataTypes.createDecimalType(20, 3);
  private static final DataType RULE = DataTypes.createDecimalType(6, 3);

  /** CMS's model tables as frames (see {@link HccTables}). */
  public record ModelTables(Dataset<Row> dxToCc, Dataset<Row> hierarchies, Dataset<Row> coefficients) {
    public static ModelTables of(SparkSession spark, HccTables t) {
      return new ModelTables(t.dxFrame(spark), t.hierarchyFrame(spark), t.coefficientFrame(spark));
    }
  }

  /** One model's term of the blend; the generator uses the same arithmetic. */
  public static Column blendTerm(Column raw, Column weight, Column normalizationFactor) {
    return raw.cast(SUM).multiply(weight.cast(RULE)).divide(normalizationFactor.cast(RULE));
  }

  /** Age band of the community and institutional cells. */
  public static Column ageBand(Column age) {
    return when(age.lt(35), lit("0_34")).when(age.lt(45), lit("35_44")).when(age.lt(55), lit("45_54"))
        .when(age.lt(60), lit("55_59")).when(age.lt(65), lit("60_64")).when(age.lt(70), lit("65_69"))
        .when(age.lt(75), lit("70_74")).when(age.lt(80), lit("75_79")).when(age.lt(85), lit("80_84"))
        .when(age.lt(90), lit("85_89")).when(age.lt(95), lit("90_94")).otherwise(lit("95_GT"));
  }

  /** Age band of the new-enrollee cells: single years 65 to 69. */
  public static Column newEnrolleeBand(Column age) {
    return when(age.between(65, 69), age.cast("string")).otherwise(ageBand(age));
  }

  /**
   * Adds {@code segment}, {@code disabled} and {@code demographic_variables} (full coefficient
   * names) to demographics; {@code institutional} holds the ids of long-term institutional
   * beneficiaries.
   */
  public static Dataset<Row> segments(Dataset<Row> demographics, Dataset<Row> institutional) {
    Column age = col("age");
    Column aged = age.geq(65);
    Column female = col("sex_code").equalTo("2");
    Column sex = when(female, lit("F")).otherwise(lit("M"));
    Column institutionalFlag = col("inst").isNotNull();
    Column segment =
        when(col("new_enrollee"), lit("NE"))
            .when(institutionalFlag, lit("INS"))
            .otherwise(concat(lit("C"), col("segment_dual"), when(aged, lit("A")).otherwise(lit("D"))));
    // CMS-HCC software: ORIGDS = OREC 1 and aged; NE ORIGDIS = OREC 1 or 3 and aged; DISABL = under 65, OREC not 0 [RECALL]
    Column origds = col("orec").equalTo("1").and(aged);
    Column neOrig = col("orec").isin("1", "3").and(aged);
    Column seg = col("segment");
    Column cell = concat(seg, lit("_"), sex, ageBand(age));
    Column ne = concat(lit("NE_"), when(col("medicaid"), lit("MCAID")).otherwise(lit("NMCAID")), lit("_"),
        when(neOrig, lit("ORIGDIS")).otherwise(lit("NORIGDIS")), lit("_NE"), sex, newEnrolleeBand(age));
    Column vars =
        when(seg.equalTo("NE"), array(ne))
            .otherwise(array_compact(array(
                cell,
                when(origds.and(seg.isin("CNA", "CFA", "CPA")),
                    concat(seg, lit("_OriginallyDisabled_"), when(female, lit("Female")).otherwise(lit("Male")))),
                when(origds.and(seg.equalTo("INS")), lit("INS_ORIGDS")),
                when(col("medicaid").and(seg.equalTo("INS")), lit("INS_LTIMCAID")))));
    return demographics.join(institutional.select(col(BENE_ID), lit(true).as("inst")), BENE_ID, "left")
        .withColumn("segment", segment)
        .withColumn("disabled", age.lt(65).and(col("orec").notEqual("0")))
        .withColumn("demographic_variables", vars)
        .drop("inst");
  }

  /**
   * Scores every beneficiary of {@code segmented} (output of {@link #segments}) with each model
   * of the payment year: {@code bene_id, model_version, segment, new_enrollee, raw_score,
   * demographic_score, factors}.
   */
  public static Dataset<Row> score(SparkSession spark, Dataset<Row> diagnoses, Dataset<Row> segmented,
      ModelTables tables, RiskRules rules, int paymentYear) {
    List<Dataset<Row>> perModel = new ArrayList<>();
    for (RiskRules.ModelWeight w : rules.weightsFor(paymentYear)) {
      perModel.add(scoreModel(spark, diagnoses, segmented, tables, rules, w.modelVersion()));
    }
    Dataset<Row> all = perModel.get(0);
    for (int i = 1; i < perModel.size(); i++) {
      all = all.unionByName(perModel.get(i));
    }
    return all;
  }

  private static Dataset<Row> scoreModel(SparkSession spark, Dataset<Row> diagnoses, Dataset<Row> segmented,
      ModelTables tables, RiskRules rules, String model) {
    Dataset<Row> coef = broadcast(tables.coefficients().where(col("model_version").equalTo(model))
        .select(col("variable"), col("coefficient")));
    Dataset<Row> dxMap = broadcast(tables.dxToCc().where(col("model_version").equalTo(model)).select("dx_code", "cc"));
    Dataset<Row> hier = broadcast(tables.hierarchies().where(col("model_version").equalTo(model))
        .select(col("parent_cc").as("cc"), col("child_cc")));
    Dataset<Row> seg = segmented.select(BENE_ID, "segment", "disabled").where(col("segment").notEqual("NE"));

    // CCs, then hierarchies: a child is dropped when the beneficiary has one of its parents.
    Dataset<Row> ccs = diagnoses.join(dxMap, RiskDiagnoses.DX_CODE).select(BENE_ID, "cc").distinct();
    Dataset<Row> dropped = ccs.join(hier, "cc").select(col(BENE_ID), col("child_cc").as("cc"));
    Dataset<Row> kept = ccs.join(dropped, org.mssp.expenditure.ExpenditureStage.on(BENE_ID, "cc"), "left_anti");
    // Payment HCCs: CCs with a coefficient in the beneficiary's segment.
    Dataset<Row> hccs =
        kept.join(seg, BENE_ID)
            .withColumn("variable", concat(col("segment"), lit("_HCC"), col("cc").cast("string")))
            .join(coef, "variable")
            .select(col(BENE_ID), col("segment"), col("disabled"), col("cc"), col("variable"), col("coefficient"));

    Dataset<Row> groups = spark.createDataFrame(
            rules.groups().stream().filter(g -> g.modelVersion().equals(model))
                .map(g -> RowFactory.create(g.groupName(), g.hcc())).toList(),
            new StructType().add("group_name", DataTypes.StringType).add("cc", DataTypes.IntegerType));
    Dataset<Row> interactions = spark.createDataFrame(
            rules.interactions().stream().filter(i -> i.modelVersion().equals(model))
                .map(i -> RowFactory.create(i.variable(), i.group1(), i.group2())).toList(),
            new StructType().add("interaction", DataTypes.StringType).add("group_1", DataTypes.StringType)
                .add("group_2", DataTypes.StringType));
    Dataset<Row> flags =
        hccs.join(broadcast(groups), "cc").select(BENE_ID, "segment", "group_name")
            .unionByName(seg.where(col("disabled")).select(col(BENE_ID), col("segment"), lit(RiskRules.DISABLED).as("group_name")))
            .distinct();
    Dataset<Row> fired =
        flags.join(broadcast(interactions), flags.col("group_name").equalTo(interactions.col("group_1")))
            .select(col(BENE_ID), col("segment"), col("interaction"), col("group_2"))
            .join(flags.select(col(BENE_ID).as("b2"), col("group_name").as("g2")),
                col(BENE_ID).equalTo(col("b2")).and(col("group_2").equalTo(col("g2"))), "left_semi")
            .select(col(BENE_ID), concat(col("segment"), lit("_"), col("interaction")).as("variable"))
            .distinct();
    Dataset<Row> counts =
        hccs.groupBy(BENE_ID, "segment").agg(count(lit(1)).as("n"))
            .select(col(BENE_ID),
                concat(col("segment"), lit("_"), when(col("n").geq(10), lit("D10P")).otherwise(concat(lit("D"), col("n").cast("string"))))
                    .as("variable"));
    Dataset<Row> demo =
        segmented.select(col(BENE_ID), explode(col("demographic_variables")).as("variable"))
            .join(coef, "variable")
            .select(col(BENE_ID), col("variable"), col("coefficient"), lit(true).as("demographic"));
    Dataset<Row> disease =
        hccs.select(col(BENE_ID), col("variable"), col("coefficient"))
            .unionByName(fired.unionByName(counts).join(coef, "variable").select(BENE_ID, "variable", "coefficient"))
            .withColumn("demographic", lit(false));
    Dataset<Row> terms = demo.unionByName(disease);
    Column c = col("coefficient");
    return terms.groupBy(BENE_ID)
        .agg(sum(c).cast(SUM).as("raw_score"),
            org.apache.spark.sql.functions.coalesce(sum(when(col("demographic"), c)), lit(java.math.BigDecimal.ZERO)).cast(SUM).as("demographic_score"),
            array_sort(collect_list(when(col("demographic").equalTo(false), struct(col("variable"), col("coefficient"))))).as("factors"))
        .join(segmented.select(BENE_ID, "segment", "new_enrollee"), BENE_ID)
        .withColumn("model_version", lit(model));
  }

  /**
   * Adds the blend of the payment year: {@code model_weight, normalization_factor,
   * blended_score, blended_demographic_score, payment_score}.
   */
  public static Dataset<Row> blend(SparkSession spark, Dataset<Row> scored, RiskRules rules, int paymentYear) {
    Dataset<Row> weights = spark.createDataFrame(
        rules.weightsFor(paymentYear).stream()
            .map(w -> RowFactory.create(w.modelVersion(), w.weight(), w.normalizationFactor(), w.codingAdjustment())).toList(),
        new StructType().add("model_version", DataTypes.StringType).add("model_weight", RULE)
            .add("normalization_factor", RULE).add("coding_adjustment", RULE));
    Column ratio = col("normalization_factor");
    org.apache.spark.sql.expressions.WindowSpec bene = Window.partitionBy(BENE_ID);
    return scored.join(broadcast(weights), "model_version")
        .withColumn("blended_score", sum(blendTerm(col("raw_score"), col("model_weight"), ratio)).over(bene).cast(ExpenditureTables.RATIO))
        .withColumn("blended_demographic_score",
            sum(blendTerm(col("demographic_score"), col("model_weight"), ratio)).over(bene).cast(ExpenditureTables.RATIO))
        .withColumn("payment_score",
            col("blended_score").multiply(lit(1).minus(col("coding_adjustment"))).cast(ExpenditureTables.RATIO))
        .withColumn("payment_year", lit(paymentYear));
  }

  /**
   * Eligible diagnosis codes that a model's ICD-10 → CC table does not list (counted and reported,
   * not an error): {@code model_version, dx_code, beneficiaries}.
   */
  public static Dataset<Row> unmappedDiagnoses(Dataset<Row> diagnoses, ModelTables tables, List<String> models) {
    Dataset<Row> all = null;
    for (String m : models) {
      Dataset<Row> one =
          diagnoses.join(broadcast(tables.dxToCc().where(col("model_version").equalTo(m)).select(RiskDiagnoses.DX_CODE).distinct()),
                  RiskDiagnoses.DX_CODE, "left_anti")
              .groupBy(RiskDiagnoses.DX_CODE).agg(org.apache.spark.sql.functions.countDistinct(col(BENE_ID)).as("beneficiaries"))
              .withColumn("model_version", lit(m));
      all = all == null ? one : all.unionByName(one);
    }
    return all;
  }
}
