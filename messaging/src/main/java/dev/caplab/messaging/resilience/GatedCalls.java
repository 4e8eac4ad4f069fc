package dev.caplab.messaging.resilience;

import dev.caplab.time.Ticker;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Runs calls through a {@link CallGate}: the one mechanism behind {@link CircuitBreaker}'s
 * decorators and the circuit-breaker layer of {@link Decorators}, synchronous and asynchronous.
 * A refused call is not made and fails with {@link CallGate#notPermitted()}; a permitted one reports
 * exactly one outcome with its duration on {@code ticker}: its result ({@link CallGate#onResult}),
 * its exception ({@link CallGate#onError}), or, for an {@link Error}, nothing but the permission
 * given back (Resilience4j keeps it, which can pin HALF_OPEN).
 *
 * <p>Thread-safe: stateless; the decorated calls are as thread-safe as the gate and the call.
 */
final class GatedCalls {

  private GatedCalls() {}

  /** Exceptions that say a call was made: all of them, outside a composition. */
  static final Predicate<Throwable> EVERY_FAILURE_IS_A_CALL = t -> false;

  static <T> Callable<T> callable(CallGate gate, Ticker ticker, Callable<T> callable) {
    return callable(gate, ticker, callable, EVERY_FAILURE_IS_A_CALL);
  }

  /**
   * {@link #callable(CallGate, Ticker, Callable)}, except that a failure matching {@code notMade}
   * (an inner layer refused the call before it started) gives the permission back instead of
   * reporting an outcome.
   */
  static <T> Callable<T> callable(
      CallGate gate, Ticker ticker, Callable<T> callable, Predicate<Throwable> notMade) {
    Objects.requireNonNull(callable, "callable");
    return () -> {
      if (!gate.tryAcquirePermission()) {
        throw gate.notPermitted();
      }
      long start = ticker.nanos();
      T result;
      try {
        result = callable.call();
      } catch (Exception e) {
        if (notMade.test(e)) {
          gate.releasePermission();
        } else {
          gate.onError(elapsed(ticker, start), e);
        }
        throw e;
      } catch (java.lang.Error e) {
        gate.releasePermission(); // not an outcome, but the permission must come back
        throw e;
      }
      gate.onResult(elapsed(ticker, start), result);
      return result;
    };
  }

  /**
   * The asynchronous form: the outcome is reported when the stage completes, a supplier that throws
   * instead of returning a stage is a failure, and the returned stage completes with the original
   * stage's result or throwable, or, if reporting the outcome throws (an event listener, a record
   * predicate), fails with what it threw, as the synchronous form would have thrown it.
   */
  static <T> Supplier<CompletionStage<T>> stage(
      CallGate gate, Ticker ticker, Supplier<? extends CompletionStage<T>> supplier) {
    return stage(gate, ticker, supplier, EVERY_FAILURE_IS_A_CALL);
  }

  /** The asynchronous form of {@link #callable(CallGate, Ticker, Callable, Predicate)}. */
  static <T> Supplier<CompletionStage<T>> stage(CallGate gate, Ticker ticker,
      Supplier<? extends CompletionStage<T>> supplier, Predicate<Throwable> notMade) {
    Objects.requireNonNull(supplier, "supplier");
    return () -> {
      if (!gate.tryAcquirePermission()) {
        return CompletableFuture.failedFuture(gate.notPermitted());
      }
      long start = ticker.nanos();
      CompletionStage<T> stage;
      try {
        stage = Objects.requireNonNull(supplier.get(), "the supplier returned no stage");
      } catch (RuntimeException e) {
        if (notMade.test(e)) {
          gate.releasePermission();
        } else {
          gate.onError(elapsed(ticker, start), e);
        }
        return CompletableFuture.failedFuture(e);
      } catch (java.lang.Error e) {
        gate.releasePermission();
        throw e;
      }
      CompletableFuture<T> promise = new CompletableFuture<>();
      stage.whenComplete((result, throwable) -> {
        long duration = elapsed(ticker, start);
        try {
          if (throwable == null) {
            gate.onResult(duration, result);
          } else if (throwable instanceof Exception
              && !notMade.test(AsyncFailures.unwrap(throwable))) {
            gate.onError(duration, throwable);
          } else {
            gate.releasePermission();
          }
        } catch (RuntimeException | java.lang.Error e) {
          // Thrown here it would be lost in whenComplete's own stage and leave the caller's pending.
          promise.completeExceptionally(e);
          return;
        }
        if (throwable == null) {
          promise.complete(result);
        } else {
          promise.completeExceptionally(throwable);
        }
      });
      return promise;
    };
  }

  /** Never negative, so a ticker read on another thread cannot make a gate refuse the duration. */
  private static long elapsed(Ticker ticker, long start) {
    return Math.max(0L, ticker.nanos() - start);
  }
}
