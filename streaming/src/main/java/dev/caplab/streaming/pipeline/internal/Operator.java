package dev.caplab.streaming.pipeline.internal;

/**
 * One operator of a pipeline at parallelism 1: it sees records and watermarks in order and emits
 * records; its state is what {@link #snapshot()} returns at a checkpoint barrier. Not thread-safe.
 */
public interface Operator {

  /** Processes one record. */
  void processRecord(Rec rec, Emitter out);

  /** The combined watermark of the inputs advanced; the task forwards it after this returns. */
  default void onWatermark(long watermark, Emitter out) {}

  /** Once per round: processing-time work (early window firings). */
  default void onRound(Emitter out) {}

  /** The state to checkpoint, immutable; null for a stateless operator. */
  default Object snapshot() {
    return null;
  }

  /** Restores {@code state} from {@link #snapshot()} (null: stateless). */
  default void restore(Object state) {}
}
