package dev.caplab.replication.quorum;

import dev.caplab.config.Require;
import dev.caplab.replication.ring.ConsistentHashRing;
import dev.caplab.time.Durations;
import java.time.Duration;
import java.util.Objects;

/**
 * The settings of a quorum store, shared by every node: replication factor, ring, versioning,
 * default request options, timeouts, hinted handoff, anti-entropy, durability, and partition
 * throughput limits with the clients' retry of throttled requests.
 *
 * <p>Immutable and thread-safe. Each default is a {@code DEFAULT_*} constant; {@link
 * #ofDefaults()}, {@link #custom()} and {@link #from(QuorumConfig)} build one. N is checked
 * against the cluster size when a {@link QuorumCluster} is built.
 */
public final class QuorumConfig {

  /** Default replication factor N. */
  public static final int DEFAULT_REPLICATION_FACTOR = 3;
  /** Default virtual nodes per physical node. */
  public static final int DEFAULT_VNODES = ConsistentHashRing.DEFAULT_VNODES;
  /** Default versioning. */
  public static final Versioning DEFAULT_VERSIONING = Versioning.LWW;
  /** Default time after which a request that lacks answers fails with {@link Unavailable}. */
  public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofMillis(500);
  /** Default time after which a silent replica is treated as down (a hint is written for it). */
  public static final Duration DEFAULT_REPLICA_TIMEOUT = Duration.ofMillis(200);
  /** Default: hinted handoff on. */
  public static final boolean DEFAULT_HINTED_HANDOFF = true;
  /** Default: hints do not count towards W (except for {@link Consistency#ANY}). */
  public static final boolean DEFAULT_SLOPPY_QUORUM = false;
  /** Default age after which an undelivered hint is dropped. */
  public static final Duration DEFAULT_HINT_WINDOW = Duration.ofHours(3);
  /** Default period of hint replay. */
  public static final Duration DEFAULT_HINT_REPLAY_INTERVAL = Duration.ofSeconds(1);
  /** Default: anti-entropy on. */
  public static final boolean DEFAULT_ANTI_ENTROPY = true;
  /** Default period between a replica's Merkle exchanges. */
  public static final Duration DEFAULT_ANTI_ENTROPY_INTERVAL = Duration.ofSeconds(1);
  /** Default Merkle tree depth: 2^6 = 64 leaves per shared key range. */
  public static final int DEFAULT_MERKLE_DEPTH = 6;
  /** Largest Merkle depth. */
  public static final int MAX_MERKLE_DEPTH = 16;
  /** Default: replicas sync storage after each write, so a crash keeps acknowledged writes. */
  public static final boolean DEFAULT_SYNC_WRITES = true;

  /** Default: partitions unlimited, nothing is throttled. */
  public static final PartitionCapacity DEFAULT_PARTITION_CAPACITY = PartitionCapacity.unlimited();
  /** Default client retry of throttled requests. */
  public static final ThrottleRetry DEFAULT_THROTTLE_RETRY = ThrottleRetry.ofDefaults();

  private static final QuorumConfig DEFAULTS = custom().build();

  private final int replicationFactor;
  private final int vnodes;
  private final Versioning versioning;
  private final ReadOptions readDefaults;
  private final WriteOptions writeDefaults;
  private final Duration requestTimeout;
  private final Duration replicaTimeout;
  private final boolean hintedHandoff;
  private final boolean sloppyQuorum;
  private final Duration hintWindow;
  private final Duration hintReplayInterval;
  private final boolean antiEntropy;
  private final Duration antiEntropyInterval;
  private final int merkleDepth;
  private final boolean syncWrites;
  private final PartitionCapacity partitionCapacity;
  private final ThrottleRetry throttleRetry;

  private QuorumConfig(Builder b) {
    this.replicationFactor = b.replicationFactor;
    this.vnodes = b.vnodes;
    this.versioning = b.versioning;
    this.readDefaults = b.readDefaults;
    this.writeDefaults = b.writeDefaults;
    this.requestTimeout = b.requestTimeout;
    this.replicaTimeout = b.replicaTimeout;
    this.hintedHandoff = b.hintedHandoff;
    this.sloppyQuorum = b.sloppyQuorum;
    this.hintWindow = b.hintWindow;
    this.hintReplayInterval = b.hintReplayInterval;
    this.antiEntropy = b.antiEntropy;
    this.antiEntropyInterval = b.antiEntropyInterval;
    this.merkleDepth = b.merkleDepth;
    this.syncWrites = b.syncWrites;
    this.partitionCapacity = b.partitionCapacity;
    this.throttleRetry = b.throttleRetry;
  }

