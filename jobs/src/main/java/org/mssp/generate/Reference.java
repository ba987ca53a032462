package org.mssp.generate;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.date_add;
import static org.apache.spark.sql.functions.element_at;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.floor;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.make_date;
import static org.apache.spark.sql.functions.sequence;
import static org.apache.spark.sql.functions.when;

import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

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

  /**
   * Agreements: the first agreement starts 0-5 years before the first generated year; periods
   * last 3 years; agreements starting from 2020 are BASIC/ENHANCED with a choice of assignment
   * method, earlier ones follow the Track 1/2/3/1+ mix of the rules file (Track 3 prospective).
   */
  Dataset<Row> agreements(SparkSession spark) {
    Column aco = col("aco_rank");
    Dataset<Row> a =
        spark.range(config.acos()).select(col("id").cast("int").as("aco_rank"))
            .withColumn("year", explode(sequence(lit(config.firstYear()), lit(config.lastYear()))))
            .withColumn("first_start", lit(config.firstYear()).minus(draws.index("aco.first_start", lit(6), aco)));
    Column period = floor(col("year").minus(col("first_start")).divide(3)).cast("int").plus(1);
    a = a.withColumn("period", period)
        .withColumn("start_year", col("first_start").plus(col("period").minus(1).multiply(3)));
    Column u = draws.uniform("aco.track", aco, col("period"));
    List<String> tracks = List.of("TRACK_1", "TRACK_2", "TRACK_3", "TRACK_1_PLUS");
    Column legacy = lit(tracks.get(tracks.size() - 1));
    double cum = 0;
    double[] cums = new double[tracks.size()];
    for (int i = 0; i < tracks.size(); i++) {
      cum += rules.number("aco.track." + tracks.get(i));
      cums[i] = cum;
    }
    for (int i = tracks.size() - 2; i >= 0; i--) {
      legacy = when(u.lt(cums[i] / cum), lit(tracks.get(i))).otherwise(legacy);
    }
    Column[] pathways = List.of("BASIC_A", "BASIC_B", "BASIC_C", "BASIC_D", "BASIC_E", "ENHANCED").stream()
        .map(s -> lit(s)).toArray(Column[]::new);
    Column track =
        when(col("start_year").geq(2020),
                element_at(array(pathways), draws.index("aco.pathway", lit(pathways.length), aco, col("period")).plus(1)))
            .otherwise(legacy);
    a = a.withColumn("track", track);
    Column t = col("track");
    Column method =
        when(t.equalTo("TRACK_3"), lit("PROSPECTIVE"))
            .when(t.startsWith("TRACK"), lit("RETROSPECTIVE"))
            .when(draws.chance("aco.prospective", lit(rules.number("aco.prospective.probability")), aco, col("period")), lit("PROSPECTIVE"))
            .otherwise(lit("RETROSPECTIVE"));
    Column[] fixed = List.of("0", "0.005", "0.01", "0.015", "0.02").stream().map(s -> lit(s)).toArray(Column[]::new);
    Column msr =
        when(t.isin("TRACK_1", "BASIC_A", "BASIC_B"), lit("VARIABLE"))
            .when(draws.chance("aco.msr", lit(rules.number("aco.variable_msr.probability")), aco, col("period")), lit("VARIABLE"))
            .otherwise(element_at(array(fixed), draws.index("aco.msr_rate", lit(fixed.length), aco, col("period")).plus(1)));
    return a.select(
        Providers.acoId(col("aco_rank")).as("aco_id"),
        col("year").as("performance_year"),
        t.as("track"),
        make_date(col("start_year"), lit(1), lit(1)).as("agreement_start_date"),
        col("period").as("agreement_period_number"),
        method.as("assignment_method"),
        msr.as("msr_election"));
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
