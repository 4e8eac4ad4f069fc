package dev.caplab.replication.quorum;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.caplab.net.NodeId;
import dev.caplab.replication.version.VersionVector;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * What an acknowledged write leaves on disk: every node of the cluster crashes right after each
 * acknowledgement and restarts, and the next read must still see the latest write, alone. This
 * covers the replicas' data, the counters that version clocks and dots are made from (the
 * client's and the coordinator's), a coordinator's own DVV state, and hints.
 */
class CrashDurabilityTest {

  private static void crashAndRestartEveryone(Fixture f) {
    List<NodeId> all = new ArrayList<>(f.store.storeNodes());
    all.addAll(f.store.clientIds());
    for (NodeId n : all) {
      f.cluster.crash(n);
    }
    for (NodeId n : all) {
      f.cluster.restart(n);
    }
    f.sim.runFor(Duration.ofMillis(1));
  }

  private static <T> T await(Fixture f, List<T> out) {
    f.sim.runUntil(() -> !out.isEmpty(), Duration.ofSeconds(5));
    assertEquals(1, out.size());
    return out.get(0);
  }

  @ParameterizedTest
  @EnumSource(Versioning.class)
  void clientWritesSurviveACrashAfterEachAcknowledgement(Versioning versioning) {
    Fixture f = new Fixture(21, 3, 1, Fixture.quiet().versioning(versioning).build(), Fixture.constantMs(1));
    for (int i = 1; i <= 4; i++) {
      List<QuorumResult> wrote = new ArrayList<>();
      f.store.client(0).write("k", "v" + i, WriteOptions.of(Consistency.ALL), wrote::add);
      assertTrue(await(f, wrote).ok());
      crashAndRestartEveryone(f);
      List<QuorumResult> read = new ArrayList<>();
      if (versioning == Versioning.VECTOR) {
        // read past the client, which thus writes next blind: only its durable counter orders
        // its writes then
        f.store.read(f.store.storeNodes().get(0), "k", ReadOptions.of(Consistency.ALL), read::add);
      } else {
        f.store.client(0).read("k", ReadOptions.of(Consistency.ALL), read::add);
      }
      ReadOk r = assertInstanceOf(ReadOk.class, await(f, read));
      assertEquals(List.of("v" + i), r.values(), versioning + " after write " + i);
    }
  }

  /**
   * Four nodes, N=3: the coordinator holds no replica of the key, only its own counter and (under
   * DVV) its own state of the key.
   */
  @ParameterizedTest
  @EnumSource(Versioning.class)
  void writesByANonReplicaCoordinatorSurviveACrashAfterEachAcknowledgement(Versioning versioning) {
    Fixture f = new Fixture(22, 4, 0, Fixture.quiet().versioning(versioning).build(), Fixture.constantMs(1));
    List<NodeId> pref = f.store.preferenceList("k");
    NodeId coordinator = f.store.storeNodes().stream().filter(n -> !pref.contains(n)).findFirst().orElseThrow();
    VersionVector context = null; // the read context a caller carries from one write to the next
    for (int i = 1; i <= 4; i++) {
      List<QuorumResult> wrote = new ArrayList<>();
      f.store.node(coordinator).write("k", "v" + i, context, WriteOptions.of(Consistency.ALL), wrote::add);
      assertTrue(await(f, wrote).ok());
      crashAndRestartEveryone(f);
      List<QuorumResult> read = new ArrayList<>();
      f.store.read(coordinator, "k", ReadOptions.of(Consistency.ALL), read::add);
      ReadOk r = assertInstanceOf(ReadOk.class, await(f, read));
      assertEquals(List.of("v" + i), r.values(), versioning + " after write " + i);
      // VECTOR writes blind, so that only the coordinator's durable counter orders them; DVV
      // passes what it read, as a caller must for its write to supersede the last one
      context = versioning == Versioning.VECTOR ? null : r.context();
    }
  }

  @Test
  void aHintSurvivesItsHoldersCrashAndAReplayedHintStaysGone() {
    QuorumConfig config = QuorumConfig.custom().antiEntropy(false).hintedHandoff(true)
        .replicaTimeout(Duration.ofMillis(50)).requestTimeout(Duration.ofMillis(200))
        .hintReplayInterval(Duration.ofMillis(100)).build();
    Fixture f = new Fixture(11, 4, 0, config, Fixture.constantMs(1));
    List<NodeId> walk = f.store.ring().walk("k");
    NodeId owner = walk.get(2);
    NodeId fallback = walk.get(3);
    f.cluster.crash(owner);
    List<QuorumResult> wrote = new ArrayList<>();
    f.store.write(walk.get(0), "k", "v", WriteOptions.of(Consistency.QUORUM), wrote::add);
    assertTrue(await(f, wrote).ok());
    f.sim.runFor(Duration.ofMillis(60));
    assertEquals(1, f.store.node(fallback).hintsHeld());

    f.cluster.crash(fallback);
    f.cluster.restart(fallback);
    f.sim.runFor(Duration.ofMillis(1));
    assertEquals(1, f.store.node(fallback).hintsHeld(), "the hint was on disk and is known again");
    f.cluster.restart(owner);
    f.sim.runFor(Duration.ofMillis(500));
    assertEquals(List.of("v"), f.store.replicaState(owner, "k").values());
    assertEquals(0, f.store.node(fallback).hintsHeld());
    assertEquals(1, f.store.metrics().hintsReplayed());

    f.cluster.crash(fallback);
    f.cluster.restart(fallback);
    f.sim.runFor(Duration.ofMillis(500));
    assertEquals(0, f.store.node(fallback).hintsHeld(), "the replayed hint's removal was on disk too");
    assertEquals(1, f.store.metrics().hintsReplayed());
  }
}
