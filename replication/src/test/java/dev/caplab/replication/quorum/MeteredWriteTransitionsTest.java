package dev.caplab.replication.quorum;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.caplab.net.NodeId;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The state transitions of a write on a metered partition (primary first): when the write is
 * answered, which replicas still silent get a hint (and that the primary, once it has admitted
 * the write or been presumed down, never gets a second one), what an unavailable write says it
 * contacted, and which hints count towards W.
 */
class MeteredWriteTransitionsTest {

  private static final PartitionCapacity GENEROUS = PartitionCapacity.custom().splitForHeat(false).build();
  private static final long REPLICA_TIMEOUT = QuorumConfig.DEFAULT_REPLICA_TIMEOUT.toNanos();

  /** N=3 on {@code storeNodes} nodes (five: two fallbacks), 1 ms links, metered, hinted handoff on, no anti-entropy. */
  private static Fixture fixture(Versioning versioning, int storeNodes) {
    return new Fixture(5, storeNodes, 1, QuorumConfig.custom().antiEntropy(false).versioning(versioning)
        .partitionCapacity(GENEROUS).build(), Fixture.constantMs(1));
  }

  /** The coordinator of {@code key} for a role: 0 its primary, 1 another replica, 2 a node that is no replica. */
  private static NodeId coordinatorFor(Fixture f, String key, int role) {
    List<NodeId> pref = f.store.preferenceList(key);
    if (role < 2) {
      return pref.get(role);
    }
    return f.store.storeNodes().stream().filter(n -> !pref.contains(n)).findFirst().orElseThrow();
  }

  private static QuorumResult writeVia(Fixture f, NodeId coordinator, String key, String value, WriteOptions options) {
    List<QuorumResult> out = new ArrayList<>();
    f.store.write(coordinator, key, value, options, out::add);
    f.sim.runUntil(() -> !out.isEmpty(), Duration.ofSeconds(10));
    return out.get(0);
  }

  /** Hints held by the live store nodes. */
  private static int hintsHeld(Fixture f) {
    int hints = 0;
    for (NodeId n : f.store.storeNodes()) {
      QuorumNode node = f.store.node(n); // null while crashed
      hints += node == null ? 0 : node.hintsHeld();
    }
    return hints;
  }

  @Test
  void aReplicaStillSilentAfterTheWriteWentOnGetsTheOnlyHint() {
    for (Versioning versioning : List.of(Versioning.LWW, Versioning.DVV)) {
      for (int role = 0; role < 3; role++) {
        String what = versioning + ", role " + role;
        Fixture f = fixture(versioning, 5);
        NodeId silent = f.store.preferenceList("k").get(2);
        f.cluster.crash(silent);
        NodeId coordinator = coordinatorFor(f, "k", role);
        long start = f.sim.now();
        QuorumResult r = writeVia(f, coordinator, "k", "v", WriteOptions.of(Consistency.QUORUM));
        assertTrue(r.ok(), what + ": " + r);
        assertEquals((role == 0 ? 2 : 4) * Fixture.MS, f.sim.now() - start,
            what + ": the primary's admission, then one round trip to the others");
        f.sim.runFor(Duration.ofMillis(500)); // past the replica timeout of the others and the request timeout
        // The primary admitted the write and holds it: only the silent replica's copy goes to a fallback.
        assertEquals(1, hintsHeld(f), what + ": one hint, for " + silent.name());
        assertEquals(0, f.store.node(coordinator).operationsInProgress(), what);
        f.cluster.restart(silent);
        f.sim.runFor(Duration.ofSeconds(2)); // the fallback replays its hint
        assertEquals(List.of("v"), List.copyOf(f.store.replicaState(silent, "k").values()),
            what + ": the silent replica got the write from the fallback");
      }
    }
  }

