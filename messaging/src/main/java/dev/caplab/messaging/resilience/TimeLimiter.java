package dev.caplab.messaging.resilience;

import dev.caplab.config.Require;
import dev.caplab.time.Scheduler;
import dev.caplab.time.Ticker;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * A timeout per call (Resilience4j's {@code TimeLimiter}), so a caller stops waiting for a slow
 * dependency and frees its resources.
 *
 * <p>Two lives, neither starting a thread:
 *
 * <ul>
 *   <li><b>simulation / event-driven</b>: a call gets {@link #timeoutDuration()} (pass it to
 *       {@code NodeContext.call}) or the absolute {@link #deadlineNanos()}; report the outcome with
 *       {@link #onSuccess()}, {@link #onError()} or {@link #onTimeout()}; or use {@link
 *       #executeCompletionStage(Scheduler, Supplier)} with a node's {@link Scheduler};
 *   <li><b>embedded</b>: {@link #executeCallable(ExecutorService, Callable)} runs the call on an
 *       executor <em>the caller passes</em> and waits at most the timeout; {@link
 *       #executeFutureSupplier} does the same for a future the caller started.
 * </ul>
 *
 * <p>Thread-safe: counters are atomic; the configuration is immutable.
 */
public final class TimeLimiter {

  private final String name;
  private final TimeLimiterConfig config;
  private final Ticker ticker;
  private final AtomicLong successful = new AtomicLong();
  private final AtomicLong failed = new AtomicLong();
  private final AtomicLong timedOut = new AtomicLong();

  private TimeLimiter(String name, TimeLimiterConfig config, Ticker ticker) {
    this.name = Require.notNull(name, "name");
    this.config = Require.notNull(config, "config");
    this.ticker = Require.notNull(ticker, "ticker");
  }

  /** A TimeLimiter named {@code name} with {@code config}, reading time from {@code ticker}. */
  public static TimeLimiter of(String name, TimeLimiterConfig config, Ticker ticker) {
    return new TimeLimiter(name, config, ticker);
  }

  /** A TimeLimiter with {@code config} on real time ({@link Ticker#system()}), for embedded use. */
  public static TimeLimiter of(String name, TimeLimiterConfig config) {
    return of(name, config, Ticker.system());
  }

  /** A TimeLimiter with the default configuration, reading time from {@code ticker}. */
  public static TimeLimiter ofDefaults(String name, Ticker ticker) {
    return of(name, TimeLimiterConfig.ofDefaults(), ticker);
  }

  /** A TimeLimiter with the default configuration on real time ({@link Ticker#system()}). */
  public static TimeLimiter ofDefaults(String name) {
    return ofDefaults(name, Ticker.system());
  }

  public String name() {
    return name;
  }

  public TimeLimiterConfig config() {
    return config;
  }

  /** The time a call gets. */
  public Duration timeoutDuration() {
    return config.timeoutDuration();
  }

  /** The ticker reading by which a call starting now must finish. */
  public long deadlineNanos() {
    long now = ticker.nanos();
    long timeout = config.timeoutNanos();
    return now > Long.MAX_VALUE - timeout ? Long.MAX_VALUE : now + timeout;
  }

  /** Records a call that finished in time. */
  public void onSuccess() {
    successful.incrementAndGet();
  }

  /** Records a call that failed in time. */
  public void onError() {
    failed.incrementAndGet();
  }

  /** Records a call that ran out of time. */
  public void onTimeout() {
    timedOut.incrementAndGet();
  }

  /**
   * Waits for {@code futureSupplier}'s future at most the timeout (blocking the calling thread on
   * real time); on timeout cancels it if configured and throws {@link TimeoutException}; a failed
   * future rethrows its cause.
   */
  public <T> T executeFutureSupplier(Supplier<? extends Future<T>> futureSupplier)
      throws Exception {
    Future<T> future = Require.notNull(futureSupplier, "futureSupplier").get();
    try {
      T result = future.get(config.timeoutNanos(), TimeUnit.NANOSECONDS);
      onSuccess();
      return result;
    } catch (TimeoutException e) {
      onTimeout();
      if (config.cancelRunningFuture()) {
        future.cancel(true);
      }
      throw timeoutException();
    } catch (ExecutionException e) {
      onError();
      Throwable cause = e.getCause();
      if (cause instanceof Exception ex) {
        throw ex;
      }
      if (cause instanceof Error err) {
        throw err; // as Resilience4j: wrapped, it would pass for a retryable Exception
      }
      throw e;
    }
  }

  /** Runs {@code callable} on the caller's {@code executor} under the timeout. */
  public <T> T executeCallable(ExecutorService executor, Callable<T> callable) throws Exception {
    Require.notNull(executor, "executor");
    Require.notNull(callable, "callable");
    return executeFutureSupplier(() -> executor.submit(callable));
  }

  /**
   * Non-blocking: the returned future completes with the stage's result, or exceptionally with a
   * {@link TimeoutException} when the timeout (timed by {@code scheduler}) passes first, in which
   * case the stage's future is cancelled if configured and possible. Works on a node's
   * scheduler in the simulation and on an executor when embedded.
   */
  public <T> CompletableFuture<T> executeCompletionStage(
      Scheduler scheduler, Supplier<? extends CompletionStage<T>> stageSupplier) {
    Require.notNull(scheduler, "scheduler");
    CompletionStage<T> stage = Require.notNull(stageSupplier, "stageSupplier").get();
    CompletableFuture<T> result = new CompletableFuture<>();
    Scheduler.Cancellable timer = scheduler.schedule(config.timeoutNanos(), () -> {
      if (result.completeExceptionally(timeoutException())) {
        onTimeout();
        if (config.cancelRunningFuture()) {
          StageCancellation.cancelIfPossible(stage);
        }
      }
    });
    stage.whenComplete((value, error) -> {
      timer.cancel();
      if (error == null) {
        if (result.complete(value)) {
          onSuccess();
        }
      } else {
        Throwable cause = error instanceof CompletionException && error.getCause() != null
            ? error.getCause() : error;
        if (result.completeExceptionally(cause)) {
          onError();
        }
      }
    });
    return result;
  }

  public long successfulCalls() {
    return successful.get();
  }

  public long failedCalls() {
    return failed.get();
  }

  public long timedOutCalls() {
    return timedOut.get();
  }

  /**
   * Binds {@code caplab.timelimiter.calls} with {@code kind} = {@code successful}, {@code failed},
   * {@code timeout}, tagged {@code name}.
   */
  public void bindTo(MeterRegistry registry) {
    calls(registry, "successful", successful);
    calls(registry, "failed", failed);
    calls(registry, "timeout", timedOut);
  }

  private void calls(MeterRegistry registry, String kind, AtomicLong count) {
    FunctionCounter.builder("caplab.timelimiter.calls", count, AtomicLong::get)
        .tag("name", name)
        .tag("kind", kind)
        .description("Calls through the time limiter, by outcome")
        .register(registry);
  }

  private TimeoutException timeoutException() {
    return new TimeoutException("TimeLimiter '" + name + "' recorded a timeout exception.");
  }

  @Override
  public String toString() {
    return "TimeLimiter[" + name + ", " + config + "]";
  }
}
