package dev.caplab.replication.quorum;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.caplab.replication.ring.RingHash;
import dev.caplab.time.ManualTicker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Exact token arithmetic at a partition's limit, burst capped at its window, and split timing. */
class PartitionTableTest {

  private static final long MS = 1_000_000L;
  private static final long S = 1_000_000_000L;

  private final ManualTicker ticker = new ManualTicker();
  private final List<long[]> splits = new ArrayList<>();

  private PartitionTable table(PartitionCapacity capacity, List<Long> tokens) {
    return new PartitionTable(capacity, tokens, List.of(), ticker,
        (lower, mid, upper, at) -> splits.add(new long[] {lower, mid, upper, at}));
  }

  private PartitionTable oneRange(PartitionCapacity capacity) {
    return table(capacity, List.of(0L));
  }

  private static PartitionCapacity.Builder noSplit() {
    return PartitionCapacity.custom().splitForHeat(false);
  }

  @Test
  void theUnitAfterTheLimitIsRefusedUntilExactlyOneIntervalLater() {
    PartitionTable t = oneRange(noSplit().writeUnitsPerSecond(1000).burstWindow(Duration.ofSeconds(1))
        .initialCredit(Duration.ofSeconds(1)).build());
    for (int i = 0; i < 1000; i++) {
      assertEquals(0, t.admitWrite("k"), "unit " + i + " of the first second's 1,000");
    }
    assertEquals(MS, t.admitWrite("k"), "the 1,001st waits exactly 1 ms at 1,000/s");
    ticker.advance(MS - 1);
    assertEquals(1, t.admitWrite("k"), "a nanosecond early");
    ticker.advance(1);
    assertEquals(0, t.admitWrite("k"), "granted exactly on time");
    assertEquals(MS, t.admitWrite("k"));
  }

  @Test
  void readsAndWritesHaveSeparateLimits() {
    PartitionTable t = oneRange(noSplit().writeUnitsPerSecond(1).readUnitsPerSecond(3)
        .burstWindow(Duration.ofSeconds(1)).initialCredit(Duration.ofSeconds(1)).build());
    assertEquals(0, t.admitWrite("k"));
    assertTrue(t.admitWrite("k") > 0);
    for (int i = 0; i < 3; i++) {
      assertEquals(0, t.admitRead("k"), "read " + i + " of 3 while writes are throttled");
    }
    assertEquals(S / 3 + 1, t.admitRead("k"), "a third of a second, rounded up");
  }

  @Test
  void unusedCapacityAccumulatesForThreeHundredSecondsAndNoMore() {
    PartitionTable t = oneRange(noSplit().initialCredit(Duration.ZERO).build()); // 1,000/s, 300 s
    assertEquals(0, t.availableWriteUnits("k"));
    ticker.advance(Duration.ofSeconds(100));
    assertEquals(100_000, t.availableWriteUnits("k"));
    ticker.advance(Duration.ofSeconds(199));
    assertEquals(299_000, t.availableWriteUnits("k"));
    ticker.advance(Duration.ofSeconds(1));
    assertEquals(300_000, t.availableWriteUnits("k"), "exactly 300 s of the rate");
    ticker.advance(Duration.ofSeconds(1_000));
    assertEquals(300_000, t.availableWriteUnits("k"), "capped at the burst window");
    for (int i = 0; i < 300_000; i++) {
      assertEquals(0, t.admitWrite("k"));
    }
    assertEquals(MS, t.admitWrite("k"), "burst spent: back to the sustained rate");
  }

  @Test
  void aZeroBurstWindowHoldsOneUnit() {
    PartitionCapacity c = noSplit().writeUnitsPerSecond(1000).burstWindow(Duration.ZERO).build();
    assertEquals(1, c.writeBucket().capacity());
    assertEquals(1, c.writeBucket().initialTokens(), "the initial credit is capped at the bucket");
    PartitionTable t = oneRange(c);
    ticker.advance(Duration.ofSeconds(10));
    assertEquals(0, t.admitWrite("k"));
    assertEquals(MS, t.admitWrite("k"), "ten idle seconds saved nothing");
  }

  @Test
  void keysInDifferentRangesHaveTheirOwnBuckets() {
    long ha = RingHash.hash64("a");
    long hb = RingHash.hash64("b");
    long between = ha < hb ? ha + (hb - ha) / 2 : hb + (ha - hb) / 2;
    PartitionTable t = table(noSplit().writeUnitsPerSecond(1).burstWindow(Duration.ZERO).build(),
        List.of(between, Long.MAX_VALUE));
    assertTrue(t.upperBoundOf(ha) != t.upperBoundOf(hb));
    assertEquals(0, t.admitWrite("a"));
    assertTrue(t.admitWrite("a") > 0);
    assertEquals(0, t.admitWrite("b"), "b's partition is untouched by a's load");
  }

