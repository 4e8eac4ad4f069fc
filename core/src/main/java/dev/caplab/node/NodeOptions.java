package dev.caplab.node;

import dev.caplab.config.Require;
import java.time.Duration;
import java.util.Objects;

/**
 * Per-node settings: its {@link Capacity}, its clock's initial offset and drift, and whether it is
 * a client.
 *
 * <p>A <em>client</em> stands for a user of the system under test rather than a part of it (a
 * process that issues requests and records what it saw). The runtime treats clients like any
 * other node; the flag is for tools that act on "the system": a nemesis leaves clients alone
 * unless told otherwise.
 *
 * <p>Immutable and thread-safe. Defaults: unlimited capacity, a perfect clock, not a client.
 */
public final class NodeOptions {

  /** Default clock offset: none. */
  public static final Duration DEFAULT_CLOCK_OFFSET = Duration.ZERO;
  /** Default clock drift: none. */
  public static final double DEFAULT_CLOCK_DRIFT = 0.0;
  /** Default role: a node of the system, not a client. */
  public static final boolean DEFAULT_CLIENT = false;

  private static final NodeOptions DEFAULTS = custom().build();

  private final Capacity capacity;
  private final Duration clockOffset;
  private final double clockDrift;
  private final boolean client;

  private NodeOptions(Builder b) {
    this.capacity = b.capacity;
    this.clockOffset = b.clockOffset;
    this.clockDrift = b.clockDrift;
    this.client = b.client;
  }

  public static NodeOptions ofDefaults() {
    return DEFAULTS;
  }

  public static Builder custom() {
    return new Builder();
  }

  /** A builder that starts from {@code base}'s settings. */
  public static Builder from(NodeOptions base) {
    Objects.requireNonNull(base, "base");
    return new Builder().capacity(base.capacity).clockOffset(base.clockOffset).clockDrift(base.clockDrift)
        .client(base.client);
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

  /** Whether the node is a client of the system rather than a part of it. */
  public boolean isClient() {
    return client;
  }

  /** Builds {@link NodeOptions}. */
  public static final class Builder {
    private Capacity capacity = Capacity.unlimited();
    private Duration clockOffset = DEFAULT_CLOCK_OFFSET;
    private double clockDrift = DEFAULT_CLOCK_DRIFT;
    private boolean client = DEFAULT_CLIENT;

    private Builder() {}

    public Builder capacity(Capacity capacity) {
      this.capacity = Objects.requireNonNull(capacity, "capacity");
      return this;
    }

    /** How far ahead (positive) or behind (negative) of true time the node's clock starts. */
    public Builder clockOffset(Duration offset) {
      Require.nanos("clockOffset", offset);
      this.clockOffset = offset;
      return this;
    }

    /** Clock rate error, e.g. 1e-4 runs 100 ppm fast; must be in (-1, 1). */
    public Builder clockDrift(double drift) {
      this.clockDrift =
          Require.inOpen("clockDrift", drift, NodeClock.MIN_DRIFT_EXCLUSIVE, NodeClock.MAX_DRIFT_EXCLUSIVE);
      return this;
    }

    /** Marks the node as a client of the system (see the class comment). */
    public Builder client(boolean client) {
      this.client = client;
      return this;
    }

    public NodeOptions build() {
      return new NodeOptions(this);
    }
  }
}
