package dev.caplab.streaming.watermark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class WatermarkGeneratorsTest {

  private final Out out = new Out();
  private final long[] now = {0};

  @Test
  void boundedOutOfOrdernessTrailsTheMaxByTheBoundPlusOne() {
    var g = new BoundedOutOfOrdernessWatermarks<String>(Duration.ofMillis(5));
    g.onPeriodicEmit(out);
    g.onEvent("a", 100, out);
    assertEquals(List.of("wm MIN"), out.take(), "periodic only; MIN before the first element");
    g.onEvent("b", 90, out); // older: the max stays
    g.onPeriodicEmit(out);
    g.onEvent("c", 107, out);
    g.onPeriodicEmit(out);
    assertEquals(List.of("wm 94", "wm 101"), out.take());
    assertEquals(101, g.currentWatermark());
    var ascending = new BoundedOutOfOrdernessWatermarks<String>(Duration.ZERO);
    ascending.onPeriodicEmit(out);
    ascending.onEvent("a", 3, out);
    ascending.onPeriodicEmit(out);
    assertEquals(List.of("wm MIN", "wm 2"), out.take());
    assertThrows(IllegalArgumentException.class, () -> new BoundedOutOfOrdernessWatermarks<>(Duration.ofMillis(-1)));
  }

  @Test
  void punctuatedEmitsOnMarkersOnly() {
    var g = new PunctuatedWatermarks<String>(s -> s.startsWith("wm:"), s -> Long.parseLong(s.substring(3)));
    g.onEvent("x", 5, out);
    g.onEvent("wm:42", 6, out);
    g.onPeriodicEmit(out);
    assertEquals(List.of("wm 42"), out.take());
  }

  /** Flink's IdlenessTimer: the first quiet check starts the clock; idle once more than the timeout passed. */
  @Test
  void idlenessMarksAQuietInputIdleAfterTheTimeout() {
    var g = new WatermarksWithIdleness<String>(new BoundedOutOfOrdernessWatermarks<>(Duration.ZERO),
        Duration.ofSeconds(1), () -> now[0]);
    g.onEvent("a", 10, out);
    g.onPeriodicEmit(out); // activity since the last check
    now[0] = 100;
    g.onPeriodicEmit(out); // no activity: the clock starts at 100
    now[0] = 1_000_000_100L;
    g.onPeriodicEmit(out); // exactly the timeout: not yet
    now[0] = 1_000_000_101L;
    g.onPeriodicEmit(out);
    assertEquals(List.of("wm 9", "wm 9", "wm 9", "idle"), out.take());
    g.onEvent("b", 20, out);
    g.onPeriodicEmit(out);
    assertEquals(List.of("wm 19"), out.take(), "activity resets the timer");
    assertThrows(IllegalArgumentException.class, () -> new WatermarksWithIdleness<String>(
        new BoundedOutOfOrdernessWatermarks<>(Duration.ZERO), Duration.ZERO, () -> 0));
  }

  @Test
  void periodicEmitterRunsEveryIntervalOfProcessingTime() {
    var g = new BoundedOutOfOrdernessWatermarks<String>(Duration.ZERO);
    var emitter = new PeriodicWatermarkEmitter<>(g, out, () -> now[0], Duration.ofMillis(200));
    emitter.onEvent("a", 50);
    now[0] = 199_999_999L;
    assertFalse(emitter.poll());
    now[0] = 200_000_000L;
    assertTrue(emitter.poll());
    assertFalse(emitter.poll());
    assertEquals(List.of("wm 49"), out.take());
    assertEquals(Duration.ofMillis(200), PeriodicWatermarkEmitter.DEFAULT_INTERVAL);
  }
}
