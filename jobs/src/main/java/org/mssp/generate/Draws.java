package org.mssp.generate;

import static org.apache.spark.sql.functions.cos;
import static org.apache.spark.sql.functions.exp;
import static org.apache.spark.sql.functions.floor;
import static org.apache.spark.sql.functions.least;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.log;
import static org.apache.spark.sql.functions.pmod;
import static org.apache.spark.sql.functions.sqrt;
import static org.apache.spark.sql.functions.xxhash64;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;

/**
 * Deterministic random draws as column expressions: every draw is a pure function of (seed, draw
 * name, entity ids) through {@code xxhash64}, never {@code rand()}, so a run is reproducible byte
 * for byte whatever the partitioning.
 */
final class Draws {
  private static final long TWO_53 = 1L << 53;
  private final long seed;

  Draws(long seed) {
    this.seed = seed;
  }

  /** Uniform in the open interval (0, 1). */
  Column uniform(String draw, Column... ids) {
    List<Column> cols = new ArrayList<>();
    cols.add(lit(seed));
    cols.add(lit(draw));
    cols.addAll(List.of(ids));
    Column h = pmod(xxhash64(cols.toArray(new Column[0])), lit(TWO_53));
    return h.cast("double").plus(lit(0.5)).divide(lit((double) TWO_53));
  }

  /** True with probability p. */
  Column chance(String draw, Column p, Column... ids) {
    return uniform(draw, ids).lt(p);
  }

  /** Integer uniform in [0, n). */
  Column index(String draw, Column n, Column... ids) {
    return least(floor(uniform(draw, ids).multiply(n)), n.minus(1)).cast("int");
  }

  /** Integer uniform in [min, max]. */
  Column between(String draw, Column min, Column max, Column... ids) {
    return min.plus(index(draw, max.minus(min).plus(1), ids)).cast("int");
  }

  /** Standard normal (Box-Muller). */
  Column normal(String draw, Column... ids) {
    Column u1 = uniform(draw + ".1", ids);
    Column u2 = uniform(draw + ".2", ids);
    return sqrt(log(u1).multiply(-2.0)).multiply(cos(u2.multiply(2 * Math.PI)));
  }

  /** Lognormal with mean 1: exp(sigma Z - sigma^2/2). */
  Column lognormalMeanOne(String draw, double sigma, Column... ids) {
    return exp(normal(draw, ids).multiply(sigma).minus(sigma * sigma / 2));
  }

  /** Exponential with the given mean. */
  Column exponential(String draw, double mean, Column... ids) {
    return log(uniform(draw, ids)).multiply(-mean);
  }
}
