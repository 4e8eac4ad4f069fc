package dev.caplab.messaging.resilience;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.caplab.time.Scheduler;
import dev.caplab.metrics.SimulatedMeterRegistry;
import dev.caplab.sim.Simulation;
import dev.caplab.time.ManualTicker;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class BulkheadTest {

  final ManualTicker ticker = new ManualTicker();

  @Test
  void defaultsAreResilience4js() {
    assertEquals(25, BulkheadConfig.ofDefaults().maxConcurrentCalls());
    assertEquals(Duration.ZERO, BulkheadConfig.ofDefaults().maxWaitDuration());
  }

  @Test
  void atMostMaxConcurrentThenFreedByRelease() throws Exception {
    Bulkhead b = Bulkhead.of("b", BulkheadConfig.custom().maxConcurrentCalls(2).build(), ticker);
    assertTrue(b.tryAcquirePermission());
    assertTrue(b.tryAcquirePermission());
    assertFalse(b.tryAcquirePermission());
    assertFalse(b.acquirePermission(), "max wait 0: fails at once");
    assertThrows(BulkheadFullException.class, () -> b.executeCallable(() -> "x"));
    b.releasePermission();
    assertEquals("x", b.executeCallable(() -> "x"));
    assertEquals(1, b.availableConcurrentCalls());
    b.releasePermission();
    assertThrows(IllegalStateException.class, b::releasePermission);
  }

  @Test
  void eventDrivenWaitQueueHandsSlotsOverInOrderOrRejectsAtTheDeadline() {
    Simulation sim = Simulation.withSeed(1);
    Bulkhead b = Bulkhead.of("b", BulkheadConfig.custom().maxConcurrentCalls(1)
        .maxWaitDuration(Duration.ofMillis(100)).build(), sim.ticker());
    Scheduler scheduler = sim.scheduler();
    List<String> log = new ArrayList<>();
    b.acquirePermission(scheduler, () -> log.add("1 in@" + sim.now()), () -> log.add("1 out"));
    b.acquirePermission(scheduler, () -> log.add("2 in@" + sim.now()), () -> log.add("2 out"));
    b.acquirePermission(scheduler, () -> log.add("3 in@" + sim.now()), () -> log.add("3 out"));
    assertEquals(2, b.queuedCalls());
    sim.schedule(Duration.ofMillis(40), b::releasePermission);
    sim.runUntilQuiescent();
    assertEquals(List.of("1 in@0", "2 in@40000000", "3 out"), log);
    assertEquals(100_000_000L, sim.now(), "3 was rejected at its deadline");
    assertEquals(0, b.queuedCalls());
    assertEquals(0, b.availableConcurrentCalls(), "2 still holds the slot");
  }

  @Test
  void blockingAcquireWaitsForARelease() throws Exception {
    Bulkhead b = Bulkhead.of("b", BulkheadConfig.custom().maxConcurrentCalls(1)
        .maxWaitDuration(Duration.ofSeconds(10)).build(), dev.caplab.time.Ticker.system());
    assertTrue(b.tryAcquirePermission());
    Thread releaser = new Thread(() -> {
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      b.releasePermission();
    });
    releaser.start();
    assertTrue(b.acquirePermission());
    releaser.join();
    assertEquals(0, b.availableConcurrentCalls());
  }

  @Test
  void everyDecisionIsCountedOnceAsPermittedOrRejected() throws Exception {
    Simulation sim = Simulation.withSeed(2);
    Bulkhead b = Bulkhead.of("counted", BulkheadConfig.custom().maxConcurrentCalls(1)
        .maxWaitDuration(Duration.ofMillis(100)).build(), sim.ticker());
    Scheduler scheduler = sim.scheduler();
    assertEquals("counted", b.name());
    assertTrue(b.tryAcquirePermission());
    assertFalse(b.tryAcquirePermission());
    assertEquals(1, b.permittedCalls());
    assertEquals(1, b.rejectedCalls());

    List<String> log = new ArrayList<>();
    b.acquirePermission(scheduler, () -> log.add("handed over"), () -> log.add("late"));
    b.acquirePermission(scheduler, () -> log.add("second"), () -> log.add("expired"));
    sim.schedule(Duration.ofMillis(40), b::releasePermission);
    sim.runUntilQuiescent();
    assertEquals(List.of("handed over", "expired"), log);
    assertEquals(2, b.permittedCalls(), "the slot handed over by the release");
    assertEquals(2, b.rejectedCalls(), "the waiter whose max wait ran out");

    b.releasePermission();
    List<String> now = new ArrayList<>();
    b.acquirePermission(scheduler, () -> now.add("at once"), () -> now.add("rejected"));
    assertEquals(List.of("at once"), now);
    assertEquals(3, b.permittedCalls());
    b.releasePermission();
    assertTrue(b.acquirePermission(), "a free slot, taken without waiting");
    assertEquals(4, b.permittedCalls());

    Bulkhead noWait = Bulkhead.of("nowait", BulkheadConfig.custom().maxConcurrentCalls(1).build(),
        sim.ticker());
    noWait.acquirePermission(scheduler, () -> now.add("first"), () -> now.add("never"));
    noWait.acquirePermission(scheduler, () -> now.add("never"), () -> now.add("no wait"));
    assertFalse(noWait.acquirePermission());
    assertEquals(List.of("at once", "first", "no wait"), now);
    assertEquals(1, noWait.permittedCalls());
    assertEquals(2, noWait.rejectedCalls());
  }

  @Test
  void aWaiterHandedASlotLeavesNoTimerBehind() {
    // A max-wait timer left behind would still fire (a simulation event) after the waiter got
    // its slot.
    ManualScheduler scheduler = new ManualScheduler(ticker);
    Bulkhead b = Bulkhead.of("b", BulkheadConfig.custom().maxConcurrentCalls(1)
        .maxWaitDuration(Duration.ofMillis(100)).build(), ticker);
    assertTrue(b.tryAcquirePermission());
    List<String> log = new ArrayList<>();
    b.acquirePermission(scheduler, () -> log.add("in"), () -> log.add("out"));
    assertEquals(1, scheduler.pending());
    scheduler.advance(40_000_000L);
    b.releasePermission();
    assertEquals(List.of("in"), log);
    assertEquals(0, scheduler.pending(), "the handed-over waiter's timer is cancelled");
  }

  @Test
  void aBlockedThreadThatLosesTheFreedSlotWaitsOnToItsDeadline() throws Exception {
    Bulkhead b = Bulkhead.of("b", BulkheadConfig.custom().maxConcurrentCalls(1)
        .maxWaitDuration(Duration.ofSeconds(2)).build(), dev.caplab.time.Ticker.system());
    assertTrue(b.tryAcquirePermission());
    boolean[] got = new boolean[2];
    Thread[] threads = new Thread[2];
    for (int i = 0; i < 2; i++) {
      int k = i;
      threads[i] = new Thread(() -> {
        try {
          got[k] = b.acquirePermission();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      });
      threads[i].start();
    }
    for (Thread t : threads) {
      while (t.isAlive() && t.getState() != Thread.State.TIMED_WAITING) {
        Thread.sleep(1);
      }
    }
    // One release wakes both; the first takes the slot, the other must find none and time out.
    b.releasePermission();
    for (Thread t : threads) {
      t.join(10_000);
      assertFalse(t.isAlive(), "a blocked acquire returns by its deadline");
    }
    assertEquals(1, (got[0] ? 1 : 0) + (got[1] ? 1 : 0), "one slot, one taker");
    assertEquals(0, b.availableConcurrentCalls());
    assertEquals(2, b.permittedCalls());
    assertEquals(1, b.rejectedCalls());
  }

  /** Ops: 0 = tryAcquire, 1 = release one held slot, 2 = queued acquire, 3 = advance time. */
  @Property(tries = 300)
  void neverMoreThanMaxConcurrent(
      @ForAll @IntRange(min = 1, max = 5) int max,
      @ForAll @IntRange(min = 0, max = 50) int waitMs,
      @ForAll @Size(max = 200) List<@IntRange(min = 0, max = 3) Integer> ops) {
    Simulation sim = Simulation.withSeed(3);
    Bulkhead b = Bulkhead.of("p", BulkheadConfig.custom().maxConcurrentCalls(max)
        .maxWaitDuration(Duration.ofMillis(waitMs)).build(), sim.ticker());
    Scheduler scheduler = sim.scheduler();
    int[] holding = {0};
    int[] decided = {0};
    int queued = 0;
    for (int op : ops) {
      switch (op) {
        case 0:
          if (b.tryAcquirePermission()) {
            holding[0]++;
          }
          break;
        case 1:
          if (holding[0] > 0) {
            holding[0]--;
            b.releasePermission();
          }
          break;
        case 2:
          queued++;
          b.acquirePermission(scheduler, () -> {
            holding[0]++;
            decided[0]++;
          }, () -> decided[0]++);
          break;
        default:
          sim.runForNanos(10_000_000L);
          break;
      }
      assertTrue(holding[0] <= max, "holding " + holding[0] + " > max " + max);
      assertEquals(max, b.availableConcurrentCalls() + holding[0], "slots add up");
    }
    sim.runUntilQuiescent();
    assertEquals(queued, decided[0], "every queued caller got exactly one answer");
  }

  @Test
  void metersAndBadSettings() {
    MeterRegistry registry = SimulatedMeterRegistry.create(ticker);
    Bulkhead b = Bulkhead.of("b", BulkheadConfig.custom().maxConcurrentCalls(3).build(), ticker);
    b.bindTo(registry);
    b.tryAcquirePermission();
    assertEquals(2.0, registry.get("caplab.bulkhead.available.concurrent.calls")
        .tag("name", "b").gauge().value());
    BackoffTest.assertMessage("maxConcurrentCalls must be >= 1, got 0",
        () -> BulkheadConfig.custom().maxConcurrentCalls(0));
    BackoffTest.assertMessage("maxWaitDuration must be >= 0s, got -1ns",
        () -> BulkheadConfig.custom().maxWaitDuration(Duration.ofNanos(-1)));
  }
}