  @Test
  void aPrimaryPresumedDownGetsOneHintWhateverElseStaysSilent() {
    for (Versioning versioning : List.of(Versioning.LWW, Versioning.DVV)) {
      Fixture f = fixture(versioning, 5);
      NodeId primary = f.store.preferenceList("k").get(0);
      f.cluster.crash(primary);
      NodeId coordinator = coordinatorFor(f, "k", 1);
      QuorumResult r = writeVia(f, coordinator, "k", "v", WriteOptions.of(Consistency.QUORUM));
      assertTrue(r.ok(), versioning + ": " + r);
      f.sim.runFor(Duration.ofMillis(600)); // past the others' replica timeout, 200 ms after they were sent
      assertEquals(1, hintsHeld(f), versioning + ": the primary was handed off once, when presumed down");
      assertEquals(0, f.store.node(coordinator).operationsInProgress(), versioning.toString());
    }
  }

  @Test
  void aWriteOfOneIsAnsweredOnThePrimarysAdmission() {
    for (Versioning versioning : List.of(Versioning.LWW, Versioning.DVV)) {
      for (int role = 0; role < 3; role++) {
        String what = versioning + ", role " + role;
        Fixture f = fixture(versioning, 5);
        long start = f.sim.now();
        QuorumResult r = writeVia(f, coordinatorFor(f, "k", role), "k", "v", WriteOptions.of(Consistency.ONE));
        assertTrue(r.ok(), what + ": " + r);
        assertEquals((role == 0 ? 0 : 2) * Fixture.MS, f.sim.now() - start,
            what + ": the primary's admission is the one acknowledgement W=1 needs");
        assertEquals(1, ((WriteOk) r).acks(), what);
      }
    }
  }

  @Test
  void anUnavailableMeteredWriteNamesEveryTargetItContacted() {
    for (int role = 0; role < 3; role++) {
      Fixture f = new Fixture(5, 5, 1, Fixture.quiet().partitionCapacity(GENEROUS).build(), Fixture.constantMs(1));
      f.cluster.crash(f.store.preferenceList("k").get(2));
      QuorumResult r = writeVia(f, coordinatorFor(f, "k", role), "k", "v", WriteOptions.of(Consistency.ALL));
      Unavailable u = (Unavailable) r;
      assertEquals(3, u.contacted(), "role " + role + ": the primary and both others");
      assertEquals(2, u.answered(), "role " + role);
      assertEquals(3, u.required(), "role " + role);
    }
  }

  @Test
  void hintsCountTowardsAMeteredWriteOnlyUnderSloppyQuorumOrAny() {
    for (int role = 0; role < 3; role++) {
      String what = "role " + role;
      for (boolean sloppy : new boolean[] {false, true}) {
        Fixture f = new Fixture(5, 5, 1, QuorumConfig.custom().antiEntropy(false).sloppyQuorum(sloppy)
            .partitionCapacity(GENEROUS).build(), Fixture.constantMs(1));
        List<NodeId> pref = f.store.preferenceList("k");
        f.cluster.crash(pref.get(1));
        f.cluster.crash(pref.get(2));
        NodeId coordinator = role == 1 ? pref.get(0) : coordinatorFor(f, "k", role); // a live coordinator
        QuorumResult r = writeVia(f, coordinator, "k", "v", WriteOptions.of(Consistency.QUORUM));
        if (sloppy) {
          assertTrue(r.ok(), what + ": the primary and a fallback's hint make W=2: " + r);
          assertEquals(1, ((WriteOk) r).acks(), what);
          assertTrue(((WriteOk) r).hints() >= 1, what + ": " + r);
        } else {
          assertTrue(r instanceof Unavailable, what + ": a strict quorum counts replicas only: " + r);
          assertEquals(1, ((Unavailable) r).answered(), what);
        }
      }
      // ANY counts hints whatever the store's setting: every replica down, a fallback's hint accepts it.
      Fixture f = fixture(Versioning.LWW, 5);
      List<NodeId> pref = f.store.preferenceList("k");
      for (NodeId n : pref) {
        f.cluster.crash(n);
      }
      QuorumResult r = writeVia(f, coordinatorFor(f, "k", 2), "k", "v", WriteOptions.of(Consistency.ANY));
      assertTrue(r.ok(), "ANY: " + r);
      assertEquals(0, ((WriteOk) r).acks());
    }
  }

