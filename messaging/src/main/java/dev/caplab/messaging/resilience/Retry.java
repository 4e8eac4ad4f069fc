package dev.caplab.messaging.resilience;

import dev.caplab.config.Require;
import dev.caplab.time.Durations;
import dev.caplab.time.Scheduler;
import dev.caplab.time.Sleeper;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;

/**
 * Retries a failed call with a {@link Backoff}, at most {@link RetryConfig#maxAttempts()} attempts
 * (the first call included, as in Resilience4j), optionally within a shared {@link RetryBudget},
 * honouring a server's Retry-After (the wait is the larger of the hint and the backoff).
 *
 * <p>Two lives:
 *
 * <ul>
 *   <li><b>event-driven</b>, for the simulation and for non-blocking code: take a {@link
 *       #context()} per logical call, report each attempt's outcome, and act on the returned
 *       {@link RetryDecision} (schedule the next attempt after its delay, or give up);
 *   <li><b>synchronous</b>, embedded: {@link #executeCallable(Callable, Sleeper)} and friends run
 *       the loop and wait with the {@link Sleeper} the caller passes.
 * </ul>
 *
 * <p>Retry needs no clock: delays are durations. Jitter comes from the {@link RandomGenerator}
 * passed in; draws happen under this retry's lock, so one non-thread-safe generator may serve
 * concurrent calls (their interleaving, not the generator, then decides who gets which draw).
 *
 * <p>Thread-safe: contexts may run concurrently on different threads; one context belongs to one
 * call and is not thread-safe.
 */
public final class Retry {

  private final String name;
  private final RetryConfig config;
  private final RandomGenerator random;
  private final RetryBudget budget;
  private final Object randomLock = new Object();
  private final AtomicLong successfulWithoutRetry = new AtomicLong();
  private final AtomicLong successfulWithRetry = new AtomicLong();
  private final AtomicLong failedWithoutRetry = new AtomicLong();
  private final AtomicLong failedWithRetry = new AtomicLong();

  private Retry(String name, RetryConfig config, RandomGenerator random, RetryBudget budget) {
    this.name = Require.notNull(name, "name");
    this.config = Require.notNull(config, "config");
    this.random = Require.notNull(random, "random");
    this.budget = budget;
  }

  /** A retry without a budget. */
  public static Retry of(String name, RetryConfig config, RandomGenerator random) {
    return new Retry(name, config, random, null);
  }

  /** A retry whose retries draw from {@code budget} (which may be shared). */
  public static Retry of(
      String name, RetryConfig config, RandomGenerator random, RetryBudget budget) {
    return new Retry(name, config, random, Require.notNull(budget, "budget"));
  }

  public static Retry ofDefaults(String name, RandomGenerator random) {
    return of(name, RetryConfig.ofDefaults(), random);
  }

  public String name() {
    return name;
  }

  public RetryConfig config() {
    return config;
  }

  /** The budget, if any. */
  public Optional<RetryBudget> budget() {
    return Optional.ofNullable(budget);
  }

  /** A fresh context for one logical call; the first attempt is about to be made. */
  public Context context() {
    return new Context();
  }

  /**
   * Calls {@code callable} until it succeeds or the retry gives up, waiting between attempts with
   * {@code sleeper}; a give-up rethrows the last failure. A result that {@link
   * RetryConfig#retryOnResult()} matches is retried like a failure; when the retry gives up on such
   * a result, the call returns it, or throws {@link MaxRetriesExceededException} if {@link
   * RetryConfig#failAfterMaxAttempts()}.
   *
   * @throws InterruptedException if the sleeper was interrupted (the last failure is suppressed
   *     in it)
   */
  public <T> T executeCallable(Callable<T> callable, Sleeper sleeper) throws Exception {
    Require.notNull(callable, "callable");
    Require.notNull(sleeper, "sleeper");
    Context ctx = context();
    while (true) {
      T result;
      try {
        result = callable.call();
      } catch (Exception e) {
        RetryDecision d = ctx.onError(e);
        if (d instanceof RetryDecision.RetryIn r) {
          try {
            sleeper.sleep(r.delayNanos());
          } catch (InterruptedException ie) {
            ie.addSuppressed(e);
            throw ie;
          }
          continue;
        }
        throw e;
      }
      RetryDecision d = ctx.onResult(result);
      if (d instanceof RetryDecision.RetryIn r) {
        sleeper.sleep(r.delayNanos());
        continue;
      }
      if (d instanceof RetryDecision.GiveUp && config.failAfterMaxAttempts()) {
        throw new MaxRetriesExceededException(name, d.attempts(), result);
      }
      return result;
    }
  }

  /**
   * Like {@link #executeCallable} for a supplier; an interrupted wait restores the interrupt flag
   * and rethrows the last failure.
   */
  public <T> T executeSupplier(Supplier<T> supplier, Sleeper sleeper) {
    Require.notNull(supplier, "supplier");
    try {
      return executeCallable(supplier::get, sleeper);
    } catch (InterruptedException ie) {
      Thread.currentThread().interrupt();
      Throwable last = ie.getSuppressed().length > 0 ? ie.getSuppressed()[0] : ie;
      throw last instanceof RuntimeException re ? re : new IllegalStateException(last);
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException(e); // unreachable: a supplier throws no checked exception
    }
  }

