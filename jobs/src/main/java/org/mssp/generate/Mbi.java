package org.mssp.generate;

import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.floor;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.pmod;

import org.apache.spark.sql.Column;

/**
 * Synthetic Medicare Beneficiary Identifiers with the CMS MBI character rules (11 characters:
 * C A AN N A AN N A A N N; C a digit 1-9, A a letter other than S, L, O, I, B, Z, N a digit, AN
 * either) except position 2, which is always {@code S}: real MBIs never use S, so a synthetic
 * MBI can never be mistaken for a real one (the convention of CMS's synthetic data).
 *
 * <p>The MBI of (beneficiary, version) is a bijection of {@code id * 4 + version} scrambled by a
 * multiplier coprime to the code space and shifted by the seed, so MBIs are unique.
 */
final class Mbi {
  static final String LETTERS = "ACDEFGHJKMNPQRTUVWXY";
  static final String ALNUM = LETTERS + "0123456789";
  /** Radices of positions 1, 3..11 (position 2 is the fixed S). */
  private static final int[] RADIX = {9, 30, 10, 20, 30, 10, 20, 20, 10, 10};
  static final long SPACE;

  static {
    long s = 1;
    for (int r : RADIX) {
      s *= r;
    }
    SPACE = s;
  }

  private Mbi() {}

  static Column of(Column seed, Column beneId, Column version) {
    // 7919 is prime and SPACE = 2^a 3^b 5^c, so multiplication by 7919 permutes [0, SPACE).
    Column n =
        pmod(
            beneId.cast("long").multiply(4).plus(version).multiply(7919L)
                .plus(pmod(seed.cast("long"), lit(SPACE))),
            lit(SPACE));
    Column[] chars = new Column[11];
    int[] positions = {0, 2, 3, 4, 5, 6, 7, 8, 9, 10};
    long divisor = 1;
    for (int i = RADIX.length - 1; i >= 0; i--) {
      // each character reads n once: digit i = floor(n / product of later radices) mod radix i
      Column digit = pmod(floor(n.divide(divisor)).cast("long"), lit((long) RADIX[i])).cast("int");
      divisor *= RADIX[i];
      String alphabet =
          switch (positions[i]) {
            case 0 -> "123456789";
            case 2, 5 -> ALNUM;
            case 4, 7, 8 -> LETTERS;
            default -> "0123456789";
          };
      chars[positions[i]] = lit(alphabet).substr(digit.plus(1), lit(1));
    }
    chars[1] = lit("S");
    return concat(chars);
  }

  /** The same rules as a regular expression, for tests and checks. */
  static final String PATTERN =
      "[1-9]S[" + ALNUM + "][0-9][" + LETTERS + "][" + ALNUM + "][0-9][" + LETTERS + "]["
          + LETTERS + "][0-9][0-9]";
}
