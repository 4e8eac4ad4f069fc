package dev.caplab.messaging.resilience;

import dev.caplab.config.Require;
import dev.caplab.time.Sleeper;
import dev.caplab.time.Ticker;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.Callable;
import java.util.function.Supplier;

/**
 * Permits per refresh period, with Resilience4j's {@code AtomicRateLimiter} semantics: ticker time
 * since creation is cut into cycles of {@code limitRefreshPeriod}; each cycle starts with {@code
 * limitForPeriod} permits (unused ones do not accumulate beyond that); a caller that finds none
 * may <em>reserve</em> a future permit if it would get it within {@code timeoutDuration}, which
 * drives the count negative until later cycles pay it back.
 *
 * <p>Two lives: event-driven callers use {@link #tryAcquirePermission()} (now or never) or {@link
 * #reservePermission()} (how long to wait, or -1) and schedule the call themselves; synchronous
 * embedded callers use {@link #acquirePermission(Sleeper)} or {@link #executeCallable}. Time comes
 * only from the {@link Ticker} passed in.
 *
 * <p>Thread-safe: the state is guarded by this limiter's lock (a caplab miniature favours a plain
 * lock over Resilience4j's compare-and-set loop).
 */
public final class RateLimiter {

  private final String name;
  private final RateLimiterConfig config;
  private final Ticker ticker;
  private final long startNanos;
  private long activeCycle;
  private long activePermissions;
  private long permitted;
  private long rejected;

  private RateLimiter(String name, RateLimiterConfig config, Ticker ticker) {
    this.name = Require.notNull(name, "name");
    this.config = Require.notNull(config, "config");
    this.ticker = Require.notNull(ticker, "ticker");
    this.startNanos = ticker.nanos();
    this.activePermissions = config.limitForPeriod();
  }

  public static RateLimiter of(String name, RateLimiterConfig config, Ticker ticker) {
    return new RateLimiter(name, config, ticker);
  }

  public static RateLimiter ofDefaults(String name, Ticker ticker) {
    return of(name, RateLimiterConfig.ofDefaults(), ticker);
  }

  public String name() {
    return name;
  }

  public RateLimiterConfig config() {
    return config;
  }

  /** Takes a permit if one is available now; never reserves a future one. */
  public synchronized boolean tryAcquirePermission() {
    return reserve(0) == 0;
  }

  /**
   * Reserves a permit if one will be available within {@code timeoutDuration}.
   *
   * @return 0 if the permit is available now, the nanoseconds to wait before using it, or -1 if
   *     no permit can be had in time (nothing is reserved then)
   */
  public synchronized long reservePermission() {
    return reserve(config.timeoutNanos());
  }

  /**
   * Synchronous form: reserves a permit and waits for it with {@code sleeper}. As in Resilience4j,
   * a caller that cannot get one in time still waits the whole timeout before failing.
   *
   * @return whether the permit was acquired
   */
  public boolean acquirePermission(Sleeper sleeper) throws InterruptedException {
    Require.notNull(sleeper, "sleeper");
    long wait = reservePermission();
    if (wait < 0) {
      sleeper.sleep(config.timeoutNanos());
      return false;
    }
    sleeper.sleep(wait);
    return true;
  }

  /** Runs {@code callable} after acquiring a permit, or throws {@link RequestNotPermitted}. */
  public <T> T executeCallable(Callable<T> callable, Sleeper sleeper) throws Exception {
    Require.notNull(callable, "callable");
    if (!acquirePermission(sleeper)) {
      throw new RequestNotPermitted(name);
    }
    return callable.call();
  }

  /** Like {@link #executeCallable}; an interrupted wait restores the flag and is not permitted. */
  public <T> T executeSupplier(Supplier<T> supplier, Sleeper sleeper) {
    Require.notNull(supplier, "supplier");
    boolean acquired;
    try {
      acquired = acquirePermission(sleeper);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      acquired = false;
    }
    if (!acquired) {
      throw new RequestNotPermitted(name);
    }
    return supplier.get();
  }

  /**
   * Permits left in the current cycle; negative when callers hold reservations on later cycles
   * (as Resilience4j's {@code availablePermissions}).
   */
  public synchronized long availablePermissions() {
    refresh();
    return activePermissions;
  }

  /** Permits granted (now or reserved) so far. */
  public synchronized long permittedCalls() {
    return permitted;
  }

  /** Requests refused so far. */
  public synchronized long rejectedCalls() {
    return rejected;
  }

  /**
   * Binds {@code caplab.ratelimiter.available.permissions} (gauge) and {@code
   * caplab.ratelimiter.calls} with {@code kind} = {@code successful} / {@code failed}, tagged
   * {@code name}.
   */
  public void bindTo(MeterRegistry registry) {
    Gauge.builder("caplab.ratelimiter.available.permissions", this, RateLimiter::availablePermissions)
        .tag("name", name)
        .description("Permits left in the current refresh period")
        .register(registry);
    FunctionCounter.builder("caplab.ratelimiter.calls", this, RateLimiter::permittedCalls)
        .tag("name", name)
        .tag("kind", "successful")
        .register(registry);
    FunctionCounter.builder("caplab.ratelimiter.calls", this, RateLimiter::rejectedCalls)
        .tag("name", name)
        .tag("kind", "failed")
        .register(registry);
  }

  private long reserve(long timeoutNanos) {
    long now = refresh();
    long wait = nanosToWait(now);
    if (wait > timeoutNanos) {
      rejected++;
      return -1;
    }
    activePermissions--;
    permitted++;
    return wait;
  }

  /** Moves to the current cycle, topping the permits up to at most one period's worth. */
  private long refresh() {
    long now = ticker.nanos() - startNanos;
    long period = config.limitRefreshPeriodNanos();
    long cycle = Math.floorDiv(now, period);
    if (cycle != activeCycle) {
      long elapsed = cycle - activeCycle;
      long accumulated = elapsed > Long.MAX_VALUE / config.limitForPeriod()
          ? Long.MAX_VALUE
          : elapsed * config.limitForPeriod();
      activePermissions = Math.min(
          Math.addExact(activePermissions, Math.min(accumulated, Long.MAX_VALUE / 2)),
          config.limitForPeriod());
      activeCycle = cycle;
    }
    return now;
  }

  /** Nanoseconds until a permit frees up for one more caller (0: available now). */
  private long nanosToWait(long now) {
    if (activePermissions >= 1) {
      return 0;
    }
    long period = config.limitRefreshPeriodNanos();
    long nanosToNextCycle = (activeCycle + 1) * period - now;
    long atNextCycle = activePermissions + config.limitForPeriod();
    long fullCycles = atNextCycle >= 1 ? 0 : ceilDiv(1 - atNextCycle, config.limitForPeriod());
    return fullCycles * period + nanosToNextCycle;
  }

  private static long ceilDiv(long x, long y) {
    return (x + y - 1) / y;
  }

  @Override
  public String toString() {
    return "RateLimiter[" + name + ", " + config + "]";
  }
}
