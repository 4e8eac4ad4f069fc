package dev.caplab.replication.sharding;

import dev.caplab.config.Require;
import dev.caplab.time.Ticker;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;
import org.apache.datasketches.frequencies.ErrorType;
import org.apache.datasketches.frequencies.ItemsSketch;

/**
 * Write sharding that spends shards only on the keys that need them. Every write is counted in a
 * frequent-items sketch (Apache DataSketches' Misra-Gries sketch: bounded memory however many keys
 * there are, and no key missed whose share of the writes exceeds its error bound). At the end of
 * each window a key that wrote R times a second gets {@code R / writesPerShardPerSecond} shards,
 * rounded up to a power of two and capped at {@code maxShards}; a key that stays below its shard
 * count for {@code coolDownWindows} windows gets half as many for its writes.
 *
 * <p>Reads gather every shard a key has <em>ever</em> written to (its high-water mark), because
 * lowering the write shards does not move the counts already written; a store that compacts
 * shards back into one could lower it, this class does not. So the sum over {@link #readKeys} is
 * always every increment written, and a key that was hot once keeps its read fan-out.
 *
 * <p>Time comes from the {@link Ticker}; windows close lazily when a write or read sees that
 * their end has passed, so no scheduler is needed. Thread-safe: every method holds the lock.
 */
public final class AdaptiveSharding implements WriteSharding {

  /** The shard counts of a key that has ever been sharded or counted. */
  private static final class KeyShards {
    int write = 1;
    int read = 1;
    int calmWindows;
  }

  private final AdaptiveShardingConfig config;
  private final Ticker ticker;
  private final long windowNanos;
  private final Map<String, KeyShards> keys = new LinkedHashMap<>();
  private ItemsSketch<String> sketch;
  private long windowEnd;

  private AdaptiveSharding(AdaptiveShardingConfig config, Ticker ticker) {
    this.config = config;
    this.ticker = ticker;
    this.windowNanos = config.window().toNanos();
    this.sketch = new ItemsSketch<>(config.sketchMapSize());
    this.windowEnd = ticker.nanos() + windowNanos;
  }

  public static AdaptiveSharding of(AdaptiveShardingConfig config, Ticker ticker) {
    return new AdaptiveSharding(Require.notNull(config, "config"), Require.notNull(ticker, "ticker"));
  }

  @Override
  public synchronized String writeKey(String key, String attribute, RandomGenerator random) {
    Require.notNull(key, "key");
    Require.notNull(random, "random");
    roll();
    sketch.update(key);
    KeyShards s = keys.get(key);
    int k = s == null ? 1 : s.write;
    return WriteSharding.shardKey(key, 1 + (k == 1 ? 0 : random.nextInt(k)));
  }

  @Override
  public synchronized List<String> readKeys(String key) {
    Require.notNull(key, "key");
    roll();
    KeyShards s = keys.get(key);
    return WriteSharding.shardKeys(key, s == null ? 1 : s.read);
  }

  /** The shards {@code key}'s writes spread over now. */
  public synchronized int writeShards(String key) {
    roll();
    KeyShards s = keys.get(Require.notNull(key, "key"));
    return s == null ? 1 : s.write;
  }

  /** The keys with more than one write shard now, in the order they first became hot. */
  public synchronized List<String> hotKeys() {
    roll();
    List<String> hot = new ArrayList<>();
    keys.forEach((k, s) -> {
      if (s.write > 1) {
        hot.add(k);
      }
    });
    return hot;
  }

  public AdaptiveShardingConfig config() {
    return config;
  }

  /** Closes every window whose end has passed; after a long idle, the calm windows at once. */
  private void roll() {
    long now = ticker.nanos();
    if (now < windowEnd) {
      return;
    }
    closeWindow();
    long idle = (now - windowEnd) / windowNanos;
    // Each idle window is calm for every key; beyond what it takes to bring every key back to one
    // shard (coolDown windows per halving), more idle windows change nothing.
    long needed = (long) config.coolDownWindows() * (32 - Integer.numberOfLeadingZeros(config.maxShards()));
    for (long i = 0; i < Math.min(idle, needed); i++) {
      closeWindow();
    }
    windowEnd += (idle + 1) * windowNanos;
  }

  private void closeWindow() {
    double seconds = windowNanos / 1e9;
    for (ItemsSketch.Row<String> row : sketch.getFrequentItems(ErrorType.NO_FALSE_POSITIVES)) {
      if (shardsFor(row.getEstimate() / seconds) > 1) {
        keys.computeIfAbsent(row.getItem(), k -> new KeyShards());
      }
    }
    Iterator<Map.Entry<String, KeyShards>> it = keys.entrySet().iterator();
    while (it.hasNext()) {
      Map.Entry<String, KeyShards> e = it.next();
      KeyShards s = e.getValue();
      int wanted = shardsFor(sketch.getEstimate(e.getKey()) / seconds);
      if (wanted > s.write) {
        s.write = wanted;
        s.read = Math.max(s.read, wanted);
        s.calmWindows = 0;
      } else if (wanted == s.write) {
        s.calmWindows = 0;
      } else if (++s.calmWindows >= config.coolDownWindows()) {
        s.write = Math.max(wanted, s.write / 2);
        s.calmWindows = 0;
      }
      if (s.read == 1) {
        it.remove(); // never sharded: nothing to remember
      }
    }
    sketch = new ItemsSketch<>(config.sketchMapSize());
  }

  /** The power of two of shards a rate wants, 1 to maxShards. */
  private int shardsFor(double writesPerSecond) {
    double perShard = config.writesPerShardPerSecond();
    if (writesPerSecond <= perShard) {
      return 1;
    }
    long wanted = (long) Math.ceil(writesPerSecond / perShard);
    long pow2 = Long.highestOneBit(wanted - 1) << 1;
    return (int) Math.min(pow2, config.maxShards());
  }

  @Override
  public synchronized String toString() {
    return "adaptive(" + keys.size() + " keys sharded at some time, window " + config.window() + ")";
  }
}
