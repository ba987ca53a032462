package org.mssp.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The MBSF line parser against the rules of docs/ingest.md and the columns of docs/input-formats.md,
 * on lines built field by field (no Spark): each rule kind, the order in which rules are checked,
 * and the typing of accepted lines. Expected values by hand.
 */
class MbsfLineParserTest {
  private static final MbsfLineParser P2018 = new MbsfLineParser(2018);

  /** A good 2018 line as a list of its 66 fields, to change one and join. */
  private static List<String> good() {
    return new ArrayList<>(Arrays.asList(
        CclfFixtures.mbsfRow("1AA0AA0AA00", 2018, "3", "0", "10", "NA").split(",", -1)));
  }

  private static String set(List<String> fields, String name, String value) {
    fields.set(IngestTables.MBSF_HEADER.indexOf(name), value);
    return String.join(",", fields);
  }

  private static Object value(MbsfLineParser.Parsed p, String name) {
    return p.values()[IngestTables.MBSF_HEADER.indexOf(name)];
  }

  @Test
  void aGoodLineIsTypedAndBreaksNoRule() {
    List<String> f = good();
    set(f, "BENE_DEATH_DT", " 2018-06-15 ");
    MbsfLineParser.Parsed p = P2018.parse(set(f, "STATE_CNTY_FIPS_CD_03", ""));
    assertThat(p.rule()).isNull();
    assertThat(p.field()).isNull();
    assertThat(value(p, "BENE_MBI_ID")).isEqualTo("1AA0AA0AA00");
    assertThat(value(p, "RFRNC_YR")).isEqualTo(2018);
    assertThat(value(p, "BENE_BIRTH_DT")).isEqualTo(LocalDate.of(1950, 1, 1));
    // spaces around a value are removed; an empty field is null
    assertThat(value(p, "BENE_DEATH_DT")).isEqualTo(LocalDate.of(2018, 6, 15));
    assertThat(value(p, "STATE_CNTY_FIPS_CD_03")).isNull();
    assertThat(value(p, "STATE_CNTY_FIPS_CD_04")).isEqualTo("36061");
    assertThat(value(p, "DUAL_STUS_CD_12")).isEqualTo("NA");
    assertThat(P2018.fieldCount()).isEqualTo(66);
  }

  @Test
  void aLineWithTooFewOrTooManyFieldsBreaksFieldCountWithNoField() {
    MbsfLineParser.Parsed shortLine = P2018.parse("1AA0AA0AA01,2018,short");
    assertThat(shortLine.rule()).isEqualTo("field_count");
    assertThat(shortLine.field()).isNull();
    assertThat(shortLine.description()).isEqualTo("line must have 66 comma-separated fields");
    // a trailing comma is one more (empty) field
    assertThat(P2018.parse(String.join(",", good()) + ",").rule()).isEqualTo("field_count");
  }

  @Test
  void eachRuleKindNamesItsFieldAndMessage() {
    MbsfLineParser.Parsed blank = P2018.parse(set(good(), "BENE_MBI_ID", "  "));
    assertThat(List.of(blank.rule(), blank.field(), blank.description()))
        .containsExactly("required", "BENE_MBI_ID", "BENE_MBI_ID must not be blank");
    MbsfLineParser.Parsed year = P2018.parse(set(good(), "RFRNC_YR", "2017"));
    assertThat(List.of(year.rule(), year.field(), year.description()))
        .containsExactly("year", "RFRNC_YR", "RFRNC_YR must be 2018, the year in the file name");
    for (String bad : List.of("2018-02-29", "2018-13-01", "18-01-01", "2018/01/01", "0000-01-01")) {
      MbsfLineParser.Parsed date = P2018.parse(set(good(), "BENE_BIRTH_DT", bad));
      assertThat(List.of(date.rule(), date.field(), date.description())).as(bad)
          .containsExactly("date", "BENE_BIRTH_DT", "BENE_BIRTH_DT must be a yyyy-MM-dd date or empty");
    }
    // 2016 was a leap year
    assertThat(P2018.parse(set(good(), "BENE_DEATH_DT", "2016-02-29")).rule()).isNull();
    MbsfLineParser.Parsed sex = P2018.parse(set(good(), "BENE_SEX_CD", "M"));
    assertThat(List.of(sex.rule(), sex.field(), sex.description()))
        .containsExactly("code", "BENE_SEX_CD", "BENE_SEX_CD must be one of [0, 1, 2]");
    // an empty code is not a code
    assertThat(P2018.parse(set(good(), "BENE_ORGNL_ENTLMT_RSN_CD", "")).field()).isEqualTo("BENE_ORGNL_ENTLMT_RSN_CD");
    for (String bad : List.of("3606", "36O61", "360611")) {
      MbsfLineParser.Parsed fips = P2018.parse(set(good(), "STATE_CNTY_FIPS_CD_07", bad));
      assertThat(List.of(fips.rule(), fips.field(), fips.description())).as(bad)
          .containsExactly("code", "STATE_CNTY_FIPS_CD_07", "STATE_CNTY_FIPS_CD_07 must be 5 digits or empty");
    }
    MbsfLineParser.Parsed hmo = P2018.parse(set(good(), "HMO_IND_12", "X"));
    assertThat(List.of(hmo.rule(), hmo.field(), hmo.description()))
        .containsExactly("code", "HMO_IND_12", "HMO_IND_12 must be one of [0, 1, 2, 4, A, B, C]");
    assertThat(P2018.parse(set(good(), "MDCR_ENTLMT_BUYIN_IND_01", "D")).field()).isEqualTo("MDCR_ENTLMT_BUYIN_IND_01");
    assertThat(P2018.parse(set(good(), "MDCR_STUS_CD_05", "30")).field()).isEqualTo("MDCR_STUS_CD_05");
    assertThat(P2018.parse(set(good(), "DUAL_STUS_CD_02", "07")).field()).isEqualTo("DUAL_STUS_CD_02");
  }

  @Test
  void theFirstBrokenRuleIsRecordedMonthByMonth() {
    // The year rule comes before the dates; within the monthly fields, month 2's FIPS code comes
    // before month 3's HMO code although the header lists every FIPS code before any HMO code,
    // and month 3's buy-in code before month 3's HMO code.
    List<String> f = good();
    set(f, "RFRNC_YR", "2019");
    assertThat(P2018.parse(set(f, "BENE_BIRTH_DT", "x")).field()).isEqualTo("RFRNC_YR");
    List<String> g = good();
    set(g, "HMO_IND_03", "X");
    assertThat(P2018.parse(set(g, "STATE_CNTY_FIPS_CD_02", "1")).field()).isEqualTo("STATE_CNTY_FIPS_CD_02");
    List<String> h = good();
    set(h, "HMO_IND_03", "X");
    assertThat(P2018.parse(set(h, "MDCR_ENTLMT_BUYIN_IND_03", "X")).field()).isEqualTo("MDCR_ENTLMT_BUYIN_IND_03");
    assertThat(P2018.parse(set(h, "MDCR_ENTLMT_BUYIN_IND_03", "3")).field()).isEqualTo("HMO_IND_03");
  }
}
