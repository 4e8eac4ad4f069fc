package dev.caplab.net;

import static java.time.Duration.ofMillis;
import static java.time.Duration.ofNanos;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.HdrHistogram.AbstractHistogram;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * Statistical and contract tests for the latency models.
 *
 * <p>Tolerances: a sample mean is compared with {@code Z} standard errors ({@code sd / sqrt(n)},
 * sd estimated from the sample), and a quantile {@code x_q} by checking that the fraction of
 * samples {@code <= x_q} is within {@code Z} binomial standard errors ({@code sqrt(q(1-q)/n)}) of
 * {@code q}; this needs no density. With fixed seeds the tests are deterministic; {@code Z = 5}
 * keeps a correct model passing for essentially any seed, while the errors these tests target
 * (rate for mean, inverted Pareto shape, wrong mixture weight) are off by hundreds of errors.
 */
class LatencyModelTest {

  static final int N = 200_000;
  static final double Z = 5;
  /** The standard normal quantiles at 0.75 and 0.9, for analytic quantiles. */
  static final double Z75 = 0.6744897501960817;

  static final double Z90 = 1.2815515655446004;

  static long[] sample(LatencyModel model, long seed, int n) {
    SplittableRandom random = new SplittableRandom(seed);
    long[] xs = new long[n];
    for (int i = 0; i < n; i++) {
      xs[i] = model.sampleNanos(random);
    }
    return xs;
  }

  /** Sample mean of {@code xs} within Z standard errors (plus 1 ns for rounding) of expected. */
  static void assertMean(long[] xs, double expected) {
    double sum = 0;
    for (long x : xs) {
      sum += x;
    }
    double mean = sum / xs.length;
    double squares = 0;
    for (long x : xs) {
      squares += (x - mean) * (x - mean);
    }
    double standardError = Math.sqrt(squares / (xs.length - 1) / xs.length);
    assertEquals(expected, mean, Z * standardError + 1, "sample mean");
  }

  /** The fraction of {@code xs <= quantile} is within Z binomial standard errors of q. */
  static void assertQuantile(long[] xs, double q, double quantile) {
    long below = Arrays.stream(xs).filter(x -> x <= quantile).count();
    double fraction = (double) below / xs.length;
    assertEquals(q, fraction, Z * Math.sqrt(q * (1 - q) / xs.length),
        () -> "fraction of samples <= " + quantile + " (analytic quantile " + q + ")");
  }

  /** meanNanos() agrees with an independently written formula, to rounding error. */
  static void assertModelMean(LatencyModel model, double analytic) {
    assertEquals(analytic, model.meanNanos(), Math.abs(analytic) * 1e-6, "meanNanos()");
  }

  @Nested
  class Distributions {

    @Test
    void constantAlwaysAnswersItsLatency() {
      LatencyModel model = LatencyModel.constant(ofMillis(3));
      assertTrue(Arrays.stream(sample(model, 1, 1000)).allMatch(x -> x == 3_000_000));
      assertEquals(3e6, model.meanNanos());
      assertEquals(0, LatencyModel.zero().sampleNanos(new SplittableRandom(1)));
      assertEquals("constant(3ms)", model.toString());
    }

    @Test
    void uniformIsFlatBetweenInclusiveBounds() {
      long min = 1_000_000;
      long max = 5_000_000;
      LatencyModel model = LatencyModel.uniform(ofNanos(min), ofNanos(max));
      long[] xs = sample(model, 2, N);
      assertModelMean(model, (min + max) / 2.0);
      assertMean(xs, (min + max) / 2.0);
      for (double q : new double[] {0.1, 0.5, 0.9}) {
        assertQuantile(xs, q, min + q * (max - min));
      }
      assertTrue(Arrays.stream(xs).allMatch(x -> x >= min && x <= max));
      // both ends inclusive: on a 3-value range each end comes up about a third of the time
      long[] small = sample(LatencyModel.uniform(ofNanos(7), ofNanos(9)), 3, 30_000);
      assertEquals(10_000, Arrays.stream(small).filter(x -> x == 7).count(), 500);
      assertEquals(10_000, Arrays.stream(small).filter(x -> x == 9).count(), 500);
      assertEquals("uniform(1ms..5ms)", model.toString());
    }

