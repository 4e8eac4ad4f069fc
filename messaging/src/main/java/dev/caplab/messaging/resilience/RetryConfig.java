package dev.caplab.messaging.resilience;

import dev.caplab.config.Require;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Immutable settings of a {@link Retry}, with Resilience4j's defaults: 3 attempts <em>including
 * the first call</em>, a fixed 500 ms wait, every exception retried, no result retried.
 *
 * <p>Build with {@link #custom()}, {@link #from(RetryConfig)} or {@link #ofDefaults()}. Setting
 * both {@code waitDuration} and {@code backoff} on one builder is an {@link IllegalStateException}
 * at {@link Builder#build()}; bad values are {@link IllegalArgumentException}s naming the setting,
 * the value and the allowed range.
 *
 * <p>Thread-safe: immutable (the predicates and functions must be thread-safe themselves).
 */
public final class RetryConfig {

  /** Attempts including the first call (Resilience4j's default). */
  public static final int DEFAULT_MAX_ATTEMPTS = 3;
  /** The smallest {@code maxAttempts}: 1 means "no retries". */
  public static final int MIN_MAX_ATTEMPTS = 1;
  /** The fixed wait between attempts when no backoff is set (Resilience4j's default). */
  public static final Duration DEFAULT_WAIT_DURATION = Duration.ofMillis(500);
  /** By default every exception is retried. */
  public static final Predicate<Throwable> DEFAULT_RETRY_ON_EXCEPTION = t -> true;
  /** By default the Retry-After hint is read from a {@link RetryAfterException}. */
  public static final Function<Throwable, Optional<Duration>> DEFAULT_RETRY_AFTER =
      t -> t instanceof RetryAfterException r ? Optional.of(r.retryAfter()) : Optional.empty();
  /**
   * By default a {@link TimeoutException} counts as a timeout, which costs a retry budget its
   * {@link RetryBudgetConfig#timeoutRetryCost()}.
   */
  public static final Predicate<Throwable> DEFAULT_TIMEOUT = t -> t instanceof TimeoutException;
  /** By default no result is retried: a call that returns has succeeded. */
  public static final Predicate<Object> DEFAULT_RETRY_ON_RESULT = r -> false;
  /**
   * By default a call whose results were retried until the attempts ran out returns its last
   * result (Resilience4j's {@code failAfterMaxAttempts(false)}).
   */
  public static final boolean DEFAULT_FAIL_AFTER_MAX_ATTEMPTS = false;

  private final int maxAttempts;
  private final Backoff backoff;
  private final Predicate<Throwable> retryOnException;
  private final Function<Throwable, Optional<Duration>> retryAfter;
  private final Predicate<Throwable> isTimeout;
  private final Predicate<Object> retryOnResult;
  private final boolean failAfterMaxAttempts;

  private RetryConfig(Builder b) {
    this.maxAttempts = b.maxAttempts;
    this.backoff = b.backoff;
    this.retryOnException = b.retryOnException;
    this.retryAfter = b.retryAfter;
    this.isTimeout = b.isTimeout;
    this.retryOnResult = b.retryOnResult;
    this.failAfterMaxAttempts = b.failAfterMaxAttempts;
  }

  public static RetryConfig ofDefaults() {
    return custom().build();
  }

  public static Builder custom() {
    return new Builder();
  }

  /** A builder starting from {@code base}'s settings. */
  public static Builder from(RetryConfig base) {
    return new Builder(Require.notNull(base, "base"));
  }

  /** Attempts including the first call. */
  public int maxAttempts() {
    return maxAttempts;
  }

  public Backoff backoff() {
    return backoff;
  }

  public Predicate<Throwable> retryOnException() {
    return retryOnException;
  }

  public Function<Throwable, Optional<Duration>> retryAfter() {
    return retryAfter;
  }

  public Predicate<Throwable> isTimeout() {
    return isTimeout;
  }

  /** Which results are retried as if the attempt had failed. */
  public Predicate<Object> retryOnResult() {
    return retryOnResult;
  }

  /**
   * Whether a call whose last result was still retryable when the retry gave up fails with {@link
   * MaxRetriesExceededException} instead of returning that result.
   */
  public boolean failAfterMaxAttempts() {
    return failAfterMaxAttempts;
  }

  @Override
  public String toString() {
    return "RetryConfig[maxAttempts=" + maxAttempts + ", backoff=" + backoff + "]";
  }

  /** Not thread-safe: one builder per thread. */
  public static final class Builder {
    private int maxAttempts = DEFAULT_MAX_ATTEMPTS;
    private Backoff backoff = Backoff.fixed(DEFAULT_WAIT_DURATION);
    private Predicate<Throwable> retryOnException = DEFAULT_RETRY_ON_EXCEPTION;
    private Function<Throwable, Optional<Duration>> retryAfter = DEFAULT_RETRY_AFTER;
    private Predicate<Throwable> isTimeout = DEFAULT_TIMEOUT;
    private Predicate<Object> retryOnResult = DEFAULT_RETRY_ON_RESULT;
    private boolean failAfterMaxAttempts = DEFAULT_FAIL_AFTER_MAX_ATTEMPTS;
    private boolean waitDurationSet;
    private boolean backoffSet;

    private Builder() {}

    private Builder(RetryConfig base) {
      this.maxAttempts = base.maxAttempts;
      this.backoff = base.backoff;
      this.retryOnException = base.retryOnException;
      this.retryAfter = base.retryAfter;
      this.isTimeout = base.isTimeout;
      this.retryOnResult = base.retryOnResult;
      this.failAfterMaxAttempts = base.failAfterMaxAttempts;
    }

    /** Attempts including the first call; >= {@link RetryConfig#MIN_MAX_ATTEMPTS}. */
    public Builder maxAttempts(int maxAttempts) {
      this.maxAttempts = Require.atLeast("maxAttempts", maxAttempts, MIN_MAX_ATTEMPTS);
      return this;
    }

    /** A fixed wait between attempts (shorthand for {@code backoff(Backoff.fixed(wait))}). */
    public Builder waitDuration(Duration waitDuration) {
      Require.atLeast("waitDuration", waitDuration, Duration.ZERO); // else reported as "interval"
      this.backoff = Backoff.fixed(waitDuration);
      this.waitDurationSet = true;
      return this;
    }

    /** How long to wait before each retry. */
    public Builder backoff(Backoff backoff) {
      this.backoff = Require.notNull(backoff, "backoff");
      this.backoffSet = true;
      return this;
    }

    /** Which failures are retried; the others give up at once ({@code NON_RETRYABLE}). */
    public Builder retryOnException(Predicate<Throwable> predicate) {
      this.retryOnException = Require.notNull(predicate, "retryOnException");
      return this;
    }

    /** Reads the server's Retry-After hint from a failure (empty: no hint). */
    public Builder retryAfter(Function<Throwable, Optional<Duration>> extractor) {
      this.retryAfter = Require.notNull(extractor, "retryAfter");
      return this;
    }

    /** Which failures are timeouts (a retry budget charges them more). */
    public Builder timeoutPredicate(Predicate<Throwable> isTimeout) {
      this.isTimeout = Require.notNull(isTimeout, "timeoutPredicate");
      return this;
    }

    /**
     * Which results are retried (an HTTP 503 returned rather than thrown, an empty poll): the
     * predicate gets each attempt's result, and {@code true} means "retry", as in Resilience4j.
     */
    @SuppressWarnings("unchecked")
    public <T> Builder retryOnResult(Predicate<? super T> predicate) {
      this.retryOnResult = (Predicate<Object>) Require.notNull(predicate, "retryOnResult");
      return this;
    }

    /**
     * Whether a call whose results were retried until the retry gave up throws {@link
     * MaxRetriesExceededException} ({@code true}) or returns its last result ({@code false}, the
     * default).
     */
    public Builder failAfterMaxAttempts(boolean failAfterMaxAttempts) {
      this.failAfterMaxAttempts = failAfterMaxAttempts;
      return this;
    }

    /**
     * @throws IllegalStateException if both {@code waitDuration} and {@code backoff} were set
     */
    public RetryConfig build() {
      Require.requireState(!(waitDurationSet && backoffSet),
          "waitDuration and backoff both set the wait between attempts: set only one");
      return new RetryConfig(this);
    }
  }
}
