package org.mssp.risk;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.first;
import static org.apache.spark.sql.functions.floor;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.make_date;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.months_between;
import static org.apache.spark.sql.functions.regexp_replace;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.trim;
import static org.apache.spark.sql.functions.upper;
import static org.apache.spark.sql.functions.when;
import static org.apache.spark.sql.functions.year;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.mssp.risk.rules.RiskRules;

/**
 * Inputs of CMS-HCC scoring from the final-action claims and the enrollment months.
 *
 * <p>Eligible diagnoses (docs/risk-adjustment.md "Filters"): per beneficiary, the distinct ICD-10
 * codes of the base year (claim or line through date in the year before the score year) from
 * <ol>
 *   <li>institutional claims whose type of bill (facility type + classification, first two digits)
 *       is an inpatient type of {@code rules/risk/bill_types.csv} (11x, 41x): every diagnosis;</li>
 *   <li>institutional claims of an outpatient type (12x-14x, 43x, 71x, 73x, 76x, 77x, 85x) with at
 *       least one revenue line whose HCPCS is on CMS's eligible CPT/HCPCS list: every diagnosis;</li>
 *   <li>professional lines (CCLF5) whose HCPCS is eligible and whose provider specialty is a
 *       face-to-face specialty ({@code face_to_face_specialties.csv}): the line diagnosis and the
 *       claim's diagnoses 1-12 carried on the line [INFER: the claim's codes count with any eligible
 *       line].</li>
 * </ol>
 * SNF, home health, hospice and DME claims are not sources. Codes are trimmed, upper-cased and
 * stripped of dots. Grain of the output: one row per beneficiary × diagnosis code.
 *
 * <p>Demographics: per beneficiary listed in the score year's enrollment months, age on 1 February
 * of the score year, sex, original reason for entitlement, the most generous dual status of any
 * month mapped to a segment letter and Medicaid flag ({@code dual_segments.csv}), and new enrollee
 * = fewer than 12 months with Part A or Part B in the base year [INFER: CMS's "less than 12 months
 * of Medicare entitlement in the data collection year"].
 */
public final class RiskDiagnoses {
  private RiskDiagnoses() {}

  public static final String BENE_ID = "bene_id";
  public static final String DX_CODE = "dx_code";

  /** Normalised code: trimmed, upper case, no dots; blank becomes null. */
  static Column normalise(Column dx) {
    Column c = upper(regexp_replace(trim(dx), "\\.", ""));
    return when(c.notEqual(lit("")), c);
  }

  /**
   * Distinct eligible diagnoses of the base year.
   *
   * @param header part_a_claim_header
   * @param revenue part_a_claim_revenue_line
   * @param diagnosis part_a_claim_diagnosis
   * @param physician part_b_physician_line
   * @param eligibleHcpcs one column {@code hcpcs} (CMS's eligible CPT/HCPCS list)
   */
  public static Dataset<Row> eligibleDiagnoses(SparkSession spark, Dataset<Row> header, Dataset<Row> revenue,
      Dataset<Row> diagnosis, Dataset<Row> physician, Dataset<Row> eligibleHcpcs, RiskRules rules, int baseYear) {
    Dataset<Row> bills = spark.createDataFrame(
        rules.billTypes().stream().map(b -> org.apache.spark.sql.RowFactory.create(b.prefix(), b.needsEligibleHcpcs())).toList(),
        new StructType().add("bill_prefix", DataTypes.StringType).add("needs_hcpcs", DataTypes.BooleanType));
    Dataset<Row> claims =
        header.where(year(col("clm_thru_dt")).equalTo(baseYear))
            .withColumn("bill_prefix", concat(trim(col("clm_bill_fac_type_cd")), trim(col("clm_bill_clsfctn_cd"))))
            .join(broadcast(bills), "bill_prefix")
            .select(col("cur_clm_uniq_id"), col("bene_mbi_id"), col("prncpl_dgns_cd"), col("needs_hcpcs"));
    Dataset<Row> withEligibleLine =
        revenue.select(col("cur_clm_uniq_id"), trim(col("clm_line_hcpcs_cd")).as("hcpcs"))
            .join(broadcast(eligibleHcpcs), "hcpcs")
            .select("cur_clm_uniq_id").distinct();
    Dataset<Row> inpatient = claims.where(col("needs_hcpcs").equalTo(false));
    Dataset<Row> outpatient = claims.where(col("needs_hcpcs")).join(withEligibleLine, "cur_clm_uniq_id", "left_semi");
    Dataset<Row> eligibleClaims = inpatient.unionByName(outpatient);
    Dataset<Row> partA =
        eligibleClaims.select(col("bene_mbi_id").as(BENE_ID), col("prncpl_dgns_cd").as("dx"))
            .unionByName(
                diagnosis.join(eligibleClaims.select("cur_clm_uniq_id", "bene_mbi_id"), "cur_clm_uniq_id")
                    .select(eligibleClaims.col("bene_mbi_id").as(BENE_ID), col("clm_dgns_cd").as("dx")));

    Dataset<Row> specialties = spark.createDataset(rules.faceToFaceSpecialties(), org.apache.spark.sql.Encoders.STRING())
        .toDF("specialty");
    List<Column> dxCols = new ArrayList<>();
    dxCols.add(col("clm_line_dgns_cd"));
    for (int i = 1; i <= 12; i++) {
      dxCols.add(col("clm_dgns_" + i + "_cd"));
    }
    Dataset<Row> partB =
        physician.where(year(coalesce(col("clm_line_thru_dt"), col("clm_thru_dt"))).equalTo(baseYear))
            .withColumn("hcpcs", trim(col("clm_line_hcpcs_cd")))
            .withColumn("specialty", trim(col("clm_prvdr_spclty_cd")))
            .join(broadcast(eligibleHcpcs), "hcpcs")
            .join(broadcast(specialties), "specialty")
            .select(col("bene_mbi_id").as(BENE_ID), explode(array(dxCols.toArray(new Column[0]))).as("dx"));
    return partA.unionByName(partB)
        .select(col(BENE_ID), normalise(col("dx")).as(DX_CODE))
        .where(col(DX_CODE).isNotNull())
        .distinct();
  }

