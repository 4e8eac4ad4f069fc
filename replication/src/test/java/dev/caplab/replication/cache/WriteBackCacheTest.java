package dev.caplab.replication.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.caplab.sim.Simulation;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WriteBackCacheTest {

  static final long MS = 1_000_000L;

  private final Simulation sim = Simulation.withSeed(1);
  private final RecordingStore store = new RecordingStore(sim, 0);

  private WriteBackCache cache(WriteBackConfig config) {
    return WriteBackCache.of(config, store, sim.ticker(), sim.scheduler());
  }

  private static WriteBackConfig config(long intervalMs, int maxKeys) {
    return WriteBackConfig.custom().flushInterval(Duration.ofMillis(intervalMs)).maxBufferedKeys(maxKeys).build();
  }

  @Test
  void theFirstIncrementIntoAnEmptyBufferIsFlushedExactlyOneIntervalLaterAsOneWritePerKey() {
    WriteBackCache cache = cache(config(100, 1_000));
    sim.runForNanos(5 * MS);
    for (int i = 0; i < 50; i++) {
      cache.increment("post", 1);
    }
    sim.runForNanos(30 * MS);
    cache.increment("post", 2);
    cache.increment("other", 3);
    sim.runForNanos(70 * MS - 1);
    assertEquals(List.of(), store.writes, "one nanosecond before the interval: nothing written");
    assertEquals(52, cache.buffered("post"));
    sim.runForNanos(1);
    assertEquals(List.of(new RecordingStore.Write(105 * MS, "post", 52, true),
        new RecordingStore.Write(105 * MS, "other", 3, true)), store.writes, "one write per key, in buffer order");
    assertEquals(0, cache.buffered("post"));
    WriteBackStats s = cache.stats();
    assertEquals(new WriteBackStats(55, 55, 0, 0, 0, 0, 1, 1, 0, 2, 0), s);
    sim.runFor(Duration.ofSeconds(10));
    assertEquals(2, store.writes.size(), "an empty buffer schedules nothing");
    cache.increment("post", 1);
    sim.runForNanos(100 * MS);
    assertEquals(10_205 * MS, store.writes.get(2).time(), "the next increment starts a new interval");
  }

  @Test
  void theIncrementThatBringsTheBufferedKeysToTheLimitFlushesAtOnceAndCancelsTheTimer() {
    WriteBackCache cache = cache(config(100, 3));
    for (int i = 0; i < 10; i++) {
      cache.increment("a", 1);
      cache.increment("b", 1);
    }
    assertEquals(0, store.writes.size(), "two keys of three: more increments of them do not flush");
    cache.increment("c", 1);
    assertEquals(3, store.writes.size(), "the third key flushes at once");
    assertEquals(Map.of("a", 10L, "b", 10L, "c", 1L), store.counts);
    sim.runFor(Duration.ofSeconds(1));
    assertEquals(3, store.writes.size(), "the interval timer was cancelled");
    WriteBackStats s = cache.stats();
    assertEquals(1, s.sizeFlushes());
    assertEquals(0, s.intervalFlushes());
    assertEquals(1, s.flushes());
  }

  @Test
  void aLimitOfOneKeyWritesEveryIncrementThrough() {
    WriteBackCache cache = cache(config(100, 1));
    cache.increment("a", 4);
    cache.increment("a", 1);
    assertEquals(List.of(new RecordingStore.Write(0, "a", 4, true), new RecordingStore.Write(0, "a", 1, true)),
        store.writes);
    assertEquals(2, cache.stats().sizeFlushes());
  }

  @Test
  void aRefusedWriteIsBufferedAgainAndRetriedOneIntervalLaterNotLost() {
    boolean[] down = {true};
    store.down = () -> down[0];
    WriteBackCache cache = cache(config(100, 1_000));
    cache.increment("post", 7);
    sim.runForNanos(100 * MS);
    assertEquals(1, store.writes.size());
    assertFalse(store.writes.get(0).applied());
    WriteBackStats s = cache.stats();
    assertEquals(1, s.failedWrites());
    assertEquals(7, s.buffered());
    assertEquals(0, s.lost());
    sim.runForNanos(100 * MS - 1);
    assertEquals(1, store.writes.size(), "no retry before the interval");
    sim.runForNanos(1);
    assertEquals(2, store.writes.size(), "retried exactly one interval after the refusal");
    down[0] = false;
    cache.increment("post", 1);
    sim.runForNanos(100 * MS);
    assertEquals(Map.of("post", 8L), store.counts);
    assertEquals(new WriteBackStats(8, 8, 0, 0, 0, 0, 3, 3, 0, 3, 2), cache.stats());
  }

  @Test
  void aCrashLosesTheBufferAndNothingSentAndCountsIt() {
    RecordingStore slow = new RecordingStore(sim, 10 * MS);
    WriteBackCache cache = WriteBackCache.of(config(100, 1_000), slow, sim.ticker(), sim.scheduler());
    cache.increment("a", 5);
    sim.runForNanos(100 * MS); // a's 5 sent, answered 10 ms later
    cache.increment("b", 3);
    cache.increment("a", 2);
    cache.crash();
    assertTrue(cache.crashed());
    assertEquals(5, cache.lostIncrements(), "b's 3 and a's 2 were only in memory");
    assertThrows(IllegalStateException.class, () -> cache.increment("a", 1));
    sim.runFor(Duration.ofSeconds(1));
    assertEquals(Map.of("a", 5L), slow.counts, "the write sent before the crash still landed");
    WriteBackStats s = cache.stats();
    assertEquals(10, s.acknowledged());
    assertEquals(5, s.applied());
    assertEquals(s.acknowledged() - s.lost(), slow.total());
  }

  @Test
  void aWriteThatFailsAfterTheCrashIsLostToo() {
    RecordingStore slow = new RecordingStore(sim, 10 * MS);
    slow.down = () -> true;
    WriteBackCache cache = WriteBackCache.of(config(100, 1_000), slow, sim.ticker(), sim.scheduler());
    cache.increment("a", 5);
    sim.runForNanos(105 * MS);
    cache.crash();
    cache.crash(); // twice is once
    assertEquals(0, cache.lostIncrements(), "still in flight");
    sim.runFor(Duration.ofSeconds(1));
    assertEquals(5, cache.lostIncrements());
    assertEquals(0, cache.stats().failedWrites(), "not retried: no cache is left to retry it");
  }

  @Test
  void anIdleKeyIsForgottenButNeverOneWithIncrementsInFlight() {
    long hour = Duration.ofHours(1).toNanos();
    RecordingStore fast = new RecordingStore(sim, 0);
    RecordingStore slow = new RecordingStore(sim, hour);
    CounterStore store = (key, delta, done) -> (key.equals("pinned") ? slow : fast).add(key, delta, done);
    WriteBackCache cache = WriteBackCache.of(WriteBackConfig.from(config(100, 1_000))
        .idleExpiry(Duration.ofSeconds(1)).build(), store, sim.ticker(), sim.scheduler());
    cache.increment("pinned", 1);
    cache.increment("idle", 1);
    sim.runForNanos(100 * MS); // both sent; "idle" answered at once, "pinned" in an hour
    assertEquals(2, cache.keysKnown());
    sim.runFor(Duration.ofSeconds(10));
    cache.increment("other", 1); // lets Caffeine expire what it may
    assertEquals(2, cache.keysKnown(), "'idle' was forgotten; 'pinned' waits for its answer");
    sim.runFor(Duration.ofHours(2));
    assertEquals(3, cache.stats().applied());
    assertEquals(0, cache.keysKnown(), "'pinned' and 'other' idle since their writes were answered");
    // A key idle past its expiry that Caffeine has not yet cleaned up is found again, once.
    cache.increment("idle", 1);
    sim.runFor(Duration.ofSeconds(5));
    cache.increment("idle", 2);
    cache.increment("idle", 3);
    assertEquals(5, cache.buffered("idle"));
    assertEquals(1, cache.keysKnown());
    int before = fast.writes.size();
    cache.flush();
    assertEquals(List.of(new RecordingStore.Write(sim.now(), "idle", 5, true)),
        fast.writes.subList(before, fast.writes.size()), "one accumulator, one write");
  }

  @Test
  void badSettingsAreRefusedNamingTheSettingTheValueAndTheRange() {
    assertEquals("flushInterval must be > 0s, got 0s", assertThrows(IllegalArgumentException.class,
        () -> WriteBackConfig.custom().flushInterval(Duration.ZERO)).getMessage());
    assertEquals("flushInterval must be > 0s, got -5ms", assertThrows(IllegalArgumentException.class,
        () -> WriteBackConfig.custom().flushInterval(Duration.ofMillis(-5))).getMessage());
    assertEquals("maxBufferedKeys must be between 1 and 16777216, got 0", assertThrows(IllegalArgumentException.class,
        () -> WriteBackConfig.custom().maxBufferedKeys(0)).getMessage());
    assertThrows(IllegalArgumentException.class,
        () -> WriteBackConfig.custom().maxBufferedKeys(WriteBackConfig.MAX_BUFFERED_KEYS + 1));
    assertEquals(WriteBackConfig.MAX_BUFFERED_KEYS,
        WriteBackConfig.custom().maxBufferedKeys(WriteBackConfig.MAX_BUFFERED_KEYS).build().maxBufferedKeys());
    assertThrows(IllegalArgumentException.class, () -> WriteBackConfig.custom().idleExpiry(Duration.ZERO));
    WriteBackCache cache = cache(WriteBackConfig.ofDefaults());
    assertEquals("delta must be >= 1, got 0",
        assertThrows(IllegalArgumentException.class, () -> cache.increment("a", 0)).getMessage());
    assertThrows(NullPointerException.class, () -> cache.increment(null, 1));
    assertThrows(NullPointerException.class, () -> WriteBackCache.of(null, store, sim.ticker(), sim.scheduler()));
  }

  @Test
  void defaultsAndFromCopyEverySetting() {
    WriteBackConfig d = WriteBackConfig.ofDefaults();
    assertEquals(WriteBackConfig.DEFAULT_FLUSH_INTERVAL, d.flushInterval());
    assertEquals(WriteBackConfig.DEFAULT_MAX_BUFFERED_KEYS, d.maxBufferedKeys());
    assertEquals(WriteBackConfig.DEFAULT_IDLE_EXPIRY, d.idleExpiry());
    WriteBackConfig c = WriteBackConfig.custom().flushInterval(Duration.ofMillis(7)).maxBufferedKeys(9)
        .idleExpiry(Duration.ofSeconds(3)).build();
    assertEquals(c.toString(), WriteBackConfig.from(c).build().toString());
    assertEquals("WriteBackConfig[flushInterval=7ms, maxBufferedKeys=9, idleExpiry=3s]", c.toString());
  }
}
