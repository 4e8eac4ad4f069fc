package dev.caplab.replication.sharding;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The shape of write sharding against partition limits: accepted writes near-linear in k until
 * they meet the offered load, and a logical read's cost growing with k.
 */
class HotKeyExperimentTest {

  private static HotKeyExperiment.Result run(int k, long offered, long seed) {
    return new HotKeyExperiment(k, 100, offered, 20, Duration.ofSeconds(4), 64, seed).run();
  }

  @Test
  void acceptedWritesGrowWithTheDistinctPartitionsTheShardsHitUntilTheOfferedLoad() {
    long offered = 3_000;
    HotKeyExperiment.Result previous = null;
    for (int k : new int[] {1, 2, 4, 8, 16}) {
      HotKeyExperiment.Result r = run(k, offered, 7);
      double perPartition = r.acceptedWritesPerSecond() / r.partitionsHit();
      // Each partition hit admits its limit, 100/s (plus what its one-second burst saved at the start).
      assertTrue(perPartition > 95 && perPartition < 105, "k=" + k + ": " + r);
      assertTrue(r.throttledWrites() > 0, "k=" + k + " is over its capacity: " + r);
      if (previous != null) {
        assertTrue(r.acceptedWritesPerSecond() > 1.6 * previous.acceptedWritesPerSecond() * r.partitionsHit()
            / (2.0 * previous.partitionsHit()), "near-linear in the partitions hit: " + previous + " -> " + r);
        assertTrue(r.partitionsHit() >= previous.partitionsHit(), r.toString());
      }
      previous = r;
    }
    HotKeyExperiment.Result wide = run(64, offered, 7);
    // 64 shards over 48 partitions: most partitions carry one or two shards' 47/s, under the limit;
    // the few with three or more are over it.
    assertTrue(wide.acceptedWritesPerSecond() > 0.9 * offered, "64 shards take nearly the offered load: " + wide);
    assertTrue(wide.acceptedWritesPerSecond() <= offered * 1.001, wide.toString());
  }

  @Test
  void aLogicalReadCostsKShardReadsAndItsTailGrowsWithK() {
    long lastP99 = 0;
    for (int k : new int[] {1, 4, 16, 64}) {
      HotKeyExperiment.Result r = run(k, 200, 11);
      assertEquals(k, r.shardReadsPerLogicalRead());
      assertTrue(r.logicalReads() >= 70, "every gathered read succeeded: " + r);
      assertTrue(r.readP99Nanos() > lastP99, "k=" + k + " p99 " + r.readP99Nanos() + " after " + lastP99);
      lastP99 = r.readP99Nanos();
    }
  }

  /** The table docs/hot-keys.md quotes, one row per k (the settings of the JMH HotKeySharding). */
  static String table() {
    StringBuilder out = new StringBuilder();
    out.append("| k | partitions hit | offered writes/s | accepted writes/s | throttled writes | shard reads per read"
        + " | read p50 (ms) | read p99 (ms) |\n");
    out.append("|---|---|---|---|---|---|---|---|\n");
    for (int k : new int[] {1, 4, 16, 64}) {
      HotKeyExperiment.Result r = new HotKeyExperiment(k, 100, 3_000, 20, Duration.ofSeconds(4), 64, 7).run();
      out.append(String.format(java.util.Locale.ROOT, "| %d | %d | %.0f | %.0f | %d | %d | %.2f | %.2f |%n", k,
          r.partitionsHit(), r.offeredWritesPerSecond(), r.acceptedWritesPerSecond(), r.throttledWrites(),
          r.shardReadsPerLogicalRead(), r.readP50Nanos() / 1e6, r.readP99Nanos() / 1e6));
    }
    return out.toString();
  }

  @Test
  void theTableInTheDocsIsWhatTheExperimentMeasures() throws Exception {
    String table = table();
    java.nio.file.Path p = java.nio.file.Path.of("").toAbsolutePath();
    while (!java.nio.file.Files.exists(p.resolve("docs/hot-keys.md"))) {
      p = p.getParent();
    }
    String docs = java.nio.file.Files.readString(p.resolve("docs/hot-keys.md"));
    assertTrue(docs.contains(table), "docs/hot-keys.md must quote:\n" + table);
  }

  @Test
  void theSameSettingsGiveTheSameResult() {
    assertEquals(run(4, 500, 3), run(4, 500, 3));
  }

  @Test
  void badSettingsNameTheParameterTheValueAndTheRange() {
    IllegalArgumentException k = assertThrows(IllegalArgumentException.class,
        () -> new HotKeyExperiment(0, 100, 100, 1, Duration.ofSeconds(1), 4, 1));
    assertTrue(k.getMessage().contains("shards k") && k.getMessage().contains("0")
        && k.getMessage().contains("1024"), k.getMessage());
    IllegalArgumentException rate = assertThrows(IllegalArgumentException.class,
        () -> new HotKeyExperiment(1, 0, 100, 1, Duration.ofSeconds(1), 4, 1));
    assertTrue(rate.getMessage().contains("writeUnitsPerSecond"), rate.getMessage());
    IllegalArgumentException time = assertThrows(IllegalArgumentException.class,
        () -> new HotKeyExperiment(1, 1, 100, 1, Duration.ZERO, 4, 1));
    assertTrue(time.getMessage().contains("duration"), time.getMessage());
  }
}
