package dev.caplab.streaming.window;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.caplab.streaming.watermark.BoundedOutOfOrdernessWatermarks;
import dev.caplab.streaming.watermark.WatermarkOutput;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

/**
 * Windowing agrees with a batch computation over the same data when no element is late: for any
 * in-order stream with a perfect watermark, and for any out-of-order stream whose watermark
 * (bounded out-of-orderness) allows at least its actual disorder. The batch model assigns windows
 * by enumerating aligned starts and builds sessions by sorting, independently of the operator.
 * Each property takes a seed; a failure prints it.
 *
 * <p>Sessions need one millisecond more: windows that touch merge, so a session ending at {@code
 * end} still grows from an element at {@code end}, yet the watermark {@code end - 1} fires it (in
 * Flink too). A watermark of {@code ts - 1} after an element at {@code ts} is therefore perfect for
 * tumbling and sliding windows but can split a session that a batch run merges; {@code ts - 2} is
 * perfect for all three, and the out-of-order bound must exceed the disorder by one.
 */
class WindowedAggregatorProperties {

  private static final int TRIES = 400;

  /** One element. */
  private record El(String key, long value, long ts) {}

  /** A random assigner, aggregation and in-order base stream. */
  private static final class Case {
    final WindowAssigner assigner;
    final LongAggregation agg;
    final List<El> elements = new ArrayList<>();

    Case(SplittableRandom r) {
      long size = 1 + r.nextInt(20);
      switch (r.nextInt(3)) {
        case 0:
          assigner = WindowAssigner.tumbling(Duration.ofMillis(size), Duration.ofMillis(r.nextLong(-size + 1, size)));
          break;
        case 1:
          long slide = 1 + r.nextLong(size);
          assigner = WindowAssigner.sliding(Duration.ofMillis(size), Duration.ofMillis(slide),
              Duration.ofMillis(r.nextLong(-slide + 1, slide)));
          break;
        default:
          assigner = WindowAssigner.session(Duration.ofMillis(size));
          break;
      }
      agg = LongAggregation.values()[r.nextInt(LongAggregation.values().length)];
      long ts = r.nextLong(-100, 100);
      for (int i = r.nextInt(60); i > 0; i--) {
        ts += r.nextInt(4) == 0 ? 0 : r.nextInt(8);
        elements.add(new El("k" + r.nextInt(4), r.nextLong(-50, 50), ts));
      }
    }
  }

  @Property(tries = TRIES)
  void inOrderWithAPerfectWatermarkEqualsBatch(@ForAll long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    Case c = new Case(r);
    Map<String, String> panes = new TreeMap<>();
    var op = operator(c, panes, seed);
    for (El e : c.elements) {
      op.processLong(e.key(), e.value(), e.ts());
      if (r.nextBoolean()) {
        op.advanceWatermark(e.ts() - 1 - sessionSlack(c)); // perfect: nothing at or before ts - 1 follows
      }
    }
    op.advanceWatermark(Long.MAX_VALUE);
    assertEquals(batch(c), panes, "seed " + seed + ", " + c.assigner + ", " + c.agg);
    assertEquals(0, op.openWindows(), "seed " + seed);
  }

  @Property(tries = TRIES)
  void outOfOrderWithinTheWatermarkBoundEqualsBatch(@ForAll long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    Case c = new Case(r);
    long disorder = r.nextInt(15);
    long bound = disorder + r.nextInt(3) + sessionSlack(c);
    List<El> shuffled = new ArrayList<>();
    for (El e : c.elements) { // ts - U[0, disorder] over a non-decreasing base: disorder at most `disorder`
      shuffled.add(new El(e.key(), e.value(), e.ts() - r.nextLong(disorder + 1)));
    }
    Case out = new Case(new SplittableRandom(seed)); // same assigner and aggregation
    out.elements.clear();
    out.elements.addAll(shuffled);
    Map<String, String> panes = new TreeMap<>();
    var op = operator(out, panes, seed);
    BoundedOutOfOrdernessWatermarks<El> watermarks = new BoundedOutOfOrdernessWatermarks<>(Duration.ofMillis(bound));
    WatermarkOutput toOperator = new WatermarkOutput() {
      @Override
      public void emitWatermark(long watermark) {
        op.advanceWatermark(watermark);
      }

      @Override
      public void markIdle() {}

      @Override
      public void markActive() {}
    };
    for (El e : shuffled) {
      op.processLong(e.key(), e.value(), e.ts());
      watermarks.onEvent(e, e.ts(), toOperator);
      if (r.nextInt(3) == 0) {
        watermarks.onPeriodicEmit(toOperator);
      }
    }
    op.advanceWatermark(Long.MAX_VALUE);
    assertEquals(batch(out), panes, "seed " + seed + ", " + out.assigner + ", " + out.agg + ", bound " + bound);
    assertEquals(0, op.lateElementsDropped(), "seed " + seed);
  }

