package dev.caplab.streaming.state;

import dev.caplab.config.Require;
import dev.caplab.time.Durations;
import java.time.Duration;
import java.util.Objects;

/**
 * How keyed state expires, as Flink's {@code StateTtlConfig}: an entry expires {@link #ttl()} after
 * its timestamp, which creation and every write set (and every read too, with {@link
 * UpdateType#ON_READ_AND_WRITE}); an expired entry is never returned, or returned until it is
 * cleaned up ({@link StateVisibility}). Expired entries are removed when read (cleanup on access)
 * and, with a {@link #cleanupSize()} above 0, a few at every state access (incremental cleanup).
 * Time is processing time, from the state's {@link dev.caplab.time.Ticker}.
 *
 * <p>The TTL has no default (as in Flink): build with {@link #ofTtl(Duration)} or {@link #custom()}
 * then {@link Builder#ttl(Duration)}; {@link #from} copies a configuration to change it.
 *
 * <p>Thread-safe: immutable. The builder is not thread-safe.
 */
public final class StateTtlConfig {

  /** When an entry's timestamp is refreshed. */
  public enum UpdateType {
    /** On creation and on every write (Flink's {@code OnCreateAndWrite}). */
    ON_CREATE_AND_WRITE,
    /** On creation, on every write and on every read that returns it (Flink's {@code OnReadAndWrite}). */
    ON_READ_AND_WRITE
  }

  /** Whether a read may return an expired entry. */
  public enum StateVisibility {
    /** An expired entry is never returned (Flink's {@code NeverReturnExpired}). */
    NEVER_RETURN_EXPIRED,
    /**
     * An expired entry that is still stored is returned by the read that then cleans it up (Flink's
     * {@code ReturnExpiredIfNotCleanedUp}); the next read sees nothing.
     */
    RETURN_EXPIRED_IF_NOT_CLEANED_UP
  }

  /** The default update type, Flink's: {@link UpdateType#ON_CREATE_AND_WRITE}. */
  public static final UpdateType DEFAULT_UPDATE_TYPE = UpdateType.ON_CREATE_AND_WRITE;
  /** The default visibility, Flink's: {@link StateVisibility#NEVER_RETURN_EXPIRED}. */
  public static final StateVisibility DEFAULT_STATE_VISIBILITY = StateVisibility.NEVER_RETURN_EXPIRED;
  /** The default number of entries incremental cleanup checks per state access, Flink's: 5. */
  public static final int DEFAULT_CLEANUP_SIZE = 5;
  /** The smallest cleanup size: 0 turns incremental cleanup off (cleanup on access remains). */
  public static final int MIN_CLEANUP_SIZE = 0;

  private final Duration ttl;
  private final long ttlNanos;
  private final UpdateType updateType;
  private final StateVisibility stateVisibility;
  private final int cleanupSize;

  private StateTtlConfig(Builder b) {
    this.ttl = b.ttl;
    this.ttlNanos = b.ttl.toNanos();
    this.updateType = b.updateType;
    this.stateVisibility = b.stateVisibility;
    this.cleanupSize = b.cleanupSize;
  }

  /** A builder with the defaults and no TTL yet. */
  public static Builder custom() {
    return new Builder();
  }

  /** A builder starting from {@code base}'s settings. */
  public static Builder from(StateTtlConfig base) {
    Require.notNull(base, "base");
    return new Builder().ttl(base.ttl).updateType(base.updateType).stateVisibility(base.stateVisibility)
        .cleanupSize(base.cleanupSize);
  }

  /** {@code ttl} with the defaults for the rest, as Flink's {@code StateTtlConfig.newBuilder(ttl).build()}. */
  public static StateTtlConfig ofTtl(Duration ttl) {
    return custom().ttl(ttl).build();
  }

  /** The time-to-live. */
  public Duration ttl() {
    return ttl;
  }

  /** The time-to-live in nanoseconds. */
  public long ttlNanos() {
    return ttlNanos;
  }

  /** When an entry's timestamp is refreshed. */
  public UpdateType updateType() {
    return updateType;
  }

  /** Whether a read may return an expired entry. */
  public StateVisibility stateVisibility() {
    return stateVisibility;
  }

  /** Entries incremental cleanup checks at each state access; 0 when it is off. */
  public int cleanupSize() {
    return cleanupSize;
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof StateTtlConfig)) {
      return false;
    }
    StateTtlConfig c = (StateTtlConfig) o;
    return c.ttl.equals(ttl) && c.updateType == updateType && c.stateVisibility == stateVisibility
        && c.cleanupSize == cleanupSize;
  }

  @Override
  public int hashCode() {
    return Objects.hash(ttl, updateType, stateVisibility, cleanupSize);
  }

  @Override
  public String toString() {
    return "StateTtlConfig[ttl=" + Durations.exact(ttl) + ", updateType=" + updateType + ", stateVisibility="
        + stateVisibility + ", cleanupSize=" + cleanupSize + "]";
  }

  /** Builds a {@link StateTtlConfig}. Not thread-safe. */
  public static final class Builder {
    private Duration ttl;
    private UpdateType updateType = DEFAULT_UPDATE_TYPE;
    private StateVisibility stateVisibility = DEFAULT_STATE_VISIBILITY;
    private int cleanupSize = DEFAULT_CLEANUP_SIZE;

    private Builder() {}

    /** The time-to-live, above 0 and at most a {@code long} of nanoseconds (292 years). Required. */
    public Builder ttl(Duration ttl) {
      this.ttl = Require.positive("ttl", ttl);
      return this;
    }

    /** When an entry's timestamp is refreshed (default {@link #DEFAULT_UPDATE_TYPE}). */
    public Builder updateType(UpdateType updateType) {
      this.updateType = Require.notNull(updateType, "updateType");
      return this;
    }

    /** Whether a read may return an expired entry (default {@link #DEFAULT_STATE_VISIBILITY}). */
    public Builder stateVisibility(StateVisibility stateVisibility) {
      this.stateVisibility = Require.notNull(stateVisibility, "stateVisibility");
      return this;
    }

    /**
     * Entries incremental cleanup checks at each state access, at least 0 (0 turns it off; default
     * {@link #DEFAULT_CLEANUP_SIZE}).
     */
    public Builder cleanupSize(int cleanupSize) {
      this.cleanupSize = Require.atLeast("cleanupSize", cleanupSize, MIN_CLEANUP_SIZE);
      return this;
    }

    /** The configuration; the TTL must have been set. */
    public StateTtlConfig build() {
      Require.requireState(ttl != null, "ttl is required (it has no default): call ttl(...)");
      return new StateTtlConfig(this);
    }
  }
}
