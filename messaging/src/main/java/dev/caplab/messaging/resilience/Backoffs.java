package dev.caplab.messaging.resilience;

import dev.caplab.config.Require;
import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * The built-in {@link Backoff} implementations, as records so that reports print their settings.
 *
 * <p>Thread-safe: immutable.
 */
final class Backoffs {

  /** "No cap": the largest duration whose nanoseconds fit in a long. */
  static final Duration NO_CAP = Duration.ofNanos(Long.MAX_VALUE);

  private Backoffs() {}

  static void checkRetry(int retry) {
    Require.atLeast("retry", retry, Backoff.FIRST_RETRY);
  }

  /** {@code min(cap, base * multiplier^exponent)} without overflow. */
  static long capped(long base, double multiplier, int exponent, long cap) {
    double value = base * StrictMath.pow(multiplier, exponent);
    return value >= cap ? cap : (long) value;
  }

  /** Uniform in {@code [low, high)}; {@code low} when the range is empty. */
  static long between(long low, long high, RandomGenerator random) {
    if (high <= low) {
      return low;
    }
    long value = low + (long) (random.nextDouble() * (double) (high - low));
    return Math.min(value, high);
  }

  record Fixed(long intervalNanos) implements Backoff {
    @Override
    public long delayNanos(int retry, long previousDelayNanos, RandomGenerator random) {
      checkRetry(retry);
      return intervalNanos;
    }
  }

  record Exponential(long initialNanos, double multiplier, long maxNanos) implements Backoff {
    @Override
    public long delayNanos(int retry, long previousDelayNanos, RandomGenerator random) {
      checkRetry(retry);
      return capped(initialNanos, multiplier, retry - 1, maxNanos);
    }
  }

  record ExponentialRandom(
      long initialNanos, double multiplier, double randomizationFactor, long maxNanos)
      implements Backoff {
    @Override
    public long delayNanos(int retry, long previousDelayNanos, RandomGenerator random) {
      checkRetry(retry);
      double interval = initialNanos * StrictMath.pow(multiplier, retry - 1);
      double delta = randomizationFactor * interval;
      double value = (interval - delta) + random.nextDouble() * (2 * delta);
      return value >= maxNanos ? maxNanos : (long) value;
    }
  }

  enum Jitter {
    NONE,
    FULL,
    EQUAL,
    DECORRELATED
  }

  record Brooker(Jitter jitter, long baseNanos, long capNanos) implements Backoff {
    @Override
    public long delayNanos(int retry, long previousDelayNanos, RandomGenerator random) {
      checkRetry(retry);
      long temp = capped(baseNanos, 2.0, retry - 1, capNanos);
      switch (jitter) {
        case NONE:
          return temp;
        case FULL:
          return between(0, temp, random);
        case EQUAL:
          long half = temp / 2;
          return half + between(0, temp - half, random);
        case DECORRELATED:
          long sleep = retry == Backoff.FIRST_RETRY ? baseNanos : Math.max(baseNanos, previousDelayNanos);
          long high = sleep > Long.MAX_VALUE / 3 ? Long.MAX_VALUE : sleep * 3;
          return Math.min(capNanos, between(baseNanos, high, random));
        default:
          throw new AssertionError(jitter);
      }
    }
  }
}
