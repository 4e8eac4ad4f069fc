package dev.caplab.replication.quorum;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.caplab.history.Op;
import dev.caplab.net.NodeId;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The state transitions of an operation on a metered partition: who ends its wait for the
 * primary (its answer, its refusal, or its silence), that a refusal ends the operation for good,
 * how often a client tries, and what a split leaves durable.
 */
class ThrottledTransitionsTest {

  /** 10 units a second per partition, one unit of burst, none at the start: a partition's first request is refused. */
  private static PartitionCapacity empty() {
    return PartitionCapacity.custom().writeUnitsPerSecond(10).readUnitsPerSecond(10).burstWindow(Duration.ZERO)
        .initialCredit(Duration.ZERO).splitForHeat(false).build();
  }

  private static final PartitionCapacity GENEROUS = PartitionCapacity.custom().splitForHeat(false).build();

  private static Fixture fixture(PartitionCapacity capacity, ThrottleRetry retry) {
    return new Fixture(5, 3, 1, Fixture.quiet().partitionCapacity(capacity).throttleRetry(retry).build(),
        Fixture.constantMs(1));
  }

  /** A replica of {@code key} other than its primary. */
  private static NodeId secondReplica(Fixture f, String key) {
    return f.store.preferenceList(key).get(1);
  }

  private static QuorumResult readVia(Fixture f, NodeId coordinator, String key, ReadOptions options) {
    List<QuorumResult> out = new ArrayList<>();
    f.store.read(coordinator, key, options, out::add);
    f.sim.runUntil(() -> !out.isEmpty(), Duration.ofSeconds(10));
    return out.get(0);
  }

  private static QuorumResult writeVia(Fixture f, NodeId coordinator, String key, String value, WriteOptions options) {
    List<QuorumResult> out = new ArrayList<>();
    f.store.write(coordinator, key, value, options, out::add);
    f.sim.runUntil(() -> !out.isEmpty(), Duration.ofSeconds(10));
    return out.get(0);
  }

  @Test
  void aReadItsPrimaryRefusesEndsThrottledAtOnceEvenWithEnoughOtherAnswers() {
    Fixture f = fixture(empty(), ThrottleRetry.none());
    NodeId coordinator = secondReplica(f, "k");
    long start = f.sim.now();
    QuorumResult r = readVia(f, coordinator, "k", ReadOptions.of(Consistency.ONE));
    assertTrue(r.throttled(), "R=1 and two replicas answered, but the admission point refused: " + r);
    assertEquals(2 * Fixture.MS, f.sim.now() - start, "answered on the refusal, not at the primary's replica timeout");
    Throttled t = (Throttled) r;
    assertEquals(1, t.throttledReplicas());
    assertEquals(3, t.contacted());
    assertEquals(1, t.required());
    assertEquals(0, f.store.node(coordinator).operationsInProgress(), "the refusal ended the operation");
    f.sim.runFor(Duration.ofSeconds(2)); // past the replica and the request timeouts
    QuorumMetrics m = f.store.metrics();
    assertEquals(1, m.readsThrottled());
    assertEquals(1, m.replicaReadThrottles(), "the primary counts its refusal");
    assertEquals(0, m.readsUnavailable(), "one outcome per read: no timeout after the refusal");
    assertEquals(0, m.reads());
  }

  @Test
  void aReadWaitsOnlyForItsPrimarysAnswerWhenThePrimaryIsUp() {
    Fixture f = fixture(GENEROUS, ThrottleRetry.none());
    long start = f.sim.now();
    assertTrue(readVia(f, secondReplica(f, "k"), "k", ReadOptions.of(Consistency.ONE)).ok());
    assertEquals(2 * Fixture.MS, f.sim.now() - start, "the primary's answer, one round trip, ends the wait");
  }

  @Test
  void aQuorumReadWhosePrimaryIsSilentIsAnsweredAtTheReplicaTimeoutByTheOtherTwo() {
    Fixture f = fixture(GENEROUS, ThrottleRetry.none());
    NodeId coordinator = secondReplica(f, "k");
    f.cluster.crash(f.store.preferenceList("k").get(0));
    long start = f.sim.now();
    QuorumResult r = readVia(f, coordinator, "k", ReadOptions.of(Consistency.QUORUM));
    assertTrue(r.ok(), r::toString);
    assertEquals(2, ((ReadOk) r).answered(), "exactly R answers");
    assertEquals(QuorumConfig.DEFAULT_REPLICA_TIMEOUT.toNanos(), f.sim.now() - start,
        "the two answers arrived long before; the primary's silence decided");
  }

  @Test
  void aWriteItsPrimaryRefusesEndsThereAndIsNeverSentOnLater() {
    for (Versioning versioning : Versioning.values()) {
      Fixture f = new Fixture(5, 3, 1, Fixture.quiet().versioning(versioning).partitionCapacity(empty())
          .throttleRetry(ThrottleRetry.none()).build(), Fixture.constantMs(1));
      NodeId coordinator = secondReplica(f, "k");
      long start = f.sim.now();
      QuorumResult r = writeVia(f, coordinator, "k", "refused", WriteOptions.of(Consistency.ONE));
      assertTrue(r.throttled(), versioning + ": " + r);
      assertEquals(1, ((Throttled) r).throttledReplicas(), versioning + ": the primary refused");
      assertEquals(1, ((Throttled) r).contacted(), versioning + ": only the primary was asked");
      assertEquals(2 * Fixture.MS, f.sim.now() - start, versioning + ": the refusal answers at once");
      assertEquals(0, f.store.node(coordinator).operationsInProgress(), versioning.toString());
      f.sim.runFor(Duration.ofSeconds(2)); // past the replica timeout that would presume a silent primary down
      for (NodeId n : f.store.storeNodes()) {
        assertNull(f.store.replicaState(n, "k"), versioning + ": nothing stored on " + n.name());
      }
      QuorumMetrics m = f.store.metrics();
      assertEquals(1, m.writesThrottled(), versioning.toString());
      assertEquals(0, m.writes() + m.writesUnavailable(), versioning + ": one outcome, the refusal");
    }
  }

