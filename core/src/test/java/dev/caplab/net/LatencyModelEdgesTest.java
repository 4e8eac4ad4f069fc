package dev.caplab.net;

import static java.time.Duration.ofMillis;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.caplab.sim.RandomDraws;
import java.time.Duration;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

/**
 * The latency models at their edges: exactly which random numbers a sample uses (a sample that
 * draws one number more or less shifts every later random decision of a run), the truncated
 * normal's degenerate and hopeless cases, the mixture's choice at a component's exact boundary and
 * its mean next to a weight that underflowed, the clamp, and the texts a user reads.
 */
class LatencyModelEdgesTest {

  /** Answers the given doubles in turn, forever, and counts the draws. */
  static final class Scripted implements RandomGenerator {
    private final double[] doubles;
    int draws;

    Scripted(double... doubles) {
      this.doubles = doubles;
    }

    @Override
    public double nextDouble() {
      return doubles[draws++ % doubles.length];
    }

    @Override
    public long nextLong() {
      throw new UnsupportedOperationException("the models under test draw doubles only");
    }
  }

  @Test
  void aNormalSampleIsTheMeanPlusSdTimesOneSharedGaussianDrawRedrawnWhileNegative() {
    for (long[] p : new long[][] {{10_000_000, 2_000_000}, {1_000_000, 2_000_000}}) {
      LatencyModel model = LatencyModel.normal(Duration.ofNanos(p[0]), Duration.ofNanos(p[1]));
      for (long seed = 1; seed <= 40; seed++) {
        SplittableRandom reference = new SplittableRandom(seed);
        double x;
        do {
          x = p[0] + p[1] * RandomDraws.gaussian(reference);
        } while (x < 0);
        SplittableRandom used = new SplittableRandom(seed);
        assertEquals(Math.round(x), model.sampleNanos(used), model + ", seed " + seed);
        assertEquals(reference.nextLong(), used.nextLong(), "the sample used the same draws");
      }
    }
  }

  @Test
  void aLogNormalSampleIsTheMedianTimesEToTheSigmaTimesOneGaussianDraw() {
    LatencyModel model = LatencyModel.logNormal(ofMillis(10), 0.5);
    for (long seed = 1; seed <= 40; seed++) {
      double z = RandomDraws.gaussian(new SplittableRandom(seed));
      assertEquals(Math.round(10e6 * StrictMath.exp(0.5 * z)), model.sampleNanos(new SplittableRandom(seed)));
    }
  }

  @Test
  void aNormalWithoutSpreadAnswersItsMeanAndUsesOneDrawLikeAnyOther() {
    LatencyModel zero = LatencyModel.normal(Duration.ZERO, Duration.ZERO);
    assertEquals(0.0, zero.meanNanos());
    assertEquals(3e6, LatencyModel.normal(ofMillis(3), Duration.ZERO).meanNanos());
    SplittableRandom used = new SplittableRandom(9);
    SplittableRandom reference = new SplittableRandom(9);
    assertEquals(0, zero.sampleNanos(used));
    RandomDraws.gaussian(reference);
    assertEquals(reference.nextLong(), used.nextLong(), "a sample of exactly 0 is accepted, not redrawn");
  }

  @Test
  void aNormalThatOnlyDrawsNegativeValuesGivesUpAfterItsRedrawsAndAnswersZero() {
    // 0.25 and 0.5 make the polar method's pair (-0.5, 0): a negative gaussian every time
    Scripted random = new Scripted(0.25, 0.5);
    LatencyModel model = LatencyModel.normal(Duration.ZERO, ofMillis(1));
    assertEquals(0, model.sampleNanos(random));
    assertEquals(2 * NormalLatency.MAX_REDRAWS, random.draws, "two doubles per gaussian, MAX_REDRAWS of them");
  }

  @Test
  void erfcMatchesItsTableWithinTheFitsPrecisionOnBothSides() {
    double[][] table = {{0.5, 0.4795001221869535}, {1, 0.15729920705028513}, {2, 0.004677734981047266}};
    for (double[] row : table) {
      assertEquals(row[1], NormalLatency.erfc(row[0]), 1.2e-7 * row[1], "erfc(" + row[0] + ")");
      assertEquals(2 - row[1], NormalLatency.erfc(-row[0]), 1.2e-7, "erfc(-" + row[0] + ")");
    }
  }

  @Test
  void clampMapsNonPositiveAndNotANumberToZeroAndCapsAtTheLargestLatency() {
    assertEquals(0, LatencyModels.clamp(-1.5));
    assertEquals(0, LatencyModels.clamp(Double.NaN));
    assertEquals(0, LatencyModels.clamp(0.0));
    assertEquals(2, LatencyModels.clamp(1.6));
    assertEquals(LatencyModels.MAX_NANOS, LatencyModels.clamp((double) LatencyModels.MAX_NANOS));
    assertEquals(LatencyModels.MAX_NANOS, LatencyModels.clamp(1e30));
    assertEquals(LatencyModels.MAX_NANOS, LatencyModels.clamp(Double.POSITIVE_INFINITY));
  }

  @Test
  void aMixtureDrawOnAComponentsUpperBoundaryPicksTheNextComponent() {
    // equal weights: [0, 0.5) is the first component, [0.5, 1) the second
    Mixture mixture = LatencyModel.mixture().add(1, LatencyModel.constant(ofMillis(1)))
        .add(1, LatencyModel.constant(ofMillis(2))).build();
    assertEquals(2_000_000, mixture.sampleNanos(new Scripted(0.5)));
    assertEquals(1_000_000, mixture.sampleNanos(new Scripted(Math.nextDown(0.5))));
    assertEquals(1_000_000, mixture.sampleNanos(new Scripted(0.0)));
    assertEquals(2_000_000, mixture.sampleNanos(new Scripted(Math.nextDown(1.0))));
  }

  @Test
  void aWeightThatUnderflowsToZeroAddsNothingToTheMixturesMean() {
    // the second component can never be drawn, so its infinite mean must not make the mean NaN
    Mixture mixture = LatencyModel.mixture().add(1e300, LatencyModel.constant(ofMillis(1)))
        .add(Double.MIN_VALUE, LatencyModel.pareto(ofMillis(1), 0.5)).build();
    assertEquals(1e6, mixture.meanNanos());
  }

  @Test
  void textsNameTheModelsParameters() {
    assertEquals("mixture(50% constant(1ms), 50% constant(2ms))", LatencyModel.mixture()
        .add(1, LatencyModel.constant(ofMillis(1))).add(1, LatencyModel.constant(ofMillis(2))).build().toString());
    assertEquals("normal(mean=10ms, sd=1.5ms, truncated at 0)",
        LatencyModel.normal(ofMillis(10), Duration.ofNanos(1_500_000)).toString());
    Histogram histogram = new Histogram(3);
    histogram.recordValueWithCount(1000, 3);
    histogram.recordValueWithCount(2000, 1);
    assertEquals("empirical(histogram, n=4, buckets=2, range=1us..2us, mean=1.25us)",
        LatencyModel.empirical(histogram).toString());
  }
}
