package org.mssp.generate;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mssp.common.cclf.CclfField;
import org.mssp.common.cclf.CclfFile;
import org.mssp.common.cclf.CclfFileName;
import org.mssp.common.cclf.CclfLayout;
import org.mssp.testsupport.SharedSpark;

/**
 * One small generated dataset (800 beneficiaries x 2 years, 3 ACOs), checked line by line against
 * the layouts, against its CCLF0 summaries and manifest, and for the mess rates it was asked for.
 */
class GenerateJobTest {
  static final int BENES = 800;
  @TempDir static Path tempDir;
  static Path root;
  static JsonNode manifest;
  static Map<String, List<String>> files;

  static GenerateConfig config(long benes, long seed, String output, boolean gzip, double malformed) {
    return config(benes, seed, output, gzip, malformed, 2017);
  }

  static GenerateConfig config(long benes, long seed, String output, boolean gzip, double malformed, int firstYear) {
    MessRates d = MessRates.defaults(GenerateRules.load());
    MessRates rates = new MessRates(d.cancel(), d.adjust(), d.redeliver(), malformed, d.mbiChange(), d.ma(),
        d.partAOnly(), d.specialistOnly(), d.tinTwoAcos(), d.voluntary(), 2);
    return new GenerateConfig(benes, 3, firstYear, 2018, seed, output, gzip, false,
        SharedSpark.sharedDir().resolve("data/mssp-county-ffs-2018.csv").toString(), "A9999", rates);
  }

  @BeforeAll
  static void generate() throws IOException {
    SparkSession spark = SharedSpark.session();
    root = tempDir.resolve("dataset");
    GenerateJob.run(config(BENES, 7, root.toString(), false, 0.003), spark);
    manifest = new ObjectMapper().readTree(root.resolve("manifest.json").toFile());
    files = GeneratedFiles.cclf(root);
  }

  private static boolean isMalformedCopy(CclfFile file, String line) {
    if (!List.of(CclfFile.CCLF1, CclfFile.CCLF2, CclfFile.CCLF4, CclfFile.CCLF5, CclfFile.CCLF6).contains(file)) {
      return false;
    }
    return line.length() >= 13 && line.substring(0, 13).chars().allMatch(Character::isDigit)
        && Long.parseLong(line.substring(0, 13)) % 8 == Claims.SLOT_MALFORMED;
  }

  /** Null when the field parses by its picture, else why not. */
  static String fieldProblem(CclfField f, String raw) {
    switch (f.kind()) {
      case DIGITS -> {
        return raw.chars().allMatch(Character::isDigit) ? null : "not digits";
      }
      case DATE -> {
        try {
          LocalDate.parse(raw);
          return null;
        } catch (DateTimeParseException e) {
          return "bad date";
        }
      }
      case AMOUNT, QUANTITY -> {
        String digits = "[ -]\\d{" + (f.length() - f.scale() - 2) + "}\\.\\d{" + f.scale() + "}";
        if (!raw.matches(digits)) {
          return "not a signed amount";
        }
        new BigDecimal(raw.trim());
        return null;
      }
      default -> {
        return null;
      }
    }
  }

  @Test
  void everyValidLineHasItsRecordLengthAndEveryFieldParsesByItsPicture() {
    long checked = 0;
    for (Map.Entry<String, List<String>> e : files.entrySet()) {
      CclfFileName name = GeneratedFiles.name(e.getKey());
      if (name.file() == CclfFile.CCLF0) {
        continue;
      }
      CclfLayout layout = CclfLayout.of(name.file());
      for (String line : e.getValue()) {
        if (isMalformedCopy(name.file(), line)) {
          continue;
        }
        assertThat(line).as("%s record length", e.getKey()).hasSize(layout.recordLength());
        for (CclfField f : layout.fields()) {
          String raw = line.substring(f.start() - 1, f.end());
          assertThat(fieldProblem(f, raw)).as("%s field %s = '%s'", e.getKey(), f.name(), raw).isNull();
        }
        checked++;
      }
    }
    assertThat(checked).isGreaterThan(10_000);
  }

