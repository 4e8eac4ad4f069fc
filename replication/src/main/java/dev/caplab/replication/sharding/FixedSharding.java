package dev.caplab.replication.sharding;

import dev.caplab.config.Require;
import dev.caplab.replication.ring.RingHash;
import java.util.List;
import java.util.random.RandomGenerator;

/** The three strategies whose shard count never changes. Immutable; thread-safe. */
final class FixedSharding implements WriteSharding {
  enum Kind { NONE, RANDOM, CALCULATED }

  static final FixedSharding NONE = new FixedSharding(Kind.NONE, 1);

  private final Kind kind;
  private final int k;

  FixedSharding(Kind kind, int k) {
    this.kind = kind;
    this.k = k;
  }

  @Override
  public String writeKey(String key, String attribute, RandomGenerator random) {
    Require.notNull(key, "key");
    return switch (kind) {
      case NONE -> key;
      case RANDOM -> WriteSharding.shardKey(key, 1 + Require.notNull(random, "random").nextInt(k));
      case CALCULATED -> readKey(key, attribute);
    };
  }

  @Override
  public List<String> readKeys(String key) {
    Require.notNull(key, "key");
    return kind == Kind.NONE ? List.of(key) : WriteSharding.shardKeys(key, k);
  }

  @Override
  public String readKey(String key, String attribute) {
    Require.notNull(key, "key");
    return switch (kind) {
      case NONE -> key;
      case CALCULATED -> WriteSharding.shardKey(key, 1 + (int) Long.remainderUnsigned(
          RingHash.hash64(Require.notNull(attribute, "attribute (the value the shard is calculated from)")), k));
      case RANDOM -> WriteSharding.super.readKey(key, attribute);
    };
  }

  @Override
  public String toString() {
    return switch (kind) {
      case NONE -> "none";
      case RANDOM -> "randomSuffix(" + k + ")";
      case CALCULATED -> "calculatedSuffix(" + k + ")";
    };
  }
}
