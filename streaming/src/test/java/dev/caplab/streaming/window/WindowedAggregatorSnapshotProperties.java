package dev.caplab.streaming.window;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

/**
 * A snapshot taken at any step and restored into a fresh aggregator, fed the rest of the input,
 * emits exactly what the uninterrupted aggregator emits from that step: the same panes and late
 * elements in the same order, the same counters after every step. Streams are disordered beyond
 * the watermark, with allowed lateness, both triggers, early firings, every built-in aggregation
 * and a user aggregation whose accumulator is mutated in place (so a snapshot that shared it would
 * show). The snapshot is restored only after the original has run to its end, so it must not share
 * state with it. Each property takes a seed; a failure prints it.
 */
class WindowedAggregatorSnapshotProperties {

  @Property(tries = 500)
  void aRestoredAggregatorContinuesExactlyAsTheUninterruptedOne(@ForAll long seed) {
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
    if (r.nextInt(4) == 0) {
      cb.earlyFiringInterval(Duration.ofNanos(1 + r.nextInt(50)));
    }
    WindowConfig config = cb.build();
    int aggregation = r.nextInt(LongAggregation.values().length + 1);
    long[] now = {0};
    Recorder original = new Recorder();
    Recorder restored = new Recorder();
    WindowedAggregator<String, Long, ?> first = build(aggregation, config, now, original);
    WindowedAggregator<String, Long, ?> second = build(aggregation, config, now, restored);
    List<long[]> steps = steps(r);
    int at = r.nextInt(steps.size() + 1);
    String where = "seed " + seed + ", " + config + ", aggregation " + aggregation + ", snapshot at " + at;

    long[] nowAtSnapshot = {0};
    WindowedAggregator.Snapshot<String> snapshot = null;
    List<List<String>> expected = new ArrayList<>();
    List<long[]> counters = new ArrayList<>();
    for (int i = 0; i <= steps.size(); i++) {
      if (i == at) {
        snapshot = first.snapshot();
        nowAtSnapshot[0] = now[0];
        assertEquals(first.openWindows(), snapshot.openWindows(), where);
        assertEquals(first.currentWatermark(), snapshot.watermark(), where);
      }
      if (i == steps.size()) {
        break;
      }
      apply(first, steps.get(i), now);
      if (i >= at) {
        expected.add(original.take());
        counters.add(counters(first));
      } else {
        original.take();
      }
    }

    now[0] = nowAtSnapshot[0];
    second.restore(snapshot);
    for (int i = at; i < steps.size(); i++) {
      apply(second, steps.get(i), now);
      assertEquals(expected.get(i - at), restored.take(), where + ", step " + i);
      assertArrayEquals(counters.get(i - at), counters(second), where + ", step " + i);
    }
  }

  @Test
  void aSnapshotFitsOnlyAnAggregatorConfiguredTheSameWay() {
    WindowConfig tumbling = WindowConfig.custom().assigner(WindowAssigner.tumbling(Duration.ofMillis(10))).build();
    WindowConfig sliding = WindowConfig.custom()
        .assigner(WindowAssigner.sliding(Duration.ofMillis(10), Duration.ofMillis(5))).build();
    var sum = WindowedAggregator.<String>longs(LongAggregation.SUM).config(tumbling).build(p -> {});
    sum.processLong("k", 3, 1);
    var snapshot = sum.snapshot();
    var otherWindows = WindowedAggregator.<String>longs(LongAggregation.SUM).config(sliding).build(p -> {});
    var otherAggregation = WindowedAggregator.<String>longs(LongAggregation.MAX).config(tumbling).build(p -> {});
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> otherWindows.restore(snapshot));
    assertEquals(true, e.getMessage().contains("snapshot must come from an aggregator configured as this one"));
    assertThrows(IllegalArgumentException.class, () -> otherAggregation.restore(snapshot));
    assertThrows(NullPointerException.class, () -> sum.restore(null));
    List<Object> panes = new ArrayList<>();
    var same = WindowedAggregator.<String>longs(LongAggregation.SUM).config(tumbling).build(p -> panes.add(p.value()));
    same.restore(snapshot);
    assertEquals(1, same.openWindows());
    assertEquals(1, same.activeKeys());
    same.advanceWatermark(9);
    assertEquals(List.of(3L), panes);
  }

  /** Steps: {0, key, value, ts} an element, {1, w} a watermark, {2, dt} processing time passing. */
  private static List<long[]> steps(SplittableRandom r) {
    List<long[]> steps = new ArrayList<>();
    long ts = r.nextLong(-100, 100);
    long watermark = Long.MIN_VALUE;
    for (int step = r.nextInt(200); step > 0; step--) {
      int what = r.nextInt(10);
      if (what < 6) {
        ts += r.nextInt(5);
        long t = ts - (r.nextInt(5) == 0 ? r.nextInt(60) : r.nextInt(4));
        steps.add(new long[] {0, r.nextInt(r.nextBoolean() ? 2 : 6), r.nextLong(-50, 50), t});
      } else if (what < 9) {
        long w = r.nextInt(6) == 0 ? watermark - r.nextInt(5) : ts - r.nextInt(20);
        watermark = Math.max(watermark, w);
        steps.add(new long[] {1, w});
      } else {
        steps.add(new long[] {2, r.nextInt(60)});
      }
    }
    steps.add(new long[] {1, Long.MAX_VALUE});
    return steps;
  }

  private static void apply(WindowedAggregator<String, Long, ?> a, long[] step, long[] now) {
    if (step[0] == 0) {
      a.processLong("k" + step[1], step[2], step[3]);
    } else if (step[0] == 1) {
      a.advanceWatermark(step[1]);
    } else {
      now[0] += step[1];
      a.onProcessingTime();
    }
  }

  private static long[] counters(WindowedAggregator<String, Long, ?> a) {
    return new long[] {a.openWindows(), a.activeKeys(), a.panesEmitted(), a.lateElementsSideOutput(),
        a.lateElementsDropped()};
  }

  private static WindowedAggregator<String, Long, ?> build(int aggregation, WindowConfig config, long[] now,
      Recorder recorder) {
    if (aggregation < LongAggregation.values().length) {
      return WindowedAggregator.<String>longs(LongAggregation.values()[aggregation]).config(config)
          .ticker(() -> now[0]).lateDataOutput(recorder::late).build(recorder::pane);
    }
    return WindowedAggregator.<String, Long, String>aggregate(new ListAggregation()).config(config)
        .ticker(() -> now[0]).lateDataOutput(recorder::late).build(recorder::pane);
  }

  /** The values received, in order, in a list mutated in place: a merge order or a shared list shows. */
  private static final class ListAggregation implements AggregateFunction<Long, List<Long>, String> {
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
      a.addAll(b);
      return a;
    }
  }
}
