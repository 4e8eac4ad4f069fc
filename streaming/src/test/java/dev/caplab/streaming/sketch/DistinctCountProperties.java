package dev.caplab.streaming.sketch;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * The bounds a {@link DistinctEstimate} shows hold at their stated confidence. One stream's true
 * count may fall outside (that is what 95% means), so each try runs a batch of random streams and
 * asserts that the share of streams whose true count lies within the bounds is at least the
 * confidence minus three binomial standard deviations of that share: a wrong width (bounds of one
 * standard deviation claimed as three) falls far below, while a correct one fails about once in
 * 700 batches. jqwik's seed is fixed, so the run is the same every time; a failure prints the seed.
 */
class DistinctCountProperties {

  private static final int STREAMS = 100;

  /** A stream of {@code distinct} values with repeats, its order and values drawn from {@code r}. */
  private static void fill(DistinctCount<Long> f, DistinctCount.Sketch s, SplittableRandom r, long base,
      int distinct) {
    for (int i = 0; i < distinct; i++) {
      long v = mix(base + i);
      f.add(v, s);
      if (r.nextInt(4) == 0) {
        f.add(v, s);
      }
    }
  }

  /** A bijection of longs, so distinct inputs stay distinct while looking random. */
  private static long mix(long x) {
    x = (x ^ (x >>> 33)) * 0xff51afd7ed558ccdL;
    x = (x ^ (x >>> 33)) * 0xc4ceb9fe1a85ec53L;
    return x ^ (x >>> 33);
  }

  private static double threshold(int stdDevs) {
    double p = DistinctCountConfig.confidence(stdDevs);
    return p - 3 * Math.sqrt(p * (1 - p) / STREAMS);
  }

  @Property(tries = 12, seed = "20261205")
  void theTrueCountLiesWithinTheBoundsAtTheStatedConfidence(@ForAll long seed, @ForAll @IntRange(min = 6, max = 14) int lgK,
      @ForAll @IntRange(min = 1, max = 3) int stdDevs) {
    DistinctCount<Long> f = DistinctCount.longs(DistinctCountConfig.custom().lgK(lgK).confidenceStdDevs(stdDevs).build());
    SplittableRandom r = new SplittableRandom(seed);
    int within = 0;
    for (int i = 0; i < STREAMS; i++) {
      int n = 1 + r.nextInt(r.nextBoolean() ? 2_000 : 30_000);
      DistinctCount.Sketch s = f.createAccumulator();
      fill(f, s, r, r.nextLong(), n);
      if (f.getResult(s).contains(n)) {
        within++;
      }
    }
    assertTrue(within >= threshold(stdDevs) * STREAMS, "seed " + seed + ": " + within + " of " + STREAMS
        + " streams within bounds of " + stdDevs + " standard deviations (lgK " + lgK + ")");
  }

  @Property(tries = 12, seed = "20261206")
  void mergedSketchesBoundTheUnionsCountAtTheStatedConfidence(@ForAll long seed,
      @ForAll @IntRange(min = 6, max = 14) int lgK, @ForAll @IntRange(min = 1, max = 3) int stdDevs) {
    DistinctCount<Long> f = DistinctCount.longs(DistinctCountConfig.custom().lgK(lgK).confidenceStdDevs(stdDevs).build());
    SplittableRandom r = new SplittableRandom(seed);
    int within = 0;
    for (int i = 0; i < STREAMS; i++) {
      long base = r.nextLong();
      int a = 1 + r.nextInt(15_000);
      int overlap = r.nextInt(a + 1);
      int b = 1 + r.nextInt(15_000);
      DistinctCount.Sketch sa = f.createAccumulator();
      DistinctCount.Sketch sb = f.createAccumulator();
      fill(f, sa, r, base, a);
      fill(f, sb, r, base + a - overlap, b); // the last `overlap` values of a start b
      int union = a + b - Math.min(overlap, b);
      if (f.getResult(f.merge(sa, sb)).contains(union)) {
        within++;
      }
    }
    assertTrue(within >= threshold(stdDevs) * STREAMS, "seed " + seed + ": " + within + " of " + STREAMS
        + " merged streams within bounds of " + stdDevs + " standard deviations (lgK " + lgK + ")");
  }
}
