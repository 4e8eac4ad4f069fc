package dev.caplab.replication.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.caplab.sim.Simulation;
import dev.caplab.time.ManualTicker;
import dev.caplab.time.Scheduler;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * When a write-back cache flushes, what a flush and a crash leave behind (timers, accumulators),
 * and which keys it may forget: the decisions that decide whether an acknowledged increment
 * reaches the store once, on time.
 */
class WriteBackFlushDecisionsTest {

  static final long MS = 1_000_000L;

  private final Simulation sim = Simulation.withSeed(1);
  private final RecordingStore store = new RecordingStore(sim, 0);

  private static WriteBackConfig config(long intervalMs, int maxKeys) {
    return WriteBackConfig.custom().flushInterval(Duration.ofMillis(intervalMs)).maxBufferedKeys(maxKeys).build();
  }

  /** The simulation's scheduler, counting the timers that are neither cancelled nor run yet. */
  private final class CountingScheduler implements Scheduler {
    int live;
    int scheduled;

    @Override
    public Cancellable schedule(long delayNanos, Runnable action) {
      scheduled++;
      live++;
      boolean[] over = {false};
      Cancellable inner = sim.scheduler().schedule(delayNanos, () -> {
        if (!over[0]) {
          over[0] = true;
          live--;
        }
        action.run();
      });
      return () -> {
        if (!over[0]) {
          over[0] = true;
          live--;
        }
        inner.cancel();
      };
    }
  }

  @Test
  void aSizeFlushCancelsItsTimerAndTheNextIncrementStartsAFreshInterval() {
    CountingScheduler timers = new CountingScheduler();
    WriteBackCache cache = WriteBackCache.of(config(100, 2), store, sim.ticker(), timers);
    cache.increment("a", 1);
    assertEquals(1, timers.live);
    sim.runForNanos(10 * MS);
    cache.increment("b", 1); // the second key of two: flushed at once
    assertEquals(2, store.writes.size());
    assertEquals(0, timers.live, "the size flush cancelled the interval timer: no stale timer is left queued");
    sim.runForNanos(40 * MS);
    cache.increment("c", 1); // at 50 ms, into an empty buffer
    sim.runForNanos(100 * MS - 1);
    assertEquals(2, store.writes.size(), "the old interval (due at 100 ms) no longer flushes");
    sim.runForNanos(1);
    assertEquals(new RecordingStore.Write(150 * MS, "c", 1, true), store.writes.get(2),
        "a full interval after the increment that found the buffer empty");
    assertEquals(0, timers.live);
  }

  @Test
  void aKeyFlushedAtItsLimitOverAndOverKeepsAtMostOneTimerQueued() {
    CountingScheduler timers = new CountingScheduler();
    WriteBackCache cache = WriteBackCache.of(config(1_000, 1), store, sim.ticker(), timers);
    for (int i = 0; i < 100; i++) {
      cache.increment("hot", 1);
      assertTrue(timers.live <= 1, "increment " + i + ": " + timers.live + " timers queued");
    }
    assertEquals(100, store.writes.size());
    assertEquals(0, timers.live, "each size flush cancelled the timer its increment started");
  }

  /** The simulation's scheduler whose cancel does nothing: a cancelled timer that still fires, as a real executor's may. */
  private Scheduler racing() {
    return (delayNanos, action) -> {
      sim.scheduler().schedule(delayNanos, action);
      return () -> {};
    };
  }

  @Test
  void aCancelledTimerThatFiresAnywayDoesNotFlushTheNextIntervalEarly() {
    WriteBackCache cache = WriteBackCache.of(config(100, 2), store, sim.ticker(), racing());
    cache.increment("a", 1); // timer due at 100 ms
    sim.runForNanos(10 * MS);
    cache.increment("b", 1); // size flush; the timer is cancelled, but fires anyway
    sim.runForNanos(10 * MS);
    cache.increment("c", 1); // a new interval: due at 120 ms
    sim.runForNanos(100 * MS - 1);
    assertEquals(2, store.writes.size(), "the stale timer at 100 ms found its successor not due and kept out");
    assertEquals(0, cache.stats().intervalFlushes());
    sim.runForNanos(1);
    assertEquals(new RecordingStore.Write(120 * MS, "c", 1, true), store.writes.get(2));
    assertEquals(1, cache.stats().intervalFlushes());
  }

  @Test
  void aCrashCancelsTheTimerAndReportsItselfOnlyOnceItHappened() {
    CountingScheduler timers = new CountingScheduler();
    WriteBackCache cache = WriteBackCache.of(config(100, 1_000), store, sim.ticker(), timers);
    cache.increment("a", 3);
    assertFalse(cache.crashed(), "a running cache");
    assertEquals(1, timers.live);
    cache.crash();
    assertTrue(cache.crashed());
    assertEquals(0, timers.live, "a dead process leaves no timer behind");
    assertEquals(3, cache.lostIncrements());
    assertEquals(0, cache.buffered("a"));
    cache.flush();
    sim.runFor(Duration.ofSeconds(1));
    assertEquals(List.of(), store.writes, "nothing buffered before the crash reaches the store");
    assertEquals(0, cache.stats().flushes());
  }