  /** Like {@link #executeSupplier} for a runnable. */
  public void executeRunnable(Runnable runnable, Sleeper sleeper) {
    Require.notNull(runnable, "runnable");
    executeSupplier(() -> {
      runnable.run();
      return null;
    }, sleeper);
  }

  /**
   * Asynchronous retry, as Resilience4j's {@code decorateCompletionStage}: starts {@code supplier}'s
   * stage, and when it fails (a {@link CompletionException} or {@link ExecutionException} is
   * judged by its cause) or returns a result that {@link RetryConfig#retryOnResult()} matches,
   * schedules the next attempt on {@code scheduler} after the decision's delay. The returned future
   * completes with the first accepted result; when the retry gives up, with the last failure, or
   * the last result (or {@link MaxRetriesExceededException} with {@link
   * RetryConfig#failAfterMaxAttempts()}). A supplier that throws counts as a failed attempt; an
   * {@link Error} (a stage failing with one, or a supplier throwing one) is neither retried nor
   * counted, and fails the returned future. So does anything thrown while deciding on an attempt
   * or scheduling the next (a predicate, the scheduler), which {@link #executeCallable} would throw.
   * Works on a node's {@link Scheduler} in the simulation and on an executor when embedded.
   */
  public <T> CompletableFuture<T> executeCompletionStage(
      Scheduler scheduler, Supplier<? extends CompletionStage<T>> supplier) {
    Require.notNull(scheduler, "scheduler");
    Require.notNull(supplier, "supplier");
    CompletableFuture<T> promise = new CompletableFuture<>();
    new AsyncAttempts<>(context(), scheduler, supplier, promise).run();
    return promise;
  }

  /** The attempts of one asynchronous call; each runs on whatever thread completes the previous. */
  private final class AsyncAttempts<T> implements Runnable {
    private final Context ctx;
    private final Scheduler scheduler;
    private final Supplier<? extends CompletionStage<T>> supplier;
    private final CompletableFuture<T> promise;

    AsyncAttempts(Context ctx, Scheduler scheduler, Supplier<? extends CompletionStage<T>> supplier,
        CompletableFuture<T> promise) {
      this.ctx = ctx;
      this.scheduler = scheduler;
      this.supplier = supplier;
      this.promise = promise;
    }

    @Override
    public void run() {
      CompletionStage<T> stage;
      try {
        stage = Objects.requireNonNull(supplier.get(), "the supplier returned no stage");
      } catch (RuntimeException e) {
        failed(e);
        return;
      } catch (Error e) {
        // Not retried; but a later attempt runs on the scheduler, where a throw alone is lost.
        promise.completeExceptionally(e);
        throw e;
      }
      stage.whenComplete((result, error) -> {
        if (error == null) {
          succeeded(result);
        } else if (error instanceof Exception) {
          failed(error);
        } else {
          // An Error is not retried, as in executeCallable and Resilience4j's AsyncRetryBlock.
          promise.completeExceptionally(error);
        }
      });
    }

    private void failed(Throwable error) {
      Throwable cause = AsyncFailures.unwrap(error);
      try {
        RetryDecision d = ctx.onError(cause);
        if (d instanceof RetryDecision.RetryIn r) {
          scheduler.schedule(r.delayNanos(), this);
        } else {
          promise.completeExceptionally(error);
        }
      } catch (RuntimeException | Error e) {
        notDecided(e);
      }
    }

    private void succeeded(T result) {
      try {
        RetryDecision d = ctx.onResult(result);
        if (d instanceof RetryDecision.RetryIn r) {
          scheduler.schedule(r.delayNanos(), this);
        } else if (d instanceof RetryDecision.GiveUp && config.failAfterMaxAttempts()) {
          promise.completeExceptionally(new MaxRetriesExceededException(name, d.attempts(), result));
        } else {
          promise.complete(result);
        }
      } catch (RuntimeException | Error e) {
        notDecided(e);
      }
    }

    /**
     * Deciding or scheduling the next attempt threw (a predicate, a Retry-After extractor, a
     * scheduler that refuses): the call fails with it, as {@link #executeCallable} throws it.
     * Thrown on, it would be lost in a whenComplete stage or a timer and leave the call pending.
     */
    private void notDecided(Throwable e) {
      promise.completeExceptionally(e);
    }
  }

  /** Calls that succeeded at the first attempt. */
  public long successfulCallsWithoutRetry() {
    return successfulWithoutRetry.get();
  }

  /** Calls that succeeded after at least one retry. */
  public long successfulCallsWithRetry() {
    return successfulWithRetry.get();
  }

  /** Calls that gave up at the first attempt (non-retryable, no budget, or maxAttempts 1). */
  public long failedCallsWithoutRetry() {
    return failedWithoutRetry.get();
  }

  /** Calls that gave up after at least one retry. */
  public long failedCallsWithRetry() {
    return failedWithRetry.get();
  }

