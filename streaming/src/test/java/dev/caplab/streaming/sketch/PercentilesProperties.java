package dev.caplab.streaming.sketch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Arrays;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import org.HdrHistogram.IntCountsHistogram;

/**
 * {@link Percentiles} against the exact nearest-rank percentiles of the same data: every reported
 * value is the exact one rounded up to the histogram's precision, never below it and at most
 * {@code 10^-d} of it above; merging two histograms reports exactly what one histogram of both
 * halves reports. Data come from a seed (uniform, heavy-tailed, or few distinct values); a failure
 * prints it.
 */
class PercentilesProperties {

  private static long[] data(SplittableRandom r, int n) {
    long[] v = new long[n];
    int shape = r.nextInt(3);
    for (int i = 0; i < n; i++) {
      v[i] = shape == 0 ? r.nextLong(1_000_000_000L)
          : shape == 1 ? (long) Math.min(1e15, Math.exp(r.nextDouble() * 30)) // up to about 10^13
          : r.nextInt(5) * 1_000L;
    }
    return v;
  }

  /**
   * The exact nearest-rank percentile: the value of rank {@code max(1, ceil(q * n))}, with {@code q}
   * the decimal it is written as (0.9 is 90%, not the double just above it).
   */
  private static long exact(long[] sorted, double q) {
    long rank = BigDecimal.valueOf(q).multiply(BigDecimal.valueOf(sorted.length)).setScale(0, RoundingMode.CEILING)
        .longValueExact();
    return sorted[(int) Math.max(1, rank) - 1];
  }

  @Property(tries = 300)
  void everyPercentileIsTheExactOneWithinThePrecision(@ForAll long seed, @ForAll @IntRange(min = 1, max = 3_000) int n,
      @ForAll @DoubleRange(min = 0, max = 1) double q, @ForAll @IntRange(min = 0, max = 4) int digits) {
    Percentiles f = new Percentiles(PercentilesConfig.custom().quantiles(q, 0.5, 0.9, 0.99).significantDigits(digits)
        .build());
    long[] v = data(new SplittableRandom(seed), n);
    IntCountsHistogram h = f.createAccumulator();
    for (long x : v) {
      f.add(x, h);
    }
    long[] sorted = v.clone();
    Arrays.sort(sorted);
    PercentileSummary s = f.getResult(h);
    for (QuantileValue qv : s.quantiles()) {
      long x = exact(sorted, qv.quantile());
      long got = qv.value();
      String where = "seed " + seed + ", n " + n + ", " + qv + ", exact " + x + ", digits " + digits;
      if (qv.quantile() == 0) {
        assertTrue(got <= x && h.valuesAreEquivalent(got, x), where); // the minimum, rounded down
      } else {
        assertTrue(got >= x, where);
        assertTrue(h.valuesAreEquivalent(got, x), where);
      }
      assertTrue(BigDecimal.valueOf(Math.abs(got - x)).scaleByPowerOfTen(digits).compareTo(BigDecimal.valueOf(x)) <= 0,
          where);
    }
    assertEquals(n, s.count());
  }

  @Property(tries = 200)
  void mergingIsExact(@ForAll long seed, @ForAll @IntRange(min = 0, max = 2_000) int n,
      @ForAll @IntRange(min = 0, max = 2_000) int split) {
    Percentiles f = new Percentiles(PercentilesConfig.custom().quantiles(0, 0.25, 0.5, 0.9, 0.99, 0.999, 1).build());
    long[] v = data(new SplittableRandom(seed), n);
    int cut = Math.min(split, n);
    IntCountsHistogram all = f.createAccumulator();
    IntCountsHistogram a = f.createAccumulator();
    IntCountsHistogram b = f.createAccumulator();
    for (int i = 0; i < n; i++) {
      f.add(v[i], all);
      f.add(v[i], i < cut ? a : b);
    }
    assertEquals(f.getResult(all), f.getResult(f.merge(a, b)), "seed " + seed);
  }
}