    @Test
    void normalFarFromZeroIsSymmetricAroundItsMean() {
      LatencyModel model = LatencyModel.normal(ofMillis(10), ofMillis(1));
      long[] xs = sample(model, 4, N);
      assertModelMean(model, 10e6); // truncation mass ~1e-23
      assertMean(xs, 10e6);
      assertQuantile(xs, 0.5, 10e6);
      assertQuantile(xs, 0.9, 10e6 + Z90 * 1e6);
    }

    @Test
    void normalWithZeroMeanIsHalfNormal() {
      double sd = 2e6;
      LatencyModel model = LatencyModel.normal(Duration.ZERO, ofNanos((long) sd));
      long[] xs = sample(model, 5, N);
      assertModelMean(model, sd * Math.sqrt(2 / Math.PI));
      assertMean(xs, sd * Math.sqrt(2 / Math.PI));
      assertQuantile(xs, 0.5, Z75 * sd); // half-normal median = sd * Phi^-1(3/4)
      assertTrue(Arrays.stream(xs).allMatch(x -> x >= 0));
    }

    @Test
    void normalTruncatedNearZeroHasTheTruncatedMean() {
      double mu = 1e6;
      double sd = 2e6;
      LatencyModel model = LatencyModel.normal(ofNanos((long) mu), ofNanos((long) sd));
      // independent check of the closed form: integrate x * density over [0, mu + 12 sd]
      double numerator = 0;
      double mass = 0;
      int steps = 200_000;
      double h = (mu + 12 * sd) / steps;
      for (int i = 0; i <= steps; i++) {
        double x = i * h;
        double weight = (i == 0 || i == steps) ? 0.5 : 1; // trapezoid rule
        double density = Math.exp(-0.5 * Math.pow((x - mu) / sd, 2));
        numerator += weight * x * density;
        mass += weight * density;
      }
      assertModelMean(model, numerator / mass);
      assertMean(sample(model, 6, N), numerator / mass);
    }

    @Test
    void exponentialHasTheGivenMeanNotRate() {
      double mean = 4e6;
      LatencyModel model = LatencyModel.exponential(ofNanos((long) mean));
      long[] xs = sample(model, 7, N);
      assertModelMean(model, mean);
      assertMean(xs, mean);
      for (double q : new double[] {0.5, 0.9, 0.99}) {
        assertQuantile(xs, q, -mean * Math.log(1 - q));
      }
      assertEquals("exponential(mean=4ms)", model.toString());
    }

    @Test
    void logNormalHasTheGivenMedian() {
      double median = 10e6;
      double sigma = 0.5;
      LatencyModel model = LatencyModel.logNormal(ofNanos((long) median), sigma);
      long[] xs = sample(model, 8, N);
      assertModelMean(model, median * Math.exp(sigma * sigma / 2));
      assertMean(xs, median * Math.exp(sigma * sigma / 2));
      assertQuantile(xs, 0.5, median);
      assertQuantile(xs, 0.9, median * Math.exp(sigma * Z90));
      assertEquals("logNormal(median=10ms, sigma=0.5)", model.toString());
    }

    @Test
    void paretoHasTheGivenScaleAndShape() {
      double xm = 235_000;
      double alpha = 3;
      LatencyModel model = LatencyModel.pareto(ofNanos((long) xm), alpha);
      long[] xs = sample(model, 9, N);
      assertModelMean(model, alpha * xm / (alpha - 1));
      assertMean(xs, alpha * xm / (alpha - 1));
      for (double q : new double[] {0.5, 0.9, 0.99}) {
        assertQuantile(xs, q, xm * Math.pow(1 - q, -1 / alpha));
      }
      assertTrue(Arrays.stream(xs).allMatch(x -> x >= xm));
      assertEquals("pareto(xm=235us, alpha=10.0)", LatencyModel.pareto(ofNanos(235_000), 10).toString());
    }

