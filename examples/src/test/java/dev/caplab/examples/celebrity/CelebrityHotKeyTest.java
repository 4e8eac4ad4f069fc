package dev.caplab.examples.celebrity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.caplab.examples.scenario.ScenarioRunner;
import dev.caplab.report.Block;
import dev.caplab.report.Report;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The celebrity-hot-key findings over several seeds, read from the report as a program would. */
class CelebrityHotKeyTest {

  private static final List<String> STRATEGIES = List.of("none", "shards2", "shards4", "shards8", "shards16",
      "shards32", "shards64", "adaptive", "writeBack");
  private static final int SEEDS = 3;

  /** Each seed's report, made once for all tests. */
  private static final Map<Long, Report> REPORTS = new TreeMap<>();

  private static Report run(long seed) {
    return REPORTS.computeIfAbsent(seed, s -> ScenarioRunner.run(new CelebrityHotKey(), s).report());
  }

  private static long count(Report r, String name) {
    return (Long) r.metric(name).value();
  }

  private static long nanos(Report r, String name) {
    return (Long) r.metric(name).value();
  }

  @Test
  void theVariantsAreTheStrategies() {
    assertEquals(String.join(", ", STRATEGIES), run(1).header().variant());
  }

  /** The property that matters most: no strategy loses or doubles a like, except the cache's crash, counted. */
  @Test
  void theFinalCountIsEveryAcknowledgedLikeMinusTheOnesTheCacheSaysItLost() {
    for (long seed = 1; seed <= SEEDS; seed++) {
      Report r = run(seed);
      long likes = count(r, "likes");
      for (String s : STRATEGIES) {
        String at = "seed " + seed + ", " + s + ": ";
        assertEquals(likes, count(r, s + ".acknowledged"), at + "every like is acknowledged in the end");
        long lost = count(r, s + ".lostIncrements");
        assertEquals(count(r, s + ".acknowledged") - lost, count(r, s + ".finalCount"), at);
        if (!s.equals("writeBack")) {
          assertEquals(0, lost, at);
        }
      }
      assertTrue(count(r, "writeBack.lostIncrements") > 0, "seed " + seed + ": the crash mid-burst loses likes");
      assertTrue(r.check("finalCountIsAcknowledgedMinusLost").valid(), "seed " + seed);
    }
  }

  @Test
  void shardingRelievesTheWritesAndReadsGatherEveryShard() {
    for (long seed = 1; seed <= SEEDS; seed++) {
      Report r = run(seed);
      String at = "seed " + seed + ": ";
      assertTrue(count(r, "shards16.acceptedWriteRate") > 2 * count(r, "none.acceptedWriteRate"), at
          + count(r, "shards16.acceptedWriteRate") + " vs " + count(r, "none.acceptedWriteRate"));
      assertTrue(nanos(r, "shards16.writeP99") * 10 < nanos(r, "none.writeP99"), at);
      for (int k : new int[] {2, 4, 8, 16, 32, 64}) {
        assertEquals(k, count(r, "shards" + k + ".readFanout"), at + "a read gathers all " + k + " shards");
      }
      assertEquals(1, count(r, "none.readFanout"));
      assertEquals(1, count(r, "writeBack.readFanout"));
      long adaptive = count(r, "adaptive.readFanout");
      assertTrue(adaptive > 1 && adaptive <= 64, at + "adaptive sharded the hot key: " + adaptive);
      assertTrue(r.check("shardingRelievesTheHotPartition").valid(), at);
    }
  }

  @Test
  void theWriteBackCacheWritesOncePerFlushAnswersAtOnceAndLosesAtMostWhatOneIntervalBuffers() {
    Report r = run(2);
    long flushes = CelebrityHotKey.LOAD_UNTIL.toNanos() / CelebrityHotKey.CACHE.flushInterval().toNanos();
    assertEquals(flushes, count(r, "writeBack.writesSent"), "one write of the post's key per flush");
    assertEquals(0, nanos(r, "writeBack.writeP99"), "acknowledged from memory");
    // Lost: the likes of one flush interval at most (the burst's rate is 5,000 a second).
    assertTrue(count(r, "writeBack.lostIncrements") < 5_000 * 0.1 * 1.5, "" + count(r, "writeBack.lostIncrements"));
    assertTrue(r.check("writeBackTradesDurability").valid());
  }

  @Test
  void theHotKeysPartitionIsThrottledAndWideShardingAndTheCacheAreNot() {
    Report r = run(1);
    assertTrue((Double) r.metric("none.throttled").value() > 0.5, "most of none's write attempts are throttled");
    assertEquals(0.0, r.metric("writeBack.throttled").value(), "ten writes a second fit any partition");
    assertTrue((Double) r.metric("shards64.throttled").value() < (Double) r.metric("none.throttled").value());
  }

  @Test
  void theHeatMapHasARowPerPartitionWrittenAndCountsEveryWriteSent() {
    Report r = run(1);
    List<Block.HeatMap> maps = r.blocks().stream().filter(b -> b instanceof Block.HeatMap)
        .map(b -> (Block.HeatMap) b).toList();
    assertEquals(1, maps.size(), "one map, one colour scale");
    Block.HeatMap h = maps.get(0);
    for (String s : List.of("none", "shards8", "adaptive", "writeBack")) {
      long sum = 0;
      int rows = 0;
      for (int i = 0; i < h.rows().size(); i++) {
        if (h.rows().get(i).startsWith(s + " p")) {
          rows++;
          long rowSum = 0;
          for (int b = 0; b < h.buckets(); b++) {
            rowSum += h.count(i, b);
          }
          assertTrue(rowSum > 0, h.rows().get(i) + ": only partitions written have a row");
          sum += rowSum;
        }
      }
      assertEquals(count(r, s + ".writesSent"), sum, s + ": every write sent, in its partition's row");
      if (s.equals("none") || s.equals("writeBack")) {
        assertEquals(1, rows, s + ": one key, one partition");
      } else {
        assertTrue(rows > 4, s + ": " + rows);
      }
    }
  }
}
