package dev.caplab.replication.quorum;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.caplab.history.Op;
import dev.caplab.net.NodeId;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Partition limits in a running store: refusals, the client's retries, and the counts. */
class ThrottlingTest {

  /**
   * 10 writes and 10 reads a second per partition, one unit of burst; a partition starts with the
   * one unit, or with none.
   */
  private static PartitionCapacity tight(boolean startWithAUnit) {
    return PartitionCapacity.custom().writeUnitsPerSecond(10).readUnitsPerSecond(10).burstWindow(Duration.ZERO)
        .initialCredit(startWithAUnit ? Duration.ofSeconds(1) : Duration.ZERO).splitForHeat(false).build();
  }

  private static Fixture fixture(ThrottleRetry retry, boolean startWithAUnit) {
    return new Fixture(5, 3, 1, Fixture.quiet().partitionCapacity(tight(startWithAUnit)).throttleRetry(retry).build(),
        Fixture.constantMs(1));
  }

  @Test
  void withoutLimitsNothingIsThrottledOrCounted() {
    Fixture f = new Fixture(5, 3, 1, Fixture.quiet().build(), Fixture.constantMs(1));
    for (int i = 0; i < 50; i++) {
      assertTrue(f.write(0, "k", "v" + i, WriteOptions.of(Consistency.ALL)).ok());
    }
    QuorumMetrics m = f.store.metrics();
    assertEquals(50, m.writes());
    assertEquals(50, m.clientWriteAttempts());
    assertEquals(0, m.replicaWriteThrottles() + m.clientRetries() + m.writesThrottled());
    assertEquals(0, f.store.node(f.store.storeNodes().get(0)).partitionCount());
    assertFalse(m.toString().contains("throttle"), m.toString());
  }

  @Test
  void aWriteOverTheLimitWithoutRetryIsThrottledAtOnceAndRetriable() {
    Fixture f = fixture(ThrottleRetry.none(), true);
    assertTrue(f.write(0, "k", "v1", WriteOptions.of(Consistency.QUORUM)).ok());
    long start = f.sim.now();
    QuorumResult r = f.write(0, "k", "v2", WriteOptions.of(Consistency.QUORUM));
    assertTrue(r.throttled(), r::toString);
    assertFalse(r.ok());
    Throttled t = (Throttled) r;
    assertEquals(1, t.throttledReplicas(), "the key's primary, its partition's admission point, refused");
    assertEquals(2, t.required());
    assertEquals(1, t.attempts());
    assertTrue(t.retryAfter().compareTo(Duration.ZERO) > 0 && t.retryAfter().compareTo(Duration.ofMillis(100)) <= 0,
        t::toString);
    boolean coordinatorIsPrimary = f.store.client(0).defaultCoordinator().equals(f.store.preferenceList("k").get(0));
    assertEquals((coordinatorIsPrimary ? 2 : 4) * Fixture.MS, f.sim.now() - start,
        "answered at once by a primary coordinator, else after the primary's round trip; no timeout");
    assertEquals(Op.Type.FAIL, f.history().events().get(3).type(), "a throttled write is stored nowhere: it failed");
    QuorumMetrics m = f.store.metrics();
    assertEquals(1, m.writesThrottled());
    assertEquals(1, m.replicaWriteThrottles(), "only the primary meters");
    assertEquals(1, m.clientWriteGiveUps());
    assertEquals(0, m.clientRetries());
    assertEquals(0, m.writesUnavailable(), "throttled is not unavailable");
    assertEquals(0, f.store.node(f.store.storeNodes().get(1)).hintsHeld(), "a throttled replica is up: no hint");
  }

  @Test
  void aThrottledReadIsRetriedUntilItsPartitionHasCapacity() {
    Fixture f = fixture(ThrottleRetry.ofDefaults(), false);
    List<QuorumResult> out = new ArrayList<>();
    f.store.client(0).read("k", ReadOptions.of(Consistency.ONE), out::add);
    f.sim.runUntil(() -> !out.isEmpty(), Duration.ofSeconds(10));
    assertTrue(out.get(0).ok(), out.get(0)::toString);
    QuorumMetrics m = f.store.metrics();
    assertTrue(m.clientRetries() >= 1, m::toString);
    assertEquals(m.clientRetries() + 1, m.clientReadAttempts(), "every retry is one more attempt");
    assertEquals(m.clientRetries(), m.clientReadsThrottled(), "each throttle was retried");
    assertEquals(0, m.clientReadGiveUps());
    assertEquals(1, m.reads());
  }

