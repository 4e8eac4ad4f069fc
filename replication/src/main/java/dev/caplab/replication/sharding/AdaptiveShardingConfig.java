package dev.caplab.replication.sharding;

import dev.caplab.config.Require;
import java.time.Duration;

/**
 * Immutable settings of {@link AdaptiveSharding}: how long a counting window is, how many writes a
 * second one shard (one partition) should take, the most shards a key may get, how many calm
 * windows pass before a key's shards are halved, and the size of the frequency sketch that spots
 * hot keys.
 *
 * <p>Build with {@link #custom()}, {@link #from(AdaptiveShardingConfig)} or {@link #ofDefaults()}.
 *
 * <p>Thread-safe: immutable.
 */
public final class AdaptiveShardingConfig {

  /** One second: the unit partition limits are quoted in. */
  public static final Duration DEFAULT_WINDOW = Duration.ofSeconds(1);
  /** A DynamoDB partition's 1,000 write units a second. */
  public static final long DEFAULT_WRITES_PER_SHARD_PER_SECOND = 1_000;
  /** The most shards a key gets by default. */
  public static final int DEFAULT_MAX_SHARDS = 64;
  /** Calm windows before a key's write shards are halved. */
  public static final int DEFAULT_COOL_DOWN_WINDOWS = 5;
  /**
   * The sketch's map size (a power of two): it tracks about three quarters of this many keys, and
   * misses none whose count exceeds the stream's length over that many.
   */
  public static final int DEFAULT_SKETCH_MAP_SIZE = 64;

  private final Duration window;
  private final long writesPerShardPerSecond;
  private final int maxShards;
  private final int coolDownWindows;
  private final int sketchMapSize;

  private AdaptiveShardingConfig(Builder b) {
    this.window = b.window;
    this.writesPerShardPerSecond = b.writesPerShardPerSecond;
    this.maxShards = b.maxShards;
    this.coolDownWindows = b.coolDownWindows;
    this.sketchMapSize = b.sketchMapSize;
  }

  public static AdaptiveShardingConfig ofDefaults() {
    return custom().build();
  }

  public static Builder custom() {
    return new Builder();
  }

  public static Builder from(AdaptiveShardingConfig base) {
    Require.notNull(base, "base");
    Builder b = new Builder();
    b.window = base.window;
    b.writesPerShardPerSecond = base.writesPerShardPerSecond;
    b.maxShards = base.maxShards;
    b.coolDownWindows = base.coolDownWindows;
    b.sketchMapSize = base.sketchMapSize;
    return b;
  }

  /** The counting window; a key's shard count changes only at a window's end. */
  public Duration window() {
    return window;
  }

  /** The write rate one shard should take: a key writing R a second wants R / this shards. */
  public long writesPerShardPerSecond() {
    return writesPerShardPerSecond;
  }

  public int maxShards() {
    return maxShards;
  }

  public int coolDownWindows() {
    return coolDownWindows;
  }

  public int sketchMapSize() {
    return sketchMapSize;
  }

  @Override
  public String toString() {
    return "AdaptiveShardingConfig[window=" + window + ", writesPerShardPerSecond=" + writesPerShardPerSecond
        + ", maxShards=" + maxShards + ", coolDownWindows=" + coolDownWindows + ", sketchMapSize=" + sketchMapSize + "]";
  }

  /** Not thread-safe: one builder per thread. */
  public static final class Builder {
    private Duration window = DEFAULT_WINDOW;
    private long writesPerShardPerSecond = DEFAULT_WRITES_PER_SHARD_PER_SECOND;
    private int maxShards = DEFAULT_MAX_SHARDS;
    private int coolDownWindows = DEFAULT_COOL_DOWN_WINDOWS;
    private int sketchMapSize = DEFAULT_SKETCH_MAP_SIZE;

    private Builder() {}

    /** A positive window of at most one hour. */
    public Builder window(Duration window) {
      this.window = Require.between("window", window, Duration.ofNanos(1), Duration.ofHours(1));
      return this;
    }

    public Builder writesPerShardPerSecond(long writesPerShardPerSecond) {
      this.writesPerShardPerSecond = Require.atLeast("writesPerShardPerSecond", writesPerShardPerSecond, 1);
      return this;
    }

    public Builder maxShards(int maxShards) {
      this.maxShards = Require.between("maxShards", maxShards, 1, WriteSharding.MAX_SHARDS);
      return this;
    }

    public Builder coolDownWindows(int coolDownWindows) {
      this.coolDownWindows = Require.between("coolDownWindows", coolDownWindows, 1, 1_000);
      return this;
    }

    /** A power of two from 8 to 65,536. */
    public Builder sketchMapSize(int sketchMapSize) {
      Require.requireArgument(sketchMapSize >= 8 && sketchMapSize <= 65_536 && Integer.bitCount(sketchMapSize) == 1,
          "sketchMapSize must be a power of two from 8 to 65536, got %d", sketchMapSize);
      this.sketchMapSize = sketchMapSize;
      return this;
    }

    public AdaptiveShardingConfig build() {
      return new AdaptiveShardingConfig(this);
    }
  }
}