  public static QuorumConfig ofDefaults() {
    return DEFAULTS;
  }

  public static Builder custom() {
    return new Builder();
  }

  /** A builder starting from {@code base}'s settings. */
  public static Builder from(QuorumConfig base) {
    Builder b = new Builder();
    b.replicationFactor = base.replicationFactor;
    b.vnodes = base.vnodes;
    b.versioning = base.versioning;
    b.readDefaults = base.readDefaults;
    b.writeDefaults = base.writeDefaults;
    b.requestTimeout = base.requestTimeout;
    b.replicaTimeout = base.replicaTimeout;
    b.hintedHandoff = base.hintedHandoff;
    b.sloppyQuorum = base.sloppyQuorum;
    b.hintWindow = base.hintWindow;
    b.hintReplayInterval = base.hintReplayInterval;
    b.antiEntropy = base.antiEntropy;
    b.antiEntropyInterval = base.antiEntropyInterval;
    b.merkleDepth = base.merkleDepth;
    b.syncWrites = base.syncWrites;
    b.partitionCapacity = base.partitionCapacity;
    b.throttleRetry = base.throttleRetry;
    return b;
  }

  /** N: how many replicas hold each key. */
  public int replicationFactor() {
    return replicationFactor;
  }

  public int vnodes() {
    return vnodes;
  }

  public Versioning versioning() {
    return versioning;
  }

  /** Options of reads issued without their own. */
  public ReadOptions readDefaults() {
    return readDefaults;
  }

  /** Options of writes issued without their own. */
  public WriteOptions writeDefaults() {
    return writeDefaults;
  }

  public Duration requestTimeout() {
    return requestTimeout;
  }

  public Duration replicaTimeout() {
    return replicaTimeout;
  }

  public boolean hintedHandoff() {
    return hintedHandoff;
  }

  public boolean sloppyQuorum() {
    return sloppyQuorum;
  }

  public Duration hintWindow() {
    return hintWindow;
  }

  public Duration hintReplayInterval() {
    return hintReplayInterval;
  }

  public boolean antiEntropy() {
    return antiEntropy;
  }

  public Duration antiEntropyInterval() {
    return antiEntropyInterval;
  }

  public int merkleDepth() {
    return merkleDepth;
  }

  public boolean syncWrites() {
    return syncWrites;
  }

  /**
   * Each partition's throughput limit, metered at its primary replica ({@link
   * PartitionCapacity#unlimited()} by default).
   */
  public PartitionCapacity partitionCapacity() {
    return partitionCapacity;
  }

  /** How clients retry {@link Throttled} requests. */
  public ThrottleRetry throttleRetry() {
    return throttleRetry;
  }

  @Override
  public String toString() {
    return "QuorumConfig{N=" + replicationFactor + ", vnodes=" + vnodes + ", versioning=" + versioning
        + ", read=" + readDefaults + ", write=" + writeDefaults + ", requestTimeout=" + requestTimeout
        + ", replicaTimeout=" + replicaTimeout + ", hintedHandoff=" + hintedHandoff + ", sloppyQuorum="
        + sloppyQuorum + ", hintWindow=" + hintWindow + ", antiEntropy=" + antiEntropy + ", syncWrites="
        + syncWrites + (partitionCapacity.enabled() ? ", " + partitionCapacity + ", " + throttleRetry : "") + "}";
  }

  /** Builds a {@link QuorumConfig}; setters validate at once, {@link #build()} checks combinations. */
  public static final class Builder {
    private int replicationFactor = DEFAULT_REPLICATION_FACTOR;
    private int vnodes = DEFAULT_VNODES;
    private Versioning versioning = DEFAULT_VERSIONING;
    private ReadOptions readDefaults = ReadOptions.ofDefaults();
    private WriteOptions writeDefaults = WriteOptions.ofDefaults();
    private Duration requestTimeout = DEFAULT_REQUEST_TIMEOUT;
    private Duration replicaTimeout = DEFAULT_REPLICA_TIMEOUT;
    private boolean hintedHandoff = DEFAULT_HINTED_HANDOFF;
    private boolean sloppyQuorum = DEFAULT_SLOPPY_QUORUM;
    private Duration hintWindow = DEFAULT_HINT_WINDOW;
    private Duration hintReplayInterval = DEFAULT_HINT_REPLAY_INTERVAL;
    private boolean antiEntropy = DEFAULT_ANTI_ENTROPY;
    private Duration antiEntropyInterval = DEFAULT_ANTI_ENTROPY_INTERVAL;
    private int merkleDepth = DEFAULT_MERKLE_DEPTH;
    private boolean syncWrites = DEFAULT_SYNC_WRITES;
    private PartitionCapacity partitionCapacity = DEFAULT_PARTITION_CAPACITY;
    private ThrottleRetry throttleRetry = DEFAULT_THROTTLE_RETRY;

