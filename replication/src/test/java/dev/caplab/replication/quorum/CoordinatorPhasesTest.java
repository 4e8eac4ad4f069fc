package dev.caplab.replication.quorum;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.caplab.net.NodeId;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The phases a coordinator's operation goes through after its quorum (write-back, blocking
 * repair, asynchronous repair, hand-off) and how each one ends: with exactly one answer, the
 * operation closed at once rather than at its deadline, and no message sent twice. A request
 * timeout that still fires after an answer would answer a second time or repair again.
 */
class CoordinatorPhasesTest {

  private static final Duration PAST_THE_DEADLINE = Duration.ofSeconds(1); // request timeout 500 ms

  /** A write that reaches exactly one replica, {@code holder}, which the test reads back. */
  private record Stale(Fixture f, NodeId holder) {}

  private static Stale oneReplicaHolds(String value) {
    Fixture f = new Fixture(11, 3, 0, Fixture.quiet().build(), Fixture.constantMs(1));
    List<QuorumResult> out = new ArrayList<>();
    f.store.write(f.store.storeNodes().get(0), "k", value,
        WriteOptions.custom().replicas(1).fanOut(FanOut.QUORUM_ONLY).build(), out::add);
    f.sim.runUntil(() -> !out.isEmpty(), Duration.ofSeconds(1));
    assertTrue(out.get(0).ok());
    NodeId holder = holders(f, value).get(0);
    assertEquals(1, holders(f, value).size());
    return new Stale(f, holder);
  }

  private static List<NodeId> holders(Fixture f, String value) {
    List<NodeId> out = new ArrayList<>();
    for (NodeId n : f.store.storeNodes()) {
      Siblings s = f.store.replicaState(n, "k");
      if (s != null && s.values().equals(List.of(value))) {
        out.add(n);
      }
    }
    return out;
  }

  private static NodeId other(Fixture f, NodeId... not) {
    return f.store.storeNodes().stream().filter(n -> !List.of(not).contains(n)).findFirst().orElseThrow();
  }

  /** Starts a read at {@code coordinator}, runs until it answers, and returns what it has answered so far. */
  private static List<QuorumResult> readUntilAnswered(Fixture f, NodeId coordinator, ReadOptions options) {
    List<QuorumResult> out = new ArrayList<>();
    f.store.read(coordinator, "k", options, out::add);
    f.sim.runUntil(() -> !out.isEmpty(), PAST_THE_DEADLINE);
    assertEquals(1, out.size());
    return out;
  }

  @Test
  void aWriteBackGoesToStaleReplicasOnlyAndAnswersAtItsMajority() {
    Stale s = oneReplicaHolds("v");
    Fixture f = s.f();
    NodeId coordinator = s.holder();
    NodeId down = other(f, s.holder());
    NodeId stale = other(f, s.holder(), down);
    f.cluster.crash(down);

    // N=3: the read's quorum is the holder and one stale replica; a majority holds v once that
    // stale replica acknowledges the write-back; the crashed one never will.
    List<QuorumResult> out = readUntilAnswered(f, coordinator,
        ReadOptions.custom().consistency(Consistency.QUORUM).linearizable(true).build());
    assertEquals("v", assertInstanceOf(ReadOk.class, out.get(0)).value());
    assertEquals(List.of(s.holder(), stale).stream().sorted().toList(), holders(f, "v").stream().sorted().toList());
    assertEquals(2, f.store.metrics().writeBacksSent(), "one write-back to each replica not holding v");
    assertEquals(0, f.store.node(coordinator).operationsInProgress(), "the read ends with its answer");

    f.sim.runFor(PAST_THE_DEADLINE);
    assertEquals(1, out.size(), () -> "one answer, also after the deadline: " + out);
    assertEquals(0, f.store.metrics().readsUnavailable());
    assertEquals(1, f.store.metrics().reads());
  }

  @Test
  void aBlockingRepairEndsWithItsAnswer() {
    Stale s = oneReplicaHolds("v");
    Fixture f = s.f();
    List<QuorumResult> out = readUntilAnswered(f, s.holder(),
        ReadOptions.custom().consistency(Consistency.ALL).readRepair(ReadRepair.BLOCKING).build());
    assertEquals("v", assertInstanceOf(ReadOk.class, out.get(0)).value());
    assertEquals(3, holders(f, "v").size());
    assertEquals(0, f.store.node(s.holder()).operationsInProgress(), "the read ends with its answer");
    f.sim.runFor(PAST_THE_DEADLINE);
    assertEquals(1, out.size());
    assertEquals(2, f.store.metrics().repairsSent());
  }

