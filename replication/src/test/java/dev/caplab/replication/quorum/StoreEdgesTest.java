package dev.caplab.replication.quorum;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.caplab.net.NodeId;
import dev.caplab.replication.version.VersionVector;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Which nodes may coordinate, the timeouts a configuration accepts, and a hint's age measured from
 * when it was stored (a hint stored late in a run is not already past its window).
 */
class StoreEdgesTest {

  @Test
  void onlyAStoreNodeThatIsUpCoordinates() {
    Fixture f = new Fixture(5, 3, 1, Fixture.quiet().build(), Fixture.constantMs(1));
    NodeId client = f.store.clientIds().get(0);
    IllegalArgumentException notStore = assertThrows(IllegalArgumentException.class,
        () -> f.store.read(client, "k", ReadOptions.of(Consistency.ONE), r -> {}));
    assertTrue(notStore.getMessage().startsWith("coordinator must be a store node"), notStore.getMessage());

    NodeId down = f.store.storeNodes().get(1);
    f.cluster.crash(down);
    IllegalStateException isDown = assertThrows(IllegalStateException.class,
        () -> f.store.write(down, "k", "v", WriteOptions.of(Consistency.ONE), r -> {}));
    assertEquals("coordinator " + down + " is down", isDown.getMessage());
  }

  @Test
  void aReplicaTimeoutMayEqualTheRequestTimeout() {
    Duration t = Duration.ofMillis(300);
    QuorumConfig config = QuorumConfig.custom().replicaTimeout(t).requestTimeout(t).merkleDepth(3).build();
    assertEquals(t, config.replicaTimeout());
    assertEquals(3, config.merkleDepth());
    assertThrows(IllegalStateException.class,
        () -> QuorumConfig.custom().replicaTimeout(t.plusNanos(1)).requestTimeout(t).build());
  }

  /** Four nodes, N=3: the key's first fallback holds the hint from ten seconds into the run. */
  @Test
  void aHintIsReplayedWithinItsWindowCountedFromWhenItWasStored() {
    QuorumConfig config = QuorumConfig.custom().antiEntropy(false).hintedHandoff(true)
        .replicaTimeout(Duration.ofMillis(50)).requestTimeout(Duration.ofMillis(200))
        .hintReplayInterval(Duration.ofMillis(100)).hintWindow(Duration.ofSeconds(5)).build();
    Fixture f = new Fixture(11, 4, 0, config, Fixture.constantMs(1));
    f.sim.runFor(Duration.ofSeconds(10));
    List<NodeId> pref = f.store.preferenceList("k");
    NodeId owner = pref.get(2);
    f.cluster.crash(owner);
    List<QuorumResult> out = new ArrayList<>();
    f.store.write(pref.get(0), "k", "v", WriteOptions.of(Consistency.QUORUM), out::add);
    f.sim.runFor(Duration.ofSeconds(2));
    assertTrue(out.get(0).ok());
    assertEquals(1, f.store.metrics().hintsStored());
    f.cluster.restart(owner);
    f.sim.runFor(Duration.ofSeconds(1));
    assertEquals(1, f.store.metrics().hintsReplayed());
    assertEquals(0, f.store.metrics().hintsDropped());
    assertEquals(List.of("v"), f.store.replicaState(owner, "k").values());
  }

  /** validate returns the options for chaining, and a W above N names the level that asked for it. */
  @Test
  void optionsValidateForChainingAndNameTheLevelThatIsTooHigh() {
    ReadOptions read = ReadOptions.of(Consistency.QUORUM);
    WriteOptions write = WriteOptions.of(Consistency.QUORUM);
    assertSame(read, read.validate(3));
    assertSame(write, write.validate(3));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> WriteOptions.of(Consistency.THREE).validate(2));
    assertEquals("write consistency W must be between 1 and N (2), got W=3 (THREE)", e.getMessage());
  }

  /** Exactly the first N nodes of a key's walk are its replicas; the fallback after them is not. */
  @Test
  void theReplicasOfAKeyAreTheFirstNOfItsWalk() {
    List<NodeId> nodes = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      nodes.add(new NodeId("n" + i, i));
    }
    Placement placement = new Placement(QuorumConfig.custom().replicationFactor(3).build(), nodes);
    for (String key : List.of("a", "b", "c", "d")) {
      List<NodeId> walk = placement.place(key).walk();
      for (int i = 0; i < walk.size(); i++) {
        assertEquals(i < 3, placement.isReplica(key, walk.get(i)), key + " at walk position " + i);
      }
    }
  }

  @Test
  void aReadAnswerGivesOneValueOnlyWhenThereIsOne() {
    ReadOk absent = new ReadOk("k", null, 2);
    assertEquals(List.of(), absent.values());
    assertEquals(null, absent.value(SiblingResolver.maxValue()));
    Siblings two = Siblings.canonical(List.of(
        new Versioned("x", new VectorClock(VersionVector.of("A", 1))),
        new Versioned("y", new VectorClock(VersionVector.of("B", 1)))));
    ReadOk conflict = new ReadOk("k", two, 2);
    IllegalStateException e = assertThrows(IllegalStateException.class, conflict::value);
    assertTrue(e.getMessage().contains("2 concurrent siblings"), e.getMessage());
    assertEquals("y", conflict.value(SiblingResolver.maxValue()));
    ReadOk one = new ReadOk("k", Siblings.of(new Versioned("x", new VectorClock(VersionVector.of("A", 1)))), 2);
    assertEquals("x", one.value((key, siblings) -> "resolver not asked"));
  }

  /** LWW stamps: the clock first, then the coordinator's name, then its sequence. */
  @Test
  void lwwStampsBreakClockTiesByNodeBeforeSequence() {
    LwwStamp a = new LwwStamp(5, "a", 2);
    LwwStamp b = new LwwStamp(5, "b", 1);
    assertTrue(a.compareTo(b) < 0, "same clock: node b wins over a, whatever the sequences");
    assertTrue(new LwwStamp(5, "a", 1).compareTo(a) < 0);
    assertTrue(new LwwStamp(6, "a", 1).compareTo(b) > 0);
    assertNotEquals(a.digest(), b.digest(), "stamps that differ digest differently (Merkle trees compare them)");
    assertFalse(new ReadOk("k", null, 1).throttled());
  }
}
