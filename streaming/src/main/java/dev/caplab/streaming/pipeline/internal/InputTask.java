package dev.caplab.streaming.pipeline.internal;

import dev.caplab.streaming.watermark.StatusWatermarkValve;

/**
 * A task that reads one or more input channels: it takes their elements round-robin, combines
 * their watermarks with a {@link StatusWatermarkValve} (the minimum over the inputs, as Flink) and
 * aligns checkpoint barriers: an input that delivered barrier n is blocked (its records stay in its
 * buffer) until every input has delivered barrier n, then the task takes its snapshot. At the end
 * of each turn it announces the credit it freed. Not thread-safe.
 */
public abstract class InputTask {

  /** This task's index in the checkpoint's task states. */
  protected final int index;
  /** The checkpoint coordinator. */
  protected final CheckpointCoordinator coordinator;
  private final Channel[] inputs;
  private final boolean[] blocked;
  private final StatusWatermarkValve valve;
  private int barriersSeen;
  private int next;
  private long alignmentBlockedRounds;

  /** A task reading {@code inputs}. */
  protected InputTask(int index, Channel[] inputs, CheckpointCoordinator coordinator) {
    this.index = index;
    this.inputs = inputs.clone();
    this.blocked = new boolean[inputs.length];
    this.coordinator = coordinator;
    this.valve = new StatusWatermarkValve(inputs.length, new StatusWatermarkValve.Output() {
      @Override
      public void emitWatermark(long watermark) {
        onWatermark(watermark);
      }

      @Override
      public void emitStatus(boolean idle) {
        // idleness is not modelled: sources never go idle
      }
    });
  }

  /** Runs one turn; returns whether anything moved. */
  public final boolean runTurn() {
    boolean progress = beforeInputs();
    while (readyForInput()) {
      int ch = nextReadyInput();
      if (ch < 0) {
        break;
      }
      Object e = inputs[ch].peek();
      if (e instanceof Rec rec) {
        if (!admitRecord()) {
          break;
        }
        inputs[ch].poll();
        onRecord(rec);
      } else {
        inputs[ch].poll();
        if (e instanceof Control.Watermark w) {
          valve.inputWatermark(w.timestamp(), ch);
        } else {
          onBarrierFrom(ch, ((Control.Barrier) e).checkpointId());
        }
      }
      progress = true;
      afterElement();
    }
    if (barriersSeen > 0) {
      alignmentBlockedRounds++;
    }
    for (Channel c : inputs) {
      c.announceCredit();
    }
    return progress;
  }

  /** The input channels. */
  public final Channel[] inputs() {
    return inputs.clone();
  }

  /** Whether input {@code ch} is blocked by barrier alignment. */
  public final boolean isBlocked(int ch) {
    return blocked[ch];
  }

  /** Rounds this task ended with at least one input blocked by alignment. */
  public final long alignmentBlockedRounds() {
    return alignmentBlockedRounds;
  }

  /** The combined watermark of the inputs. */
  public final long currentWatermark() {
    return valve.lastOutputWatermark();
  }

  private int nextReadyInput() {
    for (int i = 0; i < inputs.length; i++) {
      int ch = (next + i) % inputs.length;
      if (!blocked[ch] && !inputs[ch].isEmpty()) {
        next = (ch + 1) % inputs.length;
        return ch;
      }
    }
    return -1;
  }

  private void onBarrierFrom(int ch, long checkpointId) {
    if (inputs.length > 1) {
      blocked[ch] = true;
      if (++barriersSeen < inputs.length) {
        return;
      }
      java.util.Arrays.fill(blocked, false);
      barriersSeen = 0;
    }
    onAlignedBarrier(checkpointId);
  }

  /** Work before reading inputs (flushing output); returns whether anything moved. */
  protected boolean beforeInputs() {
    return false;
  }

  /** Whether the task may read another element now. */
  protected abstract boolean readyForInput();

  /** Whether the record at the head of an input may be taken now. */
  protected boolean admitRecord() {
    return true;
  }

  /** After each element. */
  protected void afterElement() {}

  /** A record. */
  protected abstract void onRecord(Rec rec);

  /** The combined watermark advanced. */
  protected abstract void onWatermark(long watermark);

  /** Every input delivered barrier {@code checkpointId}. */
  protected abstract void onAlignedBarrier(long checkpointId);
}
