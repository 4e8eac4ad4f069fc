package dev.caplab.streaming.pipeline.internal;

import dev.caplab.streaming.watermark.WatermarkGenerator;
import dev.caplab.streaming.watermark.WatermarkOutput;
import java.util.function.Consumer;
import java.util.function.ToIntFunction;
import java.util.function.ToLongFunction;

/**
 * Runs a source: reads as many records as its output has credit for (at most {@code maxPoll} per
 * round), stamps them with an event time and a priority, and after each round lets its watermark
 * generator emit; a bounded source that has read everything sends the final watermark ({@link
 * Long#MAX_VALUE}), as Flink does at the end of input. A checkpoint trigger snapshots its position
 * and sends the barrier. Time spent with records to read and no credit is counted as backpressured
 * time. Not thread-safe.
 */
public final class SourceTask {

  private final int index;
  private final SourceReader reader;
  private final Channel output;
  private final ToLongFunction<Object> timestampOf;
  private final ToIntFunction<Object> priorityOf;
  private final WatermarkGenerator<Object> watermarks;
  private final int maxPoll;
  private final Consumer<Object> emit = this::emit;
  private final WatermarkOutput watermarkOutput = new WatermarkOutput() {
    @Override
    public void emitWatermark(long watermark) {
      if (watermark > lastWatermark) {
        lastWatermark = watermark;
        output.sendControl(new Control.Watermark(watermark));
      }
    }

    @Override
    public void markIdle() {}

    @Override
    public void markActive() {}
  };
  private long lastWatermark = Long.MIN_VALUE;
  private long emitted;
  private long backpressuredSince = -1;
  private long backpressuredNanos;

  /** A source task. */
  public SourceTask(int index, SourceReader reader, Channel output, ToLongFunction<Object> timestampOf,
      ToIntFunction<Object> priorityOf, WatermarkGenerator<Object> watermarks, int maxPoll) {
    this.index = index;
    this.reader = reader;
    this.output = output;
    this.timestampOf = timestampOf;
    this.priorityOf = priorityOf;
    this.watermarks = watermarks;
    this.maxPoll = maxPoll;
  }

  /** Runs one turn at {@code now}; returns whether anything moved. */
  public boolean runTurn(long now) {
    int read = 0;
    while (read < maxPoll && output.canSend() && reader.hasAvailable(now)) {
      int budget = maxPoll - read;
      if (output.mode() == dev.caplab.streaming.pipeline.BufferMode.BACKPRESSURE) {
        budget = Math.min(budget, output.credit());
      }
      int n = reader.poll(now, budget, emit);
      if (n == 0) {
        break;
      }
      read += n;
    }
    boolean blocked = !output.canSend() && reader.hasAvailable(now);
    if (blocked && backpressuredSince < 0) {
      backpressuredSince = now;
    } else if (!blocked && backpressuredSince >= 0) {
      backpressuredNanos += now - backpressuredSince;
      backpressuredSince = -1;
    }
    watermarks.onPeriodicEmit(watermarkOutput);
    if (reader.finished() && lastWatermark != Long.MAX_VALUE) {
      watermarkOutput.emitWatermark(Long.MAX_VALUE);
      return true;
    }
    return read > 0;
  }

  /** Snapshots the position for checkpoint {@code id}, reports it, and sends the barrier. */
  public void triggerCheckpoint(CheckpointCoordinator coordinator, long id) {
    coordinator.state(index, id, reader.snapshot());
    output.sendControl(new Control.Barrier(id));
  }

  /** Continues from a checkpointed position. */
  public void restore(Object state) {
    reader.restore(state);
  }

  /** Records read so far by this task. */
  public long emitted() {
    return emitted;
  }

  /** The reader's lag at {@code now}. */
  public long lag(long now) {
    return reader.lag(now);
  }

  /** Whether the reader is bounded and done. */
  public boolean finished() {
    return reader.finished();
  }

  /** Time spent backpressured up to {@code now}. */
  public long backpressuredNanos(long now) {
    return backpressuredNanos + (backpressuredSince >= 0 ? now - backpressuredSince : 0);
  }

  private void emit(Object value) {
    long ts = timestampOf.applyAsLong(value);
    emitted++;
    output.send(new Rec(value, ts, priorityOf.applyAsInt(value)));
    watermarks.onEvent(value, ts, watermarkOutput);
  }
}