  @Test
  void everyMalformedCopyFailsItsLayoutInTheWayTheManifestCounts() {
    Map<String, Long> kinds = new TreeMap<>();
    for (Map.Entry<String, List<String>> e : files.entrySet()) {
      CclfFile file = GeneratedFiles.name(e.getKey()).file();
      if (file == CclfFile.CCLF0) {
        continue;
      }
      CclfLayout layout = CclfLayout.of(file);
      for (String line : e.getValue()) {
        if (!isMalformedCopy(file, line)) {
          continue;
        }
        String kind;
        if (line.length() != layout.recordLength()) {
          kind = CclfFiles.WRONG_LENGTH;
        } else {
          kind = null;
          for (CclfField f : layout.fields()) {
            String p = fieldProblem(f, line.substring(f.start() - 1, f.end()));
            if ("bad date".equals(p)) {
              kind = CclfFiles.BAD_DATE;
            } else if ("not a signed amount".equals(p)) {
              kind = CclfFiles.NON_NUMERIC_AMOUNT;
            }
          }
          assertThat(kind).as("malformed copy in %s parses cleanly: %s", e.getKey(), line).isNotNull();
        }
        kinds.merge(kind, 1L, Long::sum);
      }
    }
    JsonNode totals = manifest.at("/totals");
    long malformed = totals.get("malformed_lines").asLong();
    assertThat(kinds.values().stream().mapToLong(Long::longValue).sum()).isEqualTo(malformed).isGreaterThan(0);
    for (String k : CclfFiles.MALFORMED_KINDS) {
      long expected = 0;
      for (JsonNode f : totals.get("files")) {
        expected += f.at("/malformed/" + k).asLong();
      }
      assertThat(kinds.getOrDefault(k, 0L)).as(k).isEqualTo(expected);
    }
  }

  @Test
  void cclf0CountsEveryLineOfEachFileInItsDeliveryAndManifestAgrees() {
    Map<String, Long> manifestLines = new HashMap<>();
    for (JsonNode d : manifest.get("deliveries")) {
      for (JsonNode f : d.get("files")) {
        manifestLines.put(d.get("name").asText() + "/" + f.get("name").asText(), f.get("lines").asLong());
      }
    }
    int deliveries = 0;
    for (Map.Entry<String, List<String>> e : files.entrySet()) {
      CclfFileName name = GeneratedFiles.name(e.getKey());
      if (name.file() != CclfFile.CCLF0) {
        continue;
      }
      deliveries++;
      Path dir = Path.of(e.getKey()).getParent();
      assertThat(e.getValue()).hasSize(7);
      for (String line : e.getValue()) {
        assertThat(line).hasSize(13 + 1 + 20 + 1 + 20 + 1 + 13);
        String[] parts = line.split("\\|");
        CclfFile file = CclfFile.valueOf(parts[0].trim());
        // descriptions are cut to the 20-character field
        assertThat(file.description()).startsWith(parts[1].trim());
        String member = name.withFile(file).format();
        List<String> lines = files.get(dir.resolve(member).toString());
        assertThat(lines).as(member).isNotNull();
        assertThat(Long.parseLong(parts[2].trim())).as(member).isEqualTo(lines.size());
        assertThat(Integer.parseInt(parts[3].trim())).isEqualTo(CclfLayout.of(file).recordLength());
        assertThat(manifestLines.get(dir.getFileName() + "/" + member)).isEqualTo((long) lines.size());
      }
    }
    assertThat(deliveries).isEqualTo(2 * 13);
  }

  @Test
  void filesFollowTheCmsNamingAndDeliveryCalendar() {
    Set<String> folders = new HashSet<>();
    for (String path : files.keySet()) {
      CclfFileName name = GeneratedFiles.name(path);
      assertThat(name.extractId()).isEqualTo("A9999");
      String folder = Path.of(path).getParent().getFileName().toString();
      assertThat(name.withFile(null).format()).isEqualTo(folder);
      folders.add(folder);
    }
    assertThat(folders).contains(
        "P.A9999.ACO.ZCY17.D170215.T0100000", "P.A9999.ACO.ZCY17.D180115.T0100000",
        "P.A9999.ACO.ZCR17.D180415.T0100000", "P.A9999.ACO.ZCR18.D190415.T0100000");
    assertThat(folders).hasSize(26);
  }

