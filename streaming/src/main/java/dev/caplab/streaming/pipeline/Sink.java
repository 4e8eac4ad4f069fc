package dev.caplab.streaming.pipeline;

import dev.caplab.streaming.pipeline.internal.SinkWriter;

/**
 * Where a pipeline's records end. A sink object stands for the external system written to, so it
 * outlives a crashed pipeline and is handed to the restored one; what the restored pipeline's
 * replay does to it is the sink's guarantee:
 *
 * <ul>
 *   <li>{@link CollectingSink}: a list kept as pipeline state: a restore truncates it to the
 *       checkpoint, so it ends as an uninterrupted run's (exactly-once);
 *   <li>{@link AtLeastOnceSink}: plain append: records written after the last checkpoint are
 *       written again by the replay (duplicates, counted);
 *   <li>{@link IdempotentSink}: upsert by key: the replay rewrites the same keys with the same
 *       values, so the table ends as an uninterrupted run's;
 *   <li>{@link TransactionalSink}: two-phase commit, as Flink's {@code TwoPhaseCommitSinkFunction}:
 *       records go into a transaction that is pre-committed at the checkpoint barrier and
 *       committed when the checkpoint completes; a restore commits the restored checkpoint's
 *       pre-committed transaction and aborts later ones (exactly-once, visible at checkpoints).
 * </ul>
 *
 * <p>Not thread-safe: the pipeline's thread writes to it; read it on that thread.
 *
 * @param <T> the record type
 */
public abstract class Sink<T> {

  Sink() {}

  /** A new runtime writer for one pipeline. */
  abstract SinkWriter<T> newWriter();
}
