package dev.caplab.replication.quorum;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
    assertEquals(2, t.throttledReplicas(), "answered as soon as W=2 of 3 was out of reach");
    assertEquals(2, t.required());
    assertEquals(1, t.attempts());
    assertTrue(t.retryAfter().compareTo(Duration.ZERO) > 0 && t.retryAfter().compareTo(Duration.ofMillis(100)) <= 0,
        t::toString);
    assertEquals(4 * Fixture.MS, f.sim.now() - start, "answered after two round trips, no timeout");
    assertEquals(Op.Type.INFO, f.history().events().get(3).type(), "a throttled write's outcome is unknown");
    QuorumMetrics m = f.store.metrics();
    assertEquals(1, m.writesThrottled());
    assertEquals(3, m.replicaWriteThrottles());
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
  void aPartitionKeptHotSplitsOnEveryReplica() {
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
    assertEquals(3, f.store.metrics().partitionSplits(), "each of the 3 replicas split its hot partition");
    for (NodeId n : f.store.storeNodes()) {
      assertEquals(before + 1, f.store.node(n).partitionCount(), n.name());
    }
    stop[0] = true;
    f.sim.runFor(Duration.ofSeconds(1));
    f.cluster.crash(n0);
    f.cluster.restart(n0);
    f.sim.runFor(Duration.ofMillis(1));
    assertEquals(before + 1, f.store.node(n0).partitionCount(), "split points survive a crash");
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
}
