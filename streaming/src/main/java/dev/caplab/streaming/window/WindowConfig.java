package dev.caplab.streaming.window;

import dev.caplab.config.Require;
import dev.caplab.time.Durations;
import java.time.Duration;

/**
 * The windowing of a {@link WindowedAggregator}: the {@link WindowAssigner}, the {@link Trigger},
 * the allowed lateness and optional early firings.
 *
 * <p>Defaults (each one {@code DEFAULT_*} constant): tumbling windows of one minute, the event-time
 * trigger (accumulating panes), no allowed lateness (as Flink), no early firings.
 *
 * <p>Early firings emit an {@link PaneKind#EARLY EARLY} pane of a window every {@code interval} of
 * processing time (aligned to multiples of the interval, as Flink's {@code
 * ContinuousProcessingTimeTrigger}) while the watermark has not reached its end and it received
 * elements since its last pane.
 *
 * <p>Immutable and thread-safe; the builder is not thread-safe.
 */
public final class WindowConfig {

  /** Default assigner: tumbling windows of one minute. */
  public static final WindowAssigner DEFAULT_ASSIGNER = WindowAssigner.tumbling(Duration.ofMinutes(1));
  /** Default trigger: fire when the watermark passes the window, keep the contents (accumulating). */
  public static final Trigger DEFAULT_TRIGGER = Trigger.EVENT_TIME;
  /** Default allowed lateness: none, so a window's state goes when the watermark passes its end - 1. */
  public static final Duration DEFAULT_ALLOWED_LATENESS = Duration.ZERO;
  /** Default early-firing interval: zero, no early firings. */
  public static final Duration DEFAULT_EARLY_FIRING_INTERVAL = Duration.ZERO;

  private final WindowAssigner assigner;
  private final Trigger trigger;
  private final Duration allowedLateness;
  private final Duration earlyFiringInterval;

  private WindowConfig(Builder b) {
    this.assigner = b.assigner;
    this.trigger = b.trigger;
    this.allowedLateness = b.allowedLateness;
    this.earlyFiringInterval = b.earlyFiringInterval;
  }

  /** A builder starting from the defaults. */
  public static Builder custom() {
    return new Builder();
  }

  /** A builder starting from {@code base}'s settings. */
  public static Builder from(WindowConfig base) {
    Require.notNull(base, "base");
    return new Builder().assigner(base.assigner).trigger(base.trigger).allowedLateness(base.allowedLateness)
        .earlyFiringInterval(base.earlyFiringInterval);
  }

  /** The defaults. */
  public static WindowConfig ofDefaults() {
    return new Builder().build();
  }

  /** The window assigner. */
  public WindowAssigner assigner() {
    return assigner;
  }

  /** The trigger. */
  public Trigger trigger() {
    return trigger;
  }

  /** How long after a window's end - 1 (in event time) late elements still update it. */
  public Duration allowedLateness() {
    return allowedLateness;
  }

  /** The processing-time interval of early firings; zero for none. */
  public Duration earlyFiringInterval() {
    return earlyFiringInterval;
  }

  @Override
  public String toString() {
    return "WindowConfig{" + assigner + ", " + trigger + ", allowedLateness " + Durations.exact(allowedLateness)
        + (earlyFiringInterval.isZero() ? "" : ", early firings every " + Durations.exact(earlyFiringInterval))
        + "}";
  }

  /** Builds a {@link WindowConfig}; each setter checks its value. Not thread-safe. */
  public static final class Builder {
    private WindowAssigner assigner = DEFAULT_ASSIGNER;
    private Trigger trigger = DEFAULT_TRIGGER;
    private Duration allowedLateness = DEFAULT_ALLOWED_LATENESS;
    private Duration earlyFiringInterval = DEFAULT_EARLY_FIRING_INTERVAL;

    private Builder() {}

    /** The window assigner. */
    public Builder assigner(WindowAssigner assigner) {
      this.assigner = Require.notNull(assigner, "assigner");
      return this;
    }

    /** The trigger. */
    public Builder trigger(Trigger trigger) {
      this.trigger = Require.notNull(trigger, "trigger");
      return this;
    }

    /** The allowed lateness, >= 0 (event time, whole milliseconds). */
    public Builder allowedLateness(Duration allowedLateness) {
      this.allowedLateness = Require.atLeast("allowedLateness", allowedLateness, Duration.ZERO);
      return this;
    }

    /** The processing-time interval of early firings, >= 0; zero turns them off. */
    public Builder earlyFiringInterval(Duration interval) {
      this.earlyFiringInterval = Require.nonNegative("earlyFiringInterval", interval);
      return this;
    }

    /** The configuration. */
    public WindowConfig build() {
      return new WindowConfig(this);
    }
  }
}
