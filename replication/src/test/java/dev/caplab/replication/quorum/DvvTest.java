package dev.caplab.replication.quorum;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.caplab.net.NodeId;
import dev.caplab.replication.version.VersionVector;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Dotted version vectors: the coordinating node mints each write's dot, so no concurrent write is
 * lost whoever coordinates, a write supersedes exactly what its writer read, and replicas converge
 * to the same siblings.
 */
class DvvTest {

  private static final ReadOptions READ_ALL = ReadOptions.of(Consistency.ALL);
  private static final WriteOptions WRITE_ALL = WriteOptions.of(Consistency.ALL);
  private static final WriteOptions WRITE_ONE = WriteOptions.of(Consistency.ONE);

  private static Fixture dvv(int storeNodes) {
    return new Fixture(7, storeNodes, 1, Fixture.quiet().versioning(Versioning.DVV).build(), Fixture.constantMs(1));
  }

  /** Starts a coordinator-local write; returns where its result will land. */
  private static List<QuorumResult> start(Fixture f, NodeId coordinator, String value, VersionVector context,
      WriteOptions options) {
    List<QuorumResult> out = new ArrayList<>();
    f.store.node(coordinator).write("x", value, context, options, out::add);
    return out;
  }

  private static void await(Fixture f, List<List<QuorumResult>> pending) {
    f.sim.runUntil(() -> pending.stream().allMatch(p -> !p.isEmpty()), Duration.ofSeconds(10));
    for (List<QuorumResult> p : pending) {
      assertTrue(p.get(0).ok(), p.toString());
    }
  }

  private static List<String> sorted(Siblings s) {
    return s.values().stream().sorted().toList();
  }

  /** The case plain vector clocks with the coordinator as actor get wrong (VECTOR keeps only "b"). */
  @Test
  void twoBlindWritesThroughTheSameCoordinatorBothSurvive() {
    Fixture f = dvv(3);
    NodeId n0 = f.store.storeNodes().get(0);
    List<QuorumResult> out = new ArrayList<>();
    f.store.write(n0, "x", "a", WRITE_ALL, out::add);
    f.store.write(n0, "x", "b", WRITE_ALL, out::add);
    f.sim.runUntil(() -> out.size() == 2, Duration.ofSeconds(10));
    assertTrue(out.get(0).ok() && out.get(1).ok(), out.toString());
    ReadOk read = (ReadOk) f.read(0, "x", READ_ALL);
    assertEquals(List.of("a", "b"), read.values().stream().sorted().toList(),
        "neither concurrent write may supersede the other");
  }

  /** VECTOR's documented limitation: the same two writes, and the first is silently lost. */
  @Test
  void vectorWithTheCoordinatorAsActorLosesOneOfThem() {
    Fixture f = new Fixture(7, 3, 1, Fixture.quiet().versioning(Versioning.VECTOR).build(), Fixture.constantMs(1));
    NodeId n0 = f.store.storeNodes().get(0);
    await(f, List.of(start(f, n0, "a", null, WRITE_ALL), start(f, n0, "b", null, WRITE_ALL)));
    assertEquals(List.of("b"), ((ReadOk) f.read(0, "x", READ_ALL)).values());
  }

  @Test
  void twoWritesWithTheSameStaleContextThroughTheSameCoordinatorBothSurvive() {
    Fixture f = dvv(3);
    NodeId n0 = f.store.storeNodes().get(0);
    await(f, List.of(start(f, n0, "base", null, WRITE_ALL)));
    VersionVector seen = ((ReadOk) f.read(0, "x", READ_ALL)).context();
    await(f, List.of(start(f, n0, "newer", seen, WRITE_ALL)));
    // Two writers that both read only "base" write through n0 (one after the other, even).
    await(f, List.of(start(f, n0, "a", seen, WRITE_ALL), start(f, n0, "b", seen, WRITE_ALL)));
    for (NodeId n : f.store.storeNodes()) {
      assertEquals(List.of("a", "b", "newer"), sorted(f.store.replicaState(n, "x")), "replica " + n);
    }
  }

  @Test
  void aWriteWithTheReadsContextReplacesExactlyTheSiblingsItSaw() {
    Fixture f = dvv(3);
    NodeId n0 = f.store.storeNodes().get(0);
    NodeId n1 = f.store.storeNodes().get(1);
    await(f, List.of(start(f, n0, "a", null, WRITE_ALL), start(f, n0, "b", null, WRITE_ALL)));
    ReadOk read = (ReadOk) f.read(0, "x", READ_ALL);
    assertEquals(List.of("a", "b"), read.values().stream().sorted().toList());
    // A write the reader did not see, through another coordinator...
    await(f, List.of(start(f, n1, "c", null, WRITE_ALL)));
    // ...survives the reader's resolution, which replaces a and b.
    await(f, List.of(start(f, n0, "a+b", read.context(), WRITE_ALL)));
    for (NodeId n : f.store.storeNodes()) {
      assertEquals(List.of("a+b", "c"), sorted(f.store.replicaState(n, "x")), "replica " + n);
    }
    ReadOk after = (ReadOk) f.read(0, "x", READ_ALL);
    await(f, List.of(start(f, n1, "all", after.context(), WRITE_ALL)));
    assertEquals(List.of("all"), ((ReadOk) f.read(0, "x", READ_ALL)).values());
  }

