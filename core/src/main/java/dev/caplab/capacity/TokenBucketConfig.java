package dev.caplab.capacity;

import dev.caplab.config.Require;

/**
 * Immutable settings of a {@link TokenBucket}: the sustained rate, the most tokens the bucket may
 * hold (its burst), and how full it starts. DynamoDB's partition of 1,000 write units per second
 * with 300 seconds of burst capacity is {@code custom().ratePerSecond(1000).capacity(300_000)}.
 *
 * <p>Build with {@link #custom()}, {@link #from(TokenBucketConfig)} or {@link #ofDefaults()}.
 *
 * <p>Thread-safe: immutable.
 */
public final class TokenBucketConfig {

  /** Tokens added per second (DynamoDB's write units per partition). */
  public static final long DEFAULT_RATE_PER_SECOND = 1_000;
  /** The largest rate: one token a nanosecond. */
  public static final long MAX_RATE_PER_SECOND = 1_000_000_000L;
  /**
   * The largest capacity: the bucket counts in billionths of a token, and this many tokens is the
   * most that fits in a {@code long} with a second's refill to spare.
   */
  public static final long MAX_CAPACITY = (Long.MAX_VALUE - MAX_RATE_PER_SECOND) / TokenBucket.UNITS_PER_TOKEN;

  private final long ratePerSecond;
  private final long capacity;
  private final long initialTokens;

  private TokenBucketConfig(long ratePerSecond, long capacity, long initialTokens) {
    this.ratePerSecond = ratePerSecond;
    this.capacity = capacity;
    this.initialTokens = initialTokens;
  }

  /** 1,000 tokens a second, at most one second's worth held, starting full. */
  public static TokenBucketConfig ofDefaults() {
    return custom().build();
  }

  public static Builder custom() {
    return new Builder();
  }

  public static Builder from(TokenBucketConfig base) {
    Require.notNull(base, "base");
    Builder b = new Builder();
    b.ratePerSecond = base.ratePerSecond;
    b.capacity = base.capacity;
    b.initialTokens = base.initialTokens;
    return b;
  }

  /** Tokens added per second of ticker time. */
  public long ratePerSecond() {
    return ratePerSecond;
  }

  /** The most tokens the bucket holds; unused tokens beyond it are lost. */
  public long capacity() {
    return capacity;
  }

  /** The tokens the bucket holds when made. */
  public long initialTokens() {
    return initialTokens;
  }

  @Override
  public String toString() {
    return "TokenBucketConfig[ratePerSecond=" + ratePerSecond + ", capacity=" + capacity
        + ", initialTokens=" + initialTokens + "]";
  }

  /** Not thread-safe: one builder per thread. */
  public static final class Builder {
    private long ratePerSecond = DEFAULT_RATE_PER_SECOND;
    /** Null: one second's worth of the rate. */
    private Long capacity;
    /** Null: as many as the capacity (a full bucket). */
    private Long initialTokens;

    private Builder() {}

    /** Tokens added per second, 1 to {@link #MAX_RATE_PER_SECOND}. */
    public Builder ratePerSecond(long ratePerSecond) {
      this.ratePerSecond = Require.between("ratePerSecond", ratePerSecond, 1, MAX_RATE_PER_SECOND);
      return this;
    }

    /** The most tokens held, 1 to {@link #MAX_CAPACITY}; default one second's worth of the rate. */
    public Builder capacity(long capacity) {
      this.capacity = Require.between("capacity", capacity, 1, MAX_CAPACITY);
      return this;
    }

    /** The tokens held at the start, 0 to the capacity; default a full bucket. */
    public Builder initialTokens(long initialTokens) {
      this.initialTokens = Require.between("initialTokens", initialTokens, 0, MAX_CAPACITY);
      return this;
    }

    /**
     * @throws IllegalStateException if the initial tokens exceed the capacity
     */
    public TokenBucketConfig build() {
      long cap = capacity != null ? capacity : Math.min(ratePerSecond, MAX_CAPACITY);
      long initial = initialTokens != null ? initialTokens : cap;
      Require.requireState(initial <= cap,
          "initialTokens (%d) must be <= capacity (%d)", initial, cap);
      return new TokenBucketConfig(ratePerSecond, cap, initial);
    }
  }
}
