package org.mssp.common.cclf;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.mssp.common.error.Errors;

/**
 * The CMS naming convention for CCLF files and delivery archives (claims-formats.md §1.2):
 * {@code P.A1234.ACO.ZC1Y18.D190115.T0100000} is CCLF1 of the monthly ("Y") delivery of 2018
 * data for ACO A1234, delivered 2019-01-15; {@code R} marks the run-out delivery and {@code WY}
 * a weekly one. The archive holding a delivery is {@code P.A1234.ACO.ZCY18.D190115.T0100000.zip}.
 * A trailing {@code .gz} or {@code .txt} is allowed on file names.
 *
 * @param program first segment: {@code P} production ({@code T} test)
 * @param extractId the ACO (or extract) id, e.g. {@code A1234}
 * @param file which CCLF file; null for an archive name
 * @param kind monthly, run-out or weekly
 * @param year the four-digit year the delivery belongs to
 * @param deliveryDate the {@code D} date
 * @param time the {@code T} segment without the letter, e.g. {@code 0100000}
 */
public record CclfFileName(
    String program,
    String extractId,
    CclfFile file,
    DeliveryKind kind,
    int year,
    LocalDate deliveryDate,
    String time) {

  /** Delivery kinds and their letters in file names. */
  public enum DeliveryKind {
    MONTHLY("Y"),
    RUNOUT("R"),
    WEEKLY("WY");

    private final String letter;

    DeliveryKind(String letter) {
      this.letter = letter;
    }

    public String letter() {
      return letter;
    }
  }

  private static final Pattern NAME =
      Pattern.compile(
          "([A-Z])\\.([A-Z][0-9A-Z]{4,5})\\.ACO\\.ZC([0-9AB]?)(WY|Y|R)(\\d{2})\\.D(\\d{6})\\.T(\\d{6,7})"
              + "(\\.zip|\\.gz|\\.txt)?",
          Pattern.CASE_INSENSITIVE);
  private static final DateTimeFormatter YYMMDD = DateTimeFormatter.ofPattern("yyMMdd", Locale.ROOT);

  /** Parses a file or archive name (no folders); fails naming the file if it does not match. */
  public static CclfFileName parse(String name) {
    Matcher m = NAME.matcher(name);
    if (!m.matches()) {
      throw Errors.badInput(
          name, "", "file name does not follow the CMS CCLF convention P.A####.ACO.ZC#Y##.D######.T#######");
    }
    String code = m.group(3);
    DeliveryKind kind =
        switch (m.group(4).toUpperCase(Locale.ROOT)) {
          case "Y" -> DeliveryKind.MONTHLY;
          case "R" -> DeliveryKind.RUNOUT;
          default -> DeliveryKind.WEEKLY;
        };
    return new CclfFileName(
        m.group(1).toUpperCase(Locale.ROOT),
        m.group(2).toUpperCase(Locale.ROOT),
        code.isEmpty() ? null : CclfFile.ofCode(code),
        kind,
        2000 + Integer.parseInt(m.group(5)),
        LocalDate.parse(m.group(6), YYMMDD),
        m.group(7));
  }

  /** Whether a name follows the convention. */
  public static boolean matches(String name) {
    return NAME.matcher(name).matches();
  }

  /** The file name (no compression suffix). */
  public String format() {
    return String.format(
        Locale.ROOT,
        "%s.%s.ACO.ZC%s%s%02d.D%s.T%s",
        program,
        extractId,
        file == null ? "" : file.code(),
        kind.letter(),
        year % 100,
        deliveryDate.format(YYMMDD),
        time);
  }

  /** The same delivery's name for another file (or for the archive when {@code other} is null). */
  public CclfFileName withFile(CclfFile other) {
    return new CclfFileName(program, extractId, other, kind, year, deliveryDate, time);
  }
}
