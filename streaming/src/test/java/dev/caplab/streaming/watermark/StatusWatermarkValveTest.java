package dev.caplab.streaming.watermark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Cases after Flink's StatusWatermarkValveTest. */
class StatusWatermarkValveTest {

  private final Out out = new Out();

  @Test
  void oneInputPassesIncreasingWatermarksOnly() {
    var v = new StatusWatermarkValve(1, out);
    v.inputWatermark(0, 0);
    v.inputWatermark(25, 0);
    v.inputWatermark(18, 0);
    v.inputWatermark(25, 0);
    v.inputWatermark(42, 0);
    assertEquals(List.of("wm 0", "wm 25", "wm 42"), out.take());
    assertEquals(42, v.lastOutputWatermark());
  }

  @Test
  void theOutputIsTheMinimumAcrossInputs() {
    var v = new StatusWatermarkValve(3, out);
    v.inputWatermark(10, 0);
    v.inputWatermark(5, 1);
    assertEquals(List.of(), out.take(), "input 2 is still at MIN");
    v.inputWatermark(3, 2);
    assertEquals(List.of("wm 3"), out.take());
    v.inputWatermark(8, 2);
    assertEquals(List.of("wm 5"), out.take());
    v.inputWatermark(6, 1); // input 1 was the min: now 6 (input 2 at 8)
    v.inputWatermark(4, 1); // decreasing: ignored
    assertEquals(List.of("wm 6"), out.take());
  }

  @Test
  void anIdleInputStopsHoldingTheWatermarkBack() {
    var v = new StatusWatermarkValve(2, out);
    v.inputWatermark(10, 0);
    v.inputWatermark(3, 1);
    assertEquals(List.of("wm 3"), out.take());
    v.inputIdle(1);
    assertEquals(List.of("wm 10"), out.take());
    v.inputWatermark(15, 1); // from an idle input: ignored
    v.inputWatermark(12, 0);
    assertEquals(List.of("wm 12"), out.take());
  }

  @Test
  void anInputRejoiningBehindStaysUnalignedUntilItCatchesUp() {
    var v = new StatusWatermarkValve(2, out);
    v.inputWatermark(10, 0);
    v.inputWatermark(3, 1);
    v.inputIdle(1);
    v.inputWatermark(20, 0);
    out.take();
    v.inputActive(1); // at 3, behind the output 20: unaligned
    v.inputWatermark(25, 0);
    assertEquals(List.of("wm 25"), out.take(), "the unaligned input does not hold the output back");
    v.inputWatermark(18, 1);
    assertEquals(List.of(), out.take());
    v.inputWatermark(26, 1); // caught up: aligned again
    assertEquals(List.of(), out.take(), "min(25, 26) = 25 is not above the output");
    v.inputWatermark(30, 0);
    assertEquals(List.of("wm 26"), out.take());
  }

  @Test
  void whenAllInputsGoIdleTheMaxIsEmittedThenTheValveIsIdle() {
    var v = new StatusWatermarkValve(2, out);
    v.inputWatermark(10, 0);
    v.inputWatermark(3, 1);
    v.inputIdle(0); // input 1 holds the min and stays: nothing new
    assertEquals(List.of("wm 3"), out.take());
    v.inputIdle(1); // the last one, holding the output: flush the max across all
    assertEquals(List.of("wm 10", "idle"), out.take());
    assertTrue(v.isIdle());
    v.inputWatermark(50, 0);
    assertEquals(List.of(), out.take(), "ignored while idle");
    v.inputActive(0);
    assertFalse(v.isIdle());
    v.inputActive(0);
    assertEquals(List.of("active"), out.take());
    v.inputWatermark(50, 0);
    assertEquals(List.of("wm 50"), out.take());
  }

  @Test
  void allIdleWithoutTheLastHoldingTheMinEmitsNoWatermark() {
    var v = new StatusWatermarkValve(2, out);
    v.inputWatermark(10, 0);
    v.inputWatermark(3, 1);
    v.inputIdle(1);
    assertEquals(List.of("wm 3", "wm 10"), out.take());
    v.inputIdle(0);
    v.inputIdle(0);
    assertEquals(List.of("idle"), out.take());
  }

  @Test
  void aGeneratorFeedsAnInputAndAWatermarkReactivatesIt() {
    var v = new StatusWatermarkValve(2, out);
    WatermarkOutput in0 = v.input(0);
    WatermarkOutput in1 = v.input(1);
    in0.emitWatermark(5);
    in1.emitWatermark(7);
    in1.markIdle();
    in0.markIdle();
    assertEquals(List.of("wm 5", "wm 7", "idle"), out.take());
    in0.emitWatermark(9);
    assertEquals(List.of("active", "wm 9"), out.take());
    in1.markActive();
    in1.emitWatermark(12);
    in0.emitWatermark(20);
    assertEquals(List.of("wm 12"), out.take());
  }

  @Test
  void badInputsAreRejected() {
    assertEquals("inputs must be >= 1, got 0",
        assertThrows(IllegalArgumentException.class, () -> new StatusWatermarkValve(0, out)).getMessage());
    var v = new StatusWatermarkValve(2, out);
    assertEquals("input must be between 0 and 1, got 2",
        assertThrows(IllegalArgumentException.class, () -> v.inputWatermark(1, 2)).getMessage());
  }
}