  @Test
  void aClientGivesUpAfterItsLastAttempt() {
    Fixture f = fixture(ThrottleRetry.custom().maxAttempts(3).base(Duration.ofNanos(1)).cap(Duration.ofNanos(1))
        .build(), false);
    // Keep the partition's bucket empty: a second client-like load straight through a coordinator.
    NodeId n0 = f.store.storeNodes().get(0);
    f.sim.schedule(Duration.ZERO, new Runnable() {
      @Override
      public void run() {
        f.store.write(n0, "k", "noise", WriteOptions.of(Consistency.ONE), r -> {});
        f.sim.schedule(Duration.ofMillis(1), this);
      }
    });
    Throttled t = (Throttled) f.write(0, "k", "v", WriteOptions.of(Consistency.ALL));
    assertEquals(3, t.attempts());
    QuorumMetrics m = f.store.metrics();
    assertEquals(3, m.clientWriteAttempts());
    assertEquals(3, m.clientWritesThrottled());
    assertEquals(2, m.clientRetries());
    assertEquals(1, m.clientWriteGiveUps());
    assertTrue(t.toString().contains("gave up after 3 attempts"), t::toString);
  }

  @Test
  void aPartitionKeptHotSplitsOnItsPrimary() {
    PartitionCapacity c = PartitionCapacity.custom().writeUnitsPerSecond(100).heatThreshold(0.5)
        .heatPeriod(Duration.ofSeconds(2)).splitDelay(Duration.ofSeconds(1)).build();
    Fixture f = new Fixture(5, 3, 1, Fixture.quiet().vnodes(4).partitionCapacity(c).build(), Fixture.constantMs(1));
    NodeId n0 = f.store.storeNodes().get(0);
    boolean[] stop = {false};
    int before = f.store.node(n0).partitionCount();
    assertEquals(12, before, "3 nodes x 4 tokens");
    f.sim.schedule(Duration.ZERO, new Runnable() {
      @Override
      public void run() {
        if (!stop[0]) {
          f.store.write(n0, "hot", "x", WriteOptions.of(Consistency.ONE), r -> {});
          f.sim.schedule(Duration.ofMillis(10), this); // 100/s, all admitted, twice the threshold
        }
      }
    });
    f.sim.runFor(Duration.ofMillis(3_500));
    assertEquals(2, f.store.metrics().partitionSplits(),
        "the primary, which meters the partition, split it: cut just after and just before the hot key");
    NodeId primary = f.store.preferenceList("hot").get(0);
    for (NodeId n : f.store.storeNodes()) {
      assertEquals(n.equals(primary) ? before + 2 : before, f.store.node(n).partitionCount(), n.name());
    }
    stop[0] = true;
    f.sim.runFor(Duration.ofSeconds(1));
    f.cluster.crash(primary);
    f.cluster.restart(primary);
    f.sim.runFor(Duration.ofMillis(1));
    assertEquals(before + 2, f.store.node(primary).partitionCount(), "split points survive a crash");
  }

  @Test
  void aRequestWaitsForTheVerdictOfItsPrimaryOrForItsSilence() {
    PartitionCapacity generous = PartitionCapacity.custom().splitForHeat(false).build();
    Fixture metered = new Fixture(5, 3, 1, Fixture.quiet().partitionCapacity(generous).build(), Fixture.constantMs(1));
    Fixture free = new Fixture(5, 3, 1, Fixture.quiet().build(), Fixture.constantMs(1));
    for (Fixture f : List.of(metered, free)) {
      NodeId coordinator = f.store.client(0).defaultCoordinator();
      int i = 0;
      while (f.store.preferenceList("k" + i).get(0).equals(coordinator)) {
        i++; // a key whose primary is not the client's coordinator, which must stay up
      }
      String key = "k" + i;
      f.cluster.crash(f.store.preferenceList(key).get(0));
      long start = f.sim.now();
      assertTrue(f.write(0, key, "v", WriteOptions.of(Consistency.QUORUM)).ok());
      long writeTime = f.sim.now() - start;
      start = f.sim.now();
      assertTrue(f.read(0, key, ReadOptions.of(Consistency.ONE)).ok());
      long readTime = f.sim.now() - start;
      if (f == metered) {
        long waited = QuorumConfig.DEFAULT_REPLICA_TIMEOUT.toNanos() + 2 * Fixture.MS;
        assertEquals(waited + 2 * Fixture.MS, writeTime,
            "the primary's silence decided, then the two live replicas acknowledged in one more round trip");
        assertEquals(waited, readTime, "a live replica answered at once; the primary's silence decided");
      } else {
        assertEquals(4 * Fixture.MS, writeTime, "unmetered: W acknowledgements suffice");
        assertEquals(4 * Fixture.MS, readTime);
      }
    }
    assertEquals(0, metered.store.metrics().replicaWriteThrottles());
  }