  @Test
  void anAnyWriteCountsTheHintItsCoordinatorKeepsTheMomentItKeepsIt() {
    // Metered, three nodes: no fallback. The primary is silent: at the replica timeout it is
    // presumed down and, no fallback left, the coordinator keeps its hint, which ANY counts at once.
    Fixture metered = fixture(Versioning.LWW, 3);
    metered.cluster.crash(metered.store.preferenceList("k").get(0));
    long start = metered.sim.now();
    QuorumResult r = writeVia(metered, coordinatorFor(metered, "k", 1), "k", "v", WriteOptions.of(Consistency.ANY));
    assertTrue(r.ok(), r::toString);
    assertEquals(REPLICA_TIMEOUT, metered.sim.now() - start, "answered when the primary was presumed down");
    // Unmetered, four nodes, the coordinator the only fallback: every replica silent.
    Fixture free = new Fixture(5, 4, 1, QuorumConfig.custom().antiEntropy(false).build(), Fixture.constantMs(1));
    List<NodeId> pref = free.store.preferenceList("k");
    for (NodeId n : pref) {
      free.cluster.crash(n);
    }
    start = free.sim.now();
    r = writeVia(free, coordinatorFor(free, "k", 2), "k", "v", WriteOptions.of(Consistency.ANY));
    assertTrue(r.ok(), r::toString);
    assertEquals(REPLICA_TIMEOUT, free.sim.now() - start, "answered at the replica timeout");
  }

  @Test
  void aQuorumOnlyWriteThatLeavesThePrimaryOutIsNotMetered() {
    // The primary refuses everything: a sample without it must go through, one with it must not.
    PartitionCapacity empty = PartitionCapacity.custom().writeUnitsPerSecond(10).burstWindow(Duration.ZERO)
        .initialCredit(Duration.ZERO).splitForHeat(false).build();
    Fixture f = new Fixture(5, 5, 1, Fixture.quiet().partitionCapacity(empty).throttleRetry(ThrottleRetry.none())
        .build(), Fixture.constantMs(1));
    WriteOptions sampled = WriteOptions.custom().consistency(Consistency.ONE).fanOut(FanOut.QUORUM_ONLY).build();
    int ok = 0;
    int throttled = 0;
    for (int i = 0; i < 40; i++) {
      String key = "k" + i;
      NodeId primary = f.store.preferenceList(key).get(0);
      QuorumResult r = writeVia(f, coordinatorFor(f, key, 2), key, "v", sampled);
      f.sim.runFor(Duration.ofMillis(5));
      if (r.ok()) {
        ok++;
        assertNull(f.store.replicaState(primary, key), key + ": the primary was not asked");
      } else {
        assertTrue(r.throttled(), key + ": " + r);
        throttled++;
      }
    }
    assertTrue(ok > 0 && throttled > 0, ok + " written, " + throttled + " refused");
  }

  @Test
  void anAnyWriteSampledWithoutThePrimaryHandsASilentTargetToAFallback() {
    // Both other replicas down: a sample of one that leaves the primary out reaches a silent
    // replica, unmetered; at the replica timeout its write goes to a fallback, whose hint ANY counts.
    Fixture f = fixture(Versioning.LWW, 5);
    List<NodeId> pref = f.store.preferenceList("k");
    f.cluster.crash(pref.get(1));
    f.cluster.crash(pref.get(2));
    WriteOptions any = WriteOptions.custom().consistency(Consistency.ANY).fanOut(FanOut.QUORUM_ONLY).build();
    int byHint = 0;
    for (int i = 0; i < 20; i++) {
      QuorumResult r = writeVia(f, coordinatorFor(f, "k", 2), "k", "v" + i, any);
      assertTrue(r.ok(), "write " + i + ": " + r);
      byHint += ((WriteOk) r).acks() == 0 ? 1 : 0;
    }
    assertTrue(byHint > 0 && byHint < 20, byHint + " of 20 accepted on a hint alone");
  }
}