  @Test
  void runOutHoldsOnlyPriorYearServicesProcessedJanuaryToMarchAndTheyAreRedeliveredMonthly() {
    String runout = "cclf/P.A9999.ACO.ZCR17.D180415.T0100000/P.A9999.ACO.ZC1R17.D180415.T0100000";
    List<String> lines = files.get(runout);
    assertThat(lines).isNotEmpty();
    Set<String> monthly2018 = new HashSet<>();
    files.forEach((p, l) -> {
      if (p.contains("ZC1Y18")) {
        monthly2018.addAll(l);
      }
    });
    CclfLayout l1 = CclfLayout.of(CclfFile.CCLF1);
    CclfField thru = l1.field("CLM_THRU_DT");
    CclfField efctv = l1.field("CLM_EFCTV_DT");
    for (String line : lines) {
      if (isMalformedCopy(CclfFile.CCLF1, line)) {
        continue;
      }
      assertThat(line.substring(thru.start() - 1, thru.end())).startsWith("2017-");
      LocalDate processed = LocalDate.parse(line.substring(efctv.start() - 1, efctv.end()));
      assertThat(processed).isBetween(LocalDate.of(2018, 1, 1), LocalDate.of(2018, 3, 31));
      assertThat(monthly2018).as("run-out line also in a 2018 monthly delivery").contains(line);
    }
  }

  @Test
  void messRatesMatchTheirParametersWithinBinomialTolerance() {
    for (String key : List.of("cancellations", "adjustments", "redeliveries", "mbi_changes", "ma_beneficiary_years",
        "part_a_only_beneficiary_years", "specialist_only_beneficiary_years", "voluntary_designations",
        "malformed_lines")) {
      JsonNode m = manifest.at("/mess/" + key);
      double rate = m.get("rate").asDouble();
      long of = m.get("of").asLong();
      double realised = m.get("count").asDouble() / of;
      // 4 standard errors of a binomial proportion, plus one unit for small counts
      double tolerance = 4 * Math.sqrt(rate * (1 - rate) / of) + 1.0 / of;
      assertThat(realised).as("%s: %s", key, m).isCloseTo(rate, org.assertj.core.data.Offset.offset(tolerance));
      assertThat(m.get("count").asLong()).as(key).isGreaterThan(0);
    }
    assertThat(manifest.at("/mess/tins_in_two_acos/count").asLong()).isGreaterThan(0);
    assertThat(manifest.at("/mess/deaths_mid_year").asLong()).isGreaterThan(0);
    assertThat(manifest.at("/mess/plurality_ties").asLong()).isEqualTo(2);
  }

  @Test
  void adjustmentsAndCancellationsInTheFilesMatchTheManifest() {
    Set<String> adjusted = new HashSet<>();
    Set<String> cancelled = new HashSet<>();
    Map<CclfFile, CclfField[]> keys = Map.of(
        CclfFile.CCLF1, new CclfField[] {CclfLayout.of(CclfFile.CCLF1).field("CLM_CNTL_NUM"), CclfLayout.of(CclfFile.CCLF1).field("CLM_ADJSMT_TYPE_CD")},
        CclfFile.CCLF5, new CclfField[] {CclfLayout.of(CclfFile.CCLF5).field("CLM_CNTL_NUM"), CclfLayout.of(CclfFile.CCLF5).field("CLM_ADJSMT_TYPE_CD")},
        CclfFile.CCLF6, new CclfField[] {CclfLayout.of(CclfFile.CCLF6).field("CLM_CNTL_NUM"), CclfLayout.of(CclfFile.CCLF6).field("CLM_ADJSMT_TYPE_CD")});
    files.forEach((p, lines) -> {
      CclfFile f = GeneratedFiles.name(p).file();
      CclfField[] k = keys.get(f);
      if (k == null) {
        return;
      }
      for (String line : lines) {
        if (isMalformedCopy(f, line)) {
          continue;
        }
        String key = f.name() + line.substring(k[0].start() - 1, k[0].end()).trim();
        String adj = line.substring(k[1].start() - 1, k[1].end()).trim();
        if (adj.equals("2")) {
          adjusted.add(key);
        } else if (adj.equals("1")) {
          cancelled.add(key);
        }
      }
    });
    long adjustments = manifest.at("/mess/adjustments/count").asLong();
    long cancellations = manifest.at("/mess/cancellations/count").asLong();
    assertThat(adjusted).hasSize((int) adjustments);
    assertThat(cancelled.size() - adjusted.size()).isEqualTo((int) cancellations);
  }

