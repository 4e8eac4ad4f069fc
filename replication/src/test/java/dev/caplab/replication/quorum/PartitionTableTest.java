package dev.caplab.replication.quorum;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
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
    assertEquals(3, t.partitionCount(), "5 s hot + 2 s delay: k's range cut just after and just before it");
    assertEquals(2, t.splits(), "two cuts");
    long h = RingHash.hash64("k");
    assertEquals(List.of(0L, h, 0L, 7 * S), List.of(splits.get(0)[0], splits.get(0)[1], splits.get(0)[2], splits.get(0)[3]),
        "the whole ring (0, 0] cut at k");
    assertEquals(List.of(0L, h - 1, h, 7 * S), List.of(splits.get(1)[0], splits.get(1)[1], splits.get(1)[2], splits.get(1)[3]),
        "then (0, h] cut just before k");
    assertEquals(h, t.upperBoundOf(h));
    assertEquals(h - 1, t.lowerBoundOf(h), "k alone in (h-1, h]");
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
    assertEquals(3, t.partitionCount(), "the fifth hot second in a row");
  }

  @Test
  void eachCutSharesTheSavedBurstBetweenItsTwoSides() {
    PartitionCapacity c = heat().splitDelay(Duration.ZERO).burstWindow(Duration.ofSeconds(10)).build();
    PartitionTable t = table(c, List.of(1000L));
    assertEquals(100, t.availableWriteUnits("k"), "one second of credit");
    ticker.advance(Duration.ofSeconds(3));
    assertEquals(400, t.availableWriteUnits("k"));
    offer(t, "k", 50, 5); // 3 s .. 8 s: +500 refilled, -250 written
    ticker.advance(1);
    assertEquals(163, t.availableWriteUnits("k"), "650 saved: 325 below the cut at k, of which k's side keeps 163");
    assertEquals(3, t.partitionCount());
    long[] s = splits.get(0);
    assertEquals(1000L, s[0]);
    assertEquals(RingHash.hash64("k"), s[1]);
    assertEquals(1000L, s[2]);
    assertEquals(8 * S, s[3], "hot from 3 s, so 5 s hot at 8 s, no delay");
  }

  @Test
  void aKeyWithMoreThanHalfTheTrafficIsCutOutAloneWhereverItSits() {
    long[] hot = {50, 50, 50, 10, 90};
    assertArrayEquals(new long[] {50, 49}, PartitionTable.cuts(0, 100, hot, 5), "just after, then just before it");
    assertArrayEquals(new long[] {1}, PartitionTable.cuts(0, 100, new long[] {1, 1, 70}, 3), "the first hash: one cut at it");
    assertArrayEquals(new long[] {99}, PartitionTable.cuts(0, 100, new long[] {100, 100, 3}, 3),
        "the upper bound: one cut just before it");
    assertArrayEquals(new long[] {Long.MIN_VALUE + 5, Long.MIN_VALUE + 4},
        PartitionTable.cuts(Long.MAX_VALUE, Long.MIN_VALUE + 20, new long[] {Long.MIN_VALUE + 5, Long.MIN_VALUE + 5}, 2),
        "a range across the signed wrap");
    assertArrayEquals(new long[] {-7, -8}, PartitionTable.cuts(0, 0, new long[] {-7, -7, -7, 3}, 4),
        "the whole ring, hashes above 2^63 unsigned");
    assertArrayEquals(new long[] {-7, -8}, PartitionTable.cuts(0, 0, new long[] {-7, -7, -7, 3, 0, 0}, 4),
        "only the first n hashes count");
  }

  @Test
  void withoutADominantKeyTheCutBalancesTheTraffic() {
    assertArrayEquals(new long[] {20}, PartitionTable.cuts(0, 100, new long[] {40, 10, 20, 30}, 4),
        "two requests on each side");
    assertArrayEquals(new long[] {30}, PartitionTable.cuts(0, 100, new long[] {40, 10, 20, 30, 35}, 5),
        "the median goes below");
    assertArrayEquals(new long[] {10}, PartitionTable.cuts(0, 100, new long[] {10, 10, 90, 90}, 4),
        "exactly half is not more than half");
    assertArrayEquals(new long[] {5}, PartitionTable.cuts(-10, 100, new long[] {-3, 5, 60}, 3),
        "ranks count from the lower bound, not from zero");
    assertArrayEquals(new long[] {50}, PartitionTable.cuts(0, 100, new long[0], 0), "no request: the midpoint");
    assertArrayEquals(new long[] {Long.MIN_VALUE + 3}, PartitionTable.cuts(3, 3, new long[0], 0),
        "no request, the whole ring: half way round");
  }

  @Test
  void aHotKeyAmongColdOnesEndsAloneWithTheWholeLimit() {
    PartitionTable t = oneRange(heat().splitDelay(Duration.ZERO).initialCredit(Duration.ZERO).burstWindow(Duration.ZERO)
        .build());
    long step = S / 100;
    for (int i = 0; i < 600; i++) { // 6 s: 80 writes a second of "hot", 20 spread over 20 cold keys
      t.admitWrite(i % 5 == 0 ? "cold" + (i / 5 % 20) : "hot");
      ticker.advance(step);
    }
    long h = RingHash.hash64("hot");
    assertEquals(h, t.upperBoundOf(h));
    assertEquals(h - 1, t.lowerBoundOf(h), "hot alone in (h-1, h]");
    ticker.advance(S);
    int admitted = 0;
    for (int i = 0; i < 200; i++) {
      admitted += t.admitWrite("hot") == 0 ? 1 : 0;
      ticker.advance(S / 200);
    }
    assertTrue(admitted >= 99 && admitted <= 101, "the hot key alone gets the partition's 100/s: " + admitted);
  }

  @Test
  void evenTrafficIsCutAtItsMedianNotAtTheRangesMidpoint() {
    PartitionTable t = oneRange(heat().splitDelay(Duration.ZERO).build());
    List<Long> hashes = new ArrayList<>();
    for (int i = 0; i < 16; i++) {
      hashes.add(RingHash.hash64("key" + i));
    }
    for (int i = 0; i < 600; i++) { // 100 a second over 16 keys, none dominant
      t.admitWrite("key" + (i % 16));
      ticker.advance(S / 100);
    }
    assertTrue(t.splits() >= 1);
    long mid = splits.get(0)[1];
    long below = hashes.stream().filter(x -> Long.compareUnsigned(x - 1, mid - 1) <= 0).count(); // ranks above 0
    assertTrue(below >= 7 && below <= 9, "about half the keys, and of the traffic, on each side: " + below);
    assertTrue(mid != Long.MIN_VALUE, "not the midpoint of the ring");
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

  @Test
  void aRangeOfTwoHashesSplitsIntoTwoOfOne() {
    long h = RingHash.hash64("k");
    PartitionTable t = table(heat().splitDelay(Duration.ZERO).build(), List.of(h - 2, h));
    offer(t, "k", 100, 8);
    ticker.advance(1);
    t.admitWrite("k");
    assertEquals(1, t.splits(), "(h-2, h] still holds two hashes: one cut, just before k");
    assertEquals(h, t.upperBoundOf(h));
    assertEquals(h - 1, t.lowerBoundOf(h));
  }

  @Test
  void theUpperBoundsRankCountsFromTheLowerBound() {
    assertArrayEquals(new long[] {99}, PartitionTable.cuts(10, 100, new long[] {100, 100, 50}, 3),
        "a hot key at the upper bound of (10, 100]: one cut just before it");
    assertArrayEquals(new long[] {100, 99}, PartitionTable.cuts(10, 110, new long[] {100, 100, 50}, 3),
        "below the upper bound: cut on both sides");
  }

  @Test
  void aTableWithoutRangesIsRefusedAtOnce() {
    IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
        () -> new PartitionTable(noSplit().build(), List.of(), List.of(), ticker, (a, b, c, d) -> {}));
    assertTrue(e.getMessage().contains("at least one ring token"), e.getMessage());
  }

  /** Heat over windows of half a second: a heat period shorter than a second is also the window. */
  private static PartitionCapacity.Builder shortHeat() {
    return PartitionCapacity.custom().writeUnitsPerSecond(100).readUnitsPerSecond(100).heatThreshold(0.5)
        .heatPeriod(Duration.ofMillis(500)).splitDelay(Duration.ZERO);
  }

  /** Offers {@code perWindow} requests of {@code key} in each of {@code windows} half-second windows, evenly. */
  private void offerHalfSeconds(PartitionTable t, String key, int perWindow, int windows, boolean reads) {
    long step = S / 2 / perWindow;
    for (int w = 0; w < windows; w++) {
      long start = ticker.nanos();
      for (int i = 0; i < perWindow; i++) {
        if (reads) {
          t.admitRead(key);
        } else {
          t.admitWrite(key);
        }
        ticker.advance(step);
      }
      ticker.set(start + S / 2);
    }
    t.admitWrite("other" + key);
  }

  @Test
  void inAWindowShorterThanASecondTheWriteThresholdScalesWithTheWindow() {
    PartitionTable hot = oneRange(shortHeat().build());
    offerHalfSeconds(hot, "k", 25, 2, false); // 50 writes a second: half of 100, in half-second windows
    assertEquals(2, hot.splits(), "25 writes in half a second reach the threshold");
    splits.clear();
    PartitionTable cold = oneRange(shortHeat().build());
    offerHalfSeconds(cold, "k", 24, 4, false);
    assertEquals(0, cold.splits(), "24 in half a second do not");
  }

  @Test
  void hotReadsSplitAPartitionToo() {
    PartitionTable hot = oneRange(shortHeat().build());
    offerHalfSeconds(hot, "k", 25, 2, true); // 50 strong reads a second: half of 100 read units
    assertEquals(2, hot.splits(), "reads alone made the partition hot");
    long h = RingHash.hash64("k");
    assertEquals(h, hot.upperBoundOf(h));
    assertEquals(h - 1, hot.lowerBoundOf(h), "the cut follows the reads' keys: k alone in (h-1, h]");
    PartitionTable cold = oneRange(shortHeat().build());
    offerHalfSeconds(cold, "k", 24, 4, true);
    assertEquals(0, cold.splits(), "24 strong reads in half a second are below half the limit");
  }

  @Test
  void withoutSplitForHeatAPartitionStaysWholeHoweverHot() {
    PartitionTable t = oneRange(heat().splitForHeat(false).splitDelay(Duration.ZERO).build());
    offer(t, "k", 100, 20);
    assertEquals(1, t.partitionCount());
    assertEquals(0, t.splits());
  }

  @Test
  void afterAnIdleGapTheHeatWindowsKeepTheirGrid() {
    PartitionTable t = oneRange(heat().build()); // windows of 1 s, hot at 50 a second for 5 s, split 2 s later
    ticker.set(300 * MS);
    t.admitWrite("k"); // the partition's windows start at 0.3 s: 0.3, 1.3, 2.3, ...
    ticker.set(2_310 * MS);
    for (int i = 0; i < 400; i++) { // from 2.31 s, 50 a second: 50 in the window [2.3 s, 3.3 s)
      t.admitWrite("k");
      ticker.advance(20 * MS);
    }
    assertEquals(2, t.splits());
    assertEquals(9_300 * MS, splits.get(0)[3], "hot from 2.3 s: five hot windows end at 7.3 s, the split 2 s later");
  }

  @Test
  void servedRangesSayWhichRangesThisReplicaHasServed() {
    PartitionTable t = table(noSplit().build(), List.of(-100L, 100L));
    assertEquals(java.util.Map.of(-100L, false, 100L, false), t.servedRanges());
    t.admitWrite("k");
    long served = t.upperBoundOf(RingHash.hash64("k"));
    assertEquals(java.util.Map.of(served, true, served == 100L ? -100L : 100L, false), t.servedRanges());
  }
}
