package org.mssp.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.mssp.common.cclf.CclfField;
import org.mssp.common.cclf.CclfFile;
import org.mssp.common.cclf.CclfLayout;

/**
 * The Java line parser against the pictures of claims-formats.md §1.3 and the rule order of {@link
 * CclfQualityRules}, on lines built field by field from the layout data (CCLF5, the widest claim
 * file, and CCLF9).
 */
class CclfLineParserTest {
  private static final CclfLineParser CCLF5 = new CclfLineParser(CclfFile.CCLF5);

  /** A CCLF5 line of the layout's length with the given fields (the others blank). */
  private static String line(CclfFile file, Map<String, String> fields) {
    CclfLayout layout = CclfLayout.of(file);
    char[] c = new char[layout.recordLength()];
    Arrays.fill(c, ' ');
    fields.forEach((name, value) -> {
      CclfField f = layout.field(name);
      assertThat(value.length()).as(name).isLessThanOrEqualTo(f.length());
      value.getChars(0, value.length(), c, f.start() - 1);
    });
    return new String(c);
  }

  private static Map<String, String> goodCclf5() {
    return new java.util.HashMap<>(Map.of(
        "CUR_CLM_UNIQ_ID", "0000000000123", "CLM_LINE_NUM", "1", "BENE_MBI_ID", "1AA0AA0AA00",
        "CLM_TYPE_CD", "71", "CLM_FROM_DT", "2018-03-01", "CLM_ADJSMT_TYPE_CD", "0",
        "CLM_LINE_CVRD_PD_AMT", "-0000000240.00", "CLM_LINE_ALOWD_CHRG_AMT", "00000000300.00"));
  }

  private static Object value(CclfLineParser.Parsed p, CclfFile file, String field) {
    return p.values()[CclfLayout.of(file).fields().indexOf(CclfLayout.of(file).field(field))];
  }

  @Test
  void aGoodLineIsTypedAndBreaksNoRule() {
    CclfLineParser.Parsed p = CCLF5.parse(line(CclfFile.CCLF5, goodCclf5()));
    assertThat(p.rule()).isNull();
    // 9(n) keeps its leading zeros; blank text is null; dates and signed amounts are typed
    assertThat(value(p, CclfFile.CCLF5, "CUR_CLM_UNIQ_ID")).isEqualTo("0000000000123");
    assertThat(value(p, CclfFile.CCLF5, "CLM_THRU_DT")).isNull();
    assertThat(value(p, CclfFile.CCLF5, "CLM_FROM_DT")).isEqualTo(LocalDate.of(2018, 3, 1));
    assertThat(value(p, CclfFile.CCLF5, "CLM_LINE_CVRD_PD_AMT")).isEqualTo(new BigDecimal("-240.00"));
    assertThat(value(p, CclfFile.CCLF5, "CLM_LINE_ALOWD_CHRG_AMT")).isEqualTo(new BigDecimal("300.00"));
  }

  @Test
  void theNoDateValuesAreNullNotErrors() {
    Map<String, String> f = goodCclf5();
    f.put("CLM_THRU_DT", "9999-12-31");
    f.put("CLM_FROM_DT", "1000-01-01");
    CclfLineParser.Parsed p = CCLF5.parse(line(CclfFile.CCLF5, f));
    assertThat(p.rule()).isNull();
    assertThat(value(p, CclfFile.CCLF5, "CLM_THRU_DT")).isNull();
    assertThat(value(p, CclfFile.CCLF5, "CLM_FROM_DT")).isNull();
  }

  @Test
  void recordLengthComesBeforeEveryOtherRule() {
    Map<String, String> f = goodCclf5();
    f.put("CUR_CLM_UNIQ_ID", "");
    CclfLineParser.Parsed p = CCLF5.parse(line(CclfFile.CCLF5, f) + "X");
    assertThat(p.rule()).isEqualTo(CclfQualityRules.RECORD_LENGTH);
    assertThat(p.field()).isNull();
    assertThat(p.description()).isEqualTo("record length must be " + CclfLayout.of(CclfFile.CCLF5).recordLength());
  }