    private Builder() {}

    /** N, at least 1 (and at most the number of store nodes, checked by the cluster). */
    public Builder replicationFactor(int n) {
      this.replicationFactor = Require.atLeast("replicationFactor N", n, 1);
      return this;
    }

    /** Virtual nodes per physical node, at least {@link ConsistentHashRing#MIN_VNODES}. */
    public Builder vnodes(int vnodes) {
      this.vnodes = Require.atLeast("vnodes", vnodes, ConsistentHashRing.MIN_VNODES);
      return this;
    }

    public Builder versioning(Versioning versioning) {
      this.versioning = Objects.requireNonNull(versioning, "versioning");
      return this;
    }

    public Builder readDefaults(ReadOptions options) {
      this.readDefaults = Objects.requireNonNull(options, "readDefaults");
      return this;
    }

    public Builder writeDefaults(WriteOptions options) {
      this.writeDefaults = Objects.requireNonNull(options, "writeDefaults");
      return this;
    }

    /** Shorthand: default read and write levels. */
    public Builder consistency(Consistency read, Consistency write) {
      this.readDefaults = ReadOptions.from(readDefaults).consistency(read).build();
      this.writeDefaults = WriteOptions.from(writeDefaults).consistency(write).build();
      return this;
    }

    public Builder requestTimeout(Duration timeout) {
      this.requestTimeout = Require.positive("requestTimeout", timeout);
      return this;
    }

    /** How long a coordinator waits for a replica before handing its write to a fallback. */
    public Builder replicaTimeout(Duration timeout) {
      this.replicaTimeout = Require.positive("replicaTimeout", timeout);
      return this;
    }

    public Builder hintedHandoff(boolean on) {
      this.hintedHandoff = on;
      return this;
    }

    /** Whether acknowledged hints count towards W (Dynamo's sloppy quorum). */
    public Builder sloppyQuorum(boolean on) {
      this.sloppyQuorum = on;
      return this;
    }

    public Builder hintWindow(Duration window) {
      this.hintWindow = Require.positive("hintWindow", window);
      return this;
    }

    public Builder hintReplayInterval(Duration interval) {
      this.hintReplayInterval = Require.positive("hintReplayInterval", interval);
      return this;
    }

    public Builder antiEntropy(boolean on) {
      this.antiEntropy = on;
      return this;
    }

    public Builder antiEntropyInterval(Duration interval) {
      this.antiEntropyInterval = Require.positive("antiEntropyInterval", interval);
      return this;
    }

    /** Merkle tree depth, between 0 and {@link #MAX_MERKLE_DEPTH}. */
    public Builder merkleDepth(int depth) {
      this.merkleDepth = Require.between("merkleDepth", depth, 0, MAX_MERKLE_DEPTH);
      return this;
    }

    /** Whether replicas sync storage after every write (else a crash loses unsynced writes). */
    public Builder syncWrites(boolean on) {
      this.syncWrites = on;
      return this;
    }

    /**
     * Each partition's write and read limit, metered at its primary replica, with burst and split
     * for heat;
     * {@link PartitionCapacity#unlimited()} (the default) throttles nothing.
     */
    public Builder partitionCapacity(PartitionCapacity capacity) {
      this.partitionCapacity = Objects.requireNonNull(capacity, "partitionCapacity");
      return this;
    }

    /** How clients retry requests answered {@link Throttled}. */
    public Builder throttleRetry(ThrottleRetry retry) {
      this.throttleRetry = Objects.requireNonNull(retry, "throttleRetry");
      return this;
    }

    /**
     * @throws IllegalArgumentException if the default R or W exceeds N
     * @throws IllegalStateException if the replica timeout is longer than the request timeout
     */
    public QuorumConfig build() {
      readDefaults.validate(replicationFactor);
      writeDefaults.validate(replicationFactor);
      if (replicaTimeout.compareTo(requestTimeout) > 0) {
        throw new IllegalStateException("replicaTimeout must be <= requestTimeout (" + Durations.exact(requestTimeout)
            + "), got " + Durations.exact(replicaTimeout));
      }
      return new QuorumConfig(this);
    }
  }
}
