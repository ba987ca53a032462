package org.mssp.assignment;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.mssp.common.spark.DeltaTables;
import org.mssp.reference.ReferenceTables;
import org.mssp.testdata.GeneratedWarehouse;
import org.mssp.testsupport.SharedSpark;

/**
 * Assignment on the generated, ingested dataset: each beneficiary is in at most one ACO per year,
 * and the outcomes the generator built by construction ({@code truth/constructed_assignment.csv}:
 * plurality, specialist only, tie, MA month, Part-A-only month, voluntary, TIN in two ACOs, died
 * mid year, non-ACO plurality) come out as built.
 */
class AssignmentGeneratedDataTest {
  private static GeneratedWarehouse generated;
  private static AssignmentJob.Counts counts;

  @BeforeAll
  static void assign() {
    generated = GeneratedWarehouse.get();
    counts = AssignmentJob.run(
        new AssignmentJob.Config(generated.warehouse().toString(), GeneratedWarehouse.LAST_YEAR),
        SharedSpark.session());
  }

  @Test
  void eachBeneficiaryIsAssignedToAtMostOneAcoPerYear() {
    SparkSession spark = SharedSpark.session();
    long rows = DeltaTables.read(spark, generated.warehouse().toString(), AssignmentTables.BENEFICIARY_ASSIGNMENT).count();
    long distinct = DeltaTables.read(spark, generated.warehouse().toString(), AssignmentTables.BENEFICIARY_ASSIGNMENT)
        .select("bene_id", "assignment_year").distinct().count();
    assertThat(rows).isEqualTo(distinct).isEqualTo(counts.assigned()).isPositive();
  }

  @Test
  void constructedAssignmentsComeOutAsBuilt() throws IOException {
    SparkSession spark = SharedSpark.session();
    List<String> lines = Files.readAllLines(generated.dataset().resolve("truth/constructed_assignment.csv"));
    assertThat(lines.get(0)).isEqualTo("bene_mbi_id,year,expected_aco_id,case");
    // The truths assume the calendar-year window; every ACO of this dataset must then be
    // retrospective in the performance year, or the truths do not apply.
    List<String> methods = DeltaTables.read(spark, generated.warehouse().toString(), ReferenceTables.ACO_AGREEMENTS)
        .filter(col("performance_year").equalTo(GeneratedWarehouse.LAST_YEAR))
        .select("assignment_method").distinct().collectAsList().stream().map(r -> r.getString(0)).toList();
    assertThat(methods).containsOnly(AssignmentWindow.RETROSPECTIVE);

    Map<String, String> actual = new HashMap<>();
    for (Row r : DeltaTables.read(spark, generated.warehouse().toString(), AssignmentTables.BENEFICIARY_ASSIGNMENT)
        .filter(col("assignment_year").equalTo(GeneratedWarehouse.LAST_YEAR))
        .select("bene_id", "aco_id", "assignment_step").collectAsList()) {
      actual.put(r.getString(0), r.getString(1) + "/" + r.getString(2));
    }
    Map<String, String> expectedByCase = new TreeMap<>();
    Map<String, String> actualByCase = new TreeMap<>();
    for (String line : lines.subList(1, lines.size())) {
      String[] f = line.split(",", -1);
      String key = f[3] + " " + f[0];
      expectedByCase.put(key, f[2].isEmpty() ? "none" : f[2]);
      String got = actual.get(f[0]);
      actualByCase.put(key, got == null ? "none" : got.substring(0, got.indexOf('/')));
    }
    assertThat(expectedByCase).hasSizeGreaterThanOrEqualTo(9);
    assertThat(actualByCase).isEqualTo(expectedByCase);
  }
}