  @Test
  void constructedAssignmentTruthListsEveryCaseWithItsExpectedAco() throws IOException {
    List<String> rows = Files.readAllLines(root.resolve("truth/constructed_assignment.csv"));
    assertThat(rows.get(0)).isEqualTo("bene_mbi_id,year,expected_aco_id,case");
    Map<String, Set<String>> expected = new TreeMap<>();
    for (String r : rows.subList(1, rows.size())) {
      String[] v = r.split(",", -1);
      assertThat(v[0]).matches(Mbi.PATTERN);
      assertThat(v[1]).isEqualTo("2018");
      expected.computeIfAbsent(v[3], x -> new HashSet<>()).add(v[2]);
    }
    assertThat(expected.keySet()).containsExactlyInAnyOrderElementsOf(new ConstructedCases(2, 3, BENES).cases);
    for (String none : List.of("tie", "ma_month", "part_a_only", "tin_in_two_acos", "non_aco_plurality")) {
      assertThat(expected.get(none)).as(none).containsOnly("");
    }
    for (String some : List.of("pcp_plurality", "specialist_only", "voluntary", "died_mid_year")) {
      assertThat(expected.get(some)).as(some).allMatch(a -> a.matches("A1\\d{3}"));
    }
  }

  @Test
  void manifestListsTheQualityFilesWithTheirRowsAndQualityCoversEveryAgreementYear() throws IOException {
    Map<String, Long> listed = new TreeMap<>();
    for (JsonNode f : manifest.get("files")) {
      listed.put(f.get("file").asText(), f.get("rows").asLong());
    }
    assertThat(listed).containsOnlyKeys("reference/aco_agreements.csv", "reference/aco_quality.csv",
        "quality/provider_quality_2018.csv", "quality/provider_cost_2018.csv");
    for (Map.Entry<String, Long> e : listed.entrySet()) {
      assertThat((long) Files.readAllLines(root.resolve(e.getKey())).size() - 1).as(e.getKey()).isEqualTo(e.getValue());
    }
    // one quality row per ACO-year of the agreements, same keys in the same order
    List<String> agreementKeys = Files.readAllLines(root.resolve("reference/aco_agreements.csv")).stream().skip(1)
        .map(l -> l.substring(0, l.indexOf(',', l.indexOf(',') + 1))).toList();
    List<String> qualityKeys = Files.readAllLines(root.resolve("reference/aco_quality.csv")).stream().skip(1)
        .map(l -> l.substring(0, l.indexOf(',', l.indexOf(',') + 1))).toList();
    assertThat(qualityKeys).isEqualTo(agreementKeys).isNotEmpty();
    // every provider row belongs to an ACO participant TIN of the same ACO
    Set<String> participants = new HashSet<>();
    for (String l : Files.readAllLines(root.resolve("reference/aco_participants.csv")).stream().skip(1).toList()) {
      String[] f = l.split(",", -1);
      participants.add(f[0] + "," + f[1]);
    }
    for (String l : Files.readAllLines(root.resolve("quality/provider_cost_2018.csv")).stream().skip(1).toList()) {
      String[] f = l.split(",", -1);
      assertThat(participants).as(l).contains(f[0] + "," + f[3]);
      assertThat(new BigDecimal(f[4])).as(l).isPositive();
    }
  }