  @Test
  void figuresPrintOnlyWhenSomethingWasThrottled() {
    Fixture f = fixture(ThrottleRetry.none(), false);
    QuorumResult r = f.write(0, "k", "v", WriteOptions.of(Consistency.ONE));
    assertTrue(r.throttled(), r::toString);
    String text = f.store.metrics().toString();
    assertTrue(text.contains("replica throttles 0/1") && text.contains("give-ups 0/1"), text);
    assertTrue(f.store.config().toString().contains("PartitionCapacity[write 10/s"), f.store.config()::toString);
    assertFalse(QuorumConfig.ofDefaults().toString().contains("PartitionCapacity"));
  }

  @Test
  void configsCopyEveryFigure() {
    PartitionCapacity c = PartitionCapacity.custom().writeUnitsPerSecond(7).readUnitsPerSecond(9)
        .burstWindow(Duration.ofSeconds(2)).initialCredit(Duration.ofMillis(500)).splitForHeat(false)
        .heatThreshold(0.25).heatPeriod(Duration.ofSeconds(3)).splitDelay(Duration.ofSeconds(4)).build();
    assertEquals(c.toString(), PartitionCapacity.from(c).build().toString());
    assertEquals("PartitionCapacity[write 7/s, read 9/s, burst 2s, initial credit 500ms, no split for heat]",
        c.toString());
    assertEquals(14, c.writeBucket().capacity());
    assertEquals(3, c.writeBucket().initialTokens(), "half a second of 7/s, rounded down");
    assertEquals(18, c.readBucket().capacity());
    ThrottleRetry t = ThrottleRetry.custom().maxAttempts(4).base(Duration.ofMillis(3)).cap(Duration.ofMillis(9)).build();
    assertEquals(t.toString(), ThrottleRetry.from(t).build().toString());
    assertEquals(4, t.maxAttempts());
    assertEquals(Duration.ofMillis(9), t.backoff().cap());
    QuorumConfig q = QuorumConfig.custom().partitionCapacity(c).throttleRetry(t).build();
    assertEquals(q.toString(), QuorumConfig.from(q).build().toString());
    assertEquals(1, ThrottleRetry.none().maxAttempts());
    assertEquals("PartitionCapacity[unlimited]", PartitionCapacity.unlimited().toString());
  }

