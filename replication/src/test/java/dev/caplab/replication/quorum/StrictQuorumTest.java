package dev.caplab.replication.quorum;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.caplab.history.History;
import dev.caplab.history.Operation;
import dev.caplab.net.LatencyModel;
import java.time.Duration;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

/**
 * Strict quorums (R + W > N), full fan-out, no partitions, no sloppy quorum: no read returns a
 * value older than a write that completed before the read began, under random concurrent
 * workloads with random latencies. Partial quorums on the same workload do return such values,
 * which shows the check has teeth.
 */
class StrictQuorumTest {

  private static final LatencyModel JITTERY = LatencyModel.mixture()
      .add(0.8, LatencyModel.exponential(Duration.ofMillis(1)))
      .add(0.2, LatencyModel.uniform(Duration.ofMillis(2), Duration.ofMillis(20)))
      .build();

  static List<String> run(long seed, int r, int w) {
    QuorumConfig config = QuorumConfig.custom().replicationFactor(3).sloppyQuorum(false).build();
    Fixture f = new Fixture(seed, 5, 4, config, JITTERY);
    new Workload(f, seed, 3, 0.5, c -> ReadOptions.custom().replicas(r).build(),
        WriteOptions.custom().replicas(w).build()).run(60);
    History history = f.history();
    assertEquals(4 * 60, history.operations().size());
    long failed = history.operations().stream().filter(o -> o.status() != Operation.Status.OK).count();
    assertEquals(0, failed, "seed " + seed + ": no faults, so every operation succeeds");
    return RealTimeStaleness.staleReads(history);
  }

  @Test
  void strictQuorumsNeverReadOlderThanACompletedWriteFixedSeeds() {
    for (long seed = 1; seed <= 6; seed++) {
      for (int[] rw : new int[][] {{2, 2}, {1, 3}, {3, 1}}) {
        List<String> stale = run(seed, rw[0], rw[1]);
        assertTrue(stale.isEmpty(), "seed " + seed + " R=" + rw[0] + " W=" + rw[1] + ": " + stale);
      }
    }
  }

  @Property(tries = 8)
  void strictQuorumsNeverReadOlderThanACompletedWrite(@ForAll long seed) {
    List<String> stale = run(seed, 2, 2);
    assertTrue(stale.isEmpty(), "seed " + seed + ": " + stale);
  }

  @Test
  void partialQuorumsDoReadOlderValues() {
    int found = 0;
    for (long seed = 1; seed <= 6; seed++) {
      found += run(seed, 1, 1).size();
    }
    assertFalse(found == 0, "R=W=1 should return some stale values on these seeds");
  }
}
