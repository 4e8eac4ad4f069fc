package dev.caplab.replication.quorum;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.caplab.net.NodeId;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A write reaches one replica (W=1, QUORUM_ONLY); a read of all three then finds two stale
 * replicas. BLOCKING repairs them before the client gets its answer, ASYNC just after, NONE never.
 */
class ReadRepairTest {

  private final Fixture f = new Fixture(5, 3, 1, Fixture.quiet().build(), Fixture.constantMs(1));

  private int upToDate() {
    int count = 0;
    for (NodeId n : f.store.storeNodes()) {
      Siblings s = f.store.replicaState(n, "k");
      if (s != null && s.values().equals(List.of("v"))) {
        count++;
      }
    }
    return count;
  }

  /** Returns how many replicas were up to date when the client got the read's answer. */
  private int readWith(ReadRepair repair) {
    assertTrue(f.write(0, "k", "v", WriteOptions.custom().replicas(1).fanOut(FanOut.QUORUM_ONLY).build()).ok());
    assertEquals(1, upToDate());
    List<Integer> atAnswer = new ArrayList<>();
    f.store.client(0).read("k", ReadOptions.custom().consistency(Consistency.ALL).readRepair(repair).build(), r -> {
      assertEquals("v", ((ReadOk) r).value());
      atAnswer.add(upToDate());
    });
    f.sim.runUntil(() -> !atAnswer.isEmpty(), Duration.ofSeconds(1));
    return atAnswer.get(0);
  }

  @Test
  void blockingRepairsTheReadQuorumBeforeAnswering() {
    assertEquals(3, readWith(ReadRepair.BLOCKING));
    assertEquals(2, f.store.metrics().repairsSent());
  }

  @Test
  void asyncRepairsAfterAnswering() {
    assertEquals(1, readWith(ReadRepair.ASYNC));
    f.sim.runFor(Duration.ofMillis(10));
    assertEquals(3, upToDate());
    assertEquals(2, f.store.metrics().repairsSent());
  }

  @Test
  void noneLeavesStaleReplicasStale() {
    assertEquals(1, readWith(ReadRepair.NONE));
    f.sim.runFor(Duration.ofSeconds(5));
    assertEquals(1, upToDate());
    assertEquals(0, f.store.metrics().repairsSent());
  }

  @Test
  void blockingReadsCostAnExtraRoundTrip() {
    // 1 ms links: client->coordinator, read round trip, repair round trip, reply.
    f.write(0, "k", "v", WriteOptions.custom().replicas(1).fanOut(FanOut.QUORUM_ONLY).build());
    long start = f.sim.now();
    f.read(0, "k", ReadOptions.custom().consistency(Consistency.ALL).readRepair(ReadRepair.BLOCKING).build());
    assertEquals(6 * Fixture.MS, f.sim.now() - start);
  }
}
