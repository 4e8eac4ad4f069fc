package dev.caplab.replication.quorum;

import dev.caplab.node.NodeContext;
import java.time.Duration;
import java.util.function.LongConsumer;

/**
 * Fires {@code action} for each added item (an operation id) once {@code delay} has passed since it was added, with
 * at most one node timer pending: since every item waits the same delay, items expire in the
 * order they were added, so one timer armed for the oldest item is enough. This replaces one timer
 * (an event, a {@code Timer} and a closure) per request with a queue entry holding only the id (so a finished request is not kept alive until its deadline),
 * and keeps the simulation's event queue small when many requests are in flight with long timeouts.
 *
 * <p>The action runs for every id, also ones whose request has finished: it must look it up. Not
 * thread-safe: the node's thread; a crash discards the queue with the rest of the node.
 */
final class DeadlineQueue {

  private final NodeContext ctx;
  private final long delay;
  private final LongConsumer action;
  private long[] items = new long[16];
  private long[] deadlines = new long[16];
  private int head;
  private int size;
  private boolean armed;

  DeadlineQueue(NodeContext ctx, Duration delay, LongConsumer action) {
    this.ctx = ctx;
    this.delay = delay.toNanos();
    this.action = action;
  }

  void add(long item) {
    if (size == items.length) {
      grow();
    }
    long deadline = ctx.now() + delay;
    int i = (head + size) & (items.length - 1);
    items[i] = item;
    deadlines[i] = deadline;
    size++;
    if (!armed) {
      arm(deadline);
    }
  }

  private void grow() {
    int n = items.length;
    long[] nextItems = new long[n * 2];
    long[] nextDeadlines = new long[n * 2];
    for (int k = 0; k < size; k++) {
      nextItems[k] = items[(head + k) & (n - 1)];
      nextDeadlines[k] = deadlines[(head + k) & (n - 1)];
    }
    items = nextItems;
    deadlines = nextDeadlines;
    head = 0;
  }

  private void arm(long at) {
    armed = true;
    ctx.schedule(Duration.ofNanos(Math.max(0, at - ctx.now())), this::expire);
  }

  private void expire() {
    armed = false;
    long now = ctx.now();
    while (size > 0 && deadlines[head] <= now) {
      long item = items[head];
      head = (head + 1) & (items.length - 1);
      size--;
      action.accept(item);
    }
    if (size > 0) {
      arm(deadlines[head]);
    }
  }
}
