package org.mssp.generate;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.date_add;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.make_date;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.mssp.settlement.rules.SettlementRulesLoader;

/**
 * Reference files other than the participant list and roster: ACO agreements (grain: ACO x
 * performance year) and voluntary alignment (grain: beneficiary x signature date).
 */
final class Reference {
  private final GenerateConfig config;
  private final GenerateRules rules;
  private final Draws draws;

  Reference(GenerateConfig config, GenerateRules rules) {
    this.config = config;
    this.rules = rules;
    this.draws = new Draws(config.seed());
  }

  /** Agreements (grain: ACO x performance year): the rule is {@link Agreements}. */
  Dataset<Row> agreements(SparkSession spark) {
    List<Row> rows = new ArrayList<>();
    for (Agreements.Row a : new Agreements(config, rules, SettlementRulesLoader.load()).rows()) {
      rows.add(RowFactory.create(a.acoId(), a.performanceYear(), a.track(), java.sql.Date.valueOf(a.agreementStart()),
          a.periodNumber(), a.assignmentMethod(), a.msrElection()));
    }
    StructType schema = new StructType()
        .add("aco_id", DataTypes.StringType, false)
        .add("performance_year", DataTypes.IntegerType, false)
        .add("track", DataTypes.StringType, false)
        .add("agreement_start_date", DataTypes.DateType, false)
        .add("agreement_period_number", DataTypes.IntegerType, false)
        .add("assignment_method", DataTypes.StringType, false)
        .add("msr_election", DataTypes.StringType, false);
    return spark.createDataFrame(rows, schema);
  }

  /**
   * ACO quality per performance year, as CMS reports it beside the financial results: a score
   * drawn uniformly between the rules' bounds (4 decimals) and whether the quality standard was
   * met, for every ACO-year of the agreements. Grain: ACO x performance year.
   */
  Dataset<Row> quality(Dataset<Row> agreements) {
    Column aco = col("aco_id");
    Column year = col("performance_year");
    double lo = rules.number("aco.quality.min");
    double hi = rules.number("aco.quality.max");
    Column score =
        lit(lo).plus(draws.uniform("aco.quality", aco, year).multiply(hi - lo)).cast(DataTypes.createDecimalType(5, 4));
    Column notMet =
        draws.chance("aco.quality.not_met", lit(rules.number("aco.quality.standard_not_met.probability")), aco, year);
    return agreements.select(aco, year, score.as("quality_score"), notMet.unary_$bang().as("quality_standard_met"));
  }

  /** Voluntary alignment: random designations of the home clinician, plus the constructed ones. */
  Dataset<Row> voluntary(Dataset<Row> beneficiaries, Dataset<Row> constructed, Providers providers) {
    Column id = col("bene_id");
    int days = 365 * config.yearCount();
    Dataset<Row> random =
        beneficiaries.where(col("voluntary"))
            .select(
                col("mbi_old").as("bene_mbi_id"),
                providers.npi(col("pcp_org"), col("pcp_npi_seq")).as("designated_npi"),
                providers.tin(col("pcp_org")).as("designated_tin"),
                date_add(make_date(lit(config.firstYear() - 1), lit(1), lit(1)), draws.index("bene.signature", lit(days), id))
                    .as("signature_date"));
    Dataset<Row> built =
        constructed.join(beneficiaries.select("bene_id", "mbi_old"), "bene_id")
            .select(
                col("mbi_old").as("bene_mbi_id"),
                providers.npi(col("org_idx"), lit(0)).as("designated_npi"),
                providers.tin(col("org_idx")).as("designated_tin"),
                col("signature_date"));
    return random.unionByName(built);
  }
}
