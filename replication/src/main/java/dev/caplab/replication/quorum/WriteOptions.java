package dev.caplab.replication.quorum;

import dev.caplab.config.Require;
import java.util.Objects;

/**
 * How one write is served: how many acknowledgements it needs (a {@link Consistency} level or an
 * explicit W) and which replicas it is sent to ({@link FanOut}).
 *
 * <p>Immutable and thread-safe. Defaults ({@link #ofDefaults()}): {@link #DEFAULT_CONSISTENCY},
 * {@link #DEFAULT_FAN_OUT}.
 */
public final class WriteOptions {

  /** Default write level. */
  public static final Consistency DEFAULT_CONSISTENCY = Consistency.QUORUM;
  /** Default fan-out. */
  public static final FanOut DEFAULT_FAN_OUT = FanOut.ALL;

  private static final WriteOptions DEFAULTS = custom().build();

  private final Consistency consistency;
  private final int replicas;
  private final FanOut fanOut;

  private WriteOptions(Builder b) {
    this.consistency = b.consistency;
    this.replicas = b.replicas;
    this.fanOut = b.fanOut;
  }

  public static WriteOptions ofDefaults() {
    return DEFAULTS;
  }

  /** The defaults with another consistency level. */
  public static WriteOptions of(Consistency consistency) {
    return custom().consistency(consistency).build();
  }

  public static Builder custom() {
    return new Builder();
  }

  /** A builder starting from {@code base}'s settings. */
  public static Builder from(WriteOptions base) {
    Builder b = new Builder();
    b.consistency = base.consistency;
    b.replicas = base.replicas;
    b.fanOut = base.fanOut;
    return b;
  }

  /** The named level, or null when an explicit W was given. */
  public Consistency consistency() {
    return consistency;
  }

  /** W for replication factor {@code n}. */
  public int required(int n) {
    return consistency != null ? consistency.required(n) : replicas;
  }

  /** Whether hints stored on fallback nodes count towards W whatever the store's sloppy-quorum setting. */
  public boolean hintsCount() {
    return consistency == Consistency.ANY;
  }

  public FanOut fanOut() {
    return fanOut;
  }

  /**
   * Checks these options against replication factor {@code n}.
   *
   * @throws IllegalArgumentException if W is larger than {@code n}
   */
  public WriteOptions validate(int n) {
    int w = required(n);
    if (w > n) {
      throw new IllegalArgumentException("write consistency W must be between 1 and N (" + n + "), got W=" + w
          + (consistency != null ? " (" + consistency + ")" : ""));
    }
    return this;
  }

  @Override
  public String toString() {
    return "WriteOptions{" + (consistency != null ? consistency : "W=" + replicas) + ", fanOut=" + fanOut + "}";
  }

  /** Builds {@link WriteOptions}; setters validate at once. */
  public static final class Builder {
    private Consistency consistency = DEFAULT_CONSISTENCY;
    private int replicas;
    private FanOut fanOut = DEFAULT_FAN_OUT;

    private Builder() {}

    public Builder consistency(Consistency consistency) {
      this.consistency = Objects.requireNonNull(consistency, "consistency");
      this.replicas = 0;
      return this;
    }

    /** An explicit W, at least 1 (checked against N when the write is issued). */
    public Builder replicas(int w) {
      this.replicas = Require.atLeast("write replicas W", w, 1);
      this.consistency = null;
      return this;
    }

    public Builder fanOut(FanOut fanOut) {
      this.fanOut = Objects.requireNonNull(fanOut, "fanOut");
      return this;
    }

    public WriteOptions build() {
      return new WriteOptions(this);
    }
  }
}
