package dev.caplab.replication.sharding;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.caplab.time.ManualTicker;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class WriteShardingTest {

  private final SplittableRandom random = new SplittableRandom(7);

  @Test
  void noneWritesAndReadsTheKeyItself() {
    WriteSharding none = WriteSharding.none();
    assertEquals("post", none.writeKey("post", "u1", random));
    assertEquals(List.of("post"), none.readKeys("post"));
    assertEquals("post", none.readKey("post", "u1"));
  }

  @Test
  void randomSuffixSpreadsWritesOverAllKShardsAndReadsGatherAll() {
    WriteSharding four = WriteSharding.randomSuffix(4);
    Set<String> written = new HashSet<>();
    for (int i = 0; i < 200; i++) {
      written.add(four.writeKey("post", null, random));
    }
    assertEquals(Set.of("post#1", "post#2", "post#3", "post#4"), written);
    assertEquals(List.of("post#1", "post#2", "post#3", "post#4"), four.readKeys("post"));
    assertThrows(UnsupportedOperationException.class, () -> four.readKey("post", "u1"));
  }

  @Test
  void calculatedSuffixPutsAnItemAlwaysOnOneShardAndReadsItDirectly() {
    WriteSharding eight = WriteSharding.calculatedSuffix(8);
    Set<String> shards = new HashSet<>();
    for (int user = 0; user < 100; user++) {
      String shard = eight.writeKey("post", "user" + user, random);
      assertEquals(shard, eight.writeKey("post", "user" + user, random), "the same item, the same shard");
      assertEquals(shard, eight.readKey("post", "user" + user));
      shards.add(shard);
    }
    assertEquals(8, shards.size(), "100 users cover all 8 shards");
    assertEquals("post#1", WriteSharding.calculatedSuffix(1).readKey("post", "anyone"));
    NullPointerException e = assertThrows(NullPointerException.class, () -> eight.writeKey("post", null, random));
    assertTrue(e.getMessage().contains("attribute"), e.getMessage());
  }

  @Test
  void aShardCountOutsideOneToTheMaximumIsRefusedNamingIt() {
    IllegalArgumentException zero = assertThrows(IllegalArgumentException.class, () -> WriteSharding.randomSuffix(0));
    assertTrue(zero.getMessage().contains("k") && zero.getMessage().contains("0"), zero.getMessage());
    assertThrows(IllegalArgumentException.class, () -> WriteSharding.calculatedSuffix(WriteSharding.MAX_SHARDS + 1));
    assertEquals(WriteSharding.MAX_SHARDS, WriteSharding.randomSuffix(WriteSharding.MAX_SHARDS).readKeys("k").size());
  }

  @Test
  void adaptiveShardsAKeyOnlyOnceItIsHotThenHalvesItAfterCalmWindows() {
    ManualTicker ticker = new ManualTicker();
    AdaptiveSharding adaptive = AdaptiveSharding.of(AdaptiveShardingConfig.custom()
        .writesPerShardPerSecond(100).maxShards(16).coolDownWindows(2).build(), ticker);
    // 1 s at 550 writes/s for "hot", 10 for "cold".
    for (int i = 0; i < 550; i++) {
      assertEquals("hot#1", adaptive.writeKey("hot", null, random), "one shard during the first window");
      if (i < 10) {
        adaptive.writeKey("cold", null, random);
      }
    }
    ticker.advance(Duration.ofSeconds(1));
    assertEquals(8, adaptive.writeShards("hot"), "550/s over 100/s a shard: 6, rounded up to 8");
    assertEquals(1, adaptive.writeShards("cold"));
    assertEquals(List.of("hot"), adaptive.hotKeys());
    assertEquals(List.of("cold#1"), adaptive.readKeys("cold"));
    assertEquals(8, adaptive.readKeys("hot").size());
    // Calm: after two quiet windows the write shards halve; reads still gather all 8.
    ticker.advance(Duration.ofSeconds(1));
    assertEquals(8, adaptive.writeShards("hot"), "one calm window is not enough");
    ticker.advance(Duration.ofSeconds(1));
    assertEquals(4, adaptive.writeShards("hot"));
    assertEquals(8, adaptive.readKeys("hot").size(), "reads keep the high-water mark");
    ticker.advance(Duration.ofSeconds(3600));
    assertEquals(1, adaptive.writeShards("hot"), "a long idle brings it back to one shard");
    assertEquals(8, adaptive.readKeys("hot").size());
    assertEquals(List.of(), adaptive.hotKeys());
  }

  @Test
  void adaptiveGivesTwoShardsToAKeyJustOverOneShardsRate() {
    ManualTicker ticker = new ManualTicker();
    AdaptiveSharding adaptive = AdaptiveSharding.of(AdaptiveShardingConfig.custom().writesPerShardPerSecond(100).build(), ticker);
    for (int i = 0; i < 101; i++) {
      adaptive.writeKey("warm", null, random);
    }
    for (int i = 0; i < 100; i++) {
      adaptive.writeKey("busy", null, random);
    }
    ticker.advance(Duration.ofSeconds(1));
    assertEquals(2, adaptive.writeShards("warm"));
    assertEquals(List.of("warm#1", "warm#2"), adaptive.readKeys("warm"));
    assertEquals(1, adaptive.writeShards("busy"), "exactly one shard's rate fits one shard");
  }

  @Test
  void adaptiveCapsAtMaxShards() {
    ManualTicker ticker = new ManualTicker();
    AdaptiveSharding adaptive = AdaptiveSharding.of(AdaptiveShardingConfig.custom()
        .writesPerShardPerSecond(10).maxShards(12).build(), ticker);
    for (int i = 0; i < 10_000; i++) {
      adaptive.writeKey("hot", null, random);
    }
    ticker.advance(Duration.ofSeconds(1));
    assertEquals(12, adaptive.writeShards("hot"));
  }

  @Test
  void adaptiveSettingsOutOfRangeAreRefusedNamingThem() {
    assertThrows(IllegalArgumentException.class, () -> AdaptiveShardingConfig.custom().window(Duration.ZERO));
    IllegalArgumentException size = assertThrows(IllegalArgumentException.class,
        () -> AdaptiveShardingConfig.custom().sketchMapSize(100));
    assertTrue(size.getMessage().contains("sketchMapSize") && size.getMessage().contains("100"), size.getMessage());
    assertThrows(IllegalArgumentException.class, () -> AdaptiveShardingConfig.custom().maxShards(0));
    assertThrows(IllegalArgumentException.class, () -> AdaptiveShardingConfig.custom().writesPerShardPerSecond(0));
    assertThrows(IllegalArgumentException.class, () -> AdaptiveShardingConfig.custom().coolDownWindows(0));
  }
}
