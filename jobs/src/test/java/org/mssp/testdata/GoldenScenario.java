package org.mssp.testdata;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.mssp.common.cclf.CclfFile;
import org.mssp.ingest.CclfFixtures;

/**
 * A golden scenario (issue 8): a hand-made CCLF delivery whose readable sources live under a test
 * resource folder (the story of every beneficiary is in its README.md). {@link #write} renders
 * them into a dataset in the layout of docs/input-formats.md: fixed-width CCLF files (through
 * {@link CclfFixtures#line}, which reads the field widths from the layout data), one folder per
 * delivery with a matching CCLF0, the MBSF-style enrollment file expanded from its compact month
 * segments, and the reference CSVs (and CMS-format files, if any) copied as they are.
 *
 * @param root resource folder of the scenario
 * @param performanceYear its performance year
 * @param enrollmentYears the years with an enrollment file
 * @param cmsFiles files under {@code cms/} copied as they are (ACO mode parameter and county files)
 */
public record GoldenScenario(String root, int performanceYear, List<Integer> enrollmentYears, List<String> cmsFiles) {
  /**
   * PY2018, evaluator mode: 20 beneficiaries, 3 ACOs; enrollment in the benchmark years of the
   * three agreements (2013–2015, 2014–2016, 2015–2017) and the performance year.
   */
  public static final GoldenScenario PY2018 =
      new GoldenScenario("/golden/", 2018, List.of(2013, 2014, 2015, 2016, 2017, 2018), List.of());

  /**
   * PY2022, ACO mode (2019+ rules): 8 beneficiaries, 2 ACOs, one prospective; enrollment 2018
   * (the prospective window of BY2019 runs Oct 2017 – Sep 2018) to 2022; CMS-format national
   * parameters and county file.
   */
  public static final GoldenScenario PY2022 = new GoldenScenario("/golden-2022/", 2022,
      List.of(2018, 2019, 2020, 2021, 2022), List.of("national_parameters.csv", "county_ffs_2019_2022.csv"));

  /** The CCLF files every delivery holds (empty ones included), as the generator writes them. */
  static final List<CclfFile> FILES =
      List.of(CclfFile.CCLF1, CclfFile.CCLF2, CclfFile.CCLF4, CclfFile.CCLF5, CclfFile.CCLF6, CclfFile.CCLF8,
          CclfFile.CCLF9);

  static final List<String> REFERENCE_FILES =
      List.of("aco_participants.csv", "provider_roster.csv", "voluntary_alignment.csv", "aco_agreements.csv",
          "aco_quality.csv", "prospective_risk_scores.csv", "allocation_plan.json");

  /** A scenario source CSV as rows of column → value (header first; '#' lines are comments). */
  public List<Map<String, String>> csv(String resource) {
    List<String> lines = new ArrayList<>();
    for (String l : text(resource).split("\n")) {
      if (!l.isBlank() && !l.startsWith("#")) {
        lines.add(l);
      }
    }
    String[] header = lines.get(0).split(",", -1);
    List<Map<String, String>> rows = new ArrayList<>();
    for (int i = 1; i < lines.size(); i++) {
      String[] v = lines.get(i).split(",", -1);
      if (v.length != header.length) {
        throw new IllegalArgumentException(
            resource + ", line " + (i + 1) + ": " + v.length + " values for " + header.length + " columns");
      }
      Map<String, String> row = new LinkedHashMap<>();
      for (int c = 0; c < header.length; c++) {
        row.put(header[c], v[c]);
      }
      rows.add(row);
    }
    return rows;
  }

  String text(String resource) {
    try (InputStream in = GoldenScenario.class.getResourceAsStream(root + resource)) {
      if (in == null) {
        throw new IllegalArgumentException("no resource " + root + resource);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Writes the dataset under {@code root} (cclf/, enrollment/, reference/, and cms/ when it has CMS files). */
  public void write(Path root) throws IOException {
    for (Map<String, String> d : csv("cclf/deliveries.csv")) {
      Map<CclfFile, List<String>> files = new LinkedHashMap<>();
      for (CclfFile f : FILES) {
        List<String> lines = new ArrayList<>();
        for (Map<String, String> row : csv("cclf/" + f.name().toLowerCase(java.util.Locale.ROOT) + ".csv")) {
          if (row.get("delivery").equals(d.get("delivery"))) {
            Map<String, String> fields = new LinkedHashMap<>(row);
            fields.remove("delivery");
            lines.add(CclfFixtures.line(f, fields));
          }
        }
        files.put(f, lines);
      }
      CclfFixtures.delivery(root, d.get("kind"), Integer.parseInt(d.get("data_year")),
          LocalDate.parse(d.get("date")), CclfFixtures.Form.FOLDER, files, Map.of(), true);
    }
    for (int year : enrollmentYears) {
      CclfFixtures.enrollment(root, year, mbsfRows(year, csv("enrollment_" + year + ".csv")));
    }
    Path ref = Files.createDirectories(root.resolve("reference"));
    for (String f : REFERENCE_FILES) {
      Files.writeString(ref.resolve(f), text("reference/" + f));
    }
    if (!cmsFiles.isEmpty()) {
      Path cms = Files.createDirectories(root.resolve("cms"));
      for (String f : cmsFiles) {
        Files.writeString(cms.resolve(f), text("cms/" + f));
      }
    }
  }

  /**
   * MBSF rows of {@code year} from the compact form: per beneficiary, month segments {@code from-to buyin hmo
   * status dual fips}; every month 1–12 must be covered exactly once.
   */
  static List<String> mbsfRows(int year, List<Map<String, String>> compact) {
    List<String> out = new ArrayList<>();
    for (Map<String, String> b : compact) {
      String[][] month = new String[12][];
      for (String segment : b.get("months").split(";")) {
        String[] p = segment.trim().split(" +");
        String[] range = p[0].split("-");
        for (int m = Integer.parseInt(range[0]); m <= Integer.parseInt(range[1]); m++) {
          if (month[m - 1] != null) {
            throw new IllegalArgumentException(b.get("bene_mbi_id") + ": month " + m + " listed twice");
          }
          // buyin, hmo, status, dual, fips
          month[m - 1] = new String[] {p[1], p[2], p[3], p[4], p[5]};
        }
      }
      List<String> v = new ArrayList<>(List.of(b.get("bene_mbi_id"), String.valueOf(year),
          b.get("birth_date"), b.get("sex"), b.get("death_date"), b.get("orec")));
      // MBSF column order: FIPS, buy-in, HMO, status, dual (IngestTables.MBSF_MONTHLY), 12 months each
      int[] order = {4, 0, 1, 2, 3};
      for (int field : order) {
        for (int m = 0; m < 12; m++) {
          if (month[m] == null) {
            throw new IllegalArgumentException(b.get("bene_mbi_id") + ": month " + (m + 1) + " not listed");
          }
          v.add(month[m][field]);
        }
      }
      out.add(String.join(",", v));
    }
    return out;
  }
}
