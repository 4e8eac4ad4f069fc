package dev.caplab.replication.quorum;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.caplab.metrics.SimulatedMeterRegistry;
import dev.caplab.net.NodeId;
import dev.caplab.time.ManualTicker;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** What the throttling settings and figures say to a reader, and the largest burst a partition may hold. */
class ThrottlingFiguresTest {

  @Test
  void limitsThatSplitSayWhenAndHow() {
    PartitionCapacity c = PartitionCapacity.custom().writeUnitsPerSecond(7).readUnitsPerSecond(9)
        .burstWindow(Duration.ofSeconds(2)).initialCredit(Duration.ofMillis(500)).heatThreshold(0.25)
        .heatPeriod(Duration.ofSeconds(3)).splitDelay(Duration.ofSeconds(4)).build();
    assertTrue(c.splitForHeat());
    assertEquals("PartitionCapacity[write 7/s, read 9/s, burst 2s, initial credit 500ms, split for heat at 0.25 of"
        + " the limit for 3s after 4s]", c.toString());
    assertFalse(PartitionCapacity.from(c).splitForHeat(false).build().splitForHeat());
  }

  @Test
  void aRetryPolicySaysHowOftenAndHowLongItWaits() {
    assertEquals("ThrottleRetry[4 attempts, full jitter from 3ms to 9ms]", ThrottleRetry.custom().maxAttempts(4)
        .base(Duration.ofMillis(3)).cap(Duration.ofMillis(9)).build().toString());
    assertEquals("ThrottleRetry[1 attempts, full jitter from 25ms to 1s]", ThrottleRetry.none().toString());
  }

  @Test
  void aBurstOfExactlyTheLargestBucketIsAllowed() {
    long rate = 204_963_823L; // x 45 s = TokenBucketConfig.MAX_CAPACITY exactly
    assertEquals(dev.caplab.capacity.TokenBucketConfig.MAX_CAPACITY, rate * 45);
    PartitionCapacity c = PartitionCapacity.custom().writeUnitsPerSecond(rate).burstWindow(Duration.ofSeconds(45)).build();
    assertEquals(rate * 45, c.writeBucket().capacity());
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> PartitionCapacity.custom().writeUnitsPerSecond(rate).burstWindow(Duration.ofSeconds(45).plusNanos(5))
            .build());
    assertTrue(e.getMessage().contains("burstWindow"), e.getMessage());
  }

  /** The store's figures after {@code counts} ran on one node's and one client's meters. */
  private static String text(Consumer<QuorumMeters> node, Consumer<ClientMeters> client) {
    MeterRegistry registry = SimulatedMeterRegistry.create(new ManualTicker());
    QuorumMeters n = new QuorumMeters(registry, "n1");
    ClientMeters c = new ClientMeters(registry, "c1");
    node.accept(n);
    client.accept(c);
    return QuorumMetrics.of(registry, List.of(new NodeId("n1", 0)), List.of(new NodeId("c1", 1))).toString();
  }

  @Test
  void theThrottlingFiguresShowWheneverAnyOfThemIsNotZero() {
    assertFalse(text(n -> {}, c -> {}).contains("throttle"), "nothing throttled: the text is as without limits");
    String bothKinds = text(n -> {
      n.replicaReadThrottles.increment();
      n.replicaWriteThrottles.increment();
    }, c -> {});
    assertTrue(bothKinds.contains("replica throttles 1/1"), bothKinds);
    String splitsAndThrottles = text(n -> {
      n.replicaReadThrottles.increment();
      n.partitionSplits.increment();
    }, c -> {});
    assertTrue(splitsAndThrottles.contains("splits 1"), splitsAndThrottles);
    String retriedOnce = text(n -> n.replicaWriteThrottles.increment(), c -> c.writeRetries.increment());
    assertTrue(retriedOnce.contains("retries 1"), "a write throttled once and retried: " + retriedOnce);
    String onlyRetries = text(n -> {}, c -> c.readRetries.increment());
    assertTrue(onlyRetries.contains("retries 1"), onlyRetries);
  }

  @Test
  void aRefusalSaysWhoRefusedAndOnlyAClientsGiveUpCountsAttempts() {
    Throttled t = new Throttled("k", "write", 2, 1, 3, Duration.ofMillis(40), 1);
    assertEquals("Throttled[write 'k': 1 of 3 replicas over the partition's limit, 2 answers required; retry after"
        + " 40ms]", t.toString());
    assertEquals("Throttled[write 'k': 1 of 3 replicas over the partition's limit, 2 answers required; retry after"
        + " 40ms; gave up after 2 attempts]", t.afterAttempts(2).toString());
  }

  @Test
  void limitsKeepTheirBurstAndCredit() {
    PartitionCapacity c = PartitionCapacity.custom().burstWindow(Duration.ofSeconds(2))
        .initialCredit(Duration.ofMillis(500)).build();
    assertEquals(Duration.ofSeconds(2), c.burstWindow());
    assertEquals(Duration.ofMillis(500), c.initialCredit());
  }

  @Test
  void theStoreOnlyFiguresLeaveTheClientsOut() {
    MeterRegistry registry = SimulatedMeterRegistry.create(new ManualTicker());
    QuorumMeters n = new QuorumMeters(registry, "n1");
    ClientMeters c = new ClientMeters(registry, "c1");
    n.readsThrottled.increment();
    n.replicaReadThrottles.increment();
    c.readRetries.increment();
    QuorumMetrics storeOnly = QuorumMetrics.of(registry, List.of(new NodeId("n1", 0)));
    assertEquals(1, storeOnly.readsThrottled());
    assertEquals(1, storeOnly.replicaReadThrottles());
    assertEquals(0, storeOnly.clientRetries());
    QuorumMetrics both = QuorumMetrics.of(registry, List.of(new NodeId("n1", 0)), List.of(new NodeId("c1", 1)));
    assertEquals(1, both.clientRetries());
  }
}
