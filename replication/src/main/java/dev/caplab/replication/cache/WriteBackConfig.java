package dev.caplab.replication.cache;

import dev.caplab.config.Require;
import dev.caplab.time.Durations;
import java.time.Duration;

/**
 * Immutable settings of a {@link WriteBackCache}. Build with {@link #custom()}, {@link
 * #from(WriteBackConfig)} or {@link #ofDefaults()}.
 *
 * <ul>
 *   <li>{@code flushInterval} ({@value #DEFAULT_FLUSH_INTERVAL_MILLIS} ms): how long the first
 *       increment into an empty buffer waits before the buffer is flushed (Kafka's {@code
 *       linger.ms}); it bounds how long an acknowledged increment is at risk;
 *   <li>{@code maxBufferedKeys} ({@value #DEFAULT_MAX_BUFFERED_KEYS}): the buffer is flushed at once
 *       when this many keys hold unflushed increments; it bounds the keys at risk and the size of
 *       one flush;
 *   <li>{@code idleExpiry} (5 minutes): a key with nothing buffered or in flight for this long is
 *       forgotten, so a long tail of keys that were liked once does not stay in memory.
 * </ul>
 *
 * <p>Thread-safe: immutable.
 */
public final class WriteBackConfig {

  /** The default flush interval in milliseconds. */
  public static final long DEFAULT_FLUSH_INTERVAL_MILLIS = 100;
  /** Default flush interval: a tenth of a second at risk, ten writes a second per hot key. */
  public static final Duration DEFAULT_FLUSH_INTERVAL = Duration.ofMillis(DEFAULT_FLUSH_INTERVAL_MILLIS);
  /** Default size limit, in keys with unflushed increments. */
  public static final int DEFAULT_MAX_BUFFERED_KEYS = 1_000;
  /** Default time after which an idle key is forgotten. */
  public static final Duration DEFAULT_IDLE_EXPIRY = Duration.ofMinutes(5);
  /** The largest size limit: the buffer is an array of this many keys at most. */
  public static final int MAX_BUFFERED_KEYS = 1 << 24;

  private final Duration flushInterval;
  private final int maxBufferedKeys;
  private final Duration idleExpiry;

  private WriteBackConfig(Builder b) {
    this.flushInterval = b.flushInterval;
    this.maxBufferedKeys = b.maxBufferedKeys;
    this.idleExpiry = b.idleExpiry;
  }

  public static WriteBackConfig ofDefaults() {
    return custom().build();
  }

  public static Builder custom() {
    return new Builder();
  }

  public static Builder from(WriteBackConfig base) {
    Require.notNull(base, "base");
    Builder b = new Builder();
    b.flushInterval = base.flushInterval;
    b.maxBufferedKeys = base.maxBufferedKeys;
    b.idleExpiry = base.idleExpiry;
    return b;
  }

  public Duration flushInterval() {
    return flushInterval;
  }

  public int maxBufferedKeys() {
    return maxBufferedKeys;
  }

  public Duration idleExpiry() {
    return idleExpiry;
  }

  @Override
  public String toString() {
    return "WriteBackConfig[flushInterval=" + Durations.exact(flushInterval) + ", maxBufferedKeys=" + maxBufferedKeys
        + ", idleExpiry=" + Durations.exact(idleExpiry) + "]";
  }

  /** Not thread-safe: one builder per thread. */
  public static final class Builder {
    private Duration flushInterval = DEFAULT_FLUSH_INTERVAL;
    private int maxBufferedKeys = DEFAULT_MAX_BUFFERED_KEYS;
    private Duration idleExpiry = DEFAULT_IDLE_EXPIRY;

    private Builder() {}

    /** A positive interval: a zero or negative one would flush on every increment or never. */
    public Builder flushInterval(Duration flushInterval) {
      this.flushInterval = Require.positive("flushInterval", flushInterval);
      return this;
    }

    /** From 1 (every increment flushed at once) to {@value WriteBackConfig#MAX_BUFFERED_KEYS}. */
    public Builder maxBufferedKeys(int maxBufferedKeys) {
      this.maxBufferedKeys = Require.between("maxBufferedKeys", maxBufferedKeys, 1, MAX_BUFFERED_KEYS);
      return this;
    }

    /** A positive time after which a key with nothing buffered or in flight is forgotten. */
    public Builder idleExpiry(Duration idleExpiry) {
      this.idleExpiry = Require.positive("idleExpiry", idleExpiry);
      return this;
    }

    public WriteBackConfig build() {
      return new WriteBackConfig(this);
    }
  }
}
