package dev.caplab.replication.sharding;

import dev.caplab.config.Require;
import dev.caplab.metrics.LatencyRecorder;
import dev.caplab.net.LatencyModel;
import dev.caplab.net.LinkProfile;
import dev.caplab.net.NodeId;
import dev.caplab.node.Cluster;
import dev.caplab.replication.quorum.Consistency;
import dev.caplab.replication.quorum.PartitionCapacity;
import dev.caplab.replication.quorum.QuorumCluster;
import dev.caplab.replication.quorum.QuorumConfig;
import dev.caplab.replication.quorum.QuorumMetrics;
import dev.caplab.replication.quorum.QuorumResult;
import dev.caplab.replication.quorum.ReadOptions;
import dev.caplab.replication.quorum.WriteOptions;
import dev.caplab.sim.Simulation;
import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeSet;

/**
 * Write sharding against partition throttling, measured: one hot key takes an open-loop stream of
 * writes, spread over {@code k} shard keys ({@link WriteSharding#randomSuffix}), on a 3-node quorum
 * store (N=3, QUORUM reads and writes, log-normal links with a 1 ms median) whose partitions admit
 * {@code writeUnitsPerSecond} writes each, with one second of burst, no initial credit and no
 * split for heat, so the limit is what the shards' partitions can take. Alongside, logical reads of the key gather all k shards in
 * parallel; a logical read's latency is that of its slowest shard read.
 *
 * <p>The shape it shows: accepted writes grow near-linearly with k (each shard key lands on its own
 * partition unless two collide on the ring) until they reach the offered load (or the store's total
 * capacity, every partition at its limit), while each logical read costs k shard reads and its
 * latency, the slowest of k, grows with k.
 *
 * <p>Immutable; {@link #run()} builds its own simulation, so it is thread-safe, and the same
 * settings give the same result.
 *
 * @param shards k, 1 to {@link WriteSharding#MAX_SHARDS}
 * @param writeUnitsPerSecond each partition's write limit, at least 1
 * @param offeredWritesPerSecond the hot key's writes per second, evenly spaced, 1 to 1,000,000
 * @param logicalReadsPerSecond gathered reads of the hot key per second, 0 to 10,000
 * @param duration simulated time measured, 1 ms to 1 hour
 * @param vnodes virtual nodes per store node (3 nodes, so {@code 3 x vnodes} partitions)
 * @param seed the simulation's seed
 */