  private static long sessionSlack(Case c) {
    return c.assigner.kind() == WindowAssigner.Kind.SESSION ? 1 : 0;
  }

  private static WindowedAggregator<String, Long, Number> operator(Case c, Map<String, String> panes, long seed) {
    return WindowedAggregator.<String>longs(c.agg).config(WindowConfig.custom().assigner(c.assigner).build())
        .build(p -> {
          String k = p.key() + p.window();
          assertEquals(PaneKind.ON_TIME, p.kind(), "seed " + seed);
          assertEquals(null, panes.put(k, String.valueOf(p.value())), "seed " + seed + ": two panes for " + k);
        });
  }

  /** The batch result: window -> aggregate, windows enumerated from aligned starts or sorted sessions. */
  private static Map<String, String> batch(Case c) {
    Map<String, List<Long>> groups = new TreeMap<>();
    WindowAssigner a = c.assigner;
    if (a.kind() == WindowAssigner.Kind.SESSION) {
      Map<String, List<El>> byKey = new TreeMap<>();
      for (El e : c.elements) {
        byKey.computeIfAbsent(e.key(), k -> new ArrayList<>()).add(e);
      }
      for (List<El> els : byKey.values()) {
        els.sort((x, y) -> Long.compare(x.ts(), y.ts()));
        int from = 0;
        for (int i = 1; i <= els.size(); i++) {
          if (i == els.size() || els.get(i).ts() > els.get(i - 1).ts() + a.sizeMillis()) {
            long start = els.get(from).ts();
            long end = els.get(i - 1).ts() + a.sizeMillis();
            List<Long> values = new ArrayList<>();
            for (El e : els.subList(from, i)) {
              values.add(e.value());
            }
            groups.put(els.get(from).key() + new TimeWindow(start, end), values);
            from = i;
          }
        }
      }
    } else {
      for (El e : c.elements) {
        long slide = a.slideMillis();
        for (long k = Math.floorDiv(e.ts() - a.offsetMillis() - a.sizeMillis(), slide) - 1;
            k <= Math.floorDiv(e.ts() - a.offsetMillis(), slide) + 1; k++) {
          long start = k * slide + a.offsetMillis();
          if (start <= e.ts() && e.ts() < start + a.sizeMillis()) {
            groups.computeIfAbsent(e.key() + new TimeWindow(start, start + a.sizeMillis()), x -> new ArrayList<>())
                .add(e.value());
          }
        }
      }
    }
    Map<String, String> out = new TreeMap<>();
    groups.forEach((w, values) -> out.put(w, aggregate(c.agg, values)));
    return out;
  }

  private static String aggregate(LongAggregation agg, List<Long> values) {
    long sum = 0;
    long min = Long.MAX_VALUE;
    long max = Long.MIN_VALUE;
    for (long v : values) {
      sum += v;
      min = Math.min(min, v);
      max = Math.max(max, v);
    }
    switch (agg) {
      case SUM:
        return String.valueOf(sum);
      case COUNT:
        return String.valueOf(values.size());
      case MIN:
        return String.valueOf(min);
      case MAX:
        return String.valueOf(max);
      default:
        return String.valueOf((double) sum / values.size());
    }
  }
}
