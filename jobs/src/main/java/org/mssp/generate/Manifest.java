package org.mssp.generate;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The manifest ({@code manifest.json}, written last): parameters, per delivery and file the
 * lines and malformed lines by kind, totals per file, the realised mess next to its rates, the
 * calibration check and the truths by construction. Keys are documented in
 * docs/synthetic-data.md; the ingest tests read them.
 */
final class Manifest {
  static final String FORMAT_VERSION = "1";

  private Manifest() {}

  static Map<String, Object> build(
      GenerateConfig config,
      Counties counties,
      List<CclfWriter.FileCount> written,
      List<Map<String, Object>> finalAction,
      Map<String, Long> versionMess,
      Map<String, Long> population,
      List<Map<String, Object>> calibration,
      Map<String, Long> acos,
      ConstructedCases cases,
      List<Map<String, Object>> otherFiles) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("manifest_version", FORMAT_VERSION);
    m.put("generator", "aco generate");
    m.put("parameters", parameters(config, counties));

    Map<String, Map<String, Object>> byDelivery = new LinkedHashMap<>();
    Map<String, Map<String, Object>> totals = new LinkedHashMap<>();
    long allLines = 0;
    long allMalformed = 0;
    for (CclfWriter.FileCount c : written) {
      Map<String, Object> d = byDelivery.computeIfAbsent(c.delivery(), k -> {
        Map<String, Object> x = new LinkedHashMap<>();
        x.put("name", k);
        x.put("kind", k.contains(".ZCR") ? "RUNOUT" : "MONTHLY");
        x.put("files", new ArrayList<Map<String, Object>>());
        return x;
      });
      long malformed = c.malformed().values().stream().mapToLong(Long::longValue).sum();
      Map<String, Object> f = new LinkedHashMap<>();
      f.put("file", c.file().name());
      f.put("name", c.name());
      f.put("lines", c.lines());
      f.put("malformed_lines", malformed);
      f.put("malformed", c.malformed());
      @SuppressWarnings("unchecked")
      List<Map<String, Object>> files = (List<Map<String, Object>>) d.get("files");
      files.add(f);
      Map<String, Object> t = totals.computeIfAbsent(c.file().name(), k -> {
        Map<String, Object> x = new LinkedHashMap<>();
        x.put("lines", 0L);
        x.put("malformed_lines", 0L);
        Map<String, Long> kinds = new LinkedHashMap<>();
        CclfFiles.MALFORMED_KINDS.forEach(kind -> kinds.put(kind, 0L));
        x.put("malformed", kinds);
        return x;
      });
      t.put("lines", (Long) t.get("lines") + c.lines());
      t.put("malformed_lines", (Long) t.get("malformed_lines") + malformed);
      @SuppressWarnings("unchecked")
      Map<String, Long> kinds = (Map<String, Long>) t.get("malformed");
      c.malformed().forEach((k, v) -> kinds.merge(k, v, Long::sum));
      allLines += c.lines();
      allMalformed += malformed;
    }
    m.put("deliveries", new ArrayList<>(byDelivery.values()));
    Map<String, Object> tot = new LinkedHashMap<>();
    tot.put("lines", allLines);
    tot.put("malformed_lines", allMalformed);
    tot.put("files", totals);
    m.put("totals", tot);
    m.put("files", otherFiles);

