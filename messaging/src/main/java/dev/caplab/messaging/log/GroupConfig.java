package dev.caplab.messaging.log;

import dev.caplab.config.Require;
import dev.caplab.time.Durations;
import java.time.Duration;

/**
 * The immutable settings of a {@link ConsumerGroup}: how long a member stays in the group without
 * a heartbeat ({@code session.timeout.ms}) and how partitions are split among members ({@code
 * partition.assignment.strategy}). Build one with {@link #custom()}, start from another with
 * {@link #from(GroupConfig)}, or take {@link #ofDefaults()}.
 *
 * <p>Defaults: a session timeout of 45 s (Kafka's default since 3.0) and {@link
 * AssignmentStrategy#RANGE} (Kafka's default assignor).
 *
 * <p>Thread-safe: immutable.
 */
public final class GroupConfig {

  /** Default session timeout: 45 s, Kafka's {@code session.timeout.ms} default. */
  public static final Duration DEFAULT_SESSION_TIMEOUT = Duration.ofSeconds(45);
  /** Default assignment strategy. */
  public static final AssignmentStrategy DEFAULT_ASSIGNMENT_STRATEGY = AssignmentStrategy.RANGE;
  /** Shortest session timeout. */
  public static final Duration MIN_SESSION_TIMEOUT = Duration.ofMillis(1);
  /** Longest session timeout: 30 min, Kafka's {@code group.max.session.timeout.ms} default. */
  public static final Duration MAX_SESSION_TIMEOUT = Duration.ofMinutes(30);

  private final long sessionTimeoutNanos;
  private final AssignmentStrategy assignmentStrategy;

  private GroupConfig(Builder b) {
    this.sessionTimeoutNanos = b.sessionTimeoutNanos;
    this.assignmentStrategy = b.assignmentStrategy;
  }

  /** A builder starting from the defaults. */
  public static Builder custom() {
    return new Builder();
  }

  /** A builder starting from {@code base}'s settings. */
  public static Builder from(GroupConfig base) {
    return new Builder(Require.notNull(base, "base"));
  }

  /** The default configuration. */
  public static GroupConfig ofDefaults() {
    return Defaults.CONFIG;
  }

  /** A member without a heartbeat for this long leaves the group. */
  public Duration sessionTimeout() {
    return Duration.ofNanos(sessionTimeoutNanos);
  }

  /** {@link #sessionTimeout()} in nanoseconds. */
  public long sessionTimeoutNanos() {
    return sessionTimeoutNanos;
  }

  /** How partitions are split among members. */
  public AssignmentStrategy assignmentStrategy() {
    return assignmentStrategy;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof GroupConfig
        && ((GroupConfig) o).sessionTimeoutNanos == sessionTimeoutNanos
        && ((GroupConfig) o).assignmentStrategy == assignmentStrategy;
  }

  @Override
  public int hashCode() {
    return Long.hashCode(sessionTimeoutNanos) * 31 + assignmentStrategy.ordinal();
  }

  @Override
  public String toString() {
    return "GroupConfig[sessionTimeout=" + Durations.exact(sessionTimeoutNanos)
        + ", assignmentStrategy=" + assignmentStrategy + "]";
  }

  /** Holder so that {@link #ofDefaults()} builds the defaults once, after the constants exist. */
  private static final class Defaults {
    static final GroupConfig CONFIG = new Builder().build();
  }

  /**
   * Collects settings for a {@link GroupConfig}; each setter checks its value at once.
   *
   * <p>Not thread-safe: build on one thread.
   */
  public static final class Builder {
    private long sessionTimeoutNanos = DEFAULT_SESSION_TIMEOUT.toNanos();
    private AssignmentStrategy assignmentStrategy = DEFAULT_ASSIGNMENT_STRATEGY;

    private Builder() {}

    private Builder(GroupConfig base) {
      this.sessionTimeoutNanos = base.sessionTimeoutNanos;
      this.assignmentStrategy = base.assignmentStrategy;
    }

    /** Session timeout, between 1 ms and 30 min. */
    public Builder sessionTimeout(Duration sessionTimeout) {
      this.sessionTimeoutNanos =
          Require.between("sessionTimeout", sessionTimeout, MIN_SESSION_TIMEOUT, MAX_SESSION_TIMEOUT).toNanos();
      return this;
    }

    /** Assignment strategy. */
    public Builder assignmentStrategy(AssignmentStrategy assignmentStrategy) {
      this.assignmentStrategy = Require.notNull(assignmentStrategy, "assignmentStrategy");
      return this;
    }

    /** The configuration. */
    public GroupConfig build() {
      return new GroupConfig(this);
    }
  }
}
