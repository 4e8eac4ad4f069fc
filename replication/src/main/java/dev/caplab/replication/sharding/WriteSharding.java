package dev.caplab.replication.sharding;

import dev.caplab.config.Require;
import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * Where the writes of one logical key go, and which keys a read of it must gather: the
 * write-sharding answer to a hot key (all the likes of a celebrity's post landing on one
 * partition). Shard keys are {@code key#1} .. {@code key#k}; each lands on the ring like any other
 * key, so the writes spread over up to k partitions, and a read pays for it by gathering all k
 * and summing or merging them.
 *
 * <ul>
 *   <li>{@link #none()}: every write to the key itself, one partition takes them all;
 *   <li>{@link #randomSuffix(int)}: each write to a random one of k shards, reads gather all k;
 *   <li>{@link #calculatedSuffix(int)}: the shard is a hash of another attribute of the item (a
 *       user id, an order id), so writes still spread and a read of one item goes straight to its
 *       shard ({@link #readKey}); a read of the whole key still gathers all k;
 *   <li>{@link AdaptiveSharding}: one shard until a frequency sketch sees the key hot, then more
 *       while it stays hot.
 * </ul>
 *
 * <p>Implementations are deterministic given the random generator passed in.
 */
public interface WriteSharding {

  /** The most shards a key may be split into. */
  int MAX_SHARDS = 1024;

  /** The key a write of {@code key} goes to; {@code attribute} is the item's other attribute, or null. */
  String writeKey(String key, String attribute, RandomGenerator random);

  /** The keys a read of the whole of {@code key} must gather, in shard order. */
  List<String> readKeys(String key);

  /** The one key that holds the item of {@code key} with {@code attribute}, for a direct read. */
  default String readKey(String key, String attribute) {
    throw new UnsupportedOperationException(this + " spreads an item over several shards; read readKeys(key)");
  }

  /** Every write to the key itself. */
  static WriteSharding none() {
    return FixedSharding.NONE;
  }

  /** Each write to {@code key#i}, i uniform in 1..k. */
  static WriteSharding randomSuffix(int k) {
    return new FixedSharding(FixedSharding.Kind.RANDOM, Require.between("k", k, 1, MAX_SHARDS));
  }

  /** Each write to {@code key#i}, i from a hash of the write's attribute, so an item always has one shard. */
  static WriteSharding calculatedSuffix(int k) {
    return new FixedSharding(FixedSharding.Kind.CALCULATED, Require.between("k", k, 1, MAX_SHARDS));
  }

  /** The name of shard {@code i} (1-based) of {@code key}. */
  static String shardKey(String key, int i) {
    return key + "#" + i;
  }

  /** The shard keys 1..k of {@code key}. */
  static List<String> shardKeys(String key, int k) {
    List<String> keys = new ArrayList<>(k);
    for (int i = 1; i <= k; i++) {
      keys.add(shardKey(key, i));
    }
    return List.copyOf(keys);
  }
}
