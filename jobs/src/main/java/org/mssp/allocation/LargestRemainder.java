package org.mssp.allocation;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The rounding rule of every split (docs/allocation.md, "Rounding"): the largest remainder
 * (Hamilton) method in whole cents. Each part first gets the floor of its exact quota
 * {@code total × weight / Σ weights}; the cents left over (fewer than the number of parts) go one
 * each to the parts with the largest remainders; equal remainders are broken by the order of the
 * parts as given (callers pass a stated total order: canonical group order, or NPI then TIN).
 * The arithmetic is exact (integers), so the parts add up to the total to the cent, and a part of
 * weight zero always gets zero.
 */
public final class LargestRemainder {
  private LargestRemainder() {}

  /**
   * The split of {@code totalCents} (zero or more): {@code floors[i]} is the floor of part i's
   * quota and {@code extra[i]} whether it got one of the left-over cents.
   */
  public record Split(long[] floors, boolean[] extra) {
    /** The cents of part i. */
    public long cents(int i) {
      return floors[i] + (extra[i] ? 1 : 0);
    }
  }

  /**
   * Splits {@code totalCents} over {@code weights} (each zero or more, with a positive sum), in
   * tie-break order.
   */
  public static Split split(long totalCents, List<BigDecimal> weights) {
    if (totalCents < 0) {
      throw new IllegalArgumentException("total must be zero or more, got " + totalCents);
    }
    int scale = 0;
    for (BigDecimal w : weights) {
      if (w.signum() < 0) {
        throw new IllegalArgumentException("weights must be zero or more, got " + w);
      }
      scale = Math.max(scale, w.scale());
    }
    List<BigInteger> ints = new ArrayList<>(weights.size());
    BigInteger sum = BigInteger.ZERO;
    for (BigDecimal w : weights) {
      BigInteger v = w.setScale(scale).unscaledValue();
      ints.add(v);
      sum = sum.add(v);
    }
    if (sum.signum() == 0) {
      throw new IllegalArgumentException("weights add up to zero");
    }
    BigInteger total = BigInteger.valueOf(totalCents);
    int n = weights.size();
    long[] floors = new long[n];
    BigInteger[] remainders = new BigInteger[n];
    long given = 0;
    for (int i = 0; i < n; i++) {
      BigInteger[] qr = total.multiply(ints.get(i)).divideAndRemainder(sum);
      floors[i] = qr[0].longValueExact();
      remainders[i] = qr[1];
      given += floors[i];
    }
    long left = totalCents - given;
    List<Integer> order = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      order.add(i);
    }
    order.sort(
        Comparator.<Integer, BigInteger>comparing(i -> remainders[i]).reversed()
            .thenComparing(Comparator.naturalOrder()));
    boolean[] extra = new boolean[n];
    for (int k = 0; k < left; k++) {
      extra[order.get(k)] = true;
    }
    return new Split(floors, extra);
  }
}
