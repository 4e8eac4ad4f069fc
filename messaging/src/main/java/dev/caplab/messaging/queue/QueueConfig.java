package dev.caplab.messaging.queue;

import dev.caplab.config.Require;
import dev.caplab.time.Durations;
import java.time.Duration;
import java.util.Optional;

/**
 * The immutable settings of a {@link MessageQueue}, with SQS's names, defaults and bounds:
 *
 * <ul>
 *   <li>{@code type} {@link QueueType#STANDARD};
 *   <li>{@code visibilityTimeout} 30 s, between 0 s and 12 h: how long a received message stays
 *       hidden from other receives;
 *   <li>{@code messageRetentionPeriod} 4 days, between 60 s and 14 days, counted from the time the
 *       message entered the queue;
 *   <li>{@code delay} 0 s, between 0 s and 15 min: how long a sent message stays hidden before its
 *       first receive;
 *   <li>{@code redrivePolicy} none: without one, a message nobody deletes is received forever;
 *   <li>{@code redriveAllowPolicy} {@link RedriveAllowPolicy#allowAll()}.
 * </ul>
 *
 * <p>Build one with {@link #custom()}, start from another with {@link #from(QueueConfig)}, or take
 * {@link #ofDefaults()}. A bad value is an {@link IllegalArgumentException} naming the setting, the
 * value and the allowed range.
 *
 * <p>Immutable and thread-safe.
 */
public final class QueueConfig {

  /** Default queue type. */
  public static final QueueType DEFAULT_TYPE = QueueType.STANDARD;
  /** Default visibility timeout (SQS's). */
  public static final Duration DEFAULT_VISIBILITY_TIMEOUT = Duration.ofSeconds(30);
  /** Shortest visibility timeout: 0 makes a received message visible again at once. */
  public static final Duration MIN_VISIBILITY_TIMEOUT = Duration.ZERO;
  /** Longest visibility timeout, also the longest a receive may be kept hidden in all (SQS's). */
  public static final Duration MAX_VISIBILITY_TIMEOUT = Duration.ofHours(12);
  /** Default retention period (SQS's). */
  public static final Duration DEFAULT_MESSAGE_RETENTION_PERIOD = Duration.ofDays(4);
  /** Shortest retention period (SQS's). */
  public static final Duration MIN_MESSAGE_RETENTION_PERIOD = Duration.ofSeconds(60);
  /** Longest retention period (SQS's). */
  public static final Duration MAX_MESSAGE_RETENTION_PERIOD = Duration.ofDays(14);
  /** Default delivery delay. */
  public static final Duration DEFAULT_DELAY = Duration.ZERO;
  /** Shortest delivery delay. */
  public static final Duration MIN_DELAY = Duration.ZERO;
  /** Longest delivery delay (SQS's). */
  public static final Duration MAX_DELAY = Duration.ofMinutes(15);
  /** Default redrive allow policy. */
  public static final RedriveAllowPolicy DEFAULT_REDRIVE_ALLOW_POLICY = RedriveAllowPolicy.allowAll();

  private final QueueType type;
  private final long visibilityTimeoutNanos;
  private final long messageRetentionPeriodNanos;
  private final long delayNanos;
  private final RedrivePolicy redrivePolicy;
  private final RedriveAllowPolicy redriveAllowPolicy;

  private QueueConfig(Builder b) {
    this.type = b.type;
    this.visibilityTimeoutNanos = b.visibilityTimeoutNanos;
    this.messageRetentionPeriodNanos = b.messageRetentionPeriodNanos;
    this.delayNanos = b.delayNanos;
    this.redrivePolicy = b.redrivePolicy;
    this.redriveAllowPolicy = b.redriveAllowPolicy;
  }

  /** The defaults. */
  public static QueueConfig ofDefaults() {
    return custom().build();
  }

  /** A builder starting from the defaults. */
  public static Builder custom() {
    return new Builder();
  }

  /** A builder starting from {@code base}'s settings. */
  public static Builder from(QueueConfig base) {
    return new Builder(Require.notNull(base, "base"));
  }

  /** Checks a visibility timeout against the bounds, naming it {@code name}, and returns its nanoseconds. */
  static long checkVisibilityTimeout(String name, Duration timeout) {
    return Require.between(name, timeout, MIN_VISIBILITY_TIMEOUT, MAX_VISIBILITY_TIMEOUT).toNanos();
  }

