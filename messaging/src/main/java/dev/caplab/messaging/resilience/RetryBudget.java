package dev.caplab.messaging.resilience;

import dev.caplab.config.Require;
import dev.caplab.time.Ticker;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * A retry budget: a token bucket, shared by every call of a client (or of several {@link Retry}
 * instances), that retries draw from, so that when a dependency fails broadly the client stops
 * multiplying its load by {@code maxAttempts} and sends roughly one attempt per call instead. This
 * is the AWS SDK's standard-mode retry quota; see {@link RetryBudgetConfig} for the rules and
 * defaults.
 *
 * <p>Time, for the optional refill, comes only from the {@link Ticker} passed in.
 *
 * <p>Thread-safe: every method locks the bucket.
 */
public final class RetryBudget {

  private static final double NANOS_PER_SECOND = 1e9;

  private final String name;
  private final RetryBudgetConfig config;
  private final Ticker ticker;
  private double tokens;
  private long lastRefillNanos;
  private long spent;
  private long denied;

  private RetryBudget(String name, RetryBudgetConfig config, Ticker ticker) {
    this.name = Require.notNull(name, "name");
    this.config = Require.notNull(config, "config");
    this.ticker = Require.notNull(ticker, "ticker");
    this.tokens = config.capacity();
    this.lastRefillNanos = ticker.nanos();
  }

  public static RetryBudget of(String name, RetryBudgetConfig config, Ticker ticker) {
    return new RetryBudget(name, config, ticker);
  }

  public static RetryBudget ofDefaults(String name, Ticker ticker) {
    return of(name, RetryBudgetConfig.ofDefaults(), ticker);
  }

  public String name() {
    return name;
  }

  public RetryBudgetConfig config() {
    return config;
  }

  /**
   * Takes the cost of one retry ({@code timeoutRetryCost} after a timeout, else {@code
   * retryCost}) if the bucket holds that many tokens.
   *
   * @return the tokens taken, or 0 if the bucket holds too few (the retry must not happen)
   */
  public synchronized int tryAcquire(boolean afterTimeout) {
    refill();
    int cost = afterTimeout ? config.timeoutRetryCost() : config.retryCost();
    if (cost > tokens) {
      denied++;
      return 0;
    }
    tokens -= cost;
    spent += cost;
    return cost;
  }

  /**
   * Records a successful call: refunds {@code lastRetryCost} (what {@link #tryAcquire} returned
   * for the call's last retry), or adds {@code noRetryIncrement} if the call needed no retry
   * ({@code lastRetryCost == 0}); never above the capacity.
   */
  public synchronized void onSuccess(int lastRetryCost) {
    Require.atLeast("lastRetryCost", lastRetryCost, 0);
    refill();
    int refund = lastRetryCost > 0 ? lastRetryCost : config.noRetryIncrement();
    tokens = Math.min(config.capacity(), tokens + refund);
  }

  /** The tokens in the bucket now (after any refill due). */
  public synchronized double availableTokens() {
    refill();
    return tokens;
  }

  /** Tokens taken by retries so far. */
  public synchronized long tokensSpent() {
    return spent;
  }

  /** Retries refused because the bucket held too few tokens. */
  public synchronized long retriesDenied() {
    return denied;
  }

  /**
   * Binds {@code caplab.retry.budget.available.tokens} (gauge) and {@code
   * caplab.retry.budget.denied} (counter), tagged {@code name}.
   */
  public void bindTo(MeterRegistry registry) {
    Gauge.builder("caplab.retry.budget.available.tokens", this, RetryBudget::availableTokens)
        .tag("name", name)
        .description("Tokens left in the retry budget")
        .register(registry);
    FunctionCounter.builder("caplab.retry.budget.denied", this, b -> b.retriesDenied())
        .tag("name", name)
        .description("Retries refused because the budget was empty")
        .register(registry);
  }

  private void refill() {
    long now = ticker.nanos();
    if (config.refillPerSecond() > 0 && now > lastRefillNanos) {
      tokens = Math.min(
          config.capacity(),
          tokens + (now - lastRefillNanos) * config.refillPerSecond() / NANOS_PER_SECOND);
    }
    lastRefillNanos = now;
  }

  @Override
  public String toString() {
    return "RetryBudget[" + name + ", " + config + "]";
  }
}
