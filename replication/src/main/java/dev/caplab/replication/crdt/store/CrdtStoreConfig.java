package dev.caplab.replication.crdt.store;

import dev.caplab.config.Require;
import java.time.Duration;
import java.util.Objects;

/**
 * The anti-entropy and durability settings of a replicated CRDT store, shared by its replicas.
 *
 * <p>Immutable and thread-safe. Each default is a {@code DEFAULT_*} constant; {@link
 * #ofDefaults()}, {@link #custom()} and {@link #from(CrdtStoreConfig)} build one. The fan-out is
 * checked against the number of replicas when a {@link CrdtStore} is built.
 */
public final class CrdtStoreConfig {

  /** Default time between two gossip rounds of one replica. */
  public static final Duration DEFAULT_GOSSIP_INTERVAL = Duration.ofMillis(100);
  /** Default number of random peers contacted per round. */
  public static final int DEFAULT_FAN_OUT = 2;
  /** Default gossip mode. */
  public static final GossipMode DEFAULT_MODE = GossipMode.DELTA;
  /** Default number of deltas a replica buffers before the oldest are dropped. */
  public static final int DEFAULT_DELTA_BUFFER_CAPACITY = 1_000;
  /** Default: sync storage after every change, so a crash keeps every acknowledged update. */
  public static final boolean DEFAULT_SYNC_WRITES = true;
  /** Smallest delta buffer. */
  public static final int MIN_DELTA_BUFFER_CAPACITY = 1;

  private static final CrdtStoreConfig DEFAULTS = custom().build();

  private final Duration gossipInterval;
  private final int fanOut;
  private final GossipMode mode;
  private final int deltaBufferCapacity;
  private final boolean syncWrites;

  private CrdtStoreConfig(Builder b) {
    this.gossipInterval = b.gossipInterval;
    this.fanOut = b.fanOut;
    this.mode = b.mode;
    this.deltaBufferCapacity = b.deltaBufferCapacity;
    this.syncWrites = b.syncWrites;
  }

  public static CrdtStoreConfig ofDefaults() {
    return DEFAULTS;
  }

  public static Builder custom() {
    return new Builder();
  }

  /** A builder starting from {@code base}'s settings. */
  public static Builder from(CrdtStoreConfig base) {
    Objects.requireNonNull(base, "base");
    Builder b = new Builder();
    b.gossipInterval = base.gossipInterval;
    b.fanOut = base.fanOut;
    b.mode = base.mode;
    b.deltaBufferCapacity = base.deltaBufferCapacity;
    b.syncWrites = base.syncWrites;
    return b;
  }

  /** Time between two gossip rounds of one replica (each replica starts at a random phase). */
  public Duration gossipInterval() {
    return gossipInterval;
  }

  /** Random peers contacted per round. */
  public int fanOut() {
    return fanOut;
  }

  public GossipMode mode() {
    return mode;
  }

  /** Deltas a replica keeps for peers that have not acknowledged them ({@link GossipMode#DELTA}). */
  public int deltaBufferCapacity() {
    return deltaBufferCapacity;
  }

  /**
   * Whether a replica syncs its storage after every change (before acknowledging an update). With
   * {@code false} a crash loses the unsynced changes, and a restarted replica may reuse a dot or a
   * counter entry it had already shipped: dotted types (ORSet, MVRegister) then fail to merge and
   * counters lose increments. Keep it on unless that is the lesson.
   */
  public boolean syncWrites() {
    return syncWrites;
  }

  @Override
  public String toString() {
    return "CrdtStoreConfig{gossipInterval=" + gossipInterval + ", fanOut=" + fanOut + ", mode=" + mode
        + ", deltaBufferCapacity=" + deltaBufferCapacity + ", syncWrites=" + syncWrites + "}";
  }

  /** Builds a {@link CrdtStoreConfig}; every setter validates its argument at once. Not thread-safe. */
  public static final class Builder {
    private Duration gossipInterval = DEFAULT_GOSSIP_INTERVAL;
    private int fanOut = DEFAULT_FAN_OUT;
    private GossipMode mode = DEFAULT_MODE;
    private int deltaBufferCapacity = DEFAULT_DELTA_BUFFER_CAPACITY;
    private boolean syncWrites = DEFAULT_SYNC_WRITES;

    private Builder() {}

    /** Time between gossip rounds; must be > 0. */
    public Builder gossipInterval(Duration interval) {
      this.gossipInterval = Require.positive("gossipInterval", interval);
      return this;
    }

    /** Peers per round; must be >= 1 (and, checked by {@link CrdtStore}, below the replica count). */
    public Builder fanOut(int fanOut) {
      this.fanOut = Require.atLeast("fanOut", fanOut, 1);
      return this;
    }

    public Builder mode(GossipMode mode) {
      this.mode = Objects.requireNonNull(mode, "mode");
      return this;
    }

    /** Buffered deltas per replica; must be >= {@value CrdtStoreConfig#MIN_DELTA_BUFFER_CAPACITY}. */
    public Builder deltaBufferCapacity(int capacity) {
      this.deltaBufferCapacity = Require.atLeast("deltaBufferCapacity", capacity, MIN_DELTA_BUFFER_CAPACITY);
      return this;
    }

    public Builder syncWrites(boolean syncWrites) {
      this.syncWrites = syncWrites;
      return this;
    }

    public CrdtStoreConfig build() {
      return new CrdtStoreConfig(this);
    }
  }
}