  /**
   * Per beneficiary listed in the score year: {@code bene_id, age, sex_code, orec, segment_dual,
   * medicaid, new_enrollee}. Rows without a birth date or sex are kept with nulls; the scorer
   * counts and reports them.
   */
  public static Dataset<Row> demographics(SparkSession spark, Dataset<Row> beneficiaryMonth, RiskRules rules, int scoreYear) {
    Column rank = when(col("dual_status").equalTo("FULL"), lit(3))
        .when(col("dual_status").equalTo("PARTIAL"), lit(2))
        .when(col("dual_status").equalTo("OTHER"), lit(1)).otherwise(lit(0));
    Dataset<Row> y =
        beneficiaryMonth.where(col("year").equalTo(scoreYear))
            .groupBy(col("bene_mbi_id").as(BENE_ID))
            .agg(max(col("birth_date")).as("birth_date"), first(col("sex_code"), true).as("sex_code"),
                first(col("orec"), true).as("orec"), max(rank).as("dual_rank"));
    Column dual = when(col("dual_rank").equalTo(3), lit("FULL")).when(col("dual_rank").equalTo(2), lit("PARTIAL"))
        .when(col("dual_rank").equalTo(1), lit("OTHER")).otherwise(lit("NON_DUAL"));
    Dataset<Row> segments = spark.createDataFrame(
        rules.dualSegments().stream().map(d -> org.apache.spark.sql.RowFactory.create(d.dualStatus(), d.segmentDual(), d.medicaid())).toList(),
        new StructType().add("dual_status", DataTypes.StringType).add("segment_dual", DataTypes.StringType)
            .add("medicaid", DataTypes.BooleanType));
    Dataset<Row> base =
        beneficiaryMonth.where(col("year").equalTo(scoreYear - 1).and(col("part_a").or(col("part_b"))))
            .groupBy(col("bene_mbi_id").as(BENE_ID))
            .agg(count(lit(1)).as("base_months"));
    return y.withColumn("dual_status", dual)
        .join(broadcast(segments), "dual_status")
        .join(base, BENE_ID, "left")
        .select(col(BENE_ID),
            floor(months_between(make_date(lit(scoreYear), lit(2), lit(1)), col("birth_date")).divide(12)).cast("int").as("age"),
            col("sex_code"), col("orec"), col("segment_dual"), col("medicaid"),
            coalesce(col("base_months"), lit(0L)).lt(12).as("new_enrollee"));
  }

  /** Sums used in logs: number of rows of a frame per value of a flag column. */
  static long countWhere(Dataset<Row> df, Column predicate) {
    Row r = df.agg(sum(when(predicate, lit(1L)).otherwise(lit(0L)))).first();
    return r.isNullAt(0) ? 0 : r.getLong(0);
  }
}
