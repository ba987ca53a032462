package org.mssp.benchmark;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.mssp.assignment.AssignmentTables;
import org.mssp.expenditure.ExpenditureTables;
import org.mssp.reference.ReferenceTables;
import org.mssp.risk.RiskStage;
import org.mssp.testsupport.SharedSpark;

/**
 * The inputs of the risk ratio at reconciliation (mssp-methodology.md §3.5): the newly /
 * continuously assigned split with its continuity basis, and the renormalised demographic score.
 */
class RiskCohortStageTest {
  private static final SparkSession SPARK = SharedSpark.session();
  private static final String AND = "AGED_NON_DUAL";

  private static Dataset<Row> frame(StructType schema, Object[]... rows) {
    List<Row> list = new ArrayList<>();
    for (Object[] r : rows) {
      list.add(RowFactory.create(r));
    }
    return SPARK.createDataFrame(list, schema);
  }

  private static StructType columnsOf(org.mssp.common.schema.TableSpec spec, String... names) {
    StructType s = new StructType();
    for (String n : names) {
      s = s.add(spec.schema().apply(n));
    }
    return s;
  }

  private static BigDecimal m(String s) {
    return s == null ? null : new BigDecimal(s);
  }

  private static final StructType ASSIGNMENT = columnsOf(AssignmentTables.BENEFICIARY_ASSIGNMENT,
      "bene_id", "performance_year", "assignment_year", "aco_id");
  private static final StructType CONTACT = columnsOf(AssignmentTables.PRIMARY_CARE_CONTACT,
      "bene_id", "performance_year", "assignment_year", "aco_id");
  private static final StructType EXPENDITURE = columnsOf(ExpenditureTables.BENEFICIARY_EXPENDITURE,
      "bene_id", "year", "enrollment_type", "eligible_months", "assignable");
  private static final StructType RISK = new StructType()
      .add("bene_id", DataTypes.StringType).add("year", DataTypes.IntegerType).add("enrollment_type", DataTypes.StringType)
      .add("normalized_risk_score", ExpenditureTables.RATIO).add("normalized_demographic_score", ExpenditureTables.RATIO);

  @Test
  void priorYearAssignmentSplitsNewlyFromContinuouslyAssignedPerAcoWithItsBasis() {
    Dataset<Row> assignment = frame(ASSIGNMENT,
        // A_PRIOR: the PY2018 run assigned p_prior_run in 2018; the PY2019 run's BY row (p_by_row_only) is not used
        new Object[] {"p_prior_run", 2018, 2018, "A_PRIOR"},
        new Object[] {"p_by_row_only", 2019, 2018, "A_PRIOR"},
        // p_other_aco was assigned to another ACO in 2018: newly assigned to A_PRIOR
        new Object[] {"p_other_aco", 2018, 2018, "A_OTHER"},
        // A_BY: no PY2018 run; the PY2019 run's 2018 benchmark-year row
        new Object[] {"b_by_row", 2019, 2018, "A_BY"},
        new Object[] {"p_prior_run", 2019, 2019, "A_PRIOR"},
        new Object[] {"p_by_row_only", 2019, 2019, "A_PRIOR"},
        new Object[] {"p_other_aco", 2019, 2019, "A_PRIOR"},
        new Object[] {"b_by_row", 2019, 2019, "A_BY"},
        new Object[] {"b_new", 2019, 2019, "A_BY"},
        // A_NONE: no assignment of 2018 anywhere
        new Object[] {"n_new", 2019, 2019, "A_NONE"});
    Dataset<Row> expenditure = frame(EXPENDITURE,
        new Object[] {"p_prior_run", 2019, AND, 12, true},
        new Object[] {"p_by_row_only", 2019, AND, 6, true},
        new Object[] {"p_other_aco", 2019, AND, 12, true},
        new Object[] {"b_by_row", 2019, AND, 12, true},
        new Object[] {"b_new", 2019, AND, 12, true},
        new Object[] {"n_new", 2019, AND, 12, true});
    Dataset<Row> risk = frame(RISK,
        new Object[] {"p_prior_run", 2019, AND, m("1.2"), m("0.9")},
        new Object[] {"p_by_row_only", 2019, AND, m("1.0"), m("1.1")},
        new Object[] {"p_other_aco", 2019, AND, m("1.3"), null},
        new Object[] {"b_by_row", 2019, AND, m("0.8"), m("1.0")},
        new Object[] {"b_new", 2019, AND, m("1.5"), m("1.0")},
        new Object[] {"n_new", 2019, AND, m("1.0"), m("1.0")});

    assertThat(cohorts(assignment, frame(CONTACT), expenditure, risk)).containsExactly(
        // b_by_row continuing (1 py, 0.8, 1.0) ; b_new newly (1 py, 1.5, 1.0)
        "A_BY|CONTINUOUSLY|1|0.8|1|BENCHMARK_YEAR_ASSIGNMENT",
        "A_BY|NEWLY|1|1.5|1|BENCHMARK_YEAR_ASSIGNMENT",
        "A_NONE|NEWLY|1|1|1|NONE",
        "A_PRIOR|CONTINUOUSLY|1|1.2|0.9|PRIOR_PERFORMANCE_YEAR_ASSIGNMENT",
        // newly: 6 + 12 months = 1.5 py ; HCC (1.0 x 6 + 1.3 x 12) / 18 = 21.6 / 18 = 1.2 ; demographic only p_by_row_only's 1.1
        "A_PRIOR|NEWLY|1.5|1.2|1.1|PRIOR_PERFORMANCE_YEAR_ASSIGNMENT");
  }

