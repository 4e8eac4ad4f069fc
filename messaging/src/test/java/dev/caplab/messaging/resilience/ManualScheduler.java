package dev.caplab.messaging.resilience;

import dev.caplab.time.ManualTicker;
import dev.caplab.time.Scheduler;
import java.util.ArrayList;
import java.util.List;

/**
 * A scheduler on a {@link ManualTicker} that keeps its timers in view: which are still pending
 * (neither run nor cancelled), and {@link #advance} runs those that fall due, in time order.
 */
final class ManualScheduler implements Scheduler {
  final ManualTicker ticker;
  private final List<Timer> timers = new ArrayList<>();

  ManualScheduler(ManualTicker ticker) {
    this.ticker = ticker;
  }

  private static final class Timer {
    final long due;
    final Runnable action;
    boolean done;

    Timer(long due, Runnable action) {
      this.due = due;
      this.action = action;
    }
  }

  @Override
  public Cancellable schedule(long delayNanos, Runnable action) {
    Timer t = new Timer(ticker.nanos() + delayNanos, action);
    timers.add(t);
    return () -> t.done = true;
  }

  /** Timers neither run nor cancelled. */
  int pending() {
    int n = 0;
    for (Timer t : timers) {
      n += t.done ? 0 : 1;
    }
    return n;
  }

  /** Moves the ticker on by {@code nanos}, running each timer that falls due at its time. */
  void advance(long nanos) {
    long end = ticker.nanos() + nanos;
    for (; ; ) {
      Timer next = null;
      for (Timer t : timers) {
        if (!t.done && t.due <= end && (next == null || t.due < next.due)) {
          next = t;
        }
      }
      if (next == null) {
        ticker.set(end);
        return;
      }
      ticker.set(Math.max(ticker.nanos(), next.due));
      next.done = true;
      next.action.run();
    }
  }
}