  @Test
  void referenceAndEnrollmentFilesHaveTheContractHeaders() throws IOException {
    Map<String, String> headers = Map.of(
        "reference/aco_participants.csv", "aco_id,participant_tin,ccn,start_date,end_date",
        "reference/provider_roster.csv", "npi,billing_tin,specialty_code",
        "reference/voluntary_alignment.csv", "bene_mbi_id,designated_npi,designated_tin,signature_date",
        "reference/aco_agreements.csv",
        "aco_id,performance_year,track,agreement_start_date,agreement_period_number,assignment_method,msr_election",
        "reference/prospective_risk_scores.csv", "bene_mbi_id,year,enrollment_type,hcc_risk_score,demographic_risk_score",
        "reference/aco_quality.csv", "aco_id,performance_year,quality_score,quality_standard_met",
        "quality/provider_quality_2018.csv",
        "aco_id,performance_year,npi,tin,measure_id,higher_is_better,numerator,denominator,prior_numerator,prior_denominator",
        "quality/provider_cost_2018.csv", "aco_id,performance_year,npi,tin,risk_adjusted_cost_per_beneficiary");
    for (Map.Entry<String, String> e : headers.entrySet()) {
      List<String> lines = Files.readAllLines(root.resolve(e.getKey()));
      assertThat(lines.get(0)).as(e.getKey()).isEqualTo(e.getValue());
      // In this small dataset the ACOs' participant clinicians are the constructed practices, whose
      // panel is 0 (docs/synthetic-data.md), so the provider files may hold only their header.
      assertThat(lines.size()).as(e.getKey()).isGreaterThan(e.getKey().startsWith("quality/") ? 0 : 1);
    }
    List<String> mbsf = Files.readAllLines(root.resolve("enrollment/mbsf_2018.csv"));
    List<String> cols = Arrays.asList(mbsf.get(0).split(","));
    assertThat(cols).startsWith("BENE_MBI_ID", "RFRNC_YR", "BENE_BIRTH_DT", "BENE_SEX_CD", "BENE_DEATH_DT",
        "BENE_ORGNL_ENTLMT_RSN_CD", "STATE_CNTY_FIPS_CD_01");
    assertThat(cols).contains("MDCR_ENTLMT_BUYIN_IND_12", "HMO_IND_07", "MDCR_STUS_CD_01", "DUAL_STUS_CD_12").hasSize(66);
    Pattern mbi = Pattern.compile(Mbi.PATTERN);
    assertThat(mbsf.subList(1, mbsf.size())).allMatch(l -> mbi.matcher(l.substring(0, 11)).matches());
    long alive2017 = Files.readAllLines(root.resolve("enrollment/mbsf_2017.csv")).size() - 1;
    assertThat(alive2017).isEqualTo(BENES);
    assertThat(mbsf.size() - 1).isEqualTo(BENES - manifest.at("/mess/deaths").asLong()
        + countDeathsIn(mbsf, 2018));
  }

  private static long countDeathsIn(List<String> mbsf, int year) {
    return mbsf.stream().skip(1).filter(l -> l.split(",", -1)[4].startsWith(year + "-")).count();
  }

  @Test
  void spendIsCalibratedToTheCountyFileWithinTolerance() {
    // Realised final-action spend (without IME/DSH/uncompensated care) per FFS person-year against
    // the county per-capita of each beneficiary's county and type. Spend per person has a CV of
    // about 2 (lognormal x catastrophic mixture), so for ~1,200 aged non-dual person-years one
    // standard error is ~6%: 20% is more than 3 standard errors.
    for (JsonNode c : manifest.get("calibration")) {
      if (c.get("enrollment_type").asText().equals("AGED_NON_DUAL")) {
        double ratio = c.get("realised_per_capita").asDouble() / c.get("expected_per_capita").asDouble();
        assertThat(ratio).as(c.toString()).isBetween(0.80, 1.20);
        // national person-year-weighted aged non-dual per-capita of the 2018 file is ~9,900
        assertThat(c.get("expected_per_capita").asDouble()).isBetween(8_500.0, 11_500.0);
      }
    }
  }
}
