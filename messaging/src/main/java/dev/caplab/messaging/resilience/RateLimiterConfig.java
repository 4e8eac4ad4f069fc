package dev.caplab.messaging.resilience;

import dev.caplab.config.Require;
import dev.caplab.time.Durations;
import java.time.Duration;

/**
 * Immutable settings of a {@link RateLimiter}, with Resilience4j's defaults: 50 permits per
 * refresh period of 500 ns, and a caller waits up to 5 s for a permit.
 *
 * <p>Build with {@link #custom()}, {@link #from(RateLimiterConfig)} or {@link #ofDefaults()}.
 *
 * <p>Thread-safe: immutable.
 */
public final class RateLimiterConfig {

  public static final int DEFAULT_LIMIT_FOR_PERIOD = 50;
  public static final Duration DEFAULT_LIMIT_REFRESH_PERIOD = Duration.ofNanos(500);
  public static final Duration DEFAULT_TIMEOUT_DURATION = Duration.ofSeconds(5);
  public static final int MIN_LIMIT_FOR_PERIOD = 1;
  public static final Duration MIN_LIMIT_REFRESH_PERIOD = Duration.ofNanos(1);
  public static final Duration MIN_TIMEOUT_DURATION = Duration.ZERO;

  private final int limitForPeriod;
  private final long limitRefreshPeriodNanos;
  private final long timeoutNanos;

  private RateLimiterConfig(Builder b) {
    this.limitForPeriod = b.limitForPeriod;
    this.limitRefreshPeriodNanos = b.limitRefreshPeriodNanos;
    this.timeoutNanos = b.timeoutNanos;
  }

  public static RateLimiterConfig ofDefaults() {
    return custom().build();
  }

  public static Builder custom() {
    return new Builder();
  }

  public static Builder from(RateLimiterConfig base) {
    return new Builder(Require.notNull(base, "base"));
  }

  public int limitForPeriod() {
    return limitForPeriod;
  }

  public Duration limitRefreshPeriod() {
    return Duration.ofNanos(limitRefreshPeriodNanos);
  }

  public long limitRefreshPeriodNanos() {
    return limitRefreshPeriodNanos;
  }

  public Duration timeoutDuration() {
    return Duration.ofNanos(timeoutNanos);
  }

  public long timeoutNanos() {
    return timeoutNanos;
  }

  @Override
  public String toString() {
    return "RateLimiterConfig[limitForPeriod=" + limitForPeriod + ", limitRefreshPeriod="
        + limitRefreshPeriodNanos + "ns, timeoutDuration=" + timeoutNanos + "ns]";
  }

  /** Not thread-safe: one builder per thread. */
  public static final class Builder {
    private int limitForPeriod = DEFAULT_LIMIT_FOR_PERIOD;
    private long limitRefreshPeriodNanos = DEFAULT_LIMIT_REFRESH_PERIOD.toNanos();
    private long timeoutNanos = DEFAULT_TIMEOUT_DURATION.toNanos();

    private Builder() {}

    private Builder(RateLimiterConfig base) {
      this.limitForPeriod = base.limitForPeriod;
      this.limitRefreshPeriodNanos = base.limitRefreshPeriodNanos;
      this.timeoutNanos = base.timeoutNanos;
    }

    /** Permits available in each refresh period; >= 1. */
    public Builder limitForPeriod(int limitForPeriod) {
      this.limitForPeriod = Require.atLeast("limitForPeriod", limitForPeriod, MIN_LIMIT_FOR_PERIOD);
      return this;
    }

    /** The period after which the permits are reset to {@code limitForPeriod}; >= 1 ns. */
    public Builder limitRefreshPeriod(Duration period) {
      this.limitRefreshPeriodNanos =

              Durations.saturatedNanos(Require.atLeast("limitRefreshPeriod", period, MIN_LIMIT_REFRESH_PERIOD));
      return this;
    }

    /** How long a caller may wait for a permit; >= 0 (0: never wait). */
    public Builder timeoutDuration(Duration timeout) {
      this.timeoutNanos =
          Durations.saturatedNanos(Require.atLeast("timeoutDuration", timeout, MIN_TIMEOUT_DURATION));
      return this;
    }

    public RateLimiterConfig build() {
      return new RateLimiterConfig(this);
    }
  }
}
