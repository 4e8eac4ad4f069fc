package dev.caplab.messaging.resilience;

import dev.caplab.config.Require;
import dev.caplab.time.Durations;
import java.time.Duration;

/**
 * Immutable settings of a {@link LoadShedder}. Defaults: a concurrency limit of 100 requests in
 * flight, no queue-length bound, a Retry-After of 1 s, and a fixed (not adaptive) limit. With
 * {@code adaptive(true)} the limit starts at {@code maxConcurrentCalls} and moves by AIMD between
 * {@code minLimit} and {@code maxLimit}: +{@code additiveIncrease} after a success within {@code
 * latencyTarget}, times {@code backoffRatio} after a timeout, an overload or a success slower than
 * the target (the defaults follow Netflix concurrency-limits' {@code AIMDLimit}: ratio 0.9).
 *
 * <p>Build with {@link #custom()}, {@link #from(LoadShedderConfig)} or {@link #ofDefaults()};
 * clashing limits are an {@link IllegalStateException} at {@link Builder#build()}.
 *
 * <p>Thread-safe: immutable.
 */
public final class LoadShedderConfig {

  public static final int DEFAULT_MAX_CONCURRENT_CALLS = 100;
  public static final int DEFAULT_MAX_QUEUE_LENGTH = Integer.MAX_VALUE;
  public static final Duration DEFAULT_RETRY_AFTER = Duration.ofSeconds(1);
  public static final boolean DEFAULT_ADAPTIVE = false;
  public static final int DEFAULT_MIN_LIMIT = 1;
  public static final int DEFAULT_MAX_LIMIT = 1000;
  public static final Duration DEFAULT_LATENCY_TARGET = Duration.ofMillis(100);
  public static final int DEFAULT_ADDITIVE_INCREASE = 1;
  public static final double DEFAULT_BACKOFF_RATIO = 0.9;
  public static final int MIN_CONCURRENT_CALLS = 1;
  public static final int MIN_QUEUE_LENGTH = 0;
  public static final Duration MIN_RETRY_AFTER = Duration.ZERO;
  public static final Duration MIN_LATENCY_TARGET = Duration.ofNanos(1);
  public static final int MIN_ADDITIVE_INCREASE = 1;
  public static final double MIN_BACKOFF_RATIO = 0.0;
  public static final double MAX_BACKOFF_RATIO = 1.0;

  private final int maxConcurrentCalls;
  private final int maxQueueLength;
  private final long retryAfterNanos;
  private final boolean adaptive;
  private final int minLimit;
  private final int maxLimit;
  private final long latencyTargetNanos;
  private final int additiveIncrease;
  private final double backoffRatio;

  private LoadShedderConfig(Builder b) {
    this.maxConcurrentCalls = b.maxConcurrentCalls;
    this.maxQueueLength = b.maxQueueLength;
    this.retryAfterNanos = b.retryAfterNanos;
    this.adaptive = b.adaptive;
    this.minLimit = b.minLimit;
    this.maxLimit = b.maxLimit;
    this.latencyTargetNanos = b.latencyTargetNanos;
    this.additiveIncrease = b.additiveIncrease;
    this.backoffRatio = b.backoffRatio;
  }

  public static LoadShedderConfig ofDefaults() {
    return custom().build();
  }

  public static Builder custom() {
    return new Builder();
  }

  public static Builder from(LoadShedderConfig base) {
    return new Builder(Require.notNull(base, "base"));
  }

  /** The fixed limit, or the adaptive limit's starting value. */
  public int maxConcurrentCalls() {
    return maxConcurrentCalls;
  }

  public int maxQueueLength() {
    return maxQueueLength;
  }

  public Duration retryAfter() {
    return Duration.ofNanos(retryAfterNanos);
  }

  public boolean adaptive() {
    return adaptive;
  }

  public int minLimit() {
    return minLimit;
  }

  public int maxLimit() {
    return maxLimit;
  }

  public long latencyTargetNanos() {
    return latencyTargetNanos;
  }

  public int additiveIncrease() {
    return additiveIncrease;
  }

  public double backoffRatio() {
    return backoffRatio;
  }

