package dev.caplab.replication.quorum;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.caplab.net.LinkProfile;
import dev.caplab.net.NodeId;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Four store nodes, N=3: a key's preference list is [p0, p1, p2] and its first fallback is the
 * fourth node. Writes whose replicas do not answer within the replica timeout go to the fallback
 * as hints, which are replayed when the owners come back. Anti-entropy is off, and no test reads
 * the key before checking the owners, so only hints can deliver the value.
 */
class HintedHandoffTest {

  private static QuorumConfig.Builder config() {
    return QuorumConfig.custom().antiEntropy(false).hintedHandoff(true)
        .replicaTimeout(Duration.ofMillis(50)).requestTimeout(Duration.ofMillis(200))
        .hintReplayInterval(Duration.ofMillis(100));
  }

  private final String key = "k";

  private Fixture fixture(QuorumConfig config) {
    return new Fixture(11, 4, 0, config, Fixture.constantMs(1));
  }

  private QuorumResult write(Fixture f, NodeId coordinator, WriteOptions options) {
    QuorumResult[] out = new QuorumResult[1];
    f.store.write(coordinator, key, "v", options, r -> out[0] = r);
    f.sim.runUntil(() -> out[0] != null, Duration.ofSeconds(5));
    return out[0];
  }

  private static boolean has(Fixture f, NodeId n) {
    Siblings s = f.store.replicaState(n, "k");
    return s != null && s.values().equals(List.of("v"));
  }

  @Test
  void aCrashedOwnerGetsTheWriteFromItsFallbackAfterRestart() {
    Fixture f = fixture(config().build());
    List<NodeId> walk = f.store.ring().walk(key);
    NodeId owner = walk.get(2);
    NodeId fallback = walk.get(3);
    f.cluster.crash(owner);
    QuorumResult r = write(f, walk.get(0), WriteOptions.of(Consistency.QUORUM));
    assertTrue(r.ok(), r::toString);
    f.sim.runFor(Duration.ofMillis(60));
    assertEquals(1, f.store.node(fallback).hintsHeld());
    f.sim.runFor(Duration.ofSeconds(1)); // replays fail while the owner is down
    assertEquals(1, f.store.node(fallback).hintsHeld());
    f.cluster.restart(owner);
    f.sim.runFor(Duration.ofMillis(500));
    assertTrue(has(f, owner));
    assertEquals(0, f.store.node(fallback).hintsHeld());
    assertEquals(1, f.store.metrics().hintsReplayed());
  }

  @Test
  void sloppyQuorumCountsHintsAndPartitionedOwnersCatchUpAfterHeal() {
    Fixture f = fixture(config().sloppyQuorum(true).build());
    List<NodeId> walk = f.store.ring().walk(key);
    f.cluster.network().isolate(walk.get(1));
    f.cluster.network().isolate(walk.get(2));
    WriteOk ok = (WriteOk) write(f, walk.get(0), WriteOptions.of(Consistency.QUORUM));
    assertEquals(1, ok.acks());
    assertEquals(1, ok.hints(), "the fallback's hint made the quorum");
    f.cluster.network().heal();
    f.sim.runFor(Duration.ofMillis(500));
    assertTrue(has(f, walk.get(1)), "the owner the fallback held a hint for caught up");
    // Only one fallback exists (4 nodes), so the second owner's hint had nowhere to go.
    assertTrue(!has(f, walk.get(2)));
  }

  @Test
  void strictQuorumDoesNotCountHints() {
    Fixture f = fixture(config().sloppyQuorum(false).build());
    List<NodeId> walk = f.store.ring().walk(key);
    f.cluster.crash(walk.get(1));
    f.cluster.crash(walk.get(2));
    Unavailable u = (Unavailable) write(f, walk.get(0), WriteOptions.of(Consistency.QUORUM));
    assertEquals(2, u.required());
    assertEquals(1, u.answered());
    assertEquals(1, f.store.node(walk.get(3)).hintsHeld(), "the hint is still stored for later");
  }

  @Test
  void anyAcceptsAWriteWhenEveryReplicaIsDown() {
    Fixture f = fixture(config().build());
    List<NodeId> walk = f.store.ring().walk(key);
    NodeId coordinator = walk.get(3); // not a replica of the key: it is the fallback
    for (int i = 0; i < 3; i++) {
      f.cluster.crash(walk.get(i));
    }
    WriteOk ok = (WriteOk) write(f, coordinator, WriteOptions.of(Consistency.ANY));
    assertEquals(0, ok.acks());
    assertTrue(ok.hints() >= 1);
    for (int i = 0; i < 3; i++) {
      f.cluster.restart(walk.get(i));
    }
    f.sim.runFor(Duration.ofMillis(500));
    for (int i = 0; i < 3; i++) {
      assertTrue(has(f, walk.get(i)), "owner " + walk.get(i));
    }
    assertEquals(0, f.store.node(coordinator).hintsHeld());
  }

  @Test
  void hintsOlderThanTheWindowAreDropped() {
    Fixture f = fixture(config().hintWindow(Duration.ofMillis(300)).build());
    List<NodeId> walk = f.store.ring().walk(key);
    f.cluster.crash(walk.get(2));
    assertTrue(write(f, walk.get(0), WriteOptions.of(Consistency.QUORUM)).ok());
    f.sim.runFor(Duration.ofSeconds(1));
    f.cluster.restart(walk.get(2));
    f.sim.runFor(Duration.ofSeconds(1));
    assertNull(f.store.replicaState(walk.get(2), key));
    assertEquals(1, f.store.metrics().hintsDropped());
  }

  @Test
  void aDuplicatedHintAckCountsOnce() {
    // Five nodes: the key has two fallbacks. Two owners are down, so each gets a hint, but only the
    // first fallback is up, and the network delivers its acknowledgement twice.
    Fixture f = new Fixture(11, 5, 0, config().sloppyQuorum(true).build(), Fixture.constantMs(1));
    List<NodeId> walk = f.store.ring().walk(key);
    NodeId coordinator = walk.get(0);
    f.cluster.crash(walk.get(1));
    f.cluster.crash(walk.get(2));
    f.cluster.crash(walk.get(4));
    f.cluster.network().setLink(walk.get(3), coordinator,
        LinkProfile.custom().latency(Fixture.constantMs(1)).duplication(1.0).build());
    QuorumResult r = write(f, coordinator, WriteOptions.of(Consistency.ALL));
    assertTrue(r instanceof Unavailable, "one ack and one stored hint cannot make W=3: " + r);
    assertEquals(2, ((Unavailable) r).answered());
  }
}
