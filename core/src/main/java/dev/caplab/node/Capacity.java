package dev.caplab.node;

import dev.caplab.config.Require;
import dev.caplab.net.LatencyModel;
import java.util.Objects;

/**
 * How much work a node can do: each message takes a sampled service time on one of
 * {@code concurrency} workers; messages that find every worker busy wait in a bounded inbox, and
 * what overflows is handled by the {@link OverflowPolicy}. This is what makes hot keys,
 * thundering herds and backpressure visible.
 *
 * <p>Immutable and thread-safe. Defaults ({@link #unlimited()}): zero service time, unlimited
 * concurrency and inbox, so a message is handled the instant it arrives.
 */
public final class Capacity {

  /** Default service time: zero. */
  public static final LatencyModel DEFAULT_SERVICE_TIME = LatencyModel.zero();
  /** Default concurrency: unlimited. */
  public static final int DEFAULT_CONCURRENCY = Integer.MAX_VALUE;
  /** Default inbox bound: unlimited. */
  public static final int DEFAULT_INBOX_CAPACITY = Integer.MAX_VALUE;
  /** Default overflow policy. */
  public static final OverflowPolicy DEFAULT_OVERFLOW = OverflowPolicy.REJECT;

  private static final Capacity UNLIMITED = custom().build();

  private final LatencyModel serviceTime;
  private final int concurrency;
  private final int inboxCapacity;
  private final OverflowPolicy overflow;
  private final boolean inline;

  private Capacity(Builder b) {
    this.serviceTime = b.serviceTime;
    this.concurrency = b.concurrency;
    this.inboxCapacity = b.inboxCapacity;
    this.overflow = b.overflow;
    this.inline = b.serviceTime.meanNanos() == 0 && b.concurrency == Integer.MAX_VALUE;
  }

  /** No limits: every message is handled on arrival. */
  public static Capacity unlimited() {
    return UNLIMITED;
  }

  public static Builder custom() {
    return new Builder();
  }

  public LatencyModel serviceTime() {
    return serviceTime;
  }

  public int concurrency() {
    return concurrency;
  }

  public int inboxCapacity() {
    return inboxCapacity;
  }

  public OverflowPolicy overflow() {
    return overflow;
  }

  /** Whether messages are handled at arrival with no queueing. */
  public boolean isInline() {
    return inline;
  }

  @Override
  public String toString() {
    return "Capacity{serviceTime=" + serviceTime + ", concurrency="
        + (concurrency == Integer.MAX_VALUE ? "unlimited" : concurrency) + ", inbox="
        + (inboxCapacity == Integer.MAX_VALUE ? "unlimited" : inboxCapacity) + ", overflow=" + overflow + "}";
  }

  /** Builds a {@link Capacity}; setters validate at once. */
  public static final class Builder {
    private LatencyModel serviceTime = DEFAULT_SERVICE_TIME;
    private int concurrency = DEFAULT_CONCURRENCY;
    private int inboxCapacity = DEFAULT_INBOX_CAPACITY;
    private OverflowPolicy overflow = DEFAULT_OVERFLOW;

    private Builder() {}

    /** Time one worker spends on each message. */
    public Builder serviceTime(LatencyModel serviceTime) {
      this.serviceTime = Objects.requireNonNull(serviceTime, "serviceTime");
      return this;
    }

    /** How many messages are processed at once; at least 1. */
    public Builder concurrency(int concurrency) {
      this.concurrency = Require.atLeast("concurrency", concurrency, 1);
      return this;
    }

    /** How many messages may wait for a worker; at least 0. */
    public Builder inboxCapacity(int inboxCapacity) {
      this.inboxCapacity = Require.atLeast("inboxCapacity", inboxCapacity, 0);
      return this;
    }

    public Builder overflow(OverflowPolicy overflow) {
      this.overflow = Objects.requireNonNull(overflow, "overflow");
      return this;
    }

    public Capacity build() {
      return new Capacity(this);
    }
  }
}
