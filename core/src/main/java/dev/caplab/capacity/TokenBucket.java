package dev.caplab.capacity;

import dev.caplab.config.Require;
import dev.caplab.time.Ticker;
import java.time.Duration;

/**
 * A token bucket on an injected {@link Ticker}: tokens arrive at a steady rate, unused ones
 * accumulate up to the capacity, and work proceeds only if the bucket holds the tokens it asks
 * for. A refused caller learns from {@link #timeUntil(long)} when its request would be granted, the
 * figure a throttling error carries as its retry hint.
 *
 * <p>The bucket counts in billionths of a token, so a rate of R tokens a second adds exactly R
 * units a nanosecond: no rounding drift, and the same answers for the same ticker readings on
 * every machine. A ticker that steps back adds nothing until it passes its latest reading again.
 *
 * <p>Thread-safe: every method holds the bucket's lock.
 */
public final class TokenBucket {

  /** Units a token is counted in: one per nanosecond per token of rate. */
  static final long UNITS_PER_TOKEN = 1_000_000_000L;

  private final TokenBucketConfig config;
  private final Ticker ticker;
  private final long capacityUnits;
  private long units;
  private long lastNanos;
  private long grantedTokens;
  private long refusedRequests;

  private TokenBucket(TokenBucketConfig config, Ticker ticker) {
    this.config = config;
    this.ticker = ticker;
    this.capacityUnits = config.capacity() * UNITS_PER_TOKEN;
    this.units = config.initialTokens() * UNITS_PER_TOKEN;
    this.lastNanos = ticker.nanos();
  }

  /** A bucket with {@code config}'s rate, capacity and initial tokens, timed by {@code ticker}. */
  public static TokenBucket of(TokenBucketConfig config, Ticker ticker) {
    return new TokenBucket(Require.notNull(config, "config"), Require.notNull(ticker, "ticker"));
  }

  /**
   * Takes {@code tokens} if the bucket holds them now.
   *
   * @return whether they were taken; a refused request takes nothing
   * @throws IllegalArgumentException if {@code tokens} is below 1 or above the capacity (a request
   *     the bucket could never grant)
   */
  public synchronized boolean tryAcquire(long tokens) {
    long need = unitsOf(tokens);
    refill();
    if (need > units) {
      refusedRequests++;
      return false;
    }
    units -= need;
    grantedTokens += tokens;
    return true;
  }

  /**
   * How long from now until the bucket holds {@code tokens}, if nothing else takes any: zero if it
   * holds them already. A request made exactly that much later is granted.
   *
   * @throws IllegalArgumentException if {@code tokens} is below 1 or above the capacity
   */
  public synchronized Duration timeUntil(long tokens) {
    long missing = unitsOf(tokens) - refilledUnits();
    if (missing <= 0) {
      return Duration.ZERO;
    }
    long rate = config.ratePerSecond();
    return Duration.ofNanos(missing / rate + (missing % rate == 0 ? 0 : 1));
  }

  /** The whole tokens the bucket holds now. */
  public synchronized long availableTokens() {
    return refilledUnits() / UNITS_PER_TOKEN;
  }

  /** Tokens granted since the bucket was made. */
  public synchronized long grantedTokens() {
    return grantedTokens;
  }

  /** Requests refused since the bucket was made. */
  public synchronized long refusedRequests() {
    return refusedRequests;
  }

  public TokenBucketConfig config() {
    return config;
  }

  private long unitsOf(long tokens) {
    return Require.between("tokens", tokens, 1, config.capacity()) * UNITS_PER_TOKEN;
  }

  private long refilledUnits() {
    refill();
    return units;
  }

  private void refill() {
    long now = ticker.nanos();
    if (now <= lastNanos) {
      return;
    }
    long elapsed = now - lastNanos;
    lastNanos = now;
    long rate = config.ratePerSecond();
    long missing = capacityUnits - units;
    // elapsed * rate may overflow; compare by division first: full once elapsed covers the gap.
    units = elapsed >= missing / rate + 1 ? capacityUnits : units + elapsed * rate;
  }

  @Override
  public synchronized String toString() {
    return "TokenBucket[" + units / UNITS_PER_TOKEN + " of " + config.capacity() + " tokens, "
        + config.ratePerSecond() + "/s]";
  }
}