    @Test
    void paretoWithHeavyTailHasInfiniteMeanAndStillSamples() {
      LatencyModel model = LatencyModel.pareto(ofMillis(1), 0.5);
      assertEquals(Double.POSITIVE_INFINITY, model.meanNanos());
      assertEquals(Double.POSITIVE_INFINITY, LatencyModel.pareto(ofMillis(1), 1).meanNanos());
      long[] xs = sample(model, 10, N);
      assertQuantile(xs, 0.5, 1e6 * Math.pow(0.5, -1 / 0.5));
      assertQuantile(xs, 0.9, 1e6 * Math.pow(0.1, -1 / 0.5));
      assertTrue(Arrays.stream(xs).allMatch(x -> x >= 1_000_000 && x <= LatencyModels.MAX_NANOS));
    }

    @Test
    void shiftedAddsTheExtraDelay() {
      LatencyModel base = LatencyModel.exponential(ofMillis(2));
      LatencyModel model = base.plus(ofMillis(20));
      long[] xs = sample(model, 11, N);
      assertModelMean(model, 22e6);
      assertMean(xs, 22e6);
      assertQuantile(xs, 0.5, 20e6 + 2e6 * Math.log(2));
      assertTrue(Arrays.stream(xs).allMatch(x -> x >= 20_000_000));
      assertEquals("exponential(mean=2ms) + 20ms", model.toString());
    }

    @Test
    void heavyTailsAreClampedSoTimeArithmeticCannotOverflow() {
      long max = LatencyModels.MAX_NANOS;
      LatencyModel wild = LatencyModel.logNormal(ofMillis(1), 1e6);
      long[] xs = sample(wild.plus(ofNanos(max)), 12, 10_000);
      assertTrue(Arrays.stream(xs).allMatch(x -> x == max));
      assertTrue(Arrays.stream(sample(wild, 13, 10_000)).allMatch(x -> x >= 0 && x <= max));
      assertTrue(Long.MAX_VALUE - 3 * max > 0, "three clamped latencies fit in a long");
    }
  }

  @Nested
  class Mixtures {

    final LatencyModel fast = LatencyModel.constant(ofMillis(1));
    final LatencyModel slow = LatencyModel.constant(ofMillis(100));

    @Test
    void componentFrequenciesMatchWeights() {
      double p = 0.9122;
      Mixture model = Mixture.builder().add(p, fast).add(1 - p, slow).build();
      long[] xs = sample(model, 20, N);
      long fastCount = Arrays.stream(xs).filter(x -> x == 1_000_000).count();
      long slowCount = Arrays.stream(xs).filter(x -> x == 100_000_000).count();
      assertEquals(N, fastCount + slowCount);
      assertEquals(p, (double) fastCount / N, 4 * Math.sqrt(p * (1 - p) / N));
      assertModelMean(model, p * 1e6 + (1 - p) * 100e6);
      assertMean(xs, p * 1e6 + (1 - p) * 100e6);
    }

    @Test
    void weightsAreNormalised() {
      Mixture percent = LatencyModel.mixture().add(91.22, fast).add(8.78, slow).build();
      Mixture fraction = LatencyModel.mixture().add(0.9122, fast).add(0.0878, slow).build();
      assertArrayEquals(sample(fraction, 21, 10_000), sample(percent, 21, 10_000));
      assertEquals(fraction.meanNanos(), percent.meanNanos(), 1e-6);
      assertEquals("mixture(91.22% constant(1ms), 8.78% constant(100ms))", percent.toString());
    }

    @Test
    void mixtureOfContinuousModelsHasTheWeightedMean() {
      Mixture model =
          Mixture.builder()
              .add(3, LatencyModel.uniform(ofMillis(1), ofMillis(3)))
              .add(1, LatencyModel.exponential(ofMillis(10)))
              .add(1, LatencyModel.pareto(ofMillis(5), 4))
              .build();
      double expected = 0.6 * 2e6 + 0.2 * 10e6 + 0.2 * (4 * 5e6 / 3);
      assertModelMean(model, expected);
      assertMean(sample(model, 22, N), expected);
      // one component without a finite mean makes the mixture's mean infinite
      Mixture heavy = Mixture.builder().add(99, fast).add(1, LatencyModel.pareto(ofMillis(1), 1)).build();
      assertEquals(Double.POSITIVE_INFINITY, heavy.meanNanos());
    }

