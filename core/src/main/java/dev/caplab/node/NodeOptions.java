package dev.caplab.node;

import java.time.Duration;
import java.util.Objects;

/**
 * Per-node settings: its {@link Capacity} and its clock's initial offset and drift.
 *
 * <p>Immutable and thread-safe. Defaults: unlimited capacity, a perfect clock.
 */
public final class NodeOptions {

  /** Default clock offset: none. */
  public static final Duration DEFAULT_CLOCK_OFFSET = Duration.ZERO;
  /** Default clock drift: none. */
  public static final double DEFAULT_CLOCK_DRIFT = 0.0;

  private static final NodeOptions DEFAULTS = custom().build();

  private final Capacity capacity;
  private final Duration clockOffset;
  private final double clockDrift;

  private NodeOptions(Builder b) {
    this.capacity = b.capacity;
    this.clockOffset = b.clockOffset;
    this.clockDrift = b.clockDrift;
  }

  public static NodeOptions ofDefaults() {
    return DEFAULTS;
  }

  public static Builder custom() {
    return new Builder();
  }

  public Capacity capacity() {
    return capacity;
  }

  public Duration clockOffset() {
    return clockOffset;
  }

  public double clockDrift() {
    return clockDrift;
  }

  /** Builds {@link NodeOptions}. */
  public static final class Builder {
    private Capacity capacity = Capacity.unlimited();
    private Duration clockOffset = DEFAULT_CLOCK_OFFSET;
    private double clockDrift = DEFAULT_CLOCK_DRIFT;

    private Builder() {}

    public Builder capacity(Capacity capacity) {
      this.capacity = Objects.requireNonNull(capacity, "capacity");
      return this;
    }

    /** How far ahead (positive) or behind (negative) of true time the node's clock starts. */
    public Builder clockOffset(Duration offset) {
      NodeClock.requireOffset("clockOffset", offset);
      this.clockOffset = offset;
      return this;
    }

    /** Clock rate error, e.g. 1e-4 runs 100 ppm fast; must be in (-1, 1). */
    public Builder clockDrift(double drift) {
      this.clockDrift = NodeClock.requireDrift("clockDrift", drift);
      return this;
    }

    public NodeOptions build() {
      return new NodeOptions(this);
    }
  }
}