  /**
   * Binds {@code caplab.retry.calls} with {@code kind} = {@code successful_without_retry},
   * {@code successful_with_retry}, {@code failed_with_retry}, {@code failed_without_retry}, tagged
   * {@code name}.
   */
  public void bindTo(MeterRegistry registry) {
    calls(registry, "successful_without_retry", successfulWithoutRetry);
    calls(registry, "successful_with_retry", successfulWithRetry);
    calls(registry, "failed_with_retry", failedWithRetry);
    calls(registry, "failed_without_retry", failedWithoutRetry);
  }

  private void calls(MeterRegistry registry, String kind, AtomicLong count) {
    FunctionCounter.builder("caplab.retry.calls", count, AtomicLong::get)
        .tag("name", name)
        .tag("kind", kind)
        .description("Calls through the retry, by outcome")
        .register(registry);
  }

  @Override
  public String toString() {
    return "Retry[" + name + ", " + config + (budget == null ? "" : ", " + budget) + "]";
  }

  /**
   * One logical call: report each attempt's outcome in order. After {@link #onSuccess()} or a
   * {@link RetryDecision.GiveUp} the context is finished and further reports are an {@link
   * IllegalStateException}.
   *
   * <p>Not thread-safe: belongs to one call.
   */
  public final class Context {
    private int attempts = 1;
    private int lastRetryCost;
    private long previousBackoffNanos;
    private boolean finished;

    private Context() {}

    /** Attempts made or under way, the first call included. */
    public int attempts() {
      return attempts;
    }

    public boolean isFinished() {
      return finished;
    }

    /**
     * The current attempt returned {@code result}. If {@link RetryConfig#retryOnResult()} does not
     * match it, the call succeeded ({@link #onSuccess()}) and the decision is {@link
     * RetryDecision.Done}; if it matches, the result is treated as a retryable failure: {@link
     * RetryDecision.RetryIn}, or {@link RetryDecision.GiveUp} once attempts or budget run out (the
     * call's outcome is then that result, or {@link MaxRetriesExceededException} with {@link
     * RetryConfig#failAfterMaxAttempts()}).
     */
    public RetryDecision onResult(Object result) {
      requireOpen();
      if (!config.retryOnResult().test(result)) {
        onSuccess();
        return new RetryDecision.Done(attempts);
      }
      return retryOrGiveUp(false, -1);
    }

    /** The current attempt succeeded: counts the call and refunds the budget. */
    public void onSuccess() {
      requireOpen();
      finished = true;
      (attempts == 1 ? successfulWithoutRetry : successfulWithRetry).incrementAndGet();
      if (budget != null) {
        budget.onSuccess(lastRetryCost);
      }
    }

    /**
     * The current attempt failed with {@code error}; a Retry-After hint is read from it with
     * {@link RetryConfig#retryAfter()}.
     */
    public RetryDecision onError(Throwable error) {
      Require.notNull(error, "error");
      Optional<Duration> hint = config.retryAfter().apply(error);
      return decide(error, hint == null || hint.isEmpty() ? -1 : nonNegativeNanos(hint.get()));
    }

    /**
     * The current attempt failed with {@code error} and the server asked to wait {@code
     * retryAfter}: the next attempt waits at least that long.
     */
    public RetryDecision onError(Throwable error, Duration retryAfter) {
      Require.notNull(error, "error");
      return decide(error, nonNegativeNanos(Require.notNull(retryAfter, "retryAfter")));
    }

    private RetryDecision decide(Throwable error, long retryAfterNanos) {
      requireOpen();
      if (!config.retryOnException().test(error)) {
        return giveUp(RetryDecision.Reason.NON_RETRYABLE);
      }
      return retryOrGiveUp(config.isTimeout().test(error), retryAfterNanos);
    }

    private RetryDecision retryOrGiveUp(boolean timeout, long retryAfterNanos) {
      if (attempts >= config.maxAttempts()) {
        return giveUp(RetryDecision.Reason.ATTEMPTS_EXHAUSTED);
      }
      if (budget != null) {
        int cost = budget.tryAcquire(timeout);
        if (cost == 0) {
          return giveUp(RetryDecision.Reason.BUDGET_EXHAUSTED);
        }
        lastRetryCost = cost;
      }
      int retry = attempts;
      long backoff;
      synchronized (randomLock) {
        backoff = config.backoff().delayNanos(retry, previousBackoffNanos, random);
      }
      previousBackoffNanos = backoff;
      attempts++;
      return new RetryDecision.RetryIn(
          attempts - 1, Math.max(backoff, retryAfterNanos), backoff, retryAfterNanos);
    }

    private RetryDecision giveUp(RetryDecision.Reason reason) {
      finished = true;
      (attempts == 1 ? failedWithoutRetry : failedWithRetry).incrementAndGet();
      return new RetryDecision.GiveUp(attempts, reason);
    }

    private void requireOpen() {
      if (finished) {
        throw new IllegalStateException(
            "retry '" + name + "': this call already finished after " + attempts + " attempts");
      }
    }

    private long nonNegativeNanos(Duration d) {
      return Durations.saturatedNanos(Require.atLeast("retryAfter", d, Duration.ZERO));
    }
  }
}
