package dev.caplab.streaming.window;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

/**
 * The optimised {@link WindowedAggregator} (sliding windows sliced into shared panes, the session
 * and tumbling fast paths, idle keys kept for reuse) emits exactly what {@link ReferenceAggregator}
 * emits, the straightforward per-window operator it replaced: the same panes (key, window, value,
 * kind) and late elements in the same order, and the same counters after every step. Streams are
 * disordered beyond the watermark, with allowed lateness, both triggers, early firings, every
 * built-in aggregation and a user aggregation, so every path (late windows, LATE panes, cleanup,
 * merges, purges, side output) is compared. Each property takes a seed; a failure prints it.
 */
class WindowedAggregatorEquivalenceProperties {

  private static final int TRIES = 600;

  @Property(tries = TRIES)
  void theOptimisedOperatorEmitsWhatThePerWindowOperatorEmits(@ForAll long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    long size = 1 + r.nextInt(20);
    WindowAssigner assigner = switch (r.nextInt(4)) {
      case 0 -> WindowAssigner.tumbling(Duration.ofMillis(size), Duration.ofMillis(r.nextLong(-size + 1, size)));
      case 1, 2 -> {
        long slide = 1 + r.nextLong(size);
        yield WindowAssigner.sliding(Duration.ofMillis(size), Duration.ofMillis(slide),
            Duration.ofMillis(r.nextLong(-slide + 1, slide)));
      }
      default -> WindowAssigner.session(Duration.ofMillis(size));
    };
    WindowConfig.Builder cb = WindowConfig.custom().assigner(assigner)
        .trigger(r.nextBoolean() ? Trigger.EVENT_TIME : Trigger.PURGING_EVENT_TIME)
        .allowedLateness(Duration.ofMillis(r.nextBoolean() ? 0 : r.nextInt(30)));
    boolean early = r.nextInt(4) == 0;
    if (early) {
      cb.earlyFiringInterval(Duration.ofNanos(1 + r.nextInt(50)));
    }
    WindowConfig config = cb.build();
    int aggregation = r.nextInt(LongAggregation.values().length + 1);
    long[] now = {0};
    Recorder fast = new Recorder();
    Recorder reference = new Recorder();
    Ops ops = aggregation < LongAggregation.values().length
        ? longs(LongAggregation.values()[aggregation], config, now, fast, reference)
        : userAggregation(config, now, fast, reference);
    String at = "seed " + seed + ", " + config + ", aggregation " + aggregation;
    long ts = r.nextLong(-100, 100);
    long watermark = Long.MIN_VALUE;
    for (int step = r.nextInt(200); step > 0; step--) {
      int what = r.nextInt(10);
      if (what < 6) {
        ts += r.nextInt(5);
        long t = ts - (r.nextInt(5) == 0 ? r.nextInt(60) : r.nextInt(4));
        String key = "k" + r.nextInt(r.nextBoolean() ? 2 : 6);
        long v = r.nextLong(-50, 50);
        ops.fast.processLong(key, v, t);
        ops.reference.processLong(key, v, t);
      } else if (what < 9) {
        long w = r.nextInt(6) == 0 ? watermark - r.nextInt(5) : ts - r.nextInt(20);
        watermark = Math.max(watermark, w);
        assertEquals(ops.reference.advanceWatermark(w), ops.fast.advanceWatermark(w), at);
      } else {
        now[0] += r.nextInt(60);
        ops.fast.onProcessingTime();
        ops.reference.onProcessingTime();
      }
      assertEquals(reference.take(), fast.take(), at + ", step " + step);
      assertEquals(ops.reference.openWindows(), ops.fast.openWindows(), at);
      assertEquals(ops.reference.activeKeys(), ops.fast.activeKeys(), at);
      assertEquals(ops.reference.panesEmitted(), ops.fast.panesEmitted(), at);
      assertEquals(ops.reference.lateElementsSideOutput(), ops.fast.lateElementsSideOutput(), at);
      assertEquals(ops.reference.lateElementsDropped(), ops.fast.lateElementsDropped(), at);
    }
    ops.fast.advanceWatermark(Long.MAX_VALUE);
    ops.reference.advanceWatermark(Long.MAX_VALUE);
    assertEquals(reference.take(), fast.take(), at + ", end");
    assertEquals(0, ops.fast.openWindows(), at);
    assertEquals(0, ops.fast.activeKeys(), at);
  }