  @Test
  void aClientGivesUpAReadAfterItsLastAttempt() {
    Fixture f = fixture(empty(), ThrottleRetry.custom().maxAttempts(3).base(Duration.ofNanos(1))
        .cap(Duration.ofNanos(1)).build());
    NodeId n0 = f.store.storeNodes().get(0);
    f.sim.schedule(Duration.ZERO, new Runnable() { // keeps the partition's read bucket empty
      @Override
      public void run() {
        f.store.read(n0, "k", ReadOptions.of(Consistency.ONE), r -> {});
        f.sim.schedule(Duration.ofMillis(1), this);
      }
    });
    QuorumResult r = f.read(0, "k", ReadOptions.of(Consistency.ONE));
    assertTrue(r.throttled(), r::toString);
    assertEquals(3, ((Throttled) r).attempts());
    assertTrue(r.toString().contains("gave up after 3 attempts"), r::toString);
    QuorumMetrics m = f.store.metrics();
    assertEquals(3, m.clientReadAttempts());
    assertEquals(3, m.clientReadsThrottled());
    assertEquals(2, m.clientRetries());
    assertEquals(1, m.clientReadGiveUps());
    assertEquals(0, m.clientWriteGiveUps());
    assertTrue(m.toString().contains("give-ups 1/0"), m::toString);
    assertEquals(Op.Type.FAIL, f.history().events().get(1).type(), "a read that was never answered failed");
  }

  @Test
  void aWriteThroughAnotherNodeStillCostsItsItemSize() {
    PartitionCapacity c = PartitionCapacity.custom().writeUnitsPerSecond(10).burstWindow(Duration.ofSeconds(1))
        .initialCredit(Duration.ofSeconds(1)).splitForHeat(false).build();
    Fixture f = new Fixture(5, 3, 1, Fixture.quiet().versioning(Versioning.DVV).partitionCapacity(c)
        .throttleRetry(ThrottleRetry.none()).build(), Fixture.constantMs(1));
    NodeId coordinator = secondReplica(f, "k"); // the primary mints: the write reaches it as a PrimaryWrite
    String threeKb = "x".repeat(3 * 1024 - 1); // with the key "k": 3 KB exactly
    for (int i = 0; i < 3; i++) {
      assertTrue(writeVia(f, coordinator, "k", threeKb, WriteOptions.of(Consistency.QUORUM)).ok(), "3 KB write " + i);
    }
    assertTrue(writeVia(f, coordinator, "k", "y", WriteOptions.of(Consistency.QUORUM)).ok(), "the tenth unit");
    assertTrue(writeVia(f, coordinator, "k", "y", WriteOptions.of(Consistency.QUORUM)).throttled(), "none left");
  }

  @Test
  void aSplitIsDurableTheMomentItTakesEffect() {
    PartitionCapacity c = PartitionCapacity.custom().writeUnitsPerSecond(100).heatThreshold(0.5)
        .heatPeriod(Duration.ofSeconds(2)).splitDelay(Duration.ofSeconds(1)).build();
    // LWW, no synced writes, no background work: nothing but the split itself syncs the primary's storage.
    Fixture f = new Fixture(5, 3, 1, Fixture.quiet().vnodes(4).versioning(Versioning.LWW).syncWrites(false)
        .partitionCapacity(c).build(), Fixture.constantMs(1));
    NodeId primary = f.store.preferenceList("hot").get(0);
    NodeId coordinator = f.store.preferenceList("hot").get(1);
    int before = f.store.node(primary).partitionCount();
    boolean[] stop = {false};
    f.sim.schedule(Duration.ZERO, new Runnable() {
      @Override
      public void run() {
        if (!stop[0]) {
          f.store.write(coordinator, "hot", "x", WriteOptions.of(Consistency.ONE), r -> {});
          f.sim.schedule(Duration.ofMillis(10), this);
        }
      }
    });
    f.sim.runUntil(() -> f.store.metrics().partitionSplits() == 2, Duration.ofSeconds(10));
    stop[0] = true;
    assertEquals(before + 2, f.store.node(primary).partitionCount());
    f.cluster.crash(primary); // at once: no later write could have synced the split points
    f.cluster.restart(primary);
    f.sim.runFor(Duration.ofMillis(1));
    assertEquals(before + 2, f.store.node(primary).partitionCount(), "the split points survived the crash");
  }

  @Test
  void aRefusalFromAPrimaryAlreadyPresumedDownDoesNotThrottleTheWriteThatWentOnWithoutIt() {
    // 110 ms links: the primary's refusal comes back at 220 ms, after the replica timeout (200 ms)
    // presumed it down and sent the write on, and before the others acknowledge (420 ms).
    Fixture f = new Fixture(5, 3, 1, Fixture.quiet().versioning(Versioning.LWW).partitionCapacity(empty())
        .throttleRetry(ThrottleRetry.none()).requestTimeout(Duration.ofSeconds(2)).build(), Fixture.constantMs(110));
    NodeId coordinator = secondReplica(f, "k");
    QuorumResult r = writeVia(f, coordinator, "k", "v", WriteOptions.of(Consistency.QUORUM));
    assertTrue(r.ok(), "the write went on unmetered and two replicas stored it: " + r);
    f.sim.runFor(Duration.ofSeconds(3));
    assertEquals(0, f.store.metrics().writesThrottled());
  }
}