    @Test
    void singleComponentIsThatComponent() {
      LatencyModel exp = LatencyModel.exponential(ofMillis(3));
      // the mixture spends one uniform draw choosing, so compare distributions, not sequences
      long[] xs = sample(Mixture.builder().add(5, exp).build(), 23, N);
      assertMean(xs, 3e6);
      assertQuantile(xs, 0.5, 3e6 * Math.log(2));
    }
  }

  @Nested
  class Empirical {

    @Test
    void samplesReplayTheObservationsUniformly() {
      long[] observed = sample(LatencyModel.logNormal(ofMillis(5), 0.8), 30, 1000);
      long[] sorted = observed.clone();
      Arrays.sort(sorted);
      LatencyModel model = LatencyModel.empirical(observed);
      Arrays.fill(observed, -1); // the model copied the array
      long[] xs = sample(model, 31, N);
      double sourceMean = Arrays.stream(sorted).average().orElseThrow();
      assertEquals(sourceMean, model.meanNanos(), 1e-6);
      assertMean(xs, sourceMean);
      for (int rank : new int[] {100, 500, 900, 990}) {
        // exactly rank of the 1000 observations are <= sorted[rank - 1] (ties aside)
        double q = (double) Arrays.stream(sorted).filter(x -> x <= sorted[rank - 1]).count() / 1000;
        assertQuantile(xs, q, sorted[rank - 1]);
      }
      assertTrue(Arrays.stream(xs).allMatch(x -> Arrays.binarySearch(sorted, x) >= 0));
      assertTrue(model.toString().startsWith("empirical(n=1000, mean="), model::toString);
    }

    @Test
    void histogramQuantilesMatchTheSourceWithinItsPrecision() {
      Histogram histogram = new Histogram(3);
      for (long x : sample(LatencyModel.logNormal(ofMillis(5), 0.8), 32, 100_000)) {
        histogram.recordValue(x);
      }
      LatencyModel model = LatencyModel.empirical(histogram);
      long[] xs = sample(model, 33, N);
      assertEquals(histogram.getMean(), model.meanNanos(), histogram.getMean() * 1e-9);
      assertMean(xs, histogram.getMean());
      for (double q : new double[] {0.1, 0.5, 0.9, 0.99}) {
        long value = histogram.getValueAtPercentile(100 * q);
        // the source's q-quantile is somewhere in value's bucket; our draws must agree to that
        double atOrBelowBucket = fraction(xs, histogram.highestEquivalentValue(value));
        double belowBucket = fraction(xs, histogram.lowestEquivalentValue(value) - 1);
        double se = Math.sqrt(q * (1 - q) / N);
        assertTrue(atOrBelowBucket >= q - Z * se, () -> q + ": " + atOrBelowBucket);
        assertTrue(belowBucket <= q + Z * se, () -> q + ": " + belowBucket);
      }
      assertTrue(Arrays.stream(xs).allMatch(x -> histogram.getCountAtValue(x) > 0));
    }

    @Test
    void histogramCountsWeightTheValues() {
      Histogram histogram = new Histogram(3); // 1000 is exact below 2048
      histogram.recordValueWithCount(0, 3);
      histogram.recordValueWithCount(1000, 1);
      LatencyModel model = LatencyModel.empirical(histogram);
      histogram.reset(); // the model read the histogram once, at construction
      long[] xs = sample(model, 34, N);
      assertEquals(250.0, model.meanNanos());
      assertQuantile(xs, 0.75, 0);
      assertTrue(Arrays.stream(xs).allMatch(x -> x == 0 || x == 1000));
    }

    static double fraction(long[] xs, long atMost) {
      return (double) Arrays.stream(xs).filter(x -> x <= atMost).count() / xs.length;
    }
  }

