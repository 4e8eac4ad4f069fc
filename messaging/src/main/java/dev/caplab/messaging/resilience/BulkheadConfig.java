package dev.caplab.messaging.resilience;

import dev.caplab.config.Require;
import dev.caplab.time.Durations;
import java.time.Duration;

/**
 * Immutable settings of a {@link Bulkhead}, with Resilience4j's {@code SemaphoreBulkhead}
 * defaults: 25 concurrent calls, and a caller that finds none free does not wait.
 *
 * <p>Build with {@link #custom()}, {@link #from(BulkheadConfig)} or {@link #ofDefaults()}.
 *
 * <p>Thread-safe: immutable.
 */
public final class BulkheadConfig {

  public static final int DEFAULT_MAX_CONCURRENT_CALLS = 25;
  public static final Duration DEFAULT_MAX_WAIT_DURATION = Duration.ZERO;
  public static final int MIN_MAX_CONCURRENT_CALLS = 1;
  public static final Duration MIN_MAX_WAIT_DURATION = Duration.ZERO;

  private final int maxConcurrentCalls;
  private final long maxWaitNanos;

  private BulkheadConfig(Builder b) {
    this.maxConcurrentCalls = b.maxConcurrentCalls;
    this.maxWaitNanos = b.maxWaitNanos;
  }

  public static BulkheadConfig ofDefaults() {
    return custom().build();
  }

  public static Builder custom() {
    return new Builder();
  }

  public static Builder from(BulkheadConfig base) {
    return new Builder(Require.notNull(base, "base"));
  }

  public int maxConcurrentCalls() {
    return maxConcurrentCalls;
  }

  public Duration maxWaitDuration() {
    return Duration.ofNanos(maxWaitNanos);
  }

  public long maxWaitNanos() {
    return maxWaitNanos;
  }

  @Override
  public String toString() {
    return "BulkheadConfig[maxConcurrentCalls=" + maxConcurrentCalls + ", maxWaitDuration="
        + maxWaitNanos + "ns]";
  }

  /** Not thread-safe: one builder per thread. */
  public static final class Builder {
    private int maxConcurrentCalls = DEFAULT_MAX_CONCURRENT_CALLS;
    private long maxWaitNanos = DEFAULT_MAX_WAIT_DURATION.toNanos();

    private Builder() {}

    private Builder(BulkheadConfig base) {
      this.maxConcurrentCalls = base.maxConcurrentCalls;
      this.maxWaitNanos = base.maxWaitNanos;
    }

    public Builder maxConcurrentCalls(int maxConcurrentCalls) {
      this.maxConcurrentCalls =
          Require.atLeast("maxConcurrentCalls", maxConcurrentCalls, MIN_MAX_CONCURRENT_CALLS);
      return this;
    }

    public Builder maxWaitDuration(Duration maxWait) {
      this.maxWaitNanos =
          Durations.saturatedNanos(Require.atLeast("maxWaitDuration", maxWait, MIN_MAX_WAIT_DURATION));
      return this;
    }

    public BulkheadConfig build() {
      return new BulkheadConfig(this);
    }
  }
}
