package dev.caplab.replication.sharding;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.caplab.time.ManualTicker;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

/** Whatever the strategy and the traffic, a read that sums its shards finds every increment written. */
class WriteShardingProperties {

  @Property(tries = 200)
  void theSumOverTheShardsAReadGathersIsEveryIncrementWritten(
      @ForAll @IntRange(min = 0, max = 3) int strategy,
      @ForAll @IntRange(min = 1, max = 64) int k,
      @ForAll @LongRange(min = 0, max = Long.MAX_VALUE) long seed) {
    ManualTicker ticker = new ManualTicker();
    WriteSharding sharding = switch (strategy) {
      case 0 -> WriteSharding.none();
      case 1 -> WriteSharding.randomSuffix(k);
      case 2 -> WriteSharding.calculatedSuffix(k);
      default -> AdaptiveSharding.of(AdaptiveShardingConfig.custom().writesPerShardPerSecond(20)
          .maxShards(k).coolDownWindows(1 + (int) Long.remainderUnsigned(seed, 3)).build(), ticker);
    };
    SplittableRandom random = new SplittableRandom(seed);
    Map<String, Long> store = new HashMap<>();
    Map<String, Long> written = new HashMap<>();
    List<String> logical = List.of("celebrity", "post2", "post3");
    for (int step = 0; step < 3_000; step++) {
      // Bursts and lulls: time jumps from nothing to a few seconds.
      ticker.advance(random.nextInt(10) == 0 ? random.nextLong(3_000_000_000L) : random.nextLong(2_000_000));
      String key = random.nextInt(4) == 0 ? logical.get(1 + random.nextInt(2)) : logical.get(0);
      long n = 1 + random.nextInt(3);
      store.merge(sharding.writeKey(key, "user" + random.nextInt(50), random), n, Long::sum);
      written.merge(key, n, Long::sum);
      if (random.nextInt(50) == 0) {
        for (String read : logical) {
          assertEquals(written.getOrDefault(read, 0L), sumOver(sharding.readKeys(read), store), sharding + " " + read);
        }
      }
    }
    long total = 0;
    for (String read : logical) {
      List<String> keys = sharding.readKeys(read);
      assertTrue(keys.size() <= Math.max(1, k), "fan-out " + keys.size() + " above k " + k);
      long sum = sumOver(keys, store);
      assertEquals(written.getOrDefault(read, 0L), sum, sharding + " " + read);
      total += sum;
    }
    assertEquals(store.values().stream().mapToLong(Long::longValue).sum(), total, "no shard outside a read");
  }

  private static long sumOver(List<String> keys, Map<String, Long> store) {
    return keys.stream().mapToLong(key -> store.getOrDefault(key, 0L)).sum();
  }
}