  @Test
  void aBlankRequiredFieldComesBeforeAPictureError() {
    Map<String, String> f = goodCclf5();
    f.put("CLM_FROM_DT", "2018-02-30");
    f.put("BENE_MBI_ID", "");
    CclfLineParser.Parsed p = CCLF5.parse(line(CclfFile.CCLF5, f));
    assertThat(p.rule()).isEqualTo(CclfQualityRules.REQUIRED);
    assertThat(p.field()).isEqualTo("BENE_MBI_ID");
    assertThat(p.description()).isEqualTo("BENE_MBI_ID must not be blank");
  }

  @Test
  void anImpossibleDateBreaksTheDateRule() {
    Map<String, String> f = goodCclf5();
    f.put("CLM_FROM_DT", "2018-02-30");
    CclfLineParser.Parsed p = CCLF5.parse(line(CclfFile.CCLF5, f));
    assertThat(p.rule()).isEqualTo(CclfQualityRules.DATE);
    assertThat(p.field()).isEqualTo("CLM_FROM_DT");
    assertThat(p.description()).isEqualTo("CLM_FROM_DT must be a YYYY-MM-DD date");
  }

  @Test
  void claimTypeAndAdjustmentTypeAreCheckedAfterThePictures() {
    Map<String, String> f = goodCclf5();
    f.put("CLM_TYPE_CD", "99");
    f.put("CLM_ADJSMT_TYPE_CD", "7");
    CclfLineParser.Parsed p = CCLF5.parse(line(CclfFile.CCLF5, f));
    assertThat(p.rule()).isEqualTo(CclfQualityRules.CLAIM_TYPE);
    f.put("CLM_TYPE_CD", "72");
    p = CCLF5.parse(line(CclfFile.CCLF5, f));
    assertThat(p.rule()).isEqualTo(CclfQualityRules.ADJUSTMENT_TYPE);
    assertThat(p.description()).isEqualTo(CclfQualityRules.ADJUSTMENT_TYPE_MESSAGE);
  }

  @Test
  void cclf9RequiresBothMbis() {
    CclfLineParser cclf9 = new CclfLineParser(CclfFile.CCLF9);
    CclfLineParser.Parsed p = cclf9.parse(line(CclfFile.CCLF9, Map.of("CRNT_NUM", "1AA0AA0AA00")));
    assertThat(p.rule()).isEqualTo(CclfQualityRules.REQUIRED);
    assertThat(p.field()).isEqualTo("PRVS_NUM");
  }

  @Test
  void amountPicture() {
    // -9(11).99: at most 11 integer digits after leading zeros, 1 or 2 decimals, optional sign
    assertThat(CclfLineParser.decimalShape("-00000000240.00", 11, 2)).isTrue();
    assertThat(CclfLineParser.decimalShape("+5", 11, 2)).isTrue();
    assertThat(CclfLineParser.decimalShape("0000000000000", 11, 2)).isTrue();
    assertThat(CclfLineParser.decimalShape("12345678901.5", 11, 2)).isTrue();
    assertThat(CclfLineParser.decimalShape("123456789012", 11, 2)).isFalse();
    assertThat(CclfLineParser.decimalShape("1.234", 11, 2)).isFalse();
    assertThat(CclfLineParser.decimalShape("1.", 11, 2)).isFalse();
    assertThat(CclfLineParser.decimalShape(".5", 11, 2)).isFalse();
    assertThat(CclfLineParser.decimalShape("-", 11, 2)).isFalse();
    assertThat(CclfLineParser.decimalShape("12O.00", 11, 2)).isFalse();
    assertThat(CclfLineParser.decimalShape("1 2", 11, 2)).isFalse();
  }

  @Test
  void datePicture() {
    assertThat(CclfLineParser.date("2016-02-29")).isEqualTo(LocalDate.of(2016, 2, 29));
    assertThat(CclfLineParser.date("2018-02-29")).isNull();
    assertThat(CclfLineParser.date("2018-13-01")).isNull();
    assertThat(CclfLineParser.date("0000-01-01")).isNull();
    assertThat(CclfLineParser.date("2018/01/01")).isNull();
    assertThat(CclfLineParser.date("18-01-01")).isNull();
  }

  @Test
  void slicesTrimSpacesOnlyAndStopAtTheEndOfAShortLine() {
    assertThat(CclfLineParser.trimmedSlice("  ab \t ", 0, 7)).isEqualTo("ab \t");
    assertThat(CclfLineParser.trimmedSlice("abc", 1, 10)).isEqualTo("bc");
    assertThat(CclfLineParser.trimmedSlice("abc", 5, 10)).isEmpty();
  }
}
