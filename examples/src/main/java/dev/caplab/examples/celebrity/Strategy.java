package dev.caplab.examples.celebrity;

import dev.caplab.examples.scenario.VariantKey;
import dev.caplab.replication.sharding.AdaptiveSharding;
import dev.caplab.replication.sharding.AdaptiveShardingConfig;
import dev.caplab.replication.sharding.WriteSharding;
import dev.caplab.time.Ticker;
import java.time.Duration;

/** How the like counter of the post is written: one key, k shards, adaptive shards, or a write-back cache. */
enum Strategy implements VariantKey {
  NONE("none", 1),
  SHARDS2("shards2", 2),
  SHARDS4("shards4", 4),
  SHARDS8("shards8", 8),
  SHARDS16("shards16", 16),
  SHARDS32("shards32", 32),
  SHARDS64("shards64", 64),
  ADAPTIVE("adaptive", 0),
  WRITE_BACK("writeBack", 1);

  /** Adaptive sharding's window: short enough to react within the burst. */
  static final Duration ADAPTIVE_WINDOW = Duration.ofMillis(250);
  /** The write rate adaptive sharding gives one shard. */
  static final long ADAPTIVE_WRITES_PER_SHARD = 500;

  private final String key;
  private final int shards;

  Strategy(String key, int shards) {
    this.key = key;
    this.shards = shards;
  }

  @Override
  public String key() {
    return key;
  }

  /** The fixed shard count, 0 for adaptive. */
  int shards() {
    return shards;
  }

  boolean writeBack() {
    return this == WRITE_BACK;
  }

  /** Where each like's write goes (write-back writes the key itself, as none does). */
  WriteSharding sharding(Ticker ticker) {
    if (this == ADAPTIVE) {
      return AdaptiveSharding.of(AdaptiveShardingConfig.custom().window(ADAPTIVE_WINDOW)
          .writesPerShardPerSecond(ADAPTIVE_WRITES_PER_SHARD).maxShards(64).build(), ticker);
    }
    return shards == 1 ? WriteSharding.none() : WriteSharding.randomSuffix(shards);
  }
}