  static List<LatencyModel> allModels() {
    Histogram histogram = new Histogram(3);
    histogram.recordValue(1_000);
    histogram.recordValue(2_000_000);
    return List.of(
        LatencyModel.constant(ofMillis(1)),
        LatencyModel.uniform(ofMillis(1), ofMillis(2)),
        LatencyModel.normal(ofMillis(1), ofMillis(1)),
        LatencyModel.exponential(ofMillis(1)),
        LatencyModel.logNormal(ofMillis(1), 1),
        LatencyModel.pareto(ofMillis(1), 1.5),
        LatencyModel.empirical(5, 6, 7),
        LatencyModel.empirical(histogram),
        LatencyModel.exponential(ofMillis(1)).plus(ofMillis(3)),
        Mixture.builder()
            .add(1, LatencyModel.normal(ofMillis(1), ofMillis(1)))
            .add(2, LatencyModel.pareto(ofMillis(1), 2))
            .build());
  }

  @Test
  void sameSeedGivesTheSameSequence() {
    for (LatencyModel model : allModels()) {
      assertArrayEquals(sample(model, 42, 10_000), sample(model, 42, 10_000), model::toString);
      if (!(model instanceof ConstantLatency)) {
        assertFalse(Arrays.equals(sample(model, 42, 100), sample(model, 43, 100)), model::toString);
      }
    }
  }

  @Test
  void samplingDoesNotAllocate() {
    assumeTrue(ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean);
    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    assumeTrue(threads.isThreadAllocatedMemorySupported() && threads.isThreadAllocatedMemoryEnabled());
    long id = Thread.currentThread().getId();
    SplittableRandom random = new SplittableRandom(7);
    for (LatencyModel model : allModels()) {
      long sink = 0;
      for (int i = 0; i < 20_000; i++) { // warm up (and load any lazily initialised classes)
        sink += model.sampleNanos(random);
      }
      long before = threads.getThreadAllocatedBytes(id);
      for (int i = 0; i < 100_000; i++) {
        sink += model.sampleNanos(random);
      }
      long allocated = threads.getThreadAllocatedBytes(id) - before;
      // a boxed Long or an iterator per draw would be >= 1.6 MB; allow the probe's own bytes
      assertTrue(allocated < 10_000, model + " allocated " + allocated + " bytes in 100k draws");
      assertTrue(sink >= 0);
    }
  }

  @Nested
  class Validation {

    static void assertRejects(Class<? extends Throwable> type, String message, Executable call) {
      assertEquals(message, assertThrows(type, call).getMessage());
    }

    @Test
    void durationsMustBeNonNegative() {
      assertRejects(IllegalArgumentException.class,
          "latency must be between 0s and 2305843009.213693951s, got -5ms",
          () -> LatencyModel.constant(ofMillis(-5)));
      assertRejects(IllegalArgumentException.class,
          "standardDeviation must be between 0s and 2305843009.213693951s, got -1ns",
          () -> LatencyModel.normal(ofMillis(1), ofNanos(-1)));
      assertRejects(IllegalArgumentException.class,
          "mean must be between 0s and 2305843009.213693951s, got -1ms",
          () -> LatencyModel.exponential(ofMillis(-1)));
      assertRejects(IllegalArgumentException.class,
          "extra must be between 0s and 2305843009.213693951s, got -2s",
          () -> LatencyModel.zero().plus(Duration.ofSeconds(-2)));
      // a duration too negative for a long of nanoseconds is still reported exactly
      assertRejects(IllegalArgumentException.class,
          "median must be between 0s and 2305843009.213693951s, got -9223372036854775808s",
          () -> LatencyModel.logNormal(Duration.ofSeconds(Long.MIN_VALUE), 1));
    }

    @Test
    void durationsMustNotOverflowTimeArithmetic() {
      assertRejects(IllegalArgumentException.class,
          "latency must be between 0s and 2305843009.213693951s, got 2305843009.213693952s",
          () -> LatencyModel.constant(ofNanos(LatencyModels.MAX_NANOS + 1)));
      assertRejects(IllegalArgumentException.class,
          "max must be between 0s and 2305843009.213693951s, got 1000000000000000000s",
          () -> LatencyModel.uniform(Duration.ZERO, Duration.ofSeconds(1_000_000_000_000_000_000L)));
    }

