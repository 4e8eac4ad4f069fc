package dev.caplab.replication.quorum;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.caplab.net.LatencyModel;
import dev.caplab.net.NodeId;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class DurabilityAndDeterminismTest {

  @Test
  void syncedWritesSurviveACrash() {
    Fixture f = new Fixture(17, 3, 1, Fixture.quiet().build(), Fixture.constantMs(1));
    assertTrue(f.write(0, "k", "v", WriteOptions.of(Consistency.ALL)).ok());
    NodeId n = f.store.storeNodes().get(1);
    f.cluster.crash(n);
    f.cluster.restart(n);
    f.sim.runFor(Duration.ofMillis(1));
    assertEquals("v", f.store.node(n).get("k").values().get(0));
  }

  @Test
  void unsyncedWritesAreLostInACrash() {
    Fixture f = new Fixture(17, 3, 1, Fixture.quiet().syncWrites(false).build(), Fixture.constantMs(1));
    assertTrue(f.write(0, "k", "v", WriteOptions.of(Consistency.ALL)).ok());
    NodeId n = f.store.storeNodes().get(1);
    f.cluster.crash(n);
    f.cluster.restart(n);
    f.sim.runFor(Duration.ofMillis(1));
    assertNull(f.store.node(n).get("k"));
  }

  private static String run(long seed) {
    QuorumConfig config = QuorumConfig.custom().versioning(Versioning.VECTOR).sloppyQuorum(true)
        .antiEntropyInterval(Duration.ofMillis(100)).build();
    Fixture f = new Fixture(seed, 5, 3, config, LatencyModel.exponential(Duration.ofMillis(2)));
    f.sim.schedule(Duration.ofMillis(50), () -> f.cluster.crash(f.store.storeNodes().get(2)));
    f.sim.schedule(Duration.ofMillis(300), () -> f.cluster.restart(f.store.storeNodes().get(2)));
    new Workload(f, seed, 4, 0.5, c -> ReadOptions.custom().readRepair(ReadRepair.ASYNC).build(),
        WriteOptions.ofDefaults()).run(50);
    f.sim.runFor(Duration.ofSeconds(2));
    return Long.toHexString(f.sim.trace().hash()) + " " + f.history().events();
  }

  @Test
  void sameSeedSameTraceAndHistory() {
    assertEquals(run(99), run(99));
  }
}