  @Test
  void aBlockingReadOfAgreeingReplicasAnswersInOneRoundTrip() {
    Fixture f = new Fixture(11, 3, 0, Fixture.quiet().build(), Fixture.constantMs(1));
    NodeId coordinator = f.store.storeNodes().get(0);
    List<QuorumResult> w = new ArrayList<>();
    f.store.write(coordinator, "k", "v", WriteOptions.of(Consistency.ALL), w::add);
    f.sim.runUntil(() -> !w.isEmpty(), Duration.ofSeconds(1));

    long plainStart = f.sim.now();
    readUntilAnswered(f, coordinator, ReadOptions.custom().consistency(Consistency.ALL).readRepair(ReadRepair.NONE).build());
    long plain = f.sim.now() - plainStart;
    long blockingStart = f.sim.now();
    List<QuorumResult> out = readUntilAnswered(f, coordinator,
        ReadOptions.custom().consistency(Consistency.ALL).readRepair(ReadRepair.BLOCKING).build());
    assertEquals("v", assertInstanceOf(ReadOk.class, out.get(0)).value());
    assertEquals(plain, f.sim.now() - blockingStart, "nothing to repair: no second round trip");
    assertEquals(0, f.store.metrics().repairsSent());
    assertEquals(0, f.store.node(coordinator).operationsInProgress());
  }

  /** A quorum of two answers first; the third replica's answer, just after, still repairs at once. */
  @Test
  void anAsyncRepairRunsOnceWhenTheLastAskedReplicaAnswers() {
    Stale s = oneReplicaHolds("v");
    Fixture f = s.f();
    List<QuorumResult> out = readUntilAnswered(f, s.holder(),
        ReadOptions.custom().consistency(Consistency.QUORUM).readRepair(ReadRepair.ASYNC).build());
    assertEquals(2, assertInstanceOf(ReadOk.class, out.get(0)).answered());
    f.sim.runFor(Duration.ofMillis(10));
    assertEquals(3, holders(f, "v").size(), "repaired well before the deadline");
    assertEquals(0, f.store.node(s.holder()).operationsInProgress());
    f.sim.runFor(PAST_THE_DEADLINE);
    assertEquals(2, f.store.metrics().repairsSent(), "each stale replica repaired once");
    assertEquals(1, out.size());
  }

  /** A replica that never answers: the async repair of those that did runs at the deadline. */
  @Test
  void anAsyncRepairWaitingForASilentReplicaRepairsAtTheDeadline() {
    Stale s = oneReplicaHolds("v");
    Fixture f = s.f();
    NodeId down = other(f, s.holder());
    NodeId stale = other(f, s.holder(), down);
    f.cluster.crash(down);
    List<QuorumResult> out = readUntilAnswered(f, s.holder(),
        ReadOptions.custom().consistency(Consistency.QUORUM).readRepair(ReadRepair.ASYNC).build());
    assertEquals("v", assertInstanceOf(ReadOk.class, out.get(0)).value());
    f.sim.runFor(Duration.ofMillis(100));
    assertEquals(List.of(s.holder()), holders(f, "v"), "the read still waits for the silent replica");
    assertEquals(1, f.store.node(s.holder()).operationsInProgress());

    f.sim.runFor(PAST_THE_DEADLINE);
    assertEquals(List.of(s.holder(), stale).stream().sorted().toList(), holders(f, "v").stream().sorted().toList());
    assertEquals(1, f.store.metrics().repairsSent());
    assertEquals(0, f.store.node(s.holder()).operationsInProgress());
    assertEquals(1, out.size());
  }

  @Test
  void aWriteEndsWithItsLastAcknowledgement() {
    for (boolean handoff : new boolean[] {false, true}) {
      Fixture f = new Fixture(11, 3, 0, Fixture.quiet().hintedHandoff(handoff).build(), Fixture.constantMs(1));
      NodeId coordinator = f.store.storeNodes().get(0);
      List<QuorumResult> out = new ArrayList<>();
      f.store.write(coordinator, "k", "v", WriteOptions.of(Consistency.ALL), out::add);
      f.sim.runUntil(() -> !out.isEmpty(), PAST_THE_DEADLINE);
      assertEquals(3, assertInstanceOf(WriteOk.class, out.get(0)).acks());
      assertEquals(0, f.store.node(coordinator).operationsInProgress(), "hinted handoff " + handoff);
    }
  }

  /** Without hinted handoff nothing waits for a silent replica once the write has its quorum. */
  @Test
  void aWriteWithoutHandoffEndsAtItsQuorumThoughAReplicaIsSilent() {
    Fixture f = new Fixture(11, 3, 0, Fixture.quiet().build(), Fixture.constantMs(1));
    NodeId coordinator = f.store.storeNodes().get(0);
    f.cluster.crash(f.store.storeNodes().get(2));
    List<QuorumResult> out = new ArrayList<>();
    f.store.write(coordinator, "k", "v", WriteOptions.of(Consistency.QUORUM), out::add);
    f.sim.runUntil(() -> !out.isEmpty(), PAST_THE_DEADLINE);
    assertEquals(2, assertInstanceOf(WriteOk.class, out.get(0)).acks());
    assertEquals(0, f.store.node(coordinator).operationsInProgress());
  }