  @Test
  void aKeyNeverIncrementedHasNothingBufferedAndAnEmptyFlushIsNoFlush() {
    WriteBackCache cache = WriteBackCache.of(config(100, 1_000), store, sim.ticker(), sim.scheduler());
    assertEquals(0, cache.buffered("never"));
    cache.flush();
    cache.increment("a", 1);
    cache.flush();
    cache.flush();
    assertEquals(1, store.writes.size());
    assertEquals(1, cache.stats().flushes(), "flushes that wrote at least one key");
    assertEquals(0, cache.buffered("never"));
  }

  /**
   * A key with a write still in flight is pinned even after an earlier write of it was answered:
   * forgetting it would split its count over two accumulators.
   */
  @Test
  void aKeyIsPinnedWhileAnyOfItsWritesIsInFlight() {
    long hour = Duration.ofHours(1).toNanos();
    boolean[] refuse = {false};
    List<RecordingStore.Write> writes = new ArrayList<>();
    int[] sent = {0};
    CounterStore twoSpeeds = (key, delta, done) -> {
      long at = sim.now();
      long delay = sent[0]++ == 0 ? 10 * MS : hour; // the first write is answered soon, the second in an hour
      sim.schedule(delay, () -> {
        boolean applied = !refuse[0];
        writes.add(new RecordingStore.Write(at, key, delta, applied));
        done.complete(key, delta, applied);
      });
    };
    // An interval far beyond the test: only the manual flushes write.
    WriteBackCache cache = WriteBackCache.of(WriteBackConfig.custom().flushInterval(Duration.ofHours(10))
        .idleExpiry(Duration.ofSeconds(1)).build(), twoSpeeds, sim.ticker(), sim.scheduler());
    cache.increment("a", 2);
    cache.flush(); // answered at 10 ms
    sim.runForNanos(MS);
    cache.increment("a", 5);
    cache.flush(); // answered in an hour
    sim.runFor(Duration.ofSeconds(10)); // the first write answered long ago; the key idle for its expiry
    assertEquals(1, cache.keysKnown(), "'a' still has 5 increments in flight: not forgotten");
    assertEquals(5, cache.stats().inFlight());
    refuse[0] = true;
    sim.runFor(Duration.ofHours(1)); // the second write is refused: its 5 go back to a's accumulator
    refuse[0] = false;
    assertEquals(5, cache.buffered("a"));
    cache.increment("a", 1);
    assertEquals(6, cache.buffered("a"), "one accumulator for the key");
    int before = writes.size();
    cache.flush();
    sim.runFor(Duration.ofHours(2));
    assertEquals(1, writes.size() - before, "one write per key per flush: " + writes.subList(before, writes.size()));
    assertEquals(6, writes.get(before).delta());
    assertEquals(new WriteBackStats(8, 8, 0, 0, 0, 0, 3, 0, 0, 3, 1), cache.stats());
  }

  @Test
  void afterItsFirstIncrementAKeysIncrementsAndFlushesAllocateNothing() throws Exception {
    AllocationProbe probe = AllocationProbe.ofThisThread();
    assumeTrue(probe != null, "the JVM does not count allocated bytes per thread");
    Scheduler.Cancellable none = () -> {};
    Scheduler noTimers = (delayNanos, action) -> none;
    CounterStore applies = (key, delta, done) -> done.complete(key, delta, true);
    ManualTicker ticker = new ManualTicker();
    WriteBackCache cache = WriteBackCache.of(WriteBackConfig.ofDefaults(), applies, ticker, noTimers);
    for (int i = 0; i < 20_000; i++) { // warm up
      cache.increment("post", 1);
      cache.flush();
    }
    long before = probe.bytes();
    for (int i = 0; i < 20_000; i++) {
      cache.increment("post", 1);
      cache.flush();
    }
    long allocated = probe.bytes() - before;
    // a new buffer array per flush would be 4 KB each, 80 MB in all; allow the probe's own bytes
    assertTrue(allocated < 100_000, "allocated " + allocated + " bytes in 20,000 increments and flushes");
    assertEquals(40_000, cache.stats().applied());
  }

  /**
   * The JVM's count of bytes this thread allocated, read reflectively (the module does not read
   * the management modules, and needs them only here).
   */
  private record AllocationProbe(Object bean, Method allocated, long thread) {
    static AllocationProbe ofThisThread() throws Exception {
      Object bean = Class.forName("java.lang.management.ManagementFactory").getMethod("getThreadMXBean").invoke(null);
      Class<?> sun;
      try {
        sun = Class.forName("com.sun.management.ThreadMXBean");
      } catch (ClassNotFoundException e) {
        return null;
      }
      if (!sun.isInstance(bean) || !(boolean) sun.getMethod("isThreadAllocatedMemorySupported").invoke(bean)
          || !(boolean) sun.getMethod("isThreadAllocatedMemoryEnabled").invoke(bean)) {
        return null;
      }
      return new AllocationProbe(bean, sun.getMethod("getThreadAllocatedBytes", long.class),
          Thread.currentThread().getId());
    }

    long bytes() throws Exception {
      return (long) allocated.invoke(bean, thread);
    }
  }
}
