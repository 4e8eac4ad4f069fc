package dev.caplab.examples.resilience.circuitbreaker;

import dev.caplab.examples.scenario.Arrivals;
import java.time.Duration;
import java.util.Arrays;
import java.util.random.RandomGenerator;

/**
 * The user requests of one run, drawn once and played to both variants: Poisson arrivals at a
 * steady rate, each request needing either the recommendations backend or the catalog backend.
 *
 * <p>Immutable after construction (the arrays are never handed out) and thread-safe.
 */
final class Workload {

  private final long[] arrivalNanos;
  private final boolean[] needsRecommendations;

  private Workload(long[] arrivalNanos, boolean[] needsRecommendations) {
    this.arrivalNanos = arrivalNanos;
    this.needsRecommendations = needsRecommendations;
  }

  /**
   * Requests arriving at {@code perSecond} on average (exponential gaps) from time 0 until
   * {@code until}; each needs recommendations with probability {@code recommendationsShare}, drawn
   * right after its arrival time. Two requests may arrive in the same nanosecond (a minimum gap of
   * 0), as they always could here.
   */
  static Workload poisson(double perSecond, Duration until, double recommendationsShare, RandomGenerator random) {
    if (!(recommendationsShare >= 0 && recommendationsShare <= 1)) {
      throw new IllegalArgumentException("recommendationsShare must be in [0, 1], got " + recommendationsShare);
    }
    Arrivals arrivals = Arrivals.poisson(random, perSecond, 0);
    long end = until.toNanos();
    long[] times = new long[16];
    boolean[] kinds = new boolean[16];
    int n = 0;
    for (long t = arrivals.next(); t < end; t = arrivals.next()) {
      if (n == times.length) {
        times = Arrays.copyOf(times, n * 2);
        kinds = Arrays.copyOf(kinds, n * 2);
      }
      times[n] = t;
      kinds[n] = random.nextDouble() < recommendationsShare;
      n++;
    }
    return new Workload(Arrays.copyOf(times, n), Arrays.copyOf(kinds, n));
  }

  /** Exactly these requests (copied); arrivals must be non-decreasing. */
  static Workload of(long[] arrivalNanos, boolean[] needsRecommendations) {
    if (arrivalNanos.length != needsRecommendations.length) {
      throw new IllegalArgumentException("one kind per arrival: " + arrivalNanos.length + " arrivals, "
          + needsRecommendations.length + " kinds");
    }
    for (int i = 1; i < arrivalNanos.length; i++) {
      if (arrivalNanos[i] < arrivalNanos[i - 1]) {
        throw new IllegalArgumentException("arrivals must be non-decreasing, got " + arrivalNanos[i - 1]
            + " then " + arrivalNanos[i] + " at index " + i);
      }
    }
    return new Workload(arrivalNanos.clone(), needsRecommendations.clone());
  }

  int size() {
    return arrivalNanos.length;
  }

  /** When request {@code i} arrives; non-decreasing in {@code i}. */
  long arrivalNanos(int i) {
    return arrivalNanos[i];
  }

  /** Whether request {@code i} needs recommendations (else it needs the catalog). */
  boolean needsRecommendations(int i) {
    return needsRecommendations[i];
  }
}
