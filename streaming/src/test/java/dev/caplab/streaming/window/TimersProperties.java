package dev.caplab.streaming.window;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

/**
 * The bucketed timer queue hands out timers in exactly the order of the one-heap queue, (time,
 * registration order), under any mix of pushes, pops and re-arms, with few distinct times (aligned
 * windows) or many (sessions); and the primitive map agrees with {@link HashMap} under any mix of
 * puts, gets and removes, colliding keys included. Each property takes a seed; a failure prints it.
 */
class TimersProperties {

  @Property(tries = 300)
  void bucketedTimersComeOutInTheOrderOfTheOneHeapQueue(@ForAll long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    Timers<String> heap = new TimerQueue<>();
    Timers<String> buckets = new BucketedTimerQueue<>();
    KeyWindows<String>[] owners = owners(4);
    int times = 1 + r.nextInt(r.nextBoolean() ? 5 : 500);
    for (int step = r.nextInt(2_000); step > 0; step--) {
      int what = r.nextInt(10);
      long time = r.nextInt(times);
      KeyWindows<String> owner = owners[r.nextInt(owners.length)];
      long start = r.nextInt(100);
      if (what < 5 || heap.isEmpty()) {
        heap.push(time, owner, start);
        buckets.push(time, owner, start);
      } else if (what < 8) {
        assertTop(heap, buckets, seed);
        heap.pop();
        buckets.pop();
      } else {
        assertTop(heap, buckets, seed);
        heap.replaceTop(time, owner, start);
        buckets.replaceTop(time, owner, start);
      }
      assertEquals(heap.size(), buckets.size(), "seed " + seed);
    }
    while (!heap.isEmpty()) {
      assertTop(heap, buckets, seed);
      heap.pop();
      buckets.pop();
    }
    assertEquals(true, buckets.isEmpty(), "seed " + seed);
  }

  /**
   * The wheel, small so that timers wait beyond it and move onto it, against the one-heap queue:
   * pushes mostly at or after the last timer handed out (as a window operator pushes), sometimes
   * below it (the slow path), at times close together or far apart, with wrap-around of the slots.
   */
  @Property(tries = 300)
  void wheelTimersComeOutInTheOrderOfTheOneHeapQueue(@ForAll long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    Timers<String> heap = new TimerQueue<>();
    Timers<String> wheel = new TimerWheel<>(r.nextBoolean() ? 64 : 128);
    KeyWindows<String>[] owners = owners(4);
    long spread = r.nextBoolean() ? 50 : r.nextBoolean() ? 300 : 1L << 40;
    int below = r.nextInt(3) == 0 ? 10 : 1_000;
    long floor = r.nextLong(-1_000, 1_000);
    for (int step = r.nextInt(3_000); step > 0; step--) {
      int what = r.nextInt(10);
      long time = r.nextInt(below) == 0 ? floor - r.nextLong(spread) : floor + r.nextLong(spread);
      KeyWindows<String> owner = owners[r.nextInt(owners.length)];
      long start = r.nextInt(100);
      if (what < 5 || heap.isEmpty()) {
        heap.push(time, owner, start);
        wheel.push(time, owner, start);
      } else if (what < 8) {
        assertTop(heap, wheel, seed);
        floor = heap.peekTime();
        heap.pop();
        wheel.pop();
      } else {
        assertTop(heap, wheel, seed);
        floor = heap.peekTime();
        time = Math.max(time, floor);
        heap.replaceTop(time, owner, start);
        wheel.replaceTop(time, owner, start);
      }
      assertEquals(heap.size(), wheel.size(), "seed " + seed);
      assertEquals(heap.isEmpty(), wheel.isEmpty(), "seed " + seed);
    }
    while (!heap.isEmpty()) {
      assertTop(heap, wheel, seed);
      heap.pop();
      wheel.pop();
    }
    assertEquals(true, wheel.isEmpty(), "seed " + seed);
  }

  @Property(tries = 300)
  void thePrimitiveMapAgreesWithHashMap(@ForAll long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    LongIntMap map = new LongIntMap();
    Map<Long, Integer> model = new HashMap<>();
    long spread = r.nextBoolean() ? 40 : Long.MAX_VALUE;
    for (int step = r.nextInt(3_000); step > 0; step--) {
      long key = spread == Long.MAX_VALUE ? r.nextLong() % 64 * (1L << 40) : r.nextLong(spread) - spread / 2;
      int what = r.nextInt(3);
      if (what == 0) {
        int v = r.nextInt(1_000);
        map.put(key, v);
        model.put(key, v);
      } else if (what == 1) {
        map.remove(key);
        model.remove(key);
      }
      assertEquals(model.getOrDefault(key, LongIntMap.ABSENT), map.get(key), "seed " + seed + ", key " + key);
      assertEquals(model.size(), map.size(), "seed " + seed);
    }
    for (Map.Entry<Long, Integer> e : model.entrySet()) {
      assertEquals(e.getValue(), map.get(e.getKey()), "seed " + seed);
    }
  }

  private static void assertTop(Timers<String> heap, Timers<String> buckets, long seed) {
    assertEquals(heap.peekTime(), buckets.peekTime(), "seed " + seed);
    assertEquals(heap.peekOwner(), buckets.peekOwner(), "seed " + seed);
    assertEquals(heap.peekStart(), buckets.peekStart(), "seed " + seed);
  }

  @SuppressWarnings("unchecked")
  private static KeyWindows<String>[] owners(int n) {
    KeyWindows<String>[] owners = new KeyWindows[n];
    for (int i = 0; i < n; i++) {
      owners[i] = new KeyWindows<>("k" + i, false);
    }
    return owners;
  }
}
