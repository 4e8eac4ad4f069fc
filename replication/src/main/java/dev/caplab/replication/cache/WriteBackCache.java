package dev.caplab.replication.cache;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.RemovalCause;
import dev.caplab.config.Require;
import dev.caplab.time.Scheduler;
import dev.caplab.time.Ticker;
import dev.caplab.time.Tickers;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * A write-back (write-behind) cache for counters: {@link #increment} adds to a per-key buffer in
 * memory and returns at once, acknowledged; a flush writes each buffered key's sum to the {@link
 * CounterStore} in one write. A key liked 5,000 times a second costs the store one write per flush
 * instead of 5,000, and the liker waits for memory instead of a quorum.
 *
 * <p>The price is durability. An increment is at risk from its acknowledgement until the store
 * confirms the write that carried it; {@link #crash()} models the cache process dying: the
 * buffered increments are gone and counted in {@link WriteBackStats#lost()}. Writes already sent
 * belong to the store: they land or fail on their own, and one that fails after the crash is lost
 * too (its retry died with the cache). So, with a store that applies exactly what it confirms,
 * the store's total is always {@code applied}, and after the last write is answered it is {@code
 * acknowledged - lost}.
 *
 * <p>Flushes: the first increment into an empty buffer schedules a flush {@code flushInterval}
 * later (Kafka's {@code linger.ms}); the increment that makes {@code maxBufferedKeys} keys hold
 * buffered increments flushes at once and cancels that timer. A write the store refuses is not
 * lost: its delta goes back into the buffer and is retried at the next flush, which it schedules
 * if the buffer was empty; a refused write never flushes by itself, so a store that is down is
 * retried once per interval, not in a loop. Flushes write keys in the order they entered the
 * buffer, so a run on simulated time is deterministic.
 *
 * <p>The per-key accumulators live in a Caffeine cache on the caller's {@link Ticker} (through
 * {@link Tickers#caffeine}) with a same-thread executor, which forgets a key idle for {@code
 * idleExpiry}; a key with buffered or in-flight increments never expires. The size limit is this
 * class's own count of buffered keys, not Caffeine's {@code maximumSize}: Caffeine's size eviction
 * samples with {@code ThreadLocalRandom}, which would make simulated runs differ, and evicting a
 * key with buffered increments would lose them silently. After its first increment, a key's
 * increments and flushes allocate nothing (benchmarks' {@code WriteBackFlush}): an increment finds
 * its key in a plain map that Caffeine's removal listener keeps in step, and touches Caffeine only
 * when the key enters the buffer.
 *
 * <p>Time comes from the {@link Ticker} and timers from the {@link Scheduler} passed in: {@code
 * simulation.scheduler()} or a node's {@code ctx.scheduler()} in a simulation, {@link
 * Scheduler#of} an executor the caller owns when embedded. Thread-safe: every method holds the
 * cache's lock, and the store's {@link CounterStore#add} is called under it (it must not block).
 */
public final class WriteBackCache {

  /** One key's accumulator; also the store's callback for that key's writes. */
  private final class Counter implements CounterStore.Completion {
    final String key;
    long buffered;
    long inFlight;
    boolean inBuffer;

    Counter(String key) {
      this.key = key;
    }

    boolean pinned() {
      return inBuffer || inFlight > 0;
    }

    @Override
    public void complete(String key, long delta, boolean applied) {
      completed(this, delta, applied);
    }
  }

  private final WriteBackConfig config;
  private final CounterStore store;
  private final Scheduler scheduler;
  private final long intervalNanos;
  private final int maxBufferedKeys;
  /** Expires idle keys on the caller's time; touched when a key enters the buffer and when its write is answered. */
  private final Cache<String, Counter> counters;
  /** The keys Caffeine has not expired, for the increment path (Caffeine's removal listener keeps it in step). */
  private final Map<String, Counter> index = new HashMap<>();
  private final Ticker ticker;
  private final Runnable intervalFlush = this::intervalElapsed;
  /** The keys with buffered increments, in the order they entered the buffer. */
  private Counter[] buffer;
  private int bufferedKeys;
  /** The batch being written; swapped with {@link #buffer} at each flush. */
  private Counter[] batch;
  private Scheduler.Cancellable timer;
  /** When the pending timer is due: a cancelled timer that fires anyway (real executors race) is ignored. */
  private long timerDue;
  private boolean crashed;
  private long acknowledged;
  private long applied;
  private long inFlight;
  private long buffered;
  private long lost;
  private long flushes;
  private long intervalFlushes;
  private long sizeFlushes;
  private long writes;
  private long failedWrites;

  private WriteBackCache(WriteBackConfig config, CounterStore store, Ticker ticker, Scheduler scheduler) {
    this.config = config;
    this.store = store;
    this.scheduler = scheduler;
    this.ticker = ticker;
    this.intervalNanos = config.flushInterval().toNanos();
    this.maxBufferedKeys = config.maxBufferedKeys();
    int initial = Math.min(maxBufferedKeys, 1024);
    this.buffer = new Counter[initial];
    this.batch = new Counter[initial];
    long idleNanos = config.idleExpiry().toNanos();
    this.counters = Caffeine.newBuilder()
        .ticker(Tickers.caffeine(ticker))
        .executor(Runnable::run)
        .expireAfter(new Expiry<String, Counter>() {
          @Override
          public long expireAfterCreate(String key, Counter c, long now) {
            return c.pinned() ? Long.MAX_VALUE : idleNanos;
          }

          @Override
          public long expireAfterUpdate(String key, Counter c, long now, long current) {
            return c.pinned() ? Long.MAX_VALUE : idleNanos;
          }

          @Override
          public long expireAfterRead(String key, Counter c, long now, long current) {
            return c.pinned() ? Long.MAX_VALUE : idleNanos;
          }
        })
        .removalListener((String key, Counter c, RemovalCause cause) -> keepIfPinned(key, c, cause))
        .build();
  }

  /**
   * A cache that flushes to {@code store}, on {@code ticker}'s time with timers on {@code
   * scheduler}.
   */
  public static WriteBackCache of(WriteBackConfig config, CounterStore store, Ticker ticker, Scheduler scheduler) {
    return new WriteBackCache(Require.notNull(config, "config"), Require.notNull(store, "store"),
        Require.notNull(ticker, "ticker"), Require.notNull(scheduler, "scheduler"));
  }

  /**
   * Adds {@code delta} to {@code key}'s count and acknowledges it: from now on the increment is
   * counted, durable once a flush carries it to the store.
   *
   * @throws IllegalArgumentException if {@code delta < 1}
   * @throws IllegalStateException after {@link #crash()}
   */
  public synchronized void increment(String key, long delta) {
    Require.notNull(key, "key");
    Require.atLeast("delta", delta, 1);
    Require.requireState(!crashed, "the cache crashed: build a new one (a restarted cache starts empty)");
    Counter c = index.get(key);
    if (c == null) {
      c = new Counter(key);
      index.put(key, c);
      counters.put(key, c);
    }
    c.buffered += delta;
    buffered += delta;
    acknowledged += delta;
    if (!c.inBuffer) {
      enter(c);
      // A read restarts the key's idle time; the key is pinned first, so that if Caffeine had already
      // expired it, its removal listener puts this accumulator back instead of forgetting it.
      counters.getIfPresent(key);
      if (bufferedKeys >= maxBufferedKeys) {
        flush(FlushTrigger.SIZE);
      }
    }
  }

  /** Writes every buffered key to the store now. */
  public synchronized void flush() {
    flush(FlushTrigger.MANUAL);
  }

  /**
   * The cache process dies: its buffer is lost (counted in {@link WriteBackStats#lost()}), its
   * timer cancelled, and it accepts nothing more. Writes already sent are left to the store.
   */
  public synchronized void crash() {
    if (crashed) {
      return;
    }
    crashed = true;
    cancelTimer();
    for (int i = 0; i < bufferedKeys; i++) {
      Counter c = buffer[i];
      buffer[i] = null;
      lost += c.buffered;
      c.buffered = 0;
      c.inBuffer = false;
    }
    buffered = 0;
    bufferedKeys = 0;
  }

  public synchronized boolean crashed() {
    return crashed;
  }

  /** Increments of {@code key} acknowledged and not yet sent to the store. */
  public synchronized long buffered(String key) {
    Counter c = index.get(Require.notNull(key, "key"));
    return c == null ? 0 : c.buffered;
  }

  /** The keys the cache remembers now (expired ones dropped first), for tests. */
  synchronized int keysKnown() {
    counters.cleanUp();
    return index.size();
  }

  /** Increments lost so far (see {@link #crash()}). */
  public synchronized long lostIncrements() {
    return lost;
  }

  public synchronized WriteBackStats stats() {
    return new WriteBackStats(acknowledged, applied, inFlight, buffered, lost, bufferedKeys, flushes,
        intervalFlushes, sizeFlushes, writes, failedWrites);
  }

  public WriteBackConfig config() {
    return config;
  }

  /** Puts {@code c} at the end of the buffer; the first key in an empty buffer starts the timer. */
  private void enter(Counter c) {
    if (bufferedKeys == buffer.length) {
      buffer = Arrays.copyOf(buffer, buffer.length * 2);
    }
    buffer[bufferedKeys++] = c;
    c.inBuffer = true;
    if (bufferedKeys == 1 && timer == null) {
      timerDue = ticker.nanos() + intervalNanos;
      timer = scheduler.schedule(intervalNanos, intervalFlush);
    }
  }

  /** The timer fired: flushes, unless it is a cancelled one that fired before the pending one is due. */
  private synchronized void intervalElapsed() {
    if (timer == null || ticker.nanos() - timerDue < 0) {
      return;
    }
    timer = null;
    flush(FlushTrigger.INTERVAL);
  }

  private synchronized void flush(FlushTrigger trigger) {
    cancelTimer();
    int n = bufferedKeys;
    if (n == 0 || crashed) {
      return;
    }
    flushes++;
    if (trigger == FlushTrigger.INTERVAL) {
      intervalFlushes++;
    } else if (trigger == FlushTrigger.SIZE) {
      sizeFlushes++;
    }
    // Swap, so a write refused before add returns goes back into an empty buffer, not this batch.
    Counter[] sending = buffer;
    buffer = batch.length >= sending.length ? batch : new Counter[sending.length];
    batch = sending;
    bufferedKeys = 0;
    for (int i = 0; i < n; i++) {
      Counter c = sending[i];
      sending[i] = null;
      long delta = c.buffered;
      c.buffered = 0;
      c.inBuffer = false;
      buffered -= delta;
      c.inFlight += delta;
      inFlight += delta;
      writes++;
      store.add(c.key, delta, c);
    }
  }

  private synchronized void completed(Counter c, long delta, boolean wasApplied) {
    c.inFlight -= delta;
    inFlight -= delta;
    if (wasApplied) {
      applied += delta;
      if (!c.pinned()) {
        counters.getIfPresent(c.key); // its idle time starts now: Caffeine asks the Expiry again on a read
      }
    } else if (crashed) {
      lost += delta;
    } else {
      failedWrites++;
      c.buffered += delta;
      buffered += delta;
      if (!c.inBuffer) {
        enter(c);
      }
    }
  }

  private void cancelTimer() {
    if (timer != null) {
      timer.cancel();
      timer = null;
    }
  }

  /**
   * Forgets a key Caffeine expired, unless it still holds increments: then it is put back (it may
   * not be forgotten, and its next increment must find the same accumulator).
   */
  private void keepIfPinned(String key, Counter c, RemovalCause cause) {
    if (!cause.wasEvicted() || c == null) {
      return;
    }
    synchronized (this) {
      if (c.pinned()) {
        counters.asMap().putIfAbsent(key, c);
      } else {
        index.remove(key, c);
      }
    }
  }

  @Override
  public synchronized String toString() {
    return "WriteBackCache[" + config + ", " + bufferedKeys + " keys buffered]";
  }
}
