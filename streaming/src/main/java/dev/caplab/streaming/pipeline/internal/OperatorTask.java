package dev.caplab.streaming.pipeline.internal;

import java.util.ArrayDeque;

/**
 * Runs one {@link Operator} between its input channels and its output channel. What the operator
 * emits goes to the output in order; when the output has no credit, it waits in the task (Flink's
 * operator likewise blocks inside {@code collect} waiting for a buffer) and the task reads no more
 * input until it has gone out, so backpressure passes upstream. Watermarks and barriers are
 * forwarded in order after what the operator emitted before them. Not thread-safe.
 */
public final class OperatorTask extends InputTask {

  private final Operator operator;
  private final Channel output;
  private final ArrayDeque<Object> pending = new ArrayDeque<>();
  private final Emitter emitter = (value, ts, priority) -> pending.addLast(new Rec(value, ts, priority));
  private long recordsIn;

  /** A task running {@code operator}. */
  public OperatorTask(int index, Channel[] inputs, Channel output, Operator operator,
      CheckpointCoordinator coordinator) {
    super(index, inputs, coordinator);
    this.output = output;
    this.operator = operator;
  }

  @Override
  protected boolean beforeInputs() {
    operator.onRound(emitter);
    return flush();
  }

  @Override
  protected boolean readyForInput() {
    return pending.isEmpty();
  }

  @Override
  protected void afterElement() {
    flush();
  }

  @Override
  protected void onRecord(Rec rec) {
    recordsIn++;
    operator.processRecord(rec, emitter);
  }

  @Override
  protected void onWatermark(long watermark) {
    operator.onWatermark(watermark, emitter);
    pending.addLast(new Control.Watermark(watermark));
  }

  @Override
  protected void onAlignedBarrier(long checkpointId) {
    coordinator.state(index, checkpointId, operator.snapshot());
    pending.addLast(new Control.Barrier(checkpointId));
  }

  /** Restores the operator's state. */
  public void restore(Object state) {
    operator.restore(state);
  }

  /** Records emitted by the operator and waiting for output credit. */
  public int pendingOutput() {
    int n = 0;
    for (Object e : pending) {
      if (e instanceof Rec) {
        n++;
      }
    }
    return n;
  }

  /** Records taken from the inputs. */
  public long recordsIn() {
    return recordsIn;
  }

  private boolean flush() {
    boolean moved = false;
    while (!pending.isEmpty()) {
      Object e = pending.peekFirst();
      if (e instanceof Rec rec) {
        if (!output.canSend()) {
          break;
        }
        output.send(rec);
      } else {
        output.sendControl((Control) e);
      }
      pending.pollFirst();
      moved = true;
    }
    return moved;
  }
}
