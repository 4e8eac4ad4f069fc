package dev.caplab.replication.quorum;

import dev.caplab.config.Require;
import java.util.Objects;

/**
 * How one read is served: how many replicas must answer (a {@link Consistency} level or an
 * explicit R), which replicas are asked ({@link FanOut}), what is done about stale replicas
 * ({@link ReadRepair}), and whether the read is made linearizable with an ABD write-back.
 *
 * <p>Immutable and thread-safe. Defaults ({@link #ofDefaults()}): {@link #DEFAULT_CONSISTENCY},
 * {@link #DEFAULT_FAN_OUT}, {@link #DEFAULT_READ_REPAIR}, not linearizable.
 */
public final class ReadOptions {

  /** Default read level. */
  public static final Consistency DEFAULT_CONSISTENCY = Consistency.QUORUM;
  /** Default fan-out. */
  public static final FanOut DEFAULT_FAN_OUT = FanOut.ALL;
  /** Default read repair. */
  public static final ReadRepair DEFAULT_READ_REPAIR = ReadRepair.NONE;
  /** Default: plain quorum reads, not ABD. */
  public static final boolean DEFAULT_LINEARIZABLE = false;

  private static final ReadOptions DEFAULTS = custom().build();

  private final Consistency consistency;
  private final int replicas;
  private final FanOut fanOut;
  private final ReadRepair readRepair;
  private final boolean linearizable;

  private ReadOptions(Builder b) {
    this.consistency = b.consistency;
    this.replicas = b.replicas;
    this.fanOut = b.fanOut;
    this.readRepair = b.readRepair;
    this.linearizable = b.linearizable;
  }

  public static ReadOptions ofDefaults() {
    return DEFAULTS;
  }

  /** The defaults with another consistency level. */
  public static ReadOptions of(Consistency consistency) {
    return custom().consistency(consistency).build();
  }

  public static Builder custom() {
    return new Builder();
  }

  /** A builder starting from {@code base}'s settings. */
  public static Builder from(ReadOptions base) {
    Builder b = new Builder();
    b.consistency = base.consistency;
    b.replicas = base.replicas;
    b.fanOut = base.fanOut;
    b.readRepair = base.readRepair;
    b.linearizable = base.linearizable;
    return b;
  }

  /** The named level, or null when an explicit R was given. */
  public Consistency consistency() {
    return consistency;
  }

  /** R for replication factor {@code n}. */
  public int required(int n) {
    return consistency != null ? consistency.required(n) : replicas;
  }

  public FanOut fanOut() {
    return fanOut;
  }

  public ReadRepair readRepair() {
    return readRepair;
  }

  public boolean linearizable() {
    return linearizable;
  }

  /**
   * Checks these options against replication factor {@code n}.
   *
   * @throws IllegalArgumentException if R is larger than {@code n}
   */
  public ReadOptions validate(int n) {
    int r = required(n);
    if (r > n) {
      throw new IllegalArgumentException("read consistency R must be between 1 and N (" + n + "), got R=" + r
          + (consistency != null ? " (" + consistency + ")" : ""));
    }
    return this;
  }

  @Override
  public String toString() {
    return "ReadOptions{" + (consistency != null ? consistency : "R=" + replicas) + ", fanOut=" + fanOut
        + ", readRepair=" + readRepair + (linearizable ? ", linearizable" : "") + "}";
  }

  /** Builds {@link ReadOptions}; setters validate at once. */
  public static final class Builder {
    private Consistency consistency = DEFAULT_CONSISTENCY;
    private int replicas;
    private FanOut fanOut = DEFAULT_FAN_OUT;
    private ReadRepair readRepair = DEFAULT_READ_REPAIR;
    private boolean linearizable = DEFAULT_LINEARIZABLE;

    private Builder() {}

    /** A named level; {@link Consistency#ANY} is for writes only. */
    public Builder consistency(Consistency consistency) {
      Objects.requireNonNull(consistency, "consistency");
      if (consistency == Consistency.ANY) {
        throw new IllegalArgumentException("read consistency must be one of ONE, TWO, THREE, QUORUM, ALL, got ANY"
            + " (ANY is for writes only)");
      }
      this.consistency = consistency;
      this.replicas = 0;
      return this;
    }

    /** An explicit R, at least 1 (checked against N when the read is issued). */
    public Builder replicas(int r) {
      this.replicas = Require.atLeast("read replicas R", r, 1);
      this.consistency = null;
      return this;
    }

    public Builder fanOut(FanOut fanOut) {
      this.fanOut = Objects.requireNonNull(fanOut, "fanOut");
      return this;
    }

    public Builder readRepair(ReadRepair readRepair) {
      this.readRepair = Objects.requireNonNull(readRepair, "readRepair");
      return this;
    }

    /**
     * ABD read: after R answers, write the newest version back to a majority before answering,
     * so no later read can return anything older. Both phases use at least a majority.
     */
    public Builder linearizable(boolean linearizable) {
      this.linearizable = linearizable;
      return this;
    }

    public ReadOptions build() {
      return new ReadOptions(this);
    }
  }
}
