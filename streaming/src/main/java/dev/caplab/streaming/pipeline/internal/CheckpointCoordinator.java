package dev.caplab.streaming.pipeline.internal;

import dev.caplab.config.Require;
import dev.caplab.streaming.pipeline.Checkpoint;
import dev.caplab.streaming.pipeline.CheckpointStore;
import dev.caplab.time.Ticker;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.function.LongConsumer;

/**
 * Runs checkpoints as Flink's {@code CheckpointCoordinator} does with one checkpoint at a time
 * ({@code maxConcurrentCheckpoints} 1): a trigger while one is pending is skipped and counted;
 * every task reports its state when the barrier passes it; the checkpoint completes when every
 * sink has acknowledged, is saved to the store, and then the sinks are told (transactional sinks
 * commit). Not thread-safe.
 */
public final class CheckpointCoordinator {

  private final int tasks;
  private final int sinks;
  private final CheckpointStore store;
  private final Ticker ticker;
  private final LongConsumer onComplete;
  private long lastId;
  private long pendingId = -1;
  private long pendingTriggeredAt;
  private Object[] pendingStates;
  private boolean[] reported;
  private int sinkAcks;
  private long completed;
  private long skipped;
  private long lastCompletedId = -1;

  /**
   * A coordinator for {@code tasks} tasks of which {@code sinks} are sinks, saving to {@code store}
   * and calling {@code onComplete} with the id of each completed checkpoint.
   */
  public CheckpointCoordinator(int tasks, int sinks, CheckpointStore store, Ticker ticker, LongConsumer onComplete) {
    this.tasks = Require.atLeast("tasks", tasks, 1);
    this.sinks = Require.between("sinks", sinks, 1, tasks);
    this.store = Require.notNull(store, "store");
    this.ticker = Require.notNull(ticker, "ticker");
    this.onComplete = Require.notNull(onComplete, "onComplete");
  }

  /** Continues numbering after {@code id}, the checkpoint restored from. */
  public void restoredFrom(long id) {
    lastId = Math.max(lastId, id);
    lastCompletedId = id;
  }

  /** Starts a new checkpoint and returns its id, or -1 (counted as skipped) if one is pending. */
  public long trigger() {
    if (pendingId >= 0) {
      skipped++;
      return -1;
    }
    pendingId = ++lastId;
    pendingTriggeredAt = ticker.nanos();
    pendingStates = new Object[tasks];
    reported = new boolean[tasks];
    sinkAcks = 0;
    return pendingId;
  }

  /** Task {@code task} took its state {@code state} for checkpoint {@code id}. */
  public void state(int task, long id, Object state) {
    Require.requireState(id == pendingId, "checkpoint %s is not pending (pending: %s)", id, pendingId);
    Require.requireState(!reported[task], "task %s reported checkpoint %s twice", task, id);
    reported[task] = true;
    pendingStates[task] = state;
  }

  /** Sink task {@code task} acknowledged checkpoint {@code id} with its state. */
  public void sinkAck(int task, long id, Object state) {
    state(task, id, state);
    if (++sinkAcks == sinks) {
      complete();
    }
  }

  private void complete() {
    for (int i = 0; i < tasks; i++) {
      Require.requireState(reported[i], "task %s acknowledged no state for checkpoint %s", i, pendingId);
    }
    long id = pendingId;
    List<Object> states = Collections.unmodifiableList(new ArrayList<>(Arrays.asList(pendingStates)));
    store.save(new Checkpoint(id, pendingTriggeredAt, ticker.nanos(), states));
    pendingId = -1;
    pendingStates = null;
    completed++;
    lastCompletedId = id;
    onComplete.accept(id);
  }

  /** The pending checkpoint's id, or -1. */
  public long pendingId() {
    return pendingId;
  }

  /** Checkpoints completed by this coordinator. */
  public long completed() {
    return completed;
  }

  /** Triggers skipped because a checkpoint was pending. */
  public long skipped() {
    return skipped;
  }

  /** The last completed (or restored) checkpoint's id, or -1. */
  public long lastCompletedId() {
    return lastCompletedId;
  }
}
