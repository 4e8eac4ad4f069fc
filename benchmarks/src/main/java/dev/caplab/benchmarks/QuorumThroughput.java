package dev.caplab.benchmarks;

import dev.caplab.net.LatencyModel;
import dev.caplab.net.LinkProfile;
import dev.caplab.net.NodeId;
import dev.caplab.node.Cluster;
import dev.caplab.replication.quorum.Consistency;
import dev.caplab.replication.quorum.QuorumCluster;
import dev.caplab.replication.quorum.QuorumConfig;
import dev.caplab.replication.quorum.QuorumResult;
import dev.caplab.replication.quorum.ReadOptions;
import dev.caplab.replication.quorum.Versioning;
import dev.caplab.replication.quorum.WriteOptions;
import dev.caplab.sim.Simulation;
import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Simulated quorum operations per wall-clock second (target: at least 500,000 on one core): N=3 store nodes, QUORUM reads and writes (R=W=2, full fan-out), 50/50 mixed over 1,000
 * keys, constant 100 us links, {@code streams} operations kept in flight, each started by the
 * previous one's completion at a random coordinator. Hinted handoff and anti-entropy are off (no
 * background traffic); the request timeout is 10 ms so pending timers stay few.
 *
 * <p>One JMH operation is one completed read or write (6 messages and 1 timer at the coordinator).
 * Each invocation runs {@link #OPS} operations on a store built once per trial; it returns the
 * completed count so nothing is dropped.
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar QuorumThroughput -f 1 -wi 2 -i 3 -w 1s -r 1s}.
 * The store uses LWW versions; {@code -p versioning=VECTOR} gives every write a vector clock (the
 * coordinator is the actor, so a key holds at most one sibling per coordinator) and every replica
 * write and read merge a clock comparison.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@State(Scope.Benchmark)
public class QuorumThroughput {

  /** Operations per invocation. */
  static final int OPS = 100_000;
  /** Keys the workload touches. */
  static final int KEYS = 1_000;

  /** Operations kept in flight. */
  @Param({"64"})
  public int streams;

  /** How the store versions values. */
  @Param({"LWW"})
  public Versioning versioning;

  private Simulation sim;
  private QuorumCluster store;
  private List<NodeId> nodes;
  private final SplittableRandom random = new SplittableRandom(42);
  private final String[] keys = new String[KEYS];
  private final ReadOptions read = ReadOptions.of(Consistency.QUORUM);
  private final WriteOptions write = WriteOptions.of(Consistency.QUORUM);
  private long completed;
  private long failed;
  private Consumer<QuorumResult> next;

  @Setup(Level.Trial)
  public void setUp() {
    sim = Simulation.withSeed(7);
    Cluster cluster = Cluster.create(sim);
    cluster.network().setDefaultProfile(
        LinkProfile.custom().latency(LatencyModel.constant(Duration.ofNanos(100_000))).build());
    QuorumConfig config = QuorumConfig.custom().replicationFactor(3).hintedHandoff(false).antiEntropy(false)
        .requestTimeout(Duration.ofMillis(10)).replicaTimeout(Duration.ofMillis(5)).versioning(versioning).build();
    store = QuorumCluster.builder(cluster).storeNodes(3).clients(0).config(config).build();
    nodes = store.storeNodes();
    for (int i = 0; i < KEYS; i++) {
      keys[i] = "key" + i;
    }
    sim.runFor(Duration.ofNanos(1));
    next = r -> {
      completed++;
      if (!r.ok()) {
        failed++;
      }
      start();
    };
    for (int i = 0; i < streams; i++) {
      start();
    }
  }

  private void start() {
    NodeId coordinator = nodes.get(random.nextInt(nodes.size()));
    String key = keys[random.nextInt(KEYS)];
    if (random.nextBoolean()) {
      store.write(coordinator, key, "v", write, next);
    } else {
      store.read(coordinator, key, read, next);
    }
  }

  @Benchmark
  @OperationsPerInvocation(OPS)
  public long mixed() {
    long target = completed + OPS;
    sim.runUntil(() -> completed >= target);
    if (failed != 0) {
      throw new IllegalStateException(failed + " operations failed: the benchmark must measure successes");
    }
    return completed;
  }
}
