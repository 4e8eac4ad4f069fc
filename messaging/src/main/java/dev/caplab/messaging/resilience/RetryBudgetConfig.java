package dev.caplab.messaging.resilience;

import dev.caplab.config.Require;

/**
 * Immutable settings of a {@link RetryBudget}, with the AWS SDK "standard" retry mode's retry
 * quota as defaults: a bucket of 500 tokens, a retry costs 5 (10 after a timeout), a call that
 * succeeds at its first attempt adds 1, a retried call that succeeds refunds its last retry's cost,
 * never above the capacity. The SDK's standard mode has no time-based refill, so {@code
 * refillPerSecond} defaults to 0; a positive rate adds tokens continuously (as the Rust SDK's
 * {@code refill_rate} does), which lets retries resume at a fixed rate after the bucket empties.
 *
 * <p>Build with {@link #custom()}, {@link #from(RetryBudgetConfig)} or {@link #ofDefaults()}.
 *
 * <p>Thread-safe: immutable.
 */
public final class RetryBudgetConfig {

  /** The bucket's capacity and initial content (AWS SDK: INITIAL_RETRY_TOKENS). */
  public static final int DEFAULT_CAPACITY = 500;
  /** Tokens a retry takes (AWS SDK: RETRY_COST). */
  public static final int DEFAULT_RETRY_COST = 5;
  /** Tokens a retry after a timeout takes (AWS SDK: TIMEOUT_RETRY_COST). */
  public static final int DEFAULT_TIMEOUT_RETRY_COST = 10;
  /** Tokens a first-attempt success adds (AWS SDK: NO_RETRY_INCREMENT). */
  public static final int DEFAULT_NO_RETRY_INCREMENT = 1;
  /** Tokens added per second of ticker time; 0 (the SDK's standard mode) means no refill. */
  public static final double DEFAULT_REFILL_PER_SECOND = 0.0;
  /** The smallest capacity; 0 forbids every retry. */
  public static final int MIN_CAPACITY = 0;
  /** The smallest retry cost. */
  public static final int MIN_RETRY_COST = 1;
  /** The smallest increment (0: first-attempt successes add nothing). */
  public static final int MIN_NO_RETRY_INCREMENT = 0;
  /** The smallest refill rate. */
  public static final double MIN_REFILL_PER_SECOND = 0.0;

  private final int capacity;
  private final int retryCost;
  private final int timeoutRetryCost;
  private final int noRetryIncrement;
  private final double refillPerSecond;

  private RetryBudgetConfig(Builder b) {
    this.capacity = b.capacity;
    this.retryCost = b.retryCost;
    this.timeoutRetryCost = b.timeoutRetryCost;
    this.noRetryIncrement = b.noRetryIncrement;
    this.refillPerSecond = b.refillPerSecond;
  }

  public static RetryBudgetConfig ofDefaults() {
    return custom().build();
  }

  public static Builder custom() {
    return new Builder();
  }

  public static Builder from(RetryBudgetConfig base) {
    return new Builder(Require.notNull(base, "base"));
  }

  public int capacity() {
    return capacity;
  }

  public int retryCost() {
    return retryCost;
  }

  public int timeoutRetryCost() {
    return timeoutRetryCost;
  }

  public int noRetryIncrement() {
    return noRetryIncrement;
  }

  public double refillPerSecond() {
    return refillPerSecond;
  }

  @Override
  public String toString() {
    return "RetryBudgetConfig[capacity=" + capacity + ", retryCost=" + retryCost
        + ", timeoutRetryCost=" + timeoutRetryCost + ", noRetryIncrement=" + noRetryIncrement
        + ", refillPerSecond=" + refillPerSecond + "]";
  }

  /** Not thread-safe: one builder per thread. */
  public static final class Builder {
    private int capacity = DEFAULT_CAPACITY;
    private int retryCost = DEFAULT_RETRY_COST;
    private int timeoutRetryCost = DEFAULT_TIMEOUT_RETRY_COST;
    private int noRetryIncrement = DEFAULT_NO_RETRY_INCREMENT;
    private double refillPerSecond = DEFAULT_REFILL_PER_SECOND;

    private Builder() {}

    private Builder(RetryBudgetConfig base) {
      this.capacity = base.capacity;
      this.retryCost = base.retryCost;
      this.timeoutRetryCost = base.timeoutRetryCost;
      this.noRetryIncrement = base.noRetryIncrement;
      this.refillPerSecond = base.refillPerSecond;
    }

    public Builder capacity(int capacity) {
      this.capacity = Require.atLeast("capacity", capacity, MIN_CAPACITY);
      return this;
    }

    public Builder retryCost(int retryCost) {
      this.retryCost = Require.atLeast("retryCost", retryCost, MIN_RETRY_COST);
      return this;
    }

    public Builder timeoutRetryCost(int timeoutRetryCost) {
      this.timeoutRetryCost = Require.atLeast("timeoutRetryCost", timeoutRetryCost, MIN_RETRY_COST);
      return this;
    }

    public Builder noRetryIncrement(int noRetryIncrement) {
      this.noRetryIncrement =
          Require.atLeast("noRetryIncrement", noRetryIncrement, MIN_NO_RETRY_INCREMENT);
      return this;
    }

    public Builder refillPerSecond(double refillPerSecond) {
      this.refillPerSecond = Require.atLeast(
          "refillPerSecond", Require.finite("refillPerSecond", refillPerSecond), MIN_REFILL_PER_SECOND);
      return this;
    }

    public RetryBudgetConfig build() {
      return new RetryBudgetConfig(this);
    }
  }
}
