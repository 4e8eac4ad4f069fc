package dev.caplab.streaming.watermark;

import dev.caplab.config.Require;

/**
 * The combined watermark of several inputs (partitions, upstream channels), exactly as Flink's
 * {@code StatusWatermarkValve}:
 *
 * <ul>
 *   <li>each input's watermark only increases: a watermark at or below its last one is ignored;
 *   <li>the output is the minimum over the <em>aligned</em> active inputs and only increases; an
 *       input is aligned while active and not behind the output (one that rejoins from idleness
 *       below the output is unaligned until its watermark catches up with it);
 *   <li>an idle input does not hold the output back; when the input that held the minimum goes
 *       idle, the minimum of the others is emitted;
 *   <li>when every input is idle, the maximum watermark of all inputs is emitted (if the last input
 *       to go idle held the minimum) and then the valve is idle; an input becoming active makes it
 *       active again. Watermarks from idle inputs, or while the valve is idle, are ignored.
 * </ul>
 *
 * <p>Not thread-safe. Allocates nothing after construction.
 */
public final class StatusWatermarkValve {

  /** Where the valve sends the combined watermark and status. */
  public interface Output {
    /** The combined watermark advanced to {@code watermark}. */
    void emitWatermark(long watermark);

    /** The valve became idle ({@code idle}) or active again. */
    void emitStatus(boolean idle);
  }

  private final Output output;
  private final long[] watermarks;
  private final boolean[] idle;
  private final boolean[] aligned;
  private long lastOutputWatermark = Long.MIN_VALUE;
  private boolean valveIdle;

  /** A valve over {@code inputs} (>= 1) inputs, all active, aligned and at {@link Long#MIN_VALUE}. */
  public StatusWatermarkValve(int inputs, Output output) {
    Require.atLeast("inputs", inputs, 1);
    this.output = Require.notNull(output, "output");
    this.watermarks = new long[inputs];
    this.idle = new boolean[inputs];
    this.aligned = new boolean[inputs];
    java.util.Arrays.fill(watermarks, Long.MIN_VALUE);
    java.util.Arrays.fill(aligned, true);
  }

  /** A watermark from input {@code input}. */
  public void inputWatermark(long watermark, int input) {
    check(input);
    if (valveIdle || idle[input] || watermark <= watermarks[input]) {
      return;
    }
    watermarks[input] = watermark;
    if (!aligned[input] && watermark >= lastOutputWatermark) {
      aligned[input] = true; // it has caught up
    }
    emitNewMinAcrossAligned();
  }

  /** Input {@code input} became idle. */
  public void inputIdle(int input) {
    check(input);
    if (idle[input]) {
      return;
    }
    idle[input] = true;
    aligned[input] = false;
    if (!hasActiveInputs()) {
      if (watermarks[input] == lastOutputWatermark) {
        emitMaxAcrossAll();
      }
      valveIdle = true;
      output.emitStatus(true);
    } else if (watermarks[input] == lastOutputWatermark) {
      emitNewMinAcrossAligned();
    }
  }

  /** Input {@code input} became active. */
  public void inputActive(int input) {
    check(input);
    if (!idle[input]) {
      return;
    }
    idle[input] = false;
    if (watermarks[input] >= lastOutputWatermark) {
      aligned[input] = true;
    }
    if (valveIdle) {
      valveIdle = false;
      output.emitStatus(false);
    }
  }

  /** The last watermark emitted ({@link Long#MIN_VALUE} before the first). */
  public long lastOutputWatermark() {
    return lastOutputWatermark;
  }

  /** Whether every input is idle. */
  public boolean isIdle() {
    return valveIdle;
  }

  /**
   * A {@link WatermarkOutput} for input {@code input}, so a {@link WatermarkGenerator} feeds the
   * valve: a watermark from an idle input first marks it active, as Flink's source output does.
   */
  public WatermarkOutput input(int input) {
    check(input);
    return new WatermarkOutput() {
      @Override
      public void emitWatermark(long watermark) {
        if (idle[input]) {
          inputActive(input);
        }
        inputWatermark(watermark, input);
      }

      @Override
      public void markIdle() {
        inputIdle(input);
      }

      @Override
      public void markActive() {
        inputActive(input);
      }
    };
  }

  private void emitNewMinAcrossAligned() {
    long min = Long.MAX_VALUE;
    boolean any = false;
    for (int i = 0; i < watermarks.length; i++) {
      if (aligned[i]) {
        any = true;
        min = Math.min(min, watermarks[i]);
      }
    }
    if (any && min > lastOutputWatermark) {
      lastOutputWatermark = min;
      output.emitWatermark(min);
    }
  }

  private void emitMaxAcrossAll() {
    long max = Long.MIN_VALUE;
    for (long w : watermarks) {
      max = Math.max(max, w);
    }
    if (max > lastOutputWatermark) {
      lastOutputWatermark = max;
      output.emitWatermark(max);
    }
  }

  private boolean hasActiveInputs() {
    for (boolean i : idle) {
      if (!i) {
        return true;
      }
    }
    return false;
  }

  private void check(int input) {
    Require.between("input", input, 0, watermarks.length - 1);
  }
}
