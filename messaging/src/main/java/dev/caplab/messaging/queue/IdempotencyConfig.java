package dev.caplab.messaging.queue;

import dev.caplab.config.Require;
import dev.caplab.time.Durations;
import java.time.Duration;
import java.util.function.Function;

/**
 * The immutable settings of an {@link IdempotentConsumer}: how long it remembers a processed
 * message ({@code window}), how many it remembers at most ({@code maximumSize}), what identifies a
 * message ({@code key}), and whether it keeps an unbounded audit of every key it processed so that
 * it can tell which duplicates it let through ({@code auditMissedDuplicates}).
 *
 * <p>Defaults: a 5 minute window (SQS FIFO's deduplication interval), 100 000 keys, the message id,
 * no audit. A longer window or a larger size catches more duplicates and costs more memory; the
 * audit measures that trade-off and is meant for tests and simulations, not for production.
 *
 * <p>Immutable and thread-safe (the key function must be thread-safe itself).
 */
public final class IdempotencyConfig {

  /** Default dedup window. */
  public static final Duration DEFAULT_WINDOW = Duration.ofMinutes(5);
  /** Default bound on the remembered keys. */
  public static final long DEFAULT_MAXIMUM_SIZE = 100_000;
  /** Smallest bound on the remembered keys. */
  public static final long MIN_MAXIMUM_SIZE = 1;
  /** Default key: the message id. */
  public static final Function<ReceivedMessage, Object> DEFAULT_KEY = ReceivedMessage::messageId;
  /** Default: no audit. */
  public static final boolean DEFAULT_AUDIT_MISSED_DUPLICATES = false;

  private final long windowNanos;
  private final long maximumSize;
  private final Function<ReceivedMessage, Object> key;
  private final boolean auditMissedDuplicates;

  private IdempotencyConfig(Builder b) {
    this.windowNanos = b.windowNanos;
    this.maximumSize = b.maximumSize;
    this.key = b.key;
    this.auditMissedDuplicates = b.auditMissedDuplicates;
  }

  public static IdempotencyConfig ofDefaults() {
    return custom().build();
  }

  public static Builder custom() {
    return new Builder();
  }

  /** A builder starting from {@code base}'s settings. */
  public static Builder from(IdempotencyConfig base) {
    return new Builder(Require.notNull(base, "base"));
  }

  public Duration window() {
    return Duration.ofNanos(windowNanos);
  }

  public long maximumSize() {
    return maximumSize;
  }

  public Function<ReceivedMessage, Object> key() {
    return key;
  }

  public boolean auditMissedDuplicates() {
    return auditMissedDuplicates;
  }

  @Override
  public String toString() {
    return "IdempotencyConfig[window=" + Durations.exact(windowNanos) + ", maximumSize=" + maximumSize
        + ", auditMissedDuplicates=" + auditMissedDuplicates + "]";
  }

  /** Not thread-safe: one builder per thread. */
  public static final class Builder {
    private long windowNanos = DEFAULT_WINDOW.toNanos();
    private long maximumSize = DEFAULT_MAXIMUM_SIZE;
    private Function<ReceivedMessage, Object> key = DEFAULT_KEY;
    private boolean auditMissedDuplicates = DEFAULT_AUDIT_MISSED_DUPLICATES;

    private Builder() {}

    private Builder(IdempotencyConfig base) {
      this.windowNanos = base.windowNanos;
      this.maximumSize = base.maximumSize;
      this.key = base.key;
      this.auditMissedDuplicates = base.auditMissedDuplicates;
    }

    /** How long a processed key is remembered after it was processed; > 0. */
    public Builder window(Duration window) {
      this.windowNanos = Require.positiveNanos("window", window);
      return this;
    }

    /** The most keys remembered; >= 1. */
    public Builder maximumSize(long maximumSize) {
      this.maximumSize = Require.atLeast("maximumSize", maximumSize, MIN_MAXIMUM_SIZE);
      return this;
    }

    /** What identifies a message: its id, or a business key such as an order number in its body. */
    public Builder key(Function<ReceivedMessage, Object> key) {
      this.key = Require.notNull(key, "key");
      return this;
    }

    /** Whether to remember every processed key (unbounded) to count the duplicates let through. */
    public Builder auditMissedDuplicates(boolean audit) {
      this.auditMissedDuplicates = audit;
      return this;
    }

    public IdempotencyConfig build() {
      return new IdempotencyConfig(this);
    }
  }
}
