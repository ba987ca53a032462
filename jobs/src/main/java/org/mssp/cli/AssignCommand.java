package org.mssp.cli;

import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import org.mssp.assignment.AssignmentJob;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code aco assign}: beneficiary assignment and provider attribution for one performance year. */
@Command(
    name = "assign",
    mixinStandardHelpOptions = true,
    description = {
      "Assign beneficiaries to ACOs (MSSP step-wise plurality) and to clinicians, for every ACO at once.",
      "Reads the warehouse's ingest and reference tables; writes beneficiary_assignment,",
      "provider_attribution, assignment_summary and assignable_population for the year."
    })
public final class AssignCommand implements Callable<Integer> {
  @picocli.CommandLine.Mixin StageTarget target;

  @Mixin SparkOptions spark;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    AssignmentJob.Config config = new AssignmentJob.Config(target.warehouse, target.performanceYear);
    SparkSession session = spark.session("aco-assign");
    AssignmentJob.Counts counts = AssignmentJob.run(config, session);
    spec.commandLine().getOut().printf(
        "assigned %d beneficiary-years, attributed %d, %d ACO-year summaries, %d assignable beneficiary-years%n",
        counts.assigned(), counts.attributed(), counts.acos(), counts.assignable());
    return 0;
  }
}
