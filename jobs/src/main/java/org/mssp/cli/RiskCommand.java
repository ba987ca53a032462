package org.mssp.cli;

import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import org.mssp.risk.RiskJob;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code aco risk --warehouse W --year Y --hcc-tables DIR [--payment-year P]}: CMS-HCC scores from diagnoses. */
@Command(
    name = "risk",
    mixinStandardHelpOptions = true,
    description = {
      "CMS-HCC prospective risk scores of one year computed from the prior year's diagnoses (V24/V28 blend of the",
      "payment year) into beneficiary_risk_score. See docs/risk-adjustment.md."
    })
public final class RiskCommand implements Callable<Integer> {
  @Option(names = "--warehouse", required = true, description = "Warehouse root (path or s3a://).")
  String warehouse;

  @Option(names = "--year", required = true, description = "Score year; diagnoses come from the year before.")
  int year;

  @Option(names = "--payment-year", description = "Payment year of the CMS tables and blend (default: the score year).")
  Integer paymentYear;

  @Option(names = "--hcc-tables", required = true,
      description = "Local folder with CMS's tables ra_dx_to_cc_<P>.csv, ra_hierarchies_<P>.csv, ra_coefficients_<P>.csv, ra_eligible_cpt_hcpcs_<P>.csv.")
  String hccTables;

  @Option(names = "--institutional", description = "Optional CSV bene_mbi_id,year of long-term institutional beneficiaries.")
  String institutional;

  @CommandLine.Mixin SparkOptions spark;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    RiskJob.Config config = new RiskJob.Config(warehouse, year, paymentYear == null ? year : paymentYear, hccTables, institutional);
    SparkSession session = spark.session("aco risk " + year);
    RiskJob.Result r = RiskJob.run(config, session);
    spec.commandLine().getOut().printf(
        "beneficiary_risk_score %d: %d beneficiaries (%d new enrollees), %d diagnoses; %d unmapped model × code pairs "
            + "(%d beneficiary × code) in risk_unmapped_diagnosis%n",
        year, r.beneficiaries(), r.newEnrollees(), r.diagnoses(), r.unmappedCodes(), r.unmappedBeneficiaryCodes());
    spec.commandLine().getOut().flush();
    return 0;
  }
}