  /**
   * Thousands of keys that come and go: idle keys are kept for reuse, then dropped together once
   * they outnumber the threshold, and neither changes what is emitted.
   */
  @Property(tries = 10)
  void keysThatComeAndGoAreReusedAndDroppedWithoutChangingTheOutput(@ForAll long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    WindowAssigner assigner = switch (r.nextInt(3)) {
      case 0 -> WindowAssigner.tumbling(Duration.ofMillis(5));
      case 1 -> WindowAssigner.sliding(Duration.ofMillis(6), Duration.ofMillis(2));
      default -> WindowAssigner.session(Duration.ofMillis(3));
    };
    WindowConfig config = WindowConfig.custom().assigner(assigner).build();
    long[] now = {0};
    Recorder fast = new Recorder();
    Recorder reference = new Recorder();
    Ops ops = longs(LongAggregation.SUM, config, now, fast, reference);
    java.util.Set<String> seen = new java.util.HashSet<>();
    for (int t = 0; t < 20_000; t++) {
      String key = "key" + (t / 4 + r.nextInt(3 * WindowedAggregator.IDLE_KEYS_KEPT)); // each key lives briefly
      ops.fast.processLong(key, 1, t);
      ops.reference.processLong(key, 1, t);
      if (t % 7 == 0) {
        ops.fast.advanceWatermark(t - 2);
        ops.reference.advanceWatermark(t - 2);
      }
      seen.add(key);
      assertEquals(ops.reference.activeKeys(), ops.fast.activeKeys(), "seed " + seed + ", t " + t);
    }
    ops.fast.advanceWatermark(Long.MAX_VALUE);
    ops.reference.advanceWatermark(Long.MAX_VALUE);
    assertEquals(reference.take(), fast.take(), "seed " + seed + ", " + assigner);
    assertEquals(0, ops.fast.activeKeys());
    assertTrue(seen.size() > 2 * WindowedAggregator.IDLE_KEYS_KEPT, "more keys come and go than are kept idle");
  }

  /** The two operators under one interface. */
  private interface Op {
    void processLong(String key, long value, long ts);

    boolean advanceWatermark(long w);

    void onProcessingTime();

    long openWindows();

    int activeKeys();

    long panesEmitted();

    long lateElementsSideOutput();

    long lateElementsDropped();
  }

  private record Ops(Op fast, Op reference) {}

  private static Ops longs(LongAggregation agg, WindowConfig config, long[] now, Recorder fast, Recorder ref) {
    var f = WindowedAggregator.<String>longs(agg).config(config).ticker(() -> now[0])
        .lateDataOutput(fast::late).build(fast::pane);
    var g = ReferenceAggregator.<String>longs(agg).config(config).ticker(() -> now[0])
        .lateDataOutput(ref::late).build(ref::pane);
    return new Ops(of(f), of(g));
  }

  /** A user aggregation: the list of values received, in order, so that a merge order shows. */
  private static Ops userAggregation(WindowConfig config, long[] now, Recorder fast, Recorder ref) {
    AggregateFunction<Long, List<Long>, String> fn = new AggregateFunction<>() {
      @Override
      public List<Long> createAccumulator() {
        return new ArrayList<>();
      }

      @Override
      public List<Long> add(Long value, List<Long> acc) {
        acc.add(value);
        return acc;
      }

      @Override
      public String getResult(List<Long> acc) {
        return acc.toString();
      }

      @Override
      public List<Long> merge(List<Long> a, List<Long> b) {
        List<Long> m = new ArrayList<>(a);
        m.addAll(b);
        return m;
      }
    };
    var f = WindowedAggregator.<String, Long, String>aggregate(fn).config(config).ticker(() -> now[0])
        .lateDataOutput(fast::late).build(fast::pane);
    var g = ReferenceAggregator.<String, Long, String>aggregate(fn).config(config).ticker(() -> now[0])
        .lateDataOutput(ref::late).build(ref::pane);
    return new Ops(of(f), of(g));
  }

  private static Op of(WindowedAggregator<String, Long, ?> a) {
    return new Op() {
      @Override
      public void processLong(String key, long value, long ts) {
        a.processLong(key, value, ts);
      }

      @Override
      public boolean advanceWatermark(long w) {
        return a.advanceWatermark(w);
      }

      @Override
      public void onProcessingTime() {
        a.onProcessingTime();
      }

      @Override
      public long openWindows() {
        return a.openWindows();
      }

      @Override
      public int activeKeys() {
        return a.activeKeys();
      }

      @Override
      public long panesEmitted() {
        return a.panesEmitted();
      }

      @Override
      public long lateElementsSideOutput() {
        return a.lateElementsSideOutput();
      }

      @Override
      public long lateElementsDropped() {
        return a.lateElementsDropped();
      }
    };
  }

  private static Op of(ReferenceAggregator<String, Long, ?> a) {
    return new Op() {
      @Override
      public void processLong(String key, long value, long ts) {
        a.processLong(key, value, ts);
      }

      @Override
      public boolean advanceWatermark(long w) {
        return a.advanceWatermark(w);
      }

      @Override
      public void onProcessingTime() {
        a.onProcessingTime();
      }

      @Override
      public long openWindows() {
        return a.openWindows();
      }

      @Override
      public int activeKeys() {
        return a.activeKeys();
      }

      @Override
      public long panesEmitted() {
        return a.panesEmitted();
      }

      @Override
      public long lateElementsSideOutput() {
        return a.lateElementsSideOutput();
      }

      @Override
      public long lateElementsDropped() {
        return a.lateElementsDropped();
      }
    };
  }
}
