package dev.caplab.benchmarks;

import dev.caplab.replication.cache.CounterStore;
import dev.caplab.replication.cache.WriteBackCache;
import dev.caplab.replication.cache.WriteBackConfig;
import dev.caplab.time.Scheduler;
import dev.caplab.time.Ticker;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The write-back cache's own cost per increment, flushes included: {@value #BATCH} increments spread
 * over {@value #KEYS} keys, then one flush that writes each key once to a store that applies at
 * once. {@code writeBack} is {@link WriteBackCache}; {@code hashMapReference} is the least a buffer
 * can do (a {@code HashMap} of {@code long[]} holders, summed and cleared at the flush), measured in
 * the same run so the ratio between the two survives a loaded machine.
 *
 * <p>The timer is a scheduler that schedules nothing (the benchmark flushes itself), so the score
 * is the cache's bookkeeping, Caffeine's read path on {@link Ticker#system()} included. Under {@code
 * -prof gc}, {@code gc.alloc.rate.norm} is bytes per increment: 0 for both once every key exists.
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar WriteBackFlush -prof gc}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Benchmark)
public class WriteBackFlush {

  /** Increments between two flushes. */
  static final int BATCH = 1_000;
  /** Keys the increments spread over (a hot post and its neighbours). */
  static final int KEYS = 16;

  /** A timer that never fires; returned once, so scheduling allocates nothing. */
  static final Scheduler.Cancellable NOTHING = () -> { };

  String[] keys;
  WriteBackCache cache;
  Map<String, long[]> reference;
  long stored;

  @Setup
  public void setUp() {
    keys = new String[KEYS];
    for (int i = 0; i < KEYS; i++) {
      keys[i] = "post" + i;
    }
    CounterStore store = (key, delta, done) -> {
      stored += delta;
      done.complete(key, delta, true);
    };
    cache = WriteBackCache.of(WriteBackConfig.custom().maxBufferedKeys(KEYS + 1).build(), store, Ticker.system(),
        (delayNanos, action) -> NOTHING);
    reference = new HashMap<>();
    for (String k : keys) {
      reference.put(k, new long[1]);
    }
  }

  @Benchmark
  @OperationsPerInvocation(BATCH)
  public long writeBack() {
    for (int i = 0; i < BATCH; i++) {
      cache.increment(keys[i & (KEYS - 1)], 1);
    }
    cache.flush();
    return stored;
  }

  @Benchmark
  @OperationsPerInvocation(BATCH)
  public long hashMapReference() {
    for (int i = 0; i < BATCH; i++) {
      reference.get(keys[i & (KEYS - 1)])[0]++;
    }
    for (long[] holder : reference.values()) {
      stored += holder[0];
      holder[0] = 0;
    }
    return stored;
  }
}