    MessRates r = config.rates();
    Map<String, Object> mess = new LinkedHashMap<>();
    mess.put("cancellations", rate(r.cancel(), versionMess.get("cancelled"), versionMess.get("originals"), "claims"));
    mess.put("adjustments", rate(r.adjust(), versionMess.get("adjusted"), versionMess.get("originals"), "claims"));
    mess.put("redeliveries", rate(r.redeliver(), versionMess.get("redeliveries"), versionMess.get("monthly_deliveries"), "version deliveries"));
    mess.put("runout_deliveries", versionMess.get("runout_deliveries"));
    long randomYears = population.get("random_beneficiary_years");
    mess.put("mbi_changes", rate(r.mbiChange(), population.get("mbi_changes"), population.get("beneficiary_years"), "beneficiary-years"));
    mess.put("ma_beneficiary_years", rate(r.ma(), population.get("ma_beneficiary_years"), randomYears, "beneficiary-years"));
    mess.put("part_a_only_beneficiary_years", rate(r.partAOnly(), population.get("part_a_only_beneficiary_years"), randomYears, "beneficiary-years"));
    mess.put("specialist_only_beneficiary_years", rate(r.specialistOnly(), population.get("specialist_only_beneficiary_years"), randomYears, "beneficiary-years"));
    mess.put("tins_in_two_acos", rate(r.tinTwoAcos(), acos.get("tins_in_two_acos"), acos.get("participant_tins"), "participant TINs"));
    mess.put("voluntary_designations", rate(r.voluntary(), population.get("voluntary_designations"),
        population.get("beneficiaries") - population.get("constructed_beneficiaries"), "beneficiaries"));
    long valid = allLines - allMalformed;
    long claimLines = 0;
    for (String f : List.of("CCLF1", "CCLF2", "CCLF4", "CCLF5", "CCLF6")) {
      Map<String, Object> t = totals.get(f);
      if (t != null) {
        claimLines += (Long) t.get("lines") - (Long) t.get("malformed_lines");
      }
    }
    mess.put("malformed_lines", rate(r.malformed(), allMalformed, claimLines, "valid claim lines (CCLF1/2/4/5/6)"));
    mess.put("deaths", population.get("deaths"));
    mess.put("deaths_mid_year", population.get("deaths_mid_year"));
    mess.put("esrd_onsets", population.get("esrd_onsets"));
    mess.put("plurality_ties", cases.cases.contains(ConstructedCases.TIE) ? (long) cases.perCase : 0L);
    m.put("mess", mess);
    m.put("calibration", calibration);

    Map<String, Object> truth = new LinkedHashMap<>();
    truth.put("distinct_beneficiaries", population.get("beneficiaries"));
    truth.put("beneficiary_years", population.get("beneficiary_years"));
    truth.put("deaths", population.get("deaths"));
    truth.put("mbi_changes", population.get("mbi_changes"));
    truth.put("valid_lines", valid);
    truth.put("final_action", finalAction);
    Map<String, Object> constructed = new LinkedHashMap<>();
    constructed.put("file", "truth/constructed_assignment.csv");
    constructed.put("beneficiaries", (long) cases.count());
    constructed.put("cases", cases.cases);
    constructed.put("year", config.lastYear());
    constructed.put("window", "calendar year " + config.lastYear() + " (retrospective final assignment)");
    truth.put("constructed_assignment", constructed);
    m.put("truth", truth);
    return m;
  }

  private static Map<String, Object> parameters(GenerateConfig config, Counties counties) {
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("beneficiaries", config.beneficiaries());
    p.put("acos", config.acos());
    p.put("first_year", config.firstYear());
    p.put("last_year", config.lastYear());
    p.put("seed", config.seed());
    p.put("gzip", config.gzip());
    p.put("extract_id", config.extractId());
    p.put("county_file", new org.apache.hadoop.fs.Path(config.countyFile()).getName());
    p.put("counties_used", counties.list().size());
    MessRates r = config.rates();
    Map<String, Object> rates = new LinkedHashMap<>();
    rates.put("cancel_rate", r.cancel());
    rates.put("adjust_rate", r.adjust());
    rates.put("redeliver_rate", r.redeliver());
    rates.put("malformed_rate", r.malformed());
    rates.put("mbi_change_rate", r.mbiChange());
    rates.put("ma_rate", r.ma());
    rates.put("part_a_only_rate", r.partAOnly());
    rates.put("specialist_only_rate", r.specialistOnly());
    rates.put("tin_two_acos_rate", r.tinTwoAcos());
    rates.put("voluntary_rate", r.voluntary());
    rates.put("constructed_per_case", r.constructedPerCase());
    p.put("rates", rates);
    return p;
  }

  private static Map<String, Object> rate(double parameter, long count, long of, String unit) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("rate", parameter);
    m.put("count", count);
    m.put("of", of);
    m.put("unit", unit);
    m.put("realised_rate", of == 0 ? 0.0 : (double) count / of);
    return m;
  }
}