    @Test
    void shapeParametersMustBeFiniteAndInRange() {
      assertRejects(IllegalArgumentException.class, "sigma must be finite, got NaN",
          () -> LatencyModel.logNormal(ofMillis(1), Double.NaN));
      assertRejects(IllegalArgumentException.class, "sigma must be >= 0.0, got -0.1",
          () -> LatencyModel.logNormal(ofMillis(1), -0.1));
      assertRejects(IllegalArgumentException.class, "alpha must be > 0.0, got -1.0",
          () -> LatencyModel.pareto(ofMillis(1), -1));
      assertRejects(IllegalArgumentException.class, "alpha must be > 0.0, got 0.0",
          () -> LatencyModel.pareto(ofMillis(1), 0));
      assertRejects(IllegalArgumentException.class, "alpha must be finite, got Infinity",
          () -> LatencyModel.pareto(ofMillis(1), Double.POSITIVE_INFINITY));
      assertRejects(IllegalArgumentException.class, "xm must be between 1ns and 2305843009.213693951s, got 0s",
          () -> LatencyModel.pareto(Duration.ZERO, 2));
    }

    @Test
    void uniformBoundsMustBeOrdered() {
      assertRejects(IllegalArgumentException.class,
          "max must be >= 5ms, got 1ms",
          () -> LatencyModel.uniform(ofMillis(5), ofMillis(1)));
    }

    @Test
    void empiricalInputsMustBeNonEmptyAndNonNegative() {
      assertRejects(IllegalArgumentException.class, "samplesNanos must not be empty, got none",
          () -> LatencyModel.empirical());
      assertRejects(IllegalArgumentException.class, "samplesNanos[3] must be between 0 and 2305843009213693951, got -2",
          () -> LatencyModel.empirical(1, 2, 3, -2));
      assertRejects(IllegalArgumentException.class,
          "samplesNanos[0] must be between 0 and 2305843009213693951, got 9223372036854775807",
          () -> LatencyModel.empirical(Long.MAX_VALUE));
      assertRejects(IllegalArgumentException.class, "histogram must not be empty",
          () -> LatencyModel.empirical(new Histogram(3)));
    }

    @Test
    void mixtureWeightsMustBeFiniteAndPositive() {
      LatencyModel one = LatencyModel.constant(ofMillis(1));
      assertRejects(IllegalArgumentException.class, "weight must be > 0.0, got 0.0",
          () -> Mixture.builder().add(0.0, one));
      assertRejects(IllegalArgumentException.class, "weight must be finite, got NaN",
          () -> Mixture.builder().add(Double.NaN, one));
      assertRejects(IllegalArgumentException.class,
          "weight must be finite, got -Infinity",
          () -> Mixture.builder().add(Double.NEGATIVE_INFINITY, one));
      assertRejects(IllegalArgumentException.class,
          "total weight must be finite, got 1.0E308 + 1.0E308",
          () -> Mixture.builder().add(1e308, one).add(1e308, one));
      assertRejects(IllegalStateException.class, "mixture needs at least one component",
          () -> Mixture.builder().build());
    }

    @Test
    void nullArgumentsAreNamed() {
      assertRejects(NullPointerException.class, "latency", () -> LatencyModel.constant(null));
      assertRejects(NullPointerException.class, "min", () -> LatencyModel.uniform(null, ofMillis(1)));
      assertRejects(NullPointerException.class, "standardDeviation",
          () -> LatencyModel.normal(ofMillis(1), null));
      assertRejects(NullPointerException.class, "xm", () -> LatencyModel.pareto(null, 1));
      assertRejects(NullPointerException.class, "extra", () -> LatencyModel.zero().plus(null));
      assertRejects(NullPointerException.class, "samplesNanos",
          () -> LatencyModel.empirical((long[]) null));
      assertRejects(NullPointerException.class, "histogram",
          () -> LatencyModel.empirical((AbstractHistogram) null));
      assertRejects(NullPointerException.class, "component",
          () -> Mixture.builder().add(1, null));
    }
  }
}