  @Test
  void theRangeOfTheFirstTokenWrapsAroundFromTheLast() {
    PartitionTable t = table(noSplit().build(), List.of(-100L, 100L));
    assertEquals(-100L, t.upperBoundOf(-100L));
    assertEquals(100L, t.upperBoundOf(-99L));
    assertEquals(-100L, t.upperBoundOf(101L), "past the last token: the first token's range");
    assertEquals(100L, t.lowerBoundOf(-100L));
    assertEquals(-100L, t.lowerBoundOf(100L));
  }

  /** Offers {@code perSecond} writes of {@code key} in each of {@code seconds} seconds, evenly. */
  private void offer(PartitionTable t, String key, int perSecond, int seconds) {
    long step = S / perSecond;
    for (int s = 0; s < seconds; s++) {
      for (int i = 0; i < perSecond; i++) {
        t.admitWrite(key);
        ticker.advance(step);
      }
    }
  }

  private static PartitionCapacity.Builder heat() {
    return PartitionCapacity.custom().writeUnitsPerSecond(100).heatThreshold(0.5)
        .heatPeriod(Duration.ofSeconds(5)).splitDelay(Duration.ofSeconds(2));
  }

  @Test
  void aPartitionHotForTheHeatPeriodSplitsExactlyTheDelayLater() {
    PartitionTable t = oneRange(heat().build());
    offer(t, "k", 50, 5); // 50/s is exactly the threshold: hot windows [0,1) .. [4,5)
    assertEquals(1, t.partitionCount());
    ticker.set(7 * S - 1);
    t.admitWrite("k"); // closes window [5,6) ... the split was decided at 5 s
    assertEquals(1, t.partitionCount(), "a nanosecond before the split takes effect");
    ticker.set(7 * S);
    t.admitWrite("k");
    assertEquals(2, t.partitionCount(), "5 s hot + 2 s delay");
    assertEquals(1, t.splits());
    assertEquals(7 * S, splits.get(0)[3]);
    assertEquals(0L, splits.get(0)[0]);
    assertEquals(Long.MIN_VALUE, splits.get(0)[1], "the whole ring (0, 0] cut half way round");
  }

  @Test
  void loadJustBelowTheThresholdNeverSplits() {
    PartitionTable t = oneRange(heat().build());
    offer(t, "k", 49, 20);
    assertEquals(1, t.partitionCount());
  }

  @Test
  void aColdWindowRestartsTheHeatPeriod() {
    PartitionTable t = oneRange(heat().splitDelay(Duration.ZERO).build());
    offer(t, "k", 50, 4);
    offer(t, "k", 10, 1);
    offer(t, "k", 50, 4);
    ticker.advance(1);
    t.admitWrite("k");
    assertEquals(1, t.partitionCount(), "two runs of 4 hot seconds are not 5");
    offer(t, "k", 50, 1);
    ticker.advance(1);
    t.admitWrite("k");
    assertEquals(2, t.partitionCount(), "the fifth hot second in a row");
  }

  @Test
  void aSplitSharesTheSavedBurstBetweenTheHalves() {
    PartitionCapacity c = heat().splitDelay(Duration.ZERO).burstWindow(Duration.ofSeconds(10)).build();
    PartitionTable t = table(c, List.of(1000L));
    assertEquals(100, t.availableWriteUnits("k"), "one second of credit");
    ticker.advance(Duration.ofSeconds(3));
    assertEquals(400, t.availableWriteUnits("k"));
    offer(t, "k", 50, 5); // 3 s .. 8 s: +500 refilled, -250 written
    ticker.advance(1);
    assertEquals(325, t.availableWriteUnits("k"), "half of the 650 saved");
    assertEquals(2, t.partitionCount());
    long[] s = splits.get(0);
    assertEquals(1000L, s[0]);
    assertEquals(1000L + Long.MIN_VALUE, s[1], "the whole ring cut half way round from its token");
    assertEquals(1000L, s[2]);
    assertEquals(8 * S, s[3], "hot from 3 s, so 5 s hot at 8 s, no delay");
  }

  @Test
  void aRangeOfOneHashIsNeverSplit() {
    long h = RingHash.hash64("k");
    PartitionTable t = table(heat().splitDelay(Duration.ZERO).build(), List.of(h - 1, h));
    offer(t, "k", 100, 8);
    ticker.advance(1);
    t.admitWrite("k");
    assertEquals(2, t.partitionCount(), "(h-1, h] holds the hot key alone: nothing left to split");
    assertEquals(0, t.splits());
  }

  @Test
  void splitPointsGivenAtStartAreRanges() {
    PartitionTable t = new PartitionTable(noSplit().build(), List.of(0L), List.of(Long.MIN_VALUE), ticker,
        (a, b, c, d) -> {});
    assertEquals(2, t.partitionCount());
    assertEquals(Long.MIN_VALUE, t.upperBoundOf(Long.MIN_VALUE));
    assertEquals(0L, t.upperBoundOf(Long.MIN_VALUE + 1));
  }
}