  /** Sending to "only the quorum" when the quorum is every replica picks all of them. */
  @Test
  void aQuorumOnlyFanOutOfAllReplicasAsksEveryOne() {
    Fixture f = new Fixture(11, 3, 0, Fixture.quiet().build(), Fixture.constantMs(1));
    NodeId coordinator = f.store.storeNodes().get(0);
    List<QuorumResult> out = new ArrayList<>();
    f.store.write(coordinator, "k", "v", WriteOptions.custom().consistency(Consistency.ALL).fanOut(FanOut.QUORUM_ONLY).build(),
        out::add);
    f.sim.runUntil(() -> !out.isEmpty(), PAST_THE_DEADLINE);
    assertEquals(3, assertInstanceOf(WriteOk.class, out.get(0)).acks());
    List<QuorumResult> read = readUntilAnswered(f, coordinator,
        ReadOptions.custom().consistency(Consistency.ALL).fanOut(FanOut.QUORUM_ONLY).build());
    assertEquals(3, assertInstanceOf(ReadOk.class, read.get(0)).answered());
  }

  /** The fallback that takes a hint was contacted too: an unavailable write says so. */
  @Test
  void aHandedOffWriteCountsItsFallbackAsContacted() {
    Fixture f = new Fixture(11, 4, 0, Fixture.quiet().hintedHandoff(true).build(), Fixture.constantMs(1));
    List<NodeId> pref = f.store.preferenceList("k");
    NodeId coordinator = pref.get(0);
    f.cluster.crash(pref.get(1));
    List<QuorumResult> out = new ArrayList<>();
    f.store.write(coordinator, "k", "v", WriteOptions.of(Consistency.ALL), out::add);
    f.sim.runUntil(() -> !out.isEmpty(), PAST_THE_DEADLINE);
    Unavailable u = assertInstanceOf(Unavailable.class, out.get(0));
    assertEquals(3, u.required());
    assertEquals(2, u.answered(), "a hint does not count without a sloppy quorum");
    assertEquals(4, u.contacted(), "three replicas and one fallback");
    assertEquals(1, f.store.metrics().hintsStored());
  }

  /** The coordinator records a successful read's latency, from its start to its answer. */
  @Test
  void aReadRecordsItsLatencyAtTheCoordinator() {
    Fixture f = new Fixture(11, 3, 0, Fixture.quiet().build(), Fixture.constantMs(3));
    NodeId coordinator = f.store.storeNodes().get(0);
    f.sim.runFor(Duration.ofSeconds(10)); // a latency is a difference of instants, not an instant
    long start = f.sim.now();
    readUntilAnswered(f, coordinator, ReadOptions.of(Consistency.ALL));
    long took = f.sim.now() - start;
    assertNotEquals(0, took);
    assertEquals(1, f.store.metrics().readLatency().count());
    assertEquals(took, f.store.metrics().readLatency().max(), took / 500.0, "within the histogram's 0.1%");
  }

  /** More replicas than a long has bits: each acknowledgement still counts once, by its own target. */
  @Test
  void aWriteToMoreThanSixtyFourReplicasCountsEveryAcknowledgement() {
    int n = 66;
    Fixture f = new Fixture(11, n, 0, Fixture.quiet().replicationFactor(n).build(), Fixture.constantMs(1));
    NodeId coordinator = f.store.storeNodes().get(0);
    List<QuorumResult> out = new ArrayList<>();
    f.store.write(coordinator, "k", "v", WriteOptions.of(Consistency.ALL), out::add);
    f.sim.runUntil(() -> !out.isEmpty(), PAST_THE_DEADLINE);
    assertEquals(n, assertInstanceOf(WriteOk.class, out.get(0)).acks());
    assertEquals(n, holders(f, "v").size());
  }

  /** The coordinator records a successful write's latency, from its start to its answer. */
  @Test
  void aWriteRecordsItsLatencyAtTheCoordinator() {
    Fixture f = new Fixture(11, 3, 0, Fixture.quiet().build(), Fixture.constantMs(3));
    NodeId coordinator = f.store.storeNodes().get(0);
    f.sim.runFor(Duration.ofSeconds(10));
    long start = f.sim.now();
    List<QuorumResult> out = new ArrayList<>();
    f.store.write(coordinator, "k", "v", WriteOptions.of(Consistency.ALL), out::add);
    f.sim.runUntil(() -> !out.isEmpty(), PAST_THE_DEADLINE);
    long took = f.sim.now() - start;
    assertNotEquals(0, took);
    assertEquals(1, f.store.metrics().writeLatency().count());
    assertEquals(took, f.store.metrics().writeLatency().max(), took / 500.0, "within the histogram's 0.1%");
  }
}
