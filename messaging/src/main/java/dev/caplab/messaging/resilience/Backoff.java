package dev.caplab.messaging.resilience;

import dev.caplab.config.Require;
import dev.caplab.time.Durations;
import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * How long to wait before a retry: Resilience4j's interval functions (fixed, exponential,
 * randomized, exponential randomized) and the four strategies of Marc Brooker's AWS Architecture
 * Blog article "Exponential Backoff and Jitter" (no jitter, full, equal and decorrelated jitter).
 *
 * <p>Numbering: {@code retry} is 1 before the first retry (after the first attempt failed), 2
 * before the second, and so on. Resilience4j's {@code base * multiplier^(n-1)} uses it as {@code
 * n}; Brooker's {@code base * 2^attempt} uses {@code attempt = retry - 1}, so both start at
 * {@code base}.
 *
 * <p>Randomness comes only from the {@link RandomGenerator} the caller passes (seeded from the
 * simulation in simulation runs), so a seed reproduces every delay. A backoff is a pure function
 * of its arguments: one instance serves any number of concurrent calls; the only per-call memory,
 * the previous delay that decorrelated jitter needs, is passed in by {@link Retry.Context}.
 *
 * <p>Thread-safe: the built-in backoffs are immutable; the random generator is the caller's
 * concern ({@link Retry} draws under its own lock).
 */
@FunctionalInterface
public interface Backoff {

  /** Resilience4j's default initial interval (and fixed wait): 500 ms. */
  Duration DEFAULT_INITIAL_INTERVAL = Duration.ofMillis(500);
  /** Resilience4j's default exponential multiplier. */
  double DEFAULT_MULTIPLIER = 1.5;
  /** Resilience4j's default randomization factor: +-50% around the interval. */
  double DEFAULT_RANDOMIZATION_FACTOR = 0.5;
  /** The smallest multiplier: below 1 the "backoff" would shrink. */
  double MIN_MULTIPLIER = 1.0;
  /** Randomization factors are in [MIN, MAX). */
  double MIN_RANDOMIZATION_FACTOR = 0.0;
  /** Exclusive upper bound of the randomization factor. */
  double MAX_RANDOMIZATION_FACTOR = 1.0;
  /** The smallest retry number. */
  int FIRST_RETRY = 1;

  /**
   * The delay in nanoseconds before retry number {@code retry}.
   *
   * @param retry 1 for the first retry
   * @param previousDelayNanos what this backoff returned for the previous retry of the same call
   *     (0 before the first retry); only decorrelated jitter uses it
   * @param random the source of jitter
   */
  long delayNanos(int retry, long previousDelayNanos, RandomGenerator random);

  /** Resilience4j's {@code IntervalFunction.of(interval)}: always {@code interval}. */
  static Backoff fixed(Duration interval) {
    return new Backoffs.Fixed(
        Durations.saturatedNanos(Require.atLeast("interval", interval, Duration.ZERO)));
  }

  /** Resilience4j's {@code ofExponentialBackoff(initial, multiplier)}, uncapped. */
  static Backoff exponential(Duration initialInterval, double multiplier) {
    return exponential(initialInterval, multiplier, Backoffs.NO_CAP);
  }

  /**
   * {@code min(maxInterval, initialInterval * multiplier^(retry-1))} (Resilience4j's {@code
   * ofExponentialBackoff(initial, multiplier, max)}; computed in nanoseconds without Resilience4j's
   * per-step rounding to whole milliseconds).
   */
  static Backoff exponential(Duration initialInterval, double multiplier, Duration maxInterval) {
    long initial =
        Durations.saturatedNanos(Require.atLeast("initialInterval", initialInterval, Duration.ZERO));
    Require.atLeast("multiplier", multiplier, MIN_MULTIPLIER);
    long max = Durations.saturatedNanos(Require.atLeast("maxInterval", maxInterval, initialInterval));
    return new Backoffs.Exponential(initial, multiplier, max);
  }

  /**
   * Resilience4j's {@code ofRandomized(interval, factor)}: uniform in {@code [interval*(1-factor),
   * interval*(1+factor))}.
   */
  static Backoff randomized(Duration interval, double randomizationFactor) {
    return new Backoffs.ExponentialRandom(
        Durations.saturatedNanos(Require.atLeast("interval", interval, Duration.ZERO)),
        MIN_MULTIPLIER,
        checkFactor(randomizationFactor),
        Long.MAX_VALUE);
  }

  /**
   * Resilience4j's {@code ofExponentialRandomBackoff(initial, multiplier, factor, max)}: the
   * exponential interval randomized by {@code +-factor}, then capped at {@code maxInterval}.
   */
  static Backoff exponentialRandom(
      Duration initialInterval, double multiplier, double randomizationFactor, Duration maxInterval) {
    long initial =
        Durations.saturatedNanos(Require.atLeast("initialInterval", initialInterval, Duration.ZERO));
    Require.atLeast("multiplier", multiplier, MIN_MULTIPLIER);
    checkFactor(randomizationFactor);
    long max = Durations.saturatedNanos(Require.atLeast("maxInterval", maxInterval, initialInterval));
    return new Backoffs.ExponentialRandom(initial, multiplier, randomizationFactor, max);
  }

  /** Resilience4j's {@code ofExponentialRandomBackoff()} with its defaults, uncapped. */
  static Backoff exponentialRandom() {
    return exponentialRandom(
        DEFAULT_INITIAL_INTERVAL, DEFAULT_MULTIPLIER, DEFAULT_RANDOMIZATION_FACTOR, Backoffs.NO_CAP);
  }

  /** Brooker's "no jitter": {@code min(cap, base * 2^attempt)}. */
  static Backoff noJitter(Duration base, Duration cap) {
    return new Backoffs.Brooker(Backoffs.Jitter.NONE, checkBase(base), checkCap(base, cap));
  }

  /** Brooker's "full jitter": {@code random_between(0, min(cap, base * 2^attempt))}. */
  static Backoff fullJitter(Duration base, Duration cap) {
    return new Backoffs.Brooker(Backoffs.Jitter.FULL, checkBase(base), checkCap(base, cap));
  }

  /**
   * Brooker's "equal jitter": {@code temp = min(cap, base * 2^attempt); temp/2 +
   * random_between(0, temp/2)}.
   */
  static Backoff equalJitter(Duration base, Duration cap) {
    return new Backoffs.Brooker(Backoffs.Jitter.EQUAL, checkBase(base), checkCap(base, cap));
  }

  /**
   * Brooker's "decorrelated jitter": {@code sleep = min(cap, random_between(base, sleep * 3))},
   * starting from {@code sleep = base}; always within {@code [base, cap]}.
   */
  static Backoff decorrelatedJitter(Duration base, Duration cap) {
    return new Backoffs.Brooker(Backoffs.Jitter.DECORRELATED, checkBase(base), checkCap(base, cap));
  }

  private static double checkFactor(double factor) {
    return Require.inClosedOpen(
        "randomizationFactor", factor, MIN_RANDOMIZATION_FACTOR, MAX_RANDOMIZATION_FACTOR);
  }

  private static long checkBase(Duration base) {
    return Durations.saturatedNanos(Require.atLeast("base", base, Duration.ZERO));
  }

  private static long checkCap(Duration base, Duration cap) {
    Require.atLeast("cap", cap, Duration.ZERO);
    return Durations.saturatedNanos(Require.atLeast("cap", cap, base));
  }
}
