package dev.caplab.net;

import static java.time.Duration.ofNanos;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Scale;
import net.jqwik.api.constraints.Size;
import org.HdrHistogram.Histogram;

/**
 * Laws every model obeys for any valid parameters, edge values included (0, {@code MAX_NANOS},
 * huge sigma, tiny alpha): samples lie in {@code [0, MAX_NANOS]}, so a simulator can add a few of
 * them to a virtual time without overflowing, and equal seeds give equal sequences.
 */
class LatencyModelPropertiesTest {

  static final long MAX = LatencyModels.MAX_NANOS;
  static final int DRAWS = 500;

  static void assertInRange(LatencyModel model, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    for (int i = 0; i < DRAWS; i++) {
      long x = model.sampleNanos(random);
      assertTrue(x >= 0 && x <= MAX, () -> model + " drew " + x);
    }
    assertArrayEquals(
        LatencyModelTest.sample(model, seed, 50), LatencyModelTest.sample(model, seed, 50),
        model::toString);
  }

  @Property
  void uniformStaysInRange(
      @ForAll @LongRange(min = 0, max = MAX) long a,
      @ForAll @LongRange(min = 0, max = MAX) long b,
      @ForAll long seed) {
    LatencyModel model = LatencyModel.uniform(ofNanos(Math.min(a, b)), ofNanos(Math.max(a, b)));
    assertInRange(model, seed);
    SplittableRandom random = new SplittableRandom(seed);
    for (int i = 0; i < DRAWS; i++) {
      long x = model.sampleNanos(random);
      assertTrue(x >= Math.min(a, b) && x <= Math.max(a, b), () -> model + " drew " + x);
    }
  }

  @Property
  void normalStaysInRange(
      @ForAll @LongRange(min = 0, max = MAX) long mean,
      @ForAll @LongRange(min = 0, max = MAX) long sd,
      @ForAll long seed) {
    assertInRange(LatencyModel.normal(ofNanos(mean), ofNanos(sd)), seed);
  }

  @Property
  void exponentialStaysInRange(
      @ForAll @LongRange(min = 0, max = MAX) long mean, @ForAll long seed) {
    assertInRange(LatencyModel.exponential(ofNanos(mean)), seed);
  }

  @Property
  void logNormalStaysInRange(
      @ForAll @LongRange(min = 0, max = MAX) long median,
      @ForAll @DoubleRange(min = 0, max = 1e300) double sigma,
      @ForAll long seed) {
    assertInRange(LatencyModel.logNormal(ofNanos(median), sigma), seed);
  }

  @Property
  void paretoStaysInRange(
      @ForAll @LongRange(min = 1, max = MAX) long xm,
      @ForAll @DoubleRange(min = 0, minIncluded = false, max = 1e300) double alpha,
      @ForAll long seed) {
    LatencyModel model = LatencyModel.pareto(ofNanos(xm), alpha);
    assertInRange(model, seed);
    assertTrue(model.sampleNanos(new SplittableRandom(seed)) >= xm, model::toString);
  }

  @Property
  void empiricalStaysInRange(
      @ForAll @Size(min = 1, max = 50) List<@LongRange(min = 0, max = MAX) Long> samples,
      @ForAll long seed) {
    assertInRange(LatencyModel.empirical(samples.stream().mapToLong(x -> x).toArray()), seed);
  }

  @Property
  void histogramStaysInRange(
      @ForAll @Size(min = 1, max = 50) List<@LongRange(min = 0, max = MAX) Long> values,
      @ForAll long seed) {
    Histogram histogram = new Histogram(2);
    for (long v : values) {
      histogram.recordValue(v);
    }
    assertInRange(LatencyModel.empirical(histogram), seed);
  }

  @Property
  void shiftedMixturesStayInRange(
      @ForAll("models") LatencyModel a,
      @ForAll("models") LatencyModel b,
      @ForAll @DoubleRange(min = 1e-6, max = 1e6) @Scale(6) double weight,
      @ForAll @LongRange(min = 0, max = MAX) long extra,
      @ForAll long seed) {
    LatencyModel model = Mixture.builder().add(weight, a).add(1, b.plus(ofNanos(extra))).build();
    assertInRange(model, seed);
    assertInRange(model.plus(ofNanos(extra)), seed);
  }

  @Provide
  Arbitrary<LatencyModel> models() {
    Arbitrary<Long> nanos = Arbitraries.longs().between(0, MAX);
    Arbitrary<Double> shape = Arbitraries.doubles().between(1e-3, 1e3).ofScale(3);
    return Arbitraries.oneOf(
        nanos.map(n -> LatencyModel.constant(ofNanos(n))),
        nanos.map(n -> LatencyModel.exponential(ofNanos(n))),
        Combinators.combine(nanos, shape).as((n, s) -> LatencyModel.logNormal(ofNanos(n), s)),
        Combinators.combine(nanos.filter(n -> n > 0), shape)
            .as((n, a) -> LatencyModel.pareto(ofNanos(n), a)));
  }
}
