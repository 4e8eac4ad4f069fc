package dev.caplab.messaging.resilience;

import dev.caplab.config.Require;
import dev.caplab.time.Scheduler;
import dev.caplab.time.Ticker;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayDeque;
import java.util.concurrent.Callable;

/**
 * At most {@code maxConcurrentCalls} calls at once (Resilience4j's {@code SemaphoreBulkhead}), so
 * one slow dependency cannot take every thread, connection or node slot of its caller.
 *
 * <p>Two lives:
 *
 * <ul>
 *   <li><b>event-driven</b>: {@link #tryAcquirePermission()} / {@link #releasePermission()}, and
 *       the max wait as a FIFO wait queue: {@link #acquirePermission(Scheduler, Runnable,
 *       Runnable)} runs {@code onPermitted} at once or when a slot is handed over by a release,
 *       or {@code onRejected} when {@code maxWaitDuration} passes first (timed by the {@link
 *       Scheduler} passed in);
 *   <li><b>synchronous</b>: {@link #acquirePermission()} blocks the calling thread up to {@code
 *       maxWaitDuration} of {@link Ticker} time; {@link #executeCallable} wraps a call.
 * </ul>
 *
 * <p>A release hands its slot to the oldest queued event-driven waiter first, then wakes blocked
 * threads. Invariant: {@code availableConcurrentCalls() + callsInFlight == maxConcurrentCalls}.
 *
 * <p>Thread-safe: the state is guarded by this bulkhead's monitor; callbacks run outside it.
 */
public final class Bulkhead {

  private final String name;
  private final BulkheadConfig config;
  private final Ticker ticker;
  private final ArrayDeque<Waiter> waiters = new ArrayDeque<>();
  private int available;
  private long permitted;
  private long rejected;

  private Bulkhead(String name, BulkheadConfig config, Ticker ticker) {
    this.name = Require.notNull(name, "name");
    this.config = Require.notNull(config, "config");
    this.ticker = Require.notNull(ticker, "ticker");
    this.available = config.maxConcurrentCalls();
  }

  public static Bulkhead of(String name, BulkheadConfig config, Ticker ticker) {
    return new Bulkhead(name, config, ticker);
  }

  public static Bulkhead ofDefaults(String name, Ticker ticker) {
    return of(name, BulkheadConfig.ofDefaults(), ticker);
  }

  public String name() {
    return name;
  }

  public BulkheadConfig config() {
    return config;
  }

  /** Takes a slot if one is free now (and nobody is queued for it). */
  public synchronized boolean tryAcquirePermission() {
    if (available > 0 && waiters.isEmpty()) {
      available--;
      permitted++;
      return true;
    }
    rejected++;
    return false;
  }

  /**
   * Synchronous form: takes a slot, blocking the calling thread up to {@code maxWaitDuration} as
   * measured by the ticker (embedded, real-time use; never call it on a simulation thread with a
   * positive max wait).
   *
   * @return whether a slot was taken
   */
  public synchronized boolean acquirePermission() throws InterruptedException {
    if (available > 0 && waiters.isEmpty()) {
      available--;
      permitted++;
      return true;
    }
    long deadline = ticker.nanos() + config.maxWaitNanos();
    while (true) {
      long remaining = deadline - ticker.nanos();
      if (remaining <= 0) {
        rejected++;
        return false;
      }
      wait(remaining / 1_000_000L, (int) (remaining % 1_000_000L));
      if (available > 0 && waiters.isEmpty()) {
        available--;
        permitted++;
        return true;
      }
    }
  }

  /**
   * Event-driven form: runs {@code onPermitted} now if a slot is free, else queues the caller for
   * up to {@code maxWaitDuration} (timed with {@code scheduler}); runs {@code onRejected} if that
   * passes first, or at once when the max wait is 0. Exactly one of the two runs, once. The
   * callee of {@code onPermitted} owns a slot and must {@link #releasePermission()} it.
   */
  public void acquirePermission(Scheduler scheduler, Runnable onPermitted, Runnable onRejected) {
    Require.notNull(scheduler, "scheduler");
    Require.notNull(onPermitted, "onPermitted");
    Require.notNull(onRejected, "onRejected");
    boolean now;
    boolean reject = false;
    synchronized (this) {
      now = available > 0 && waiters.isEmpty();
      if (now) {
        available--;
        permitted++;
      } else if (config.maxWaitNanos() == 0) {
        rejected++;
        reject = true;
      } else {
        Waiter w = new Waiter(onPermitted, onRejected);
        waiters.addLast(w);
        w.timer = scheduler.schedule(config.maxWaitNanos(), () -> expire(w));
      }
    }
    if (now) {
      onPermitted.run();
    } else if (reject) {
      onRejected.run();
    }
  }

