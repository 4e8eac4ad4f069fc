package dev.caplab.messaging.saga;

import dev.caplab.config.Require;
import dev.caplab.messaging.resilience.Backoff;
import java.time.Duration;

/**
 * How a {@link SagaCoordinator} retries what must not fail for good: a compensation that failed or
 * timed out, and a retriable step after the point of no return. Both are retried forever, each
 * after the backoff's delay; the backoff is the resilience package's, so its jitter variants apply.
 *
 * <p>Immutable and thread-safe.
 */
public final class SagaConfig {

  /** The first delay of the default backoff. */
  public static final Duration DEFAULT_INITIAL_RETRY_DELAY = Duration.ofMillis(100);
  /** The multiplier of the default backoff. */
  public static final double DEFAULT_RETRY_MULTIPLIER = 2.0;
  /** The longest delay of the default backoff. */
  public static final Duration DEFAULT_MAX_RETRY_DELAY = Duration.ofSeconds(5);
  /** The default backoff: exponential from 100 ms, doubling, capped at 5 s. */
  public static final Backoff DEFAULT_RETRY_BACKOFF =
      Backoff.exponential(DEFAULT_INITIAL_RETRY_DELAY, DEFAULT_RETRY_MULTIPLIER, DEFAULT_MAX_RETRY_DELAY);

  private static final SagaConfig DEFAULTS = custom().build();

  private final Backoff retryBackoff;

  private SagaConfig(Builder b) {
    this.retryBackoff = b.retryBackoff;
  }

  /** The default configuration. */
  public static SagaConfig ofDefaults() {
    return DEFAULTS;
  }

  /** A builder starting from the defaults. */
  public static Builder custom() {
    return new Builder();
  }

  /** A builder starting from {@code base}. */
  public static Builder from(SagaConfig base) {
    Require.notNull(base, "base");
    return new Builder().retryBackoff(base.retryBackoff);
  }

  /** The delay before each retry of a compensation or a retriable step. */
  public Backoff retryBackoff() {
    return retryBackoff;
  }

  /** Builds a {@link SagaConfig}. Not thread-safe. */
  public static final class Builder {

    private Backoff retryBackoff = DEFAULT_RETRY_BACKOFF;

    private Builder() {}

    /** The delay before each retry (default {@link #DEFAULT_RETRY_BACKOFF}). */
    public Builder retryBackoff(Backoff retryBackoff) {
      this.retryBackoff = Require.notNull(retryBackoff, "retryBackoff");
      return this;
    }

    /** The configuration. */
    public SagaConfig build() {
      return new SagaConfig(this);
    }
  }
}