  /**
   * The second leg of "continuously assigned": a primary care service with the ACO's participants
   * in the prior year, from {@code primary_care_contact}, by the same basis as the assignment.
   */
  @Test
  void aPriorYearPrimaryCareServiceWithTheAcoAlsoMakesABeneficiaryContinuouslyAssigned() {
    Dataset<Row> assignment = frame(ASSIGNMENT,
        // A_PRIOR: the PY2018 run assigned p_assigned in 2018
        new Object[] {"p_assigned", 2018, 2018, "A_PRIOR"},
        new Object[] {"p_assigned", 2019, 2019, "A_PRIOR"},
        new Object[] {"c_contact", 2019, 2019, "A_PRIOR"},
        new Object[] {"c_contact_other", 2019, 2019, "A_PRIOR"},
        new Object[] {"c_by_contact", 2019, 2019, "A_PRIOR"},
        // A_BY: nobody assigned to it in 2018 by either run
        new Object[] {"b_contact", 2019, 2019, "A_BY"},
        new Object[] {"b_new", 2019, 2019, "A_BY"});
    Dataset<Row> contacts = frame(CONTACT,
        // the PY2018 run: c_contact saw A_PRIOR's participants in 2018; c_contact_other only A_OTHER's
        new Object[] {"p_assigned", 2018, 2018, "A_PRIOR"},
        new Object[] {"c_contact", 2018, 2018, "A_PRIOR"},
        new Object[] {"c_contact_other", 2018, 2018, "A_OTHER"},
        // the PY2019 run's benchmark-year row: not used for A_PRIOR, whose basis is the PY2018 run
        new Object[] {"c_by_contact", 2019, 2018, "A_PRIOR"},
        // A_BY: the PY2019 run's benchmark-year contact is its only 2018 row, so its basis
        new Object[] {"b_contact", 2019, 2018, "A_BY"});
    Dataset<Row> expenditure = frame(EXPENDITURE,
        new Object[] {"p_assigned", 2019, AND, 12, true},
        new Object[] {"c_contact", 2019, AND, 12, true},
        new Object[] {"c_contact_other", 2019, AND, 12, true},
        new Object[] {"c_by_contact", 2019, AND, 12, true},
        new Object[] {"b_contact", 2019, AND, 12, true},
        new Object[] {"b_new", 2019, AND, 12, true});
    Dataset<Row> risk = frame(RISK,
        new Object[] {"p_assigned", 2019, AND, m("1.2"), m("0.9")},
        new Object[] {"c_contact", 2019, AND, m("1.0"), m("1.1")},
        new Object[] {"c_contact_other", 2019, AND, m("1.3"), m("1.0")},
        new Object[] {"c_by_contact", 2019, AND, m("0.7"), m("1.0")},
        new Object[] {"b_contact", 2019, AND, m("0.8"), m("1.0")},
        new Object[] {"b_new", 2019, AND, m("1.5"), m("1.0")});
    assertThat(cohorts(assignment, contacts, expenditure, risk)).containsExactly(
        "A_BY|CONTINUOUSLY|1|0.8|1|BENCHMARK_YEAR_ASSIGNMENT",
        "A_BY|NEWLY|1|1.5|1|BENCHMARK_YEAR_ASSIGNMENT",
        // p_assigned and c_contact: HCC (1.2 + 1.0) / 2 = 1.1, demographic (0.9 + 1.1) / 2 = 1.0
        "A_PRIOR|CONTINUOUSLY|2|1.1|1|PRIOR_PERFORMANCE_YEAR_ASSIGNMENT",
        // c_contact_other and c_by_contact: HCC (1.3 + 0.7) / 2 = 1.0, demographic 1.0
        "A_PRIOR|NEWLY|2|1|1|PRIOR_PERFORMANCE_YEAR_ASSIGNMENT");
  }

