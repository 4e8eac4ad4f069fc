package dev.caplab.replication.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.caplab.sim.Simulation;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

/**
 * Whatever the traffic, the flush settings, the store's delay and its outages: no increment is
 * counted twice or dropped. Without a crash the store ends with exactly what the cache
 * acknowledged, key by key; with one it ends with exactly that minus what the cache says it lost.
 * Every step keeps each acknowledged increment in exactly one place.
 */
class WriteBackCacheProperties {

  @Property(tries = 150)
  void withoutACrashTheStoreEndsWithEveryAcknowledgedIncrement(
      @ForAll @LongRange(min = 0, max = Long.MAX_VALUE) long seed,
      @ForAll @IntRange(min = 1, max = 8) int maxKeys,
      @ForAll @IntRange(min = 0, max = 30) int storeDelayMs,
      @ForAll @IntRange(min = 0, max = 60) int downPercent) {
    Run run = new Run(seed, maxKeys, storeDelayMs, downPercent);
    run.traffic(-1);
    run.settle();
    assertEquals(0, run.cache.lostIncrements());
    assertEquals(run.acknowledgedPerKey, run.store.counts, "seed " + seed);
    assertEquals(run.cache.stats().acknowledged(), run.store.total());
  }

  @Property(tries = 150)
  void withACrashTheStoreEndsWithTheAcknowledgedMinusTheLost(
      @ForAll @LongRange(min = 0, max = Long.MAX_VALUE) long seed,
      @ForAll @IntRange(min = 1, max = 8) int maxKeys,
      @ForAll @IntRange(min = 0, max = 30) int storeDelayMs,
      @ForAll @IntRange(min = 0, max = 60) int downPercent,
      @ForAll @IntRange(min = 0, max = 1_999) int crashStep) {
    Run run = new Run(seed, maxKeys, storeDelayMs, downPercent);
    run.traffic(crashStep);
    run.settle();
    WriteBackStats s = run.cache.stats();
    assertEquals(s.acknowledged() - s.lost(), run.store.total(), "seed " + seed + ": " + s);
    assertEquals(s.applied(), run.store.total());
    assertTrue(s.lost() <= s.acknowledged());
  }

  /** One seeded run: increments on a few keys, time passing, a store that is sometimes down. */
  private static final class Run {
    final Simulation sim;
    final SplittableRandom random;
    final RecordingStore store;
    final WriteBackCache cache;
    final Map<String, Long> acknowledgedPerKey = new LinkedHashMap<>();
    boolean down;

    Run(long seed, int maxKeys, int storeDelayMs, int downPercent) {
      sim = Simulation.withSeed(seed);
      random = new SplittableRandom(seed);
      store = new RecordingStore(sim, storeDelayMs * 1_000_000L);
      store.down = () -> down;
      cache = WriteBackCache.of(WriteBackConfig.custom().flushInterval(Duration.ofMillis(1 + random.nextInt(50)))
          .maxBufferedKeys(maxKeys).idleExpiry(Duration.ofMillis(1 + random.nextInt(200))).build(),
          store, sim.ticker(), sim.scheduler());
      this.downPercent = downPercent;
    }

    final int downPercent;

    /** 2,000 steps; crashes the cache before step {@code crashStep} (never if negative). */
    void traffic(int crashStep) {
      for (int step = 0; step < 2_000; step++) {
        if (step == crashStep) {
          cache.crash();
        }
        if (step % 100 == 0) {
          down = random.nextInt(100) < downPercent;
        }
        if (!cache.crashed()) {
          String key = random.nextInt(3) == 0 ? "k" + random.nextInt(12) : "celebrity";
          long delta = 1 + random.nextInt(3);
          cache.increment(key, delta);
          acknowledgedPerKey.merge(key, delta, Long::sum);
        }
        sim.runForNanos(random.nextLong(3_000_000));
        WriteBackStats s = cache.stats();
        assertEquals(s.acknowledged(), s.applied() + s.inFlight() + s.buffered() + s.lost(), s.toString());
      }
    }

    /** The store comes back; the buffer drains and every write is answered. */
    void settle() {
      down = false;
      sim.runFor(Duration.ofSeconds(5));
      WriteBackStats s = cache.stats();
      assertEquals(0, s.inFlight());
      assertEquals(0, s.buffered());
    }
  }
}