  /** Returns a slot: to the oldest queued waiter if any, else to the pool. */
  public void releasePermission() {
    Waiter next;
    synchronized (this) {
      if (inFlightUnlocked() == 0) {
        throw new IllegalStateException(
            "bulkhead '" + name + "': releasePermission without a matching acquire");
      }
      next = waiters.pollFirst();
      if (next == null) {
        available++;
        notifyAll();
      } else {
        permitted++;
      }
    }
    if (next != null) {
      next.timer.cancel();
      next.onPermitted.run();
    }
  }

  /** Like Resilience4j's {@code onComplete}: a call that held a slot finished. */
  public void onComplete() {
    releasePermission();
  }

  /** Runs {@code callable} in a slot (waiting as {@link #acquirePermission()}), or throws. */
  public <T> T executeCallable(Callable<T> callable) throws Exception {
    Require.notNull(callable, "callable");
    if (!acquirePermission()) {
      throw new BulkheadFullException(name);
    }
    try {
      return callable.call();
    } finally {
      releasePermission();
    }
  }

  public synchronized int availableConcurrentCalls() {
    return available;
  }

  public int maxAllowedConcurrentCalls() {
    return config.maxConcurrentCalls();
  }

  /** Event-driven callers queued for a slot. */
  public synchronized int queuedCalls() {
    return waiters.size();
  }

  public synchronized long permittedCalls() {
    return permitted;
  }

  public synchronized long rejectedCalls() {
    return rejected;
  }

  /**
   * Binds {@code caplab.bulkhead.available.concurrent.calls} and {@code
   * caplab.bulkhead.max.allowed.concurrent.calls} (gauges), {@code caplab.bulkhead.queued.calls}
   * (gauge) and {@code caplab.bulkhead.calls} with {@code kind} = {@code permitted} / {@code
   * rejected}, tagged {@code name}.
   */
  public void bindTo(MeterRegistry registry) {
    Gauge.builder("caplab.bulkhead.available.concurrent.calls", this,
            Bulkhead::availableConcurrentCalls)
        .tag("name", name)
        .register(registry);
    Gauge.builder("caplab.bulkhead.max.allowed.concurrent.calls", this,
            Bulkhead::maxAllowedConcurrentCalls)
        .tag("name", name)
        .register(registry);
    Gauge.builder("caplab.bulkhead.queued.calls", this, Bulkhead::queuedCalls)
        .tag("name", name)
        .register(registry);
    FunctionCounter.builder("caplab.bulkhead.calls", this, Bulkhead::permittedCalls)
        .tag("name", name).tag("kind", "permitted").register(registry);
    FunctionCounter.builder("caplab.bulkhead.calls", this, Bulkhead::rejectedCalls)
        .tag("name", name).tag("kind", "rejected").register(registry);
  }

  private int inFlightUnlocked() {
    return config.maxConcurrentCalls() - available;
  }

  private void expire(Waiter w) {
    boolean removed;
    synchronized (this) {
      removed = waiters.remove(w);
      if (removed) {
        rejected++;
      }
    }
    if (removed) {
      w.onRejected.run();
    }
  }

  @Override
  public String toString() {
    return "Bulkhead[" + name + ", " + config + "]";
  }

  /** A queued event-driven caller; identity matters (removed by reference). */
  private static final class Waiter {
    final Runnable onPermitted;
    final Runnable onRejected;
    Scheduler.Cancellable timer;

    Waiter(Runnable onPermitted, Runnable onRejected) {
      this.onPermitted = onPermitted;
      this.onRejected = onRejected;
    }
  }
}