public record HotKeyExperiment(int shards, long writeUnitsPerSecond, long offeredWritesPerSecond,
    long logicalReadsPerSecond, Duration duration, int vnodes, long seed) {

  /** The store's nodes (and N). */
  public static final int STORE_NODES = 3;
  /**
   * Each partition's burst: one second of its rate, so that requests arriving at random under the
   * limit are not refused for coming close together (a one-unit bucket would refuse the second of
   * any two requests closer than 1/rate).
   */
  public static final Duration BURST_WINDOW = Duration.ofSeconds(1);
  /** The hot key. */
  public static final String KEY = "celebrity";

  public HotKeyExperiment {
    Require.between("shards k", shards, 1, WriteSharding.MAX_SHARDS);
    Require.atLeast("writeUnitsPerSecond", writeUnitsPerSecond, 1);
    Require.between("offeredWritesPerSecond", offeredWritesPerSecond, 1, 1_000_000);
    Require.between("logicalReadsPerSecond", logicalReadsPerSecond, 0, 10_000);
    Require.between("duration", duration, Duration.ofMillis(1), Duration.ofHours(1));
    Require.atLeast("vnodes", vnodes, 1);
  }

  /**
   * What one run measured.
   *
   * @param shards k
   * @param offeredWritesPerSecond writes sent per simulated second
   * @param acceptedWritesPerSecond writes acknowledged per simulated second
   * @param throttledWrites writes answered throttled (not retried)
   * @param partitionsHit distinct partitions the k shard keys fall in
   * @param logicalReads gathered reads completed, every shard read successful
   * @param shardReadsPerLogicalRead shard reads one logical read sends (k)
   * @param readP99Nanos the 99th percentile of logical read latency
   * @param readP50Nanos the median of logical read latency
   */
  public record Result(int shards, double offeredWritesPerSecond, double acceptedWritesPerSecond, long throttledWrites,
      int partitionsHit, long logicalReads, int shardReadsPerLogicalRead, long readP99Nanos, long readP50Nanos) {}

  /** Runs the experiment in a fresh simulation. */
  public Result run() {
    Simulation sim = Simulation.withSeed(seed);
    Cluster cluster = Cluster.create(sim);
    cluster.network().setDefaultProfile(
        LinkProfile.custom().latency(LatencyModel.logNormal(Duration.ofMillis(1), 0.5)).build());
    PartitionCapacity capacity = PartitionCapacity.custom().writeUnitsPerSecond(writeUnitsPerSecond)
        .readUnitsPerSecond(Math.max(1, 3 * writeUnitsPerSecond)).burstWindow(BURST_WINDOW)
        .initialCredit(Duration.ZERO).splitForHeat(false).build();
    QuorumConfig config = QuorumConfig.custom().replicationFactor(STORE_NODES).vnodes(vnodes)
        .consistency(Consistency.QUORUM, Consistency.QUORUM).hintedHandoff(false).antiEntropy(false)
        .partitionCapacity(capacity).build();
    QuorumCluster store = QuorumCluster.builder(cluster).storeNodes(STORE_NODES).clients(0).config(config).build();
    sim.runFor(Duration.ofNanos(1));
    List<NodeId> nodes = store.storeNodes();
    WriteSharding sharding = WriteSharding.randomSuffix(shards);
    SplittableRandom random = new SplittableRandom(seed);
    WriteOptions write = WriteOptions.of(Consistency.QUORUM);
    ReadOptions read = ReadOptions.of(Consistency.QUORUM);
    long end = sim.now() + duration.toNanos();
    long[] throttled = new long[1];
    long writeGap = Math.max(1, 1_000_000_000L / offeredWritesPerSecond);
    long[] sent = new long[1];
    sim.schedule(Duration.ZERO, new Runnable() {
      @Override
      public void run() {
        if (sim.now() >= end) {
          return;
        }
        sent[0]++;
        NodeId coordinator = nodes.get(random.nextInt(nodes.size()));
        store.write(coordinator, sharding.writeKey(KEY, null, random), "like", write, r -> {
          if (r.throttled()) {
            throttled[0]++;
          }
        });
        sim.schedule(Duration.ofNanos(writeGap), this);
      }
    });
    LatencyRecorder readLatency = new LatencyRecorder();
    long[] logicalReads = new long[1];
    if (logicalReadsPerSecond > 0) {
      long readGap = 1_000_000_000L / logicalReadsPerSecond;
      List<String> keys = sharding.readKeys(KEY);
      sim.schedule(Duration.ofNanos(readGap / 2), new Runnable() {
        @Override
        public void run() {
          if (sim.now() >= end) {
            return;
          }
          gather(sim, store, nodes.get(random.nextInt(nodes.size())), keys, read, readLatency, logicalReads);
          sim.schedule(Duration.ofNanos(readGap), this);
        }
      });
    }
    long start = sim.now();
    sim.runFor(duration);
    QuorumMetrics m = store.metrics();
    double seconds = (sim.now() - start) / 1e9;
    sim.runFor(Duration.ofSeconds(2)); // let the last requests finish; they are not counted
    TreeSet<Long> partitions = new TreeSet<>();
    for (String key : sharding.readKeys(KEY)) {
      partitions.add(partitionOf(store, key));
    }
    return new Result(shards, sent[0] / seconds, m.writes() / seconds, m.writesThrottled(), partitions.size(),
        logicalReads[0], sharding.readKeys(KEY).size(), readLatency.count() == 0 ? 0 : readLatency.p99(),
        readLatency.count() == 0 ? 0 : readLatency.p50());
  }

  /** Reads every shard in parallel; records the latency of the slowest if all succeed. */
  private static void gather(Simulation sim, QuorumCluster store, NodeId coordinator, List<String> keys,
      ReadOptions read, LatencyRecorder latency, long[] completed) {
    long start = sim.now();
    int[] pending = {keys.size()};
    boolean[] failed = {false};
    for (String key : keys) {
      store.read(coordinator, key, read, (QuorumResult r) -> {
        failed[0] |= !r.ok();
        if (--pending[0] == 0 && !failed[0]) {
          latency.record(sim.now() - start);
          completed[0]++;
        }
      });
    }
  }

  /** The ring token that ends the key's range: its initial partition. */
  private static long partitionOf(QuorumCluster store, String key) {
    long h = dev.caplab.replication.ring.RingHash.hash64(key);
    List<Long> tokens = store.ring().tokens();
    for (Long t : tokens) {
      if (t >= h) {
        return t;
      }
    }
    return tokens.get(0);
  }
}
