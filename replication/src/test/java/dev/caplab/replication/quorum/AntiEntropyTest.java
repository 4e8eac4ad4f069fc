package dev.caplab.replication.quorum;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.caplab.net.LatencyModel;
import dev.caplab.net.NodeId;
import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

/**
 * After a partition heals, Merkle anti-entropy makes every replica of every key equal with no
 * reads at all (no read repair can help) and no hints.
 */
class AntiEntropyTest {

  private static Fixture partitionedWrites(long seed, Versioning versioning, boolean antiEntropy) {
    QuorumConfig config = QuorumConfig.custom().versioning(versioning).hintedHandoff(false)
        .antiEntropy(antiEntropy).antiEntropyInterval(Duration.ofMillis(200)).merkleDepth(4).build();
    Fixture f = new Fixture(seed, 5, 2, config, LatencyModel.exponential(Duration.ofMillis(1)));
    NodeId cut = f.store.storeNodes().get(4);
    f.cluster.network().isolate(cut);
    for (int i = 0; i < 60; i++) {
      assertTrue(f.write(i % 2, "key" + i, "v" + i, WriteOptions.of(Consistency.TWO)).ok());
    }
    // Concurrent blind writes from both clients make siblings under VECTOR.
    for (int i = 0; i < 10; i++) {
      f.write(1, "key" + i, "w" + i, WriteOptions.of(Consistency.TWO));
    }
    f.cluster.network().heal();
    assertFalse(f.store.divergentKeys().isEmpty(), "the isolated replica missed writes");
    return f;
  }

  @ParameterizedTest
  @EnumSource(Versioning.class)
  void replicasConvergeAfterHealWithoutReads(Versioning versioning) {
    Fixture f = partitionedWrites(21, versioning, true);
    long readsBefore = f.store.metrics().reads();
    f.sim.runFor(Duration.ofSeconds(20));
    assertEquals(java.util.List.of(), f.store.divergentKeys());
    assertEquals(readsBefore, f.store.metrics().reads());
    assertEquals(0, f.store.metrics().repairsSent());
    assertTrue(f.store.metrics().antiEntropyKeysSent() > 0);
    // Converged replicas stop sending keys: only root comparisons remain.
    long sent = f.store.metrics().antiEntropyKeysSent();
    f.sim.runFor(Duration.ofSeconds(5));
    assertEquals(sent, f.store.metrics().antiEntropyKeysSent());
  }

  @Test
  void withoutAntiEntropyReplicasStayDivergent() {
    Fixture f = partitionedWrites(21, Versioning.LWW, false);
    f.sim.runFor(Duration.ofSeconds(20));
    assertFalse(f.store.divergentKeys().isEmpty());
  }
}
