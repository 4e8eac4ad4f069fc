package dev.caplab.capacity;

import dev.caplab.config.Require;
import dev.caplab.time.Durations;
import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * Exponential backoff with full jitter, the retry schedule of a client that was throttled: before
 * retry {@code r} (1 for the first) it waits a uniform random time in {@code [0, min(cap, base *
 * 2^(r-1))]} (Marc Brooker's "full jitter", the schedule the AWS SDKs use for throttled requests).
 * The jitter spreads clients that were refused together, so they do not return together.
 *
 * <p>It lives in core so that a store's client can back off without depending on the messaging
 * module's resilience package, which has the general retry machinery; this is the one schedule a
 * throttled request needs. Randomness comes only from the caller's {@link RandomGenerator}, so a
 * simulation's seed reproduces every delay.
 *
 * <p>Thread-safe: immutable (the random generator is the caller's concern).
 */
public final class JitteredBackoff {

  private final long baseNanos;
  private final long capNanos;

  private JitteredBackoff(long baseNanos, long capNanos) {
    this.baseNanos = baseNanos;
    this.capNanos = capNanos;
  }

  /**
   * Full jitter from {@code base}, doubling per retry up to {@code cap}.
   *
   * @throws IllegalArgumentException if {@code base} is not positive, or {@code cap} is shorter
   *     than {@code base}
   */
  public static JitteredBackoff fullJitter(Duration base, Duration cap) {
    long b = Require.positiveNanos("base", base);
    Require.atLeast("cap", cap, base);
    return new JitteredBackoff(b, Require.positiveNanos("cap", cap));
  }

  /** The longest wait before retry {@code retry}: {@code min(cap, base * 2^(retry-1))}. */
  public long ceilingNanos(int retry) {
    Require.atLeast("retry", retry, 1);
    int doublings = retry - 1;
    // base * 2^d overflows for large d: once it passes the cap the cap wins anyway.
    if (doublings >= Long.numberOfLeadingZeros(baseNanos)) {
      return capNanos;
    }
    return Math.min(capNanos, baseNanos << doublings);
  }

  /** The wait before retry {@code retry} (1 for the first), uniform in {@code [0, ceilingNanos(retry)]}. */
  public long delayNanos(int retry, RandomGenerator random) {
    long ceiling = ceilingNanos(retry);
    Require.notNull(random, "random");
    return ceiling == Long.MAX_VALUE ? random.nextLong() >>> 1 : random.nextLong(ceiling + 1);
  }

  public Duration base() {
    return Duration.ofNanos(baseNanos);
  }

  public Duration cap() {
    return Duration.ofNanos(capNanos);
  }

  @Override
  public String toString() {
    return "JitteredBackoff[full jitter, base " + Durations.exact(baseNanos) + ", cap " + Durations.exact(capNanos) + "]";
  }
}
