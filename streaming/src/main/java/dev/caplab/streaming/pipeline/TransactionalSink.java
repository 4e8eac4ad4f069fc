package dev.caplab.streaming.pipeline;

import dev.caplab.streaming.pipeline.internal.SinkWriter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Writes in transactions with two-phase commit, as Flink's {@code TwoPhaseCommitSinkFunction}
 * over an external system that keeps pre-committed transactions (Kafka's transactions, a
 * database's prepared transactions):
 *
 * <ul>
 *   <li>records go into the open transaction, invisible to readers of {@link #committed()};
 *   <li>at the barrier of checkpoint n the open transaction is pre-committed as transaction n (it
 *       survives a crash in the external system) and a new one opens;
 *   <li>when checkpoint n completes, every pre-committed transaction up to n commits, in order;
 *   <li>on restore from checkpoint n, pre-committed transactions up to n commit (the completion
 *       may have been lost in the crash: Flink's {@code recoverAndCommit}) and later ones abort;
 *       the open transaction died with the pipeline.
 * </ul>
 *
 * <p>Committing is idempotent: a transaction commits once. Not thread-safe.
 *
 * @param <T> the record type
 */
public final class TransactionalSink<T> extends Sink<T> {

  private final List<T> committed = new ArrayList<>();
  private final TreeMap<Long, List<T>> preCommitted = new TreeMap<>();
  private long commits;
  private long aborts;

  /** An empty sink. */
  public TransactionalSink() {}

  /** The records of committed transactions, in commit order (a live read-only view). */
  public List<T> committed() {
    return Collections.unmodifiableList(committed);
  }

  /** Pre-committed transactions waiting for their checkpoint to complete. */
  public int pendingTransactions() {
    return preCommitted.size();
  }

  /** Transactions committed. */
  public long commits() {
    return commits;
  }

  /** Pre-committed transactions aborted by restores. */
  public long aborts() {
    return aborts;
  }

  private void commitUpTo(long checkpointId) {
    Map<Long, List<T>> due = preCommitted.headMap(checkpointId, true);
    for (List<T> txn : due.values()) {
      committed.addAll(txn);
      commits++;
    }
    due.clear();
  }

  @Override
  SinkWriter<T> newWriter() {
    return new SinkWriter<>() {
      private List<T> open = new ArrayList<>();

      @Override
      public void write(T value) {
        open.add(value);
      }

      @Override
      public Object snapshot(long checkpointId) {
        preCommitted.put(checkpointId, open);
        open = new ArrayList<>();
        return checkpointId;
      }

      @Override
      public void checkpointComplete(long checkpointId) {
        commitUpTo(checkpointId);
      }

      @Override
      public void restore(long checkpointId, Object state) {
        if (state != null) {
          commitUpTo((Long) state);
        }
        aborts += preCommitted.size();
        preCommitted.clear();
        open = new ArrayList<>();
      }
    };
  }
}
