package dev.caplab.replication.quorum;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.caplab.metrics.LatencyRecorder;
import dev.caplab.net.LatencyModel;
import dev.caplab.net.LinkProfile;
import dev.caplab.net.NodeId;
import dev.caplab.node.Cluster;
import dev.caplab.sim.Simulation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * What metering costs an admitted write: the primary admits it before the other replicas get it,
 * one more round trip unless the coordinator is the primary. Measured in the simulation, the
 * figures docs/hot-keys.md quotes.
 */
class MeteredWriteCostTest {

  private static final int WRITES = 2_000;

  /** Write latency of {@link #WRITES} QUORUM writes to random keys through random coordinators, never throttled. */
  static LatencyRecorder writeLatency(boolean metered, long seed) {
    return writeLatency(metered, Versioning.LWW, seed);
  }

  /** The same under {@code versioning}: under DVV a metered write's dot is minted by its primary. */
  static LatencyRecorder writeLatency(boolean metered, Versioning versioning, long seed) {
    Simulation sim = Simulation.withSeed(seed);
    Cluster cluster = Cluster.create(sim);
    cluster.network().setDefaultProfile(
        LinkProfile.custom().latency(LatencyModel.logNormal(Duration.ofMillis(1), 0.5)).build());
    QuorumConfig.Builder config = QuorumConfig.custom().replicationFactor(3)
        .consistency(Consistency.QUORUM, Consistency.QUORUM).hintedHandoff(false).antiEntropy(false)
        .versioning(versioning);
    if (metered) {
      config.partitionCapacity(PartitionCapacity.custom().splitForHeat(false).build());
    }
    QuorumCluster store = QuorumCluster.builder(cluster).storeNodes(3).clients(0).config(config.build()).build();
    sim.runFor(Duration.ofNanos(1));
    List<NodeId> nodes = store.storeNodes();
    SplittableRandom random = new SplittableRandom(seed);
    LatencyRecorder latency = new LatencyRecorder();
    int[] done = new int[1];
    for (int i = 0; i < WRITES; i++) {
      NodeId coordinator = nodes.get(random.nextInt(nodes.size()));
      String key = "k" + random.nextInt(1_000);
      sim.schedule(Duration.ofMillis(5L * i), () -> {
        long start = sim.now();
        store.write(coordinator, key, "v", WriteOptions.of(Consistency.QUORUM), r -> {
          assertTrue(r.ok(), r::toString);
          latency.record(sim.now() - start);
          done[0]++;
        });
      });
    }
    sim.runUntil(() -> done[0] == WRITES, Duration.ofSeconds(60));
    assertEquals(WRITES, done[0]);
    return latency;
  }

  /** The table docs/hot-keys.md quotes. */
  static String table() {
    StringBuilder out = new StringBuilder("| partitions | write p50 (ms) | write p99 (ms) |\n|---|---|---|\n");
    for (Versioning v : new Versioning[] {Versioning.LWW, Versioning.DVV}) {
      for (boolean metered : new boolean[] {false, true}) {
        LatencyRecorder l = writeLatency(metered, v, 7);
        out.append(String.format(Locale.ROOT, "| %s, %s | %.2f | %.2f |%n", metered ? "metered" : "unmetered", v,
            l.p50() / 1e6, l.p99() / 1e6));
      }
    }
    return out.toString();
  }

  @Test
  void anAdmittedMeteredWriteWaitsForItsPrimaryFirst() {
    for (long seed : new long[] {7, new SplittableRandom().nextLong()}) {
     for (Versioning v : new Versioning[] {Versioning.LWW, Versioning.DVV}) {
      LatencyRecorder free = writeLatency(false, v, seed);
      LatencyRecorder metered = writeLatency(true, v, seed);
      String ctx = v + ", seed " + seed + ": unmetered p50 " + free.p50() + " p99 " + free.p99() + ", metered p50 "
          + metered.p50() + " p99 " + metered.p99();
      // Two thirds of the writes pay one more round trip (1 ms median links): the median moves by most of one.
      assertTrue(metered.p50() > free.p50() + 1_000_000, ctx);
      assertTrue(metered.p99() > free.p99(), ctx);
     }
    }
  }

  @Test
  void theTableInTheDocsIsWhatTheSimulationMeasures() throws Exception {
    String table = table();
    Path p = Path.of("").toAbsolutePath();
    while (!Files.exists(p.resolve("docs/hot-keys.md"))) {
      p = p.getParent();
    }
    assertTrue(Files.readString(p.resolve("docs/hot-keys.md")).contains(table), "docs/hot-keys.md must quote:\n" + table);
  }
}
