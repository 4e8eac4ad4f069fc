package dev.caplab.replication.quorum;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.caplab.net.NodeId;
import dev.caplab.node.Cluster;
import dev.caplab.sim.Simulation;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * What a store node and a client allow before they start and while busy, the tie-break between
 * two LWW writes a coordinator stamps in the same instant, the state a DVV coordinator keeps of
 * its own writes, and one anti-entropy exchange, which must carry data both ways.
 */
class StoreLifecycleTest {

  @Test
  void aNodeOrClientUsedBeforeTheSimulationStartsItSaysSo() {
    Simulation sim = Simulation.withSeed(1);
    QuorumCluster store = QuorumCluster.builder(Cluster.create(sim)).storeNodes(3).clients(1).build();
    QuorumNode node = store.node(store.storeNodes().get(0));
    List<Executable> calls = List.of(
        () -> node.read("k", ReadOptions.of(Consistency.ONE), r -> {}),
        () -> node.write("k", "v", null, WriteOptions.of(Consistency.ONE), r -> {}),
        () -> node.get("k"),
        node::partitionCount,
        node::hintsHeld,
        node::operationsInProgress,
        () -> store.client(0).write("k", "v", WriteOptions.of(Consistency.ONE), r -> {}));
    for (Executable call : calls) {
      IllegalStateException e = assertThrows(IllegalStateException.class, call);
      assertTrue(e.getMessage().contains("not started yet"), e.getMessage());
    }
  }

  @Test
  void aClientRunsOneOperationAtATime() {
    Fixture f = new Fixture(3, 3, 1, Fixture.quiet().build(), Fixture.constantMs(1));
    QuorumClient client = f.store.client(0);
    assertEquals(f.store.storeNodes().get(0), client.defaultCoordinator());
    assertFalse(client.busy());
    List<QuorumResult> out = new ArrayList<>();
    client.write("k", "v", WriteOptions.of(Consistency.ALL), out::add);
    assertTrue(client.busy());
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> client.read("k", ReadOptions.of(Consistency.ONE), r -> {}));
    assertTrue(e.getMessage().contains("already has an operation outstanding"), e.getMessage());
    f.sim.runUntil(() -> !out.isEmpty(), Duration.ofSeconds(1));
    assertFalse(client.busy());
  }

  /** Same coordinator, same clock reading: the later write gets the higher stamp and wins. */
  @Test
  void ofTwoLwwWritesStampedInTheSameInstantTheLaterWins() {
    Fixture f = new Fixture(3, 3, 0, Fixture.quiet().versioning(Versioning.LWW).build(), Fixture.constantMs(1));
    NodeId coordinator = f.store.storeNodes().get(0);
    List<QuorumResult> out = new ArrayList<>();
    f.store.write(coordinator, "k", "first", WriteOptions.of(Consistency.ALL), out::add);
    f.store.write(coordinator, "k", "second", WriteOptions.of(Consistency.ALL), out::add);
    f.sim.runUntil(() -> out.size() == 2, Duration.ofSeconds(1));
    for (NodeId n : f.store.storeNodes()) {
      assertEquals(List.of("second"), f.store.replicaState(n, "k").values(), n.name());
    }
  }

  /**
   * A DVV coordinator outside the key's replicas remembers its own writes: its second blind write
   * carries the first as a sibling, so a replica that missed the first never holds the second's
   * dot without the first's (which a read context taken there would silently supersede).
   */
  @Test
  void aCoordinatorOutsideTheReplicasSendsItsEarlierConcurrentWritesAlong() {
    Fixture f = new Fixture(3, 4, 0, Fixture.quiet().versioning(Versioning.DVV).build(), Fixture.constantMs(1));
    List<NodeId> pref = f.store.preferenceList("k");
    NodeId coordinator = f.store.storeNodes().stream().filter(n -> !pref.contains(n)).findFirst().orElseThrow();
    NodeId missed = pref.get(2);
    f.cluster.crash(missed);
    assertTrue(write(f, coordinator, "first").ok());
    f.cluster.restart(missed);
    f.sim.runFor(Duration.ofMillis(1));
    assertTrue(write(f, coordinator, "second").ok());
    assertEquals(List.of("first", "second"), f.store.replicaState(missed, "k").values().stream().sorted().toList());
  }

  private static QuorumResult write(Fixture f, NodeId coordinator, String value) {
    List<QuorumResult> out = new ArrayList<>();
    f.store.write(coordinator, "k", value, WriteOptions.of(Consistency.TWO), out::add);
    f.sim.runUntil(() -> !out.isEmpty(), Duration.ofSeconds(1));
    f.sim.runFor(Duration.ofMillis(10)); // the third replica's copy lands too
    return out.get(0);
  }

  /**
   * Two replicas that each missed the other's write; exchanges an hour apart (random phases), so
   * the first one is alone: it must leave both replicas with both keys, sending keys both ways.
   */
  @Test
  void oneAntiEntropyExchangeRepairsBothSides() {
    QuorumConfig config = Fixture.quiet().replicationFactor(2).antiEntropy(true)
        .antiEntropyInterval(Duration.ofHours(1)).build();
    Fixture f = new Fixture(3, 2, 0, config, Fixture.constantMs(1));
    NodeId a = f.store.storeNodes().get(0);
    NodeId b = f.store.storeNodes().get(1);
    f.cluster.crash(b);
    writeAt(f, a, "ka");
    f.cluster.restart(b);
    f.cluster.crash(a);
    f.sim.runFor(Duration.ofMillis(1));
    writeAt(f, b, "kb");
    f.cluster.restart(a);
    f.sim.runFor(Duration.ofMillis(1));
    assertEquals(List.of("ka", "kb"), f.store.divergentKeys());

    f.sim.runUntil(() -> f.store.metrics().antiEntropyExchanges() == 1, Duration.ofHours(2));
    f.sim.runFor(Duration.ofMillis(100));
    assertEquals(1, f.store.metrics().antiEntropyExchanges(), "the other replica's turn is far off");
    assertEquals(List.of(), f.store.divergentKeys());
    // The initiator sends the one key it holds in the differing leaves; the responder merges it
    // and answers with those leaves as they now are, both keys.
    assertEquals(3, f.store.metrics().antiEntropyKeysSent());
  }

  private static void writeAt(Fixture f, NodeId coordinator, String key) {
    List<QuorumResult> out = new ArrayList<>();
    f.store.write(coordinator, key, "v", WriteOptions.of(Consistency.ONE), out::add);
    f.sim.runUntil(() -> !out.isEmpty(), Duration.ofSeconds(1));
    assertInstanceOf(WriteOk.class, out.get(0));
  }
}