  /** aco|cohort|person-years|mean HCC|mean demographic|basis, ordered by ACO and cohort. */
  private static List<String> cohorts(Dataset<Row> assignment, Dataset<Row> contacts, Dataset<Row> expenditure,
      Dataset<Row> risk) {
    return RiskCohortStage.cohorts(assignment, contacts, expenditure, risk, 2019)
        .orderBy("aco_id", "cohort").collectAsList().stream()
        .map(r -> String.join("|", r.<String>getAs("aco_id"), r.<String>getAs("cohort"),
            r.<BigDecimal>getAs("person_years").stripTrailingZeros().toPlainString(),
            r.<BigDecimal>getAs("mean_risk_score").stripTrailingZeros().toPlainString(),
            r.isNullAt(r.fieldIndex("mean_demographic_risk_score")) ? "null"
                : r.<BigDecimal>getAs("mean_demographic_risk_score").stripTrailingZeros().toPlainString(),
            r.<String>getAs("continuity_basis")))
        .toList();
  }

  @Test
  void demographicScoresAreRenormalisedLikeHccScoresOverTheAssignablePopulation() {
    Dataset<Row> bene = frame(EXPENDITURE,
        new Object[] {"A", 2018, AND, 12, true},
        new Object[] {"B", 2018, AND, 6, true},
        new Object[] {"C", 2018, AND, 12, false},
        new Object[] {"D", 2018, AND, 12, true});
    Dataset<Row> ref = frame(columnsOf(ReferenceTables.PROSPECTIVE_RISK_SCORES,
            "bene_mbi_id", "year", "enrollment_type", "hcc_risk_score", "demographic_risk_score"),
        new Object[] {"A", 2018, AND, m("1.000"), m("0.500")},
        new Object[] {"B", 2018, AND, m("1.000"), m("0.800")},
        new Object[] {"C", 2018, AND, m("1.000"), m("2.000")},
        new Object[] {"D", 2018, AND, m("1.000"), null});
    Dataset<Row> scores = RiskStage.cmsScores(ref, 2018);
    Dataset<Row> factors = RiskStage.normalizationFactors(scores, bene);
    // (0.5 x 12 + 0.8 x 6) / 18 = 10.8 / 18 = 0.6 ; C not assignable, D has no demographic score
    assertThat(factors.first().<BigDecimal>getAs("demographic_normalization_factor")).isEqualByComparingTo("0.6");
    List<Row> norm = RiskStage.normalize(scores, factors).orderBy("bene_id").collectAsList();
    // 0.5 / 0.6, 0.8 / 0.6, 2.0 / 0.6, null
    assertThat(norm.stream().map(r -> r.isNullAt(r.fieldIndex("normalized_demographic_score")) ? "null"
        : r.<BigDecimal>getAs("normalized_demographic_score").toPlainString()).toList())
        .containsExactly("0.8333333333", "1.3333333333", "3.3333333333", "null");
  }
}
