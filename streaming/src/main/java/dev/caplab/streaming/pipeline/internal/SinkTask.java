package dev.caplab.streaming.pipeline.internal;

import dev.caplab.capacity.TokenBucket;

/**
 * Runs a sink: writes records, at most as fast as an optional {@link TokenBucket} allows (a slow
 * sink), and on an aligned barrier takes the sink's state and acknowledges the checkpoint. Not
 * thread-safe.
 */
public final class SinkTask extends InputTask {

  private final SinkWriter<Object> writer;
  private final TokenBucket throughput;
  private long written;

  /** A sink task; {@code throughput} null for an unthrottled sink. */
  @SuppressWarnings("unchecked")
  public SinkTask(int index, Channel[] inputs, SinkWriter<?> writer, TokenBucket throughput,
      CheckpointCoordinator coordinator) {
    super(index, inputs, coordinator);
    this.writer = (SinkWriter<Object>) writer;
    this.throughput = throughput;
  }

  @Override
  protected boolean readyForInput() {
    return true;
  }

  @Override
  protected boolean admitRecord() {
    return throughput == null || throughput.tryAcquire(1);
  }

  @Override
  protected void onRecord(Rec rec) {
    written++;
    writer.write(rec.value);
  }

  @Override
  protected void onWatermark(long watermark) {
    // sinks keep no event-time state
  }

  @Override
  protected void onAlignedBarrier(long checkpointId) {
    coordinator.sinkAck(index, checkpointId, writer.snapshot(checkpointId));
  }

  /** The writer. */
  public SinkWriter<Object> writer() {
    return writer;
  }

  /** Records written by this task. */
  public long written() {
    return written;
  }
}
