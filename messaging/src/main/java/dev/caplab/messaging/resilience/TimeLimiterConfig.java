package dev.caplab.messaging.resilience;

import dev.caplab.config.Require;
import dev.caplab.time.Durations;
import java.time.Duration;

/**
 * Immutable settings of a {@link TimeLimiter}, with Resilience4j's defaults: a call gets 1 s, and
 * a future that times out is cancelled.
 *
 * <p>Build with {@link #custom()}, {@link #from(TimeLimiterConfig)} or {@link #ofDefaults()}.
 *
 * <p>Thread-safe: immutable.
 */
public final class TimeLimiterConfig {

  public static final Duration DEFAULT_TIMEOUT_DURATION = Duration.ofSeconds(1);
  public static final boolean DEFAULT_CANCEL_RUNNING_FUTURE = true;
  public static final Duration MIN_TIMEOUT_DURATION = Duration.ZERO;

  private final long timeoutNanos;
  private final boolean cancelRunningFuture;

  private TimeLimiterConfig(Builder b) {
    this.timeoutNanos = b.timeoutNanos;
    this.cancelRunningFuture = b.cancelRunningFuture;
  }

  public static TimeLimiterConfig ofDefaults() {
    return custom().build();
  }

  public static Builder custom() {
    return new Builder();
  }

  public static Builder from(TimeLimiterConfig base) {
    return new Builder(Require.notNull(base, "base"));
  }

  public Duration timeoutDuration() {
    return Duration.ofNanos(timeoutNanos);
  }

  public long timeoutNanos() {
    return timeoutNanos;
  }

  public boolean cancelRunningFuture() {
    return cancelRunningFuture;
  }

  @Override
  public String toString() {
    return "TimeLimiterConfig[timeoutDuration=" + timeoutNanos + "ns, cancelRunningFuture="
        + cancelRunningFuture + "]";
  }

  /** Not thread-safe: one builder per thread. */
  public static final class Builder {
    private long timeoutNanos = DEFAULT_TIMEOUT_DURATION.toNanos();
    private boolean cancelRunningFuture = DEFAULT_CANCEL_RUNNING_FUTURE;

    private Builder() {}

    private Builder(TimeLimiterConfig base) {
      this.timeoutNanos = base.timeoutNanos;
      this.cancelRunningFuture = base.cancelRunningFuture;
    }

    public Builder timeoutDuration(Duration timeout) {
      this.timeoutNanos =
          Durations.saturatedNanos(Require.atLeast("timeoutDuration", timeout, MIN_TIMEOUT_DURATION));
      return this;
    }

    public Builder cancelRunningFuture(boolean cancel) {
      this.cancelRunningFuture = cancel;
      return this;
    }

    public TimeLimiterConfig build() {
      return new TimeLimiterConfig(this);
    }
  }
}
