package dev.caplab.replication.quorum;

import dev.caplab.capacity.JitteredBackoff;
import dev.caplab.config.Require;
import dev.caplab.time.Durations;
import java.time.Duration;

/**
 * How a {@link QuorumClient} retries a request the store answered with {@link Throttled}: up to
 * {@link #maxAttempts()} attempts in all, waiting before each retry the longer of the store's
 * retry-after hint and a {@linkplain JitteredBackoff full-jitter} exponential backoff, as the AWS
 * SDKs retry DynamoDB's throttling errors. A request still throttled on its last attempt gives up:
 * the caller gets the last {@link Throttled}, with {@link Throttled#attempts()} set. Failures other
 * than throttling ({@link Unavailable}) are never retried by the client.
 *
 * <p>Defaults (each a {@code DEFAULT_*} constant): 10 attempts, backoff from 25 ms doubling up to
 * 1 s. {@link #none()} makes the first throttle final.
 *
 * <p>Immutable and thread-safe.
 */
public final class ThrottleRetry {

  /** Default attempts in all, the first included. */
  public static final int DEFAULT_MAX_ATTEMPTS = 10;
  /** Default backoff ceiling before the first retry. */
  public static final Duration DEFAULT_BASE = Duration.ofMillis(25);
  /** Default largest backoff ceiling. */
  public static final Duration DEFAULT_CAP = Duration.ofSeconds(1);
  /** The most attempts a request may make. */
  public static final int MAX_ATTEMPTS = 1_000;

  private static final ThrottleRetry DEFAULTS = custom().build();
  private static final ThrottleRetry NONE = custom().maxAttempts(1).build();

  private final int maxAttempts;
  private final JitteredBackoff backoff;

  private ThrottleRetry(int maxAttempts, JitteredBackoff backoff) {
    this.maxAttempts = maxAttempts;
    this.backoff = backoff;
  }

  public static ThrottleRetry ofDefaults() {
    return DEFAULTS;
  }

  /** One attempt: a throttled request is answered {@link Throttled} at once. */
  public static ThrottleRetry none() {
    return NONE;
  }

  public static Builder custom() {
    return new Builder();
  }

  public static Builder from(ThrottleRetry base) {
    Require.notNull(base, "base");
    Builder b = new Builder();
    b.maxAttempts = base.maxAttempts;
    b.base = base.backoff.base();
    b.cap = base.backoff.cap();
    return b;
  }

  /** Attempts in all, the first included; 1 means no retry. */
  public int maxAttempts() {
    return maxAttempts;
  }

  public JitteredBackoff backoff() {
    return backoff;
  }

  @Override
  public String toString() {
    return "ThrottleRetry[" + maxAttempts + " attempts, full jitter from " + Durations.exact(backoff.base()) + " to "
        + Durations.exact(backoff.cap()) + "]";
  }

  /** Not thread-safe: one builder per thread. */
  public static final class Builder {
    private int maxAttempts = DEFAULT_MAX_ATTEMPTS;
    private Duration base = DEFAULT_BASE;
    private Duration cap = DEFAULT_CAP;

    private Builder() {}

    /** Attempts in all, 1 (no retry) to {@link #MAX_ATTEMPTS}. */
    public Builder maxAttempts(int attempts) {
      this.maxAttempts = Require.between("maxAttempts", attempts, 1, MAX_ATTEMPTS);
      return this;
    }

    /** The backoff ceiling before the first retry, positive. */
    public Builder base(Duration base) {
      Require.positive("base", base);
      this.base = base;
      return this;
    }

    /** The largest backoff ceiling, positive. */
    public Builder cap(Duration cap) {
      Require.positive("cap", cap);
      this.cap = cap;
      return this;
    }

    /** @throws IllegalStateException if the cap is shorter than the base */
    public ThrottleRetry build() {
      Require.requireState(cap.compareTo(base) >= 0, "cap (%s) must be >= base (%s)", Durations.exact(cap),
          Durations.exact(base));
      return new ThrottleRetry(maxAttempts, JitteredBackoff.fullJitter(base, cap));
    }
  }
}