  /** Checks a delivery delay against the bounds and returns its nanoseconds. */
  static long checkDelay(Duration delay) {
    return Require.between("delay", delay, MIN_DELAY, MAX_DELAY).toNanos();
  }

  public QueueType type() {
    return type;
  }

  public Duration visibilityTimeout() {
    return Duration.ofNanos(visibilityTimeoutNanos);
  }

  public long visibilityTimeoutNanos() {
    return visibilityTimeoutNanos;
  }

  public Duration messageRetentionPeriod() {
    return Duration.ofNanos(messageRetentionPeriodNanos);
  }

  public long messageRetentionPeriodNanos() {
    return messageRetentionPeriodNanos;
  }

  public Duration delay() {
    return Duration.ofNanos(delayNanos);
  }

  public long delayNanos() {
    return delayNanos;
  }

  public Optional<RedrivePolicy> redrivePolicy() {
    return Optional.ofNullable(redrivePolicy);
  }

  public RedriveAllowPolicy redriveAllowPolicy() {
    return redriveAllowPolicy;
  }

  @Override
  public String toString() {
    return "QueueConfig[type=" + type
        + ", visibilityTimeout=" + Durations.exact(visibilityTimeoutNanos)
        + ", messageRetentionPeriod=" + Durations.exact(messageRetentionPeriodNanos)
        + ", delay=" + Durations.exact(delayNanos)
        + ", redrivePolicy=" + redrivePolicy
        + ", redriveAllowPolicy=" + redriveAllowPolicy + "]";
  }

  /** Not thread-safe: one builder per thread. */
  public static final class Builder {
    private QueueType type = DEFAULT_TYPE;
    private long visibilityTimeoutNanos = DEFAULT_VISIBILITY_TIMEOUT.toNanos();
    private long messageRetentionPeriodNanos = DEFAULT_MESSAGE_RETENTION_PERIOD.toNanos();
    private long delayNanos = DEFAULT_DELAY.toNanos();
    private RedrivePolicy redrivePolicy;
    private RedriveAllowPolicy redriveAllowPolicy = DEFAULT_REDRIVE_ALLOW_POLICY;

    private Builder() {}

    private Builder(QueueConfig base) {
      this.type = base.type;
      this.visibilityTimeoutNanos = base.visibilityTimeoutNanos;
      this.messageRetentionPeriodNanos = base.messageRetentionPeriodNanos;
      this.delayNanos = base.delayNanos;
      this.redrivePolicy = base.redrivePolicy;
      this.redriveAllowPolicy = base.redriveAllowPolicy;
    }

    /** Standard or FIFO. */
    public Builder type(QueueType type) {
      this.type = Require.notNull(type, "type");
      return this;
    }

    /** Between 0 s and 12 h. */
    public Builder visibilityTimeout(Duration visibilityTimeout) {
      this.visibilityTimeoutNanos = checkVisibilityTimeout("visibilityTimeout", visibilityTimeout);
      return this;
    }

    /** Between 60 s and 14 days. */
    public Builder messageRetentionPeriod(Duration period) {
      this.messageRetentionPeriodNanos = Require.between("messageRetentionPeriod", period,
          MIN_MESSAGE_RETENTION_PERIOD, MAX_MESSAGE_RETENTION_PERIOD).toNanos();
      return this;
    }

    /** Between 0 s and 15 min. */
    public Builder delay(Duration delay) {
      this.delayNanos = checkDelay(delay);
      return this;
    }

    /** Moves messages received {@code maxReceiveCount} times to a dead-letter queue. */
    public Builder redrivePolicy(RedrivePolicy redrivePolicy) {
      this.redrivePolicy = Require.notNull(redrivePolicy, "redrivePolicy");
      return this;
    }

    /** Removes the redrive policy: messages are never dead-lettered. */
    public Builder noRedrivePolicy() {
      this.redrivePolicy = null;
      return this;
    }

    /** Which queues may use this one as their dead-letter queue. */
    public Builder redriveAllowPolicy(RedriveAllowPolicy policy) {
      this.redriveAllowPolicy = Require.notNull(policy, "redriveAllowPolicy");
      return this;
    }

    public QueueConfig build() {
      return new QueueConfig(this);
    }
  }
}