  @Override
  public String toString() {
    return "LoadShedderConfig[maxConcurrentCalls=" + maxConcurrentCalls + ", maxQueueLength="
        + maxQueueLength + ", retryAfter=" + retryAfterNanos + "ns, adaptive=" + adaptive
        + (adaptive ? ", minLimit=" + minLimit + ", maxLimit=" + maxLimit + ", latencyTarget="
            + latencyTargetNanos + "ns, additiveIncrease=" + additiveIncrease + ", backoffRatio="
            + backoffRatio : "") + "]";
  }

  /** Not thread-safe: one builder per thread. */
  public static final class Builder {
    private int maxConcurrentCalls = DEFAULT_MAX_CONCURRENT_CALLS;
    private int maxQueueLength = DEFAULT_MAX_QUEUE_LENGTH;
    private long retryAfterNanos = DEFAULT_RETRY_AFTER.toNanos();
    private boolean adaptive = DEFAULT_ADAPTIVE;
    private int minLimit = DEFAULT_MIN_LIMIT;
    private int maxLimit = DEFAULT_MAX_LIMIT;
    private long latencyTargetNanos = DEFAULT_LATENCY_TARGET.toNanos();
    private int additiveIncrease = DEFAULT_ADDITIVE_INCREASE;
    private double backoffRatio = DEFAULT_BACKOFF_RATIO;

    private Builder() {}

    private Builder(LoadShedderConfig base) {
      this.maxConcurrentCalls = base.maxConcurrentCalls;
      this.maxQueueLength = base.maxQueueLength;
      this.retryAfterNanos = base.retryAfterNanos;
      this.adaptive = base.adaptive;
      this.minLimit = base.minLimit;
      this.maxLimit = base.maxLimit;
      this.latencyTargetNanos = base.latencyTargetNanos;
      this.additiveIncrease = base.additiveIncrease;
      this.backoffRatio = base.backoffRatio;
    }

    public Builder maxConcurrentCalls(int maxConcurrentCalls) {
      this.maxConcurrentCalls =
          Require.atLeast("maxConcurrentCalls", maxConcurrentCalls, MIN_CONCURRENT_CALLS);
      return this;
    }

    /** Shed when the server's queue holds at least this many requests. */
    public Builder maxQueueLength(int maxQueueLength) {
      this.maxQueueLength = Require.atLeast("maxQueueLength", maxQueueLength, MIN_QUEUE_LENGTH);
      return this;
    }

    public Builder retryAfter(Duration retryAfter) {
      this.retryAfterNanos =
          Durations.saturatedNanos(Require.atLeast("retryAfter", retryAfter, MIN_RETRY_AFTER));
      return this;
    }

    public Builder adaptive(boolean adaptive) {
      this.adaptive = adaptive;
      return this;
    }

    public Builder minLimit(int minLimit) {
      this.minLimit = Require.atLeast("minLimit", minLimit, MIN_CONCURRENT_CALLS);
      return this;
    }

    public Builder maxLimit(int maxLimit) {
      this.maxLimit = Require.atLeast("maxLimit", maxLimit, MIN_CONCURRENT_CALLS);
      return this;
    }

    public Builder latencyTarget(Duration latencyTarget) {
      this.latencyTargetNanos =
          Durations.saturatedNanos(Require.atLeast("latencyTarget", latencyTarget, MIN_LATENCY_TARGET));
      return this;
    }

    public Builder additiveIncrease(int additiveIncrease) {
      this.additiveIncrease =
          Require.atLeast("additiveIncrease", additiveIncrease, MIN_ADDITIVE_INCREASE);
      return this;
    }

    public Builder backoffRatio(double backoffRatio) {
      this.backoffRatio =
          Require.inOpen("backoffRatio", backoffRatio, MIN_BACKOFF_RATIO, MAX_BACKOFF_RATIO);
      return this;
    }

    /**
     * @throws IllegalStateException if adaptive and not {@code minLimit <= maxConcurrentCalls <=
     *     maxLimit}
     */
    public LoadShedderConfig build() {
      Require.requireState(!adaptive || (minLimit <= maxConcurrentCalls && maxConcurrentCalls <= maxLimit),
          "adaptive limits must satisfy minLimit <= maxConcurrentCalls <= maxLimit, got %d <= %d <= %d",
          minLimit, maxConcurrentCalls, maxLimit);
      return new LoadShedderConfig(this);
    }
  }
}