  @Test
  void badLimitsNameTheParameterTheValueAndTheRange() {
    assertMessage(() -> PartitionCapacity.custom().writeUnitsPerSecond(0), "writeUnitsPerSecond", "0");
    assertMessage(() -> PartitionCapacity.custom().readUnitsPerSecond(-5), "readUnitsPerSecond", "-5");
    assertMessage(() -> PartitionCapacity.custom().burstWindow(Duration.ofSeconds(-1)), "burstWindow", "-1");
    assertMessage(() -> PartitionCapacity.custom().initialCredit(Duration.ofSeconds(-1)), "initialCredit", "-1");
    assertMessage(() -> PartitionCapacity.custom().heatThreshold(0), "heatThreshold", "0");
    assertMessage(() -> PartitionCapacity.custom().heatThreshold(1.5), "heatThreshold", "1.5");
    assertMessage(() -> PartitionCapacity.custom().heatPeriod(Duration.ZERO), "heatPeriod", "0");
    assertMessage(() -> PartitionCapacity.custom().splitDelay(Duration.ofMillis(-1)), "splitDelay", "-");
    assertMessage(() -> ThrottleRetry.custom().maxAttempts(0), "maxAttempts", "0");
    IllegalStateException clash = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
        () -> ThrottleRetry.custom().base(Duration.ofSeconds(2)).cap(Duration.ofSeconds(1)).build());
    assertTrue(clash.getMessage().contains("cap") && clash.getMessage().contains("base"), clash.getMessage());
    IllegalStateException big = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
        () -> PartitionCapacity.custom().writeUnitsPerSecond(1_000_000_000L).burstWindow(Duration.ofDays(1)).build());
    assertTrue(big.getMessage().contains("burstWindow"), big.getMessage());
  }

  @Test
  void theDefaultsAreDynamoDbsFiguresAndOff() {
    assertFalse(QuorumConfig.ofDefaults().partitionCapacity().enabled());
    PartitionCapacity on = PartitionCapacity.limited();
    assertTrue(on.enabled());
    assertEquals(1_000, on.writeBucket().ratePerSecond());
    assertEquals(300_000, on.writeBucket().capacity(), "300 s of burst");
    assertEquals(1_000, on.writeBucket().initialTokens());
    assertEquals(900_000, on.readBucket().capacity());
    assertTrue(PartitionCapacity.from(PartitionCapacity.unlimited()).build().enabled());
  }

  private static void assertMessage(Runnable r, String parameter, String value) {
    IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, r::run);
    assertTrue(e.getMessage().contains(parameter) && e.getMessage().contains(value), e.getMessage());
  }

  /** 4 nodes, N=3, DVV, partitions that start without credit: a partition's first write is refused. */
  private static Fixture dvvFixture() {
    return new Fixture(5, 4, 1, Fixture.quiet().versioning(Versioning.DVV).partitionCapacity(tight(false))
        .throttleRetry(ThrottleRetry.none()).build(), Fixture.constantMs(1));
  }

  private static QuorumResult writeVia(Fixture f, NodeId coordinator, String key, String value) {
    List<QuorumResult> out = new ArrayList<>();
    f.store.write(coordinator, key, value, WriteOptions.of(Consistency.QUORUM), out::add);
    f.sim.runUntil(() -> !out.isEmpty(), Duration.ofSeconds(10));
    return out.get(0);
  }

  /** The coordinator of {@code key} for a role: 0 its primary, 1 another replica, 2 a node that is no replica. */
  private static NodeId coordinatorFor(Fixture f, String key, int role) {
    List<NodeId> pref = f.store.preferenceList(key);
    if (role < 2) {
      return pref.get(role);
    }
    return f.store.storeNodes().stream().filter(n -> !pref.contains(n)).findFirst().orElseThrow();
  }

  @Test
  void aWriteItsPrimaryRefusedIsStoredNowhereWhoeverCoordinates() {
    for (int role = 0; role < 3; role++) {
      Fixture f = dvvFixture();
      NodeId coordinator = coordinatorFor(f, "k", role);
      QuorumResult refused = writeVia(f, coordinator, "k", "refused");
      assertTrue(refused.throttled(), "role " + role + ": " + refused);
      f.sim.runFor(Duration.ofMillis(20)); // any message still in flight lands
      for (NodeId n : f.store.storeNodes()) {
        assertNull(f.store.replicaState(n, "k"), "role " + role + ": nothing stored on " + n.name());
      }
      f.sim.runFor(Duration.ofMillis(200)); // the partition earns a unit
      assertTrue(writeVia(f, coordinator, "k", "admitted").ok(), "role " + role);
      f.sim.runFor(Duration.ofMillis(20));
      for (NodeId n : f.store.preferenceList("k")) {
        // A refused version left in the coordinator's own state would come back as a sibling here.
        assertEquals(List.of("admitted"), List.copyOf(f.store.replicaState(n, "k").values()),
            "role " + role + " on " + n.name());
      }
      assertEquals(1, f.store.metrics().replicaWriteThrottles(), "role " + role);
    }
  }

  @Test
  void aMeteredWriteCostsOneMoreRoundTripUnlessItsCoordinatorIsThePrimary() {
    PartitionCapacity generous = PartitionCapacity.custom().splitForHeat(false).build();
    long[] took = new long[3];
    for (int role = 0; role < 3; role++) {
      Fixture f = new Fixture(5, 4, 1, Fixture.quiet().partitionCapacity(generous).build(), Fixture.constantMs(1));
      long start = f.sim.now();
      assertTrue(writeVia(f, coordinatorFor(f, "k", role), "k", "v").ok());
      took[role] = f.sim.now() - start;
    }
    Fixture free = new Fixture(5, 4, 1, Fixture.quiet().build(), Fixture.constantMs(1));
    long start = free.sim.now();
    assertTrue(writeVia(free, coordinatorFor(free, "k", 1), "k", "v").ok());
    assertEquals(2 * Fixture.MS, free.sim.now() - start, "unmetered: one round trip to the replicas");
    assertEquals(2 * Fixture.MS, took[0], "the primary admits its own write: one round trip to the others");
    assertEquals(4 * Fixture.MS, took[1], "the primary first, then the others");
    assertEquals(4 * Fixture.MS, took[2], "the primary first, then the others");
  }

  @Test
  void aSilentPrimaryGetsAHintAndTheWriteGoesOnUnmetered() {
    PartitionCapacity generous = PartitionCapacity.custom().splitForHeat(false).build();
    Fixture f = new Fixture(5, 4, 1, QuorumConfig.custom().antiEntropy(false).partitionCapacity(generous).build(),
        Fixture.constantMs(1));
    NodeId primary = f.store.preferenceList("k").get(0);
    f.cluster.crash(primary);
    long start = f.sim.now();
    assertTrue(writeVia(f, coordinatorFor(f, "k", 1), "k", "v").ok());
    assertEquals(QuorumConfig.DEFAULT_REPLICA_TIMEOUT.toNanos() + 2 * Fixture.MS, f.sim.now() - start,
        "presumed down at the replica timeout, then one round trip to the others");
    f.sim.runFor(Duration.ofMillis(5));
    int hints = 0;
    for (NodeId n : f.store.storeNodes()) {
      if (!n.equals(primary)) {
        hints += f.store.node(n).hintsHeld();
        if (f.store.preferenceList("k").contains(n)) {
          assertEquals(List.of("v"), List.copyOf(f.store.replicaState(n, "k").values()), n.name());
        }
      }
    }
    assertEquals(1, hints, "one hint, for the silent primary, on the fallback");
    assertEquals(0, f.store.metrics().replicaWriteThrottles());
  }

  @Test
  void aPrimaryCoordinatorThatIsTheOnlyTargetAnswersAtOnce() {
    QuorumConfig config = Fixture.quiet().replicationFactor(1).versioning(Versioning.DVV)
        .partitionCapacity(tight(true)).throttleRetry(ThrottleRetry.none()).build();
    Fixture f = new Fixture(5, 1, 1, config, Fixture.constantMs(1));
    NodeId only = f.store.storeNodes().get(0);
    long start = f.sim.now();
    assertTrue(writeVia(f, only, "k", "v1").ok());
    assertEquals(0, f.sim.now() - start, "no message: admitted and stored here");
    assertTrue(writeVia(f, only, "k", "v2").throttled(), "the one unit is spent");
    assertEquals(List.of("v1"), List.copyOf(f.store.replicaState(only, "k").values()));
    assertEquals(0, f.store.node(only).operationsInProgress());
    QuorumMetrics m = f.store.metrics();
    assertEquals(1, m.writes());
    assertEquals(1, m.writeLatency().count(), "the admitted write's latency, 0, is recorded");
    assertEquals(0, m.writeLatency().max());
    assertEquals(1, m.writesThrottled());
  }

  @Test
  void underDvvThePrimaryMintsTheDotsOfWritesOthersCoordinateSoConcurrentOnesAllSurvive() {
    PartitionCapacity generous = PartitionCapacity.custom().splitForHeat(false).build();
    for (int role = 1; role < 3; role++) {
      Fixture f = new Fixture(5, 4, 1, Fixture.quiet().versioning(Versioning.DVV).partitionCapacity(generous).build(),
          Fixture.constantMs(1));
      NodeId coordinator = coordinatorFor(f, "k", role);
      NodeId primary = f.store.preferenceList("k").get(0);
      List<QuorumResult> out = new ArrayList<>();
      for (String v : List.of("a", "b", "c")) { // all three await admission at once
        f.store.write(coordinator, "k", v, WriteOptions.of(Consistency.QUORUM), out::add);
      }
      f.sim.runUntil(() -> out.size() == 3, Duration.ofSeconds(10));
      List<Long> counters = new ArrayList<>();
      for (QuorumResult r : out) {
        assertTrue(r.ok(), "role " + role + ": " + r);
        DottedVersion dot = (DottedVersion) ((WriteOk) r).version().version();
        assertEquals(primary.name(), dot.actor(), "role " + role + ": the primary minted the dot");
        counters.add(dot.counter());
      }
      assertEquals(List.of(1L, 2L, 3L), counters, "role " + role + ": one dot each, in the order admitted");
      f.sim.runFor(Duration.ofMillis(20));
      for (NodeId n : f.store.preferenceList("k")) {
        assertEquals(List.of("a", "b", "c"), f.store.replicaState(n, "k").values().stream().sorted().toList(),
            "role " + role + ": blind concurrent writes are siblings on " + n.name());
      }
    }
  }

  @Test
  void aPrimaryPresumedDownLeavesTheDotToTheCoordinatorAndALateAdmissionStoresTheValueTwiceAtMost() {
    PartitionCapacity generous = PartitionCapacity.custom().splitForHeat(false).build();
    Fixture f = new Fixture(5, 4, 1, QuorumConfig.custom().antiEntropy(false).versioning(Versioning.DVV)
        .partitionCapacity(generous).build(), Fixture.constantMs(1));
    NodeId primary = f.store.preferenceList("k").get(0);
    NodeId coordinator = coordinatorFor(f, "k", 1);
    f.cluster.crash(primary);
    QuorumResult r = writeVia(f, coordinator, "k", "v");
    assertTrue(r.ok(), r::toString);
    assertEquals(coordinator.name(), ((DottedVersion) ((WriteOk) r).version().version()).actor(),
        "the primary never answered: the coordinator minted the dot, as for an unmetered write");
  }

  /** Write units 10/s and read units 10/s, one second of credit and burst. */
  private static Fixture unitsFixture() {
    PartitionCapacity c = PartitionCapacity.custom().writeUnitsPerSecond(10).readUnitsPerSecond(10)
        .burstWindow(Duration.ofSeconds(1)).initialCredit(Duration.ofSeconds(1)).splitForHeat(false).build();
    return new Fixture(5, 3, 1, Fixture.quiet().partitionCapacity(c).throttleRetry(ThrottleRetry.none()).build(),
        Fixture.constantMs(1));
  }

  @Test
  void aWriteCostsItsItemSizeInKilobytes() {
    Fixture f = unitsFixture();
    String threeKb = "x".repeat(3 * 1024 - 1); // with the key "k": 3 KB exactly
    for (int i = 0; i < 3; i++) {
      assertTrue(f.write(0, "k", threeKb, WriteOptions.of(Consistency.QUORUM)).ok(), "3 KB write " + i + ": 3 units");
    }
    assertTrue(f.write(0, "k", "y", WriteOptions.of(Consistency.QUORUM)).ok(), "the tenth unit");
    assertTrue(f.write(0, "k", "y", WriteOptions.of(Consistency.QUORUM)).throttled(), "none left");
  }

  @Test
  void anEventuallyConsistentReadCostsHalfAStrongOneAndBothCostTheStoredItemsSize() {
    Fixture f = unitsFixture();
    f.sim.runFor(Duration.ofSeconds(1));
    int strong = 0;
    while (f.read(0, "k", ReadOptions.of(Consistency.QUORUM)).ok()) {
      strong++;
    }
    assertBetween(10, 11, strong, "R + W > N: a strongly consistent read, one unit each");
    f.sim.runFor(Duration.ofSeconds(2));
    int eventual = 0;
    while (f.read(0, "k", ReadOptions.of(Consistency.ONE)).ok()) {
      eventual++;
    }
    assertBetween(20, 21, eventual, "R=1 with W=2 of 3: eventually consistent, half a unit each");
    f.sim.runFor(Duration.ofSeconds(2));
    assertTrue(f.write(0, "k", "x".repeat(4096), WriteOptions.of(Consistency.QUORUM)).ok()); // 4,097 bytes
    f.sim.runFor(Duration.ofSeconds(2));
    int big = 0;
    while (f.read(0, "k", ReadOptions.of(Consistency.ONE)).ok()) {
      big++;
    }
    assertBetween(10, 11, big, "an item just over 4 KB: a whole unit even eventually");
    f.sim.runFor(Duration.ofSeconds(2));
    int linearizable = 0;
    while (f.read(0, "k", ReadOptions.custom().consistency(Consistency.ONE).linearizable(true).build()).ok()) {
      linearizable++;
    }
    assertBetween(5, 6, linearizable, "linearizable is strongly consistent whatever R: two units for 4,097 bytes");
  }

  /** The 10 (or 20) saved units, plus at most one earned while the reads themselves took their round trips. */
  private static void assertBetween(int low, int high, int actual, String what) {
    assertTrue(actual >= low && actual <= high, what + ": " + actual + " admitted, expected " + low + ".." + high);
  }
}