  /** One client, sequential read-then-write, coordinators rotating over replicas and non-replicas. */
  @Test
  void aSingleSequentialClientNeverGrowsSiblings() {
    Fixture f = dvv(5);
    List<NodeId> nodes = f.store.storeNodes();
    QuorumClient client = f.store.client(0);
    for (int i = 0; i < 40; i++) {
      NodeId c = nodes.get(i % nodes.size());
      List<QuorumResult> r = new ArrayList<>();
      client.read(c, "x", ReadOptions.of(Consistency.ONE), r::add);
      f.sim.runUntil(() -> !r.isEmpty(), Duration.ofSeconds(10));
      List<QuorumResult> w = new ArrayList<>();
      client.write(c, "x", "v" + i, WriteOptions.of(Consistency.ONE), w::add);
      f.sim.runUntil(() -> !w.isEmpty(), Duration.ofSeconds(10));
      assertTrue(w.get(0).ok(), w.toString());
      f.sim.runFor(Duration.ofMillis(20)); // let every replica take the write
      for (NodeId n : f.store.preferenceList("x")) {
        assertEquals(List.of("v" + i), f.store.replicaState(n, "x").values(), "replica " + n + " after write " + i);
      }
    }
  }

  /**
   * Both sides of a partition write; after heal, anti-entropy alone (no reads) brings the three
   * replicas to the same state: each side's newest write, the superseded ones gone.
   */
  @Test
  void replicasConvergeToTheSameSiblingsAfterPartitionAndAntiEntropy() {
    QuorumConfig config = QuorumConfig.custom().versioning(Versioning.DVV).hintedHandoff(false)
        .antiEntropy(true).antiEntropyInterval(Duration.ofMillis(200)).merkleDepth(4).build();
    Fixture f = new Fixture(11, 5, 1, config, Fixture.constantMs(1));
    List<NodeId> pref = f.store.preferenceList("x");
    List<NodeId> rest = new ArrayList<>(f.store.storeNodes());
    rest.remove(pref.get(0));
    await(f, List.of(start(f, pref.get(0), "base", null, WRITE_ALL)));
    VersionVector base = ((ReadOk) f.read(0, "x", READ_ALL)).context();
    f.cluster.network().partition(List.of(pref.get(0)), rest);
    await(f, List.of(start(f, pref.get(0), "left", base, WRITE_ONE)));
    await(f, List.of(start(f, pref.get(1), "right1", base, WRITE_ONE)));
    f.sim.runFor(Duration.ofMillis(50));
    Siblings right = f.store.replicaState(pref.get(1), "x");
    await(f, List.of(start(f, pref.get(2), "right2", right.context(), WRITE_ONE)));
    f.sim.runFor(Duration.ofMillis(50));
    assertEquals(List.of("left"), f.store.replicaState(pref.get(0), "x").values());
    f.cluster.network().heal();
    long reads = f.store.metrics().reads();
    f.sim.runFor(Duration.ofSeconds(10));
    assertEquals(reads, f.store.metrics().reads(), "no reads: anti-entropy alone");
    Siblings s0 = f.store.replicaState(pref.get(0), "x");
    assertNotNull(s0);
    for (NodeId n : pref) {
      assertEquals(s0, f.store.replicaState(n, "x"), "replica " + n + " vs " + pref.get(0));
    }
    assertEquals(List.of("left", "right2"), sorted(s0));
    assertEquals(List.of(), f.store.divergentKeys());
  }

  @Test
  void blockingReadRepairMergesSiblingsIntoStaleReplicas() {
    Fixture f = dvv(3);
    List<NodeId> nodes = f.store.storeNodes();
    f.cluster.network().partition(List.of(nodes.get(0)), List.of(nodes.get(1), nodes.get(2)));
    await(f, List.of(start(f, nodes.get(0), "a", null, WRITE_ONE), start(f, nodes.get(1), "b", null, WRITE_ONE)));
    f.sim.runFor(Duration.ofMillis(50));
    f.cluster.network().heal();
    ReadOptions repair = ReadOptions.from(READ_ALL).readRepair(ReadRepair.BLOCKING).build();
    assertEquals(Set.of("a", "b"), Set.copyOf(((ReadOk) f.read(0, "x", repair)).values()));
    for (NodeId n : nodes) {
      assertEquals(List.of("a", "b"), sorted(f.store.replicaState(n, "x")), "replica " + n);
    }
  }

  @Test
  void versioningParsesDvv() {
    assertEquals(Versioning.DVV, Versioning.parse("dvv"));
  }

  @Test
  void aClientsNextWriteSupersedesTheWriteItMadeBefore() {
    Fixture f = dvv(3);
    assertTrue(f.write(0, "x", "a", WRITE_ALL).ok());
    assertTrue(f.write(0, "x", "b", WRITE_ALL).ok());
    ReadOk read = (ReadOk) f.read(0, "x", READ_ALL);
    assertEquals(List.of("b"), read.values(),
        "the client remembers its write's context (the dot it got included), so it is no blind write");
  }
}
