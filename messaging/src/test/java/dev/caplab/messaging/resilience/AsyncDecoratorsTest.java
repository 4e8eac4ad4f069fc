package dev.caplab.messaging.resilience;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.caplab.time.Scheduler;
import dev.caplab.messaging.resilience.CircuitBreaker.State;
import dev.caplab.sim.Simulation;
import dev.caplab.time.ManualTicker;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** The CompletionStage forms of the circuit breaker and the retry (Resilience4j's async decorators). */
class AsyncDecoratorsTest {

  private static final long MS = 1_000_000L;

  private final ManualTicker ticker = new ManualTicker();

  private CircuitBreaker breaker() {
    return CircuitBreaker.of("backend", CircuitBreakerConfig.custom().minimumNumberOfCalls(2).slidingWindowSize(2)
        .failureRateThreshold(50).permittedNumberOfCallsInHalfOpenState(1)
        .slowCallDurationThreshold(Duration.ofMillis(100)).build(), ticker);
  }

  private static Throwable failure(CompletionStage<?> stage) {
    ExecutionException e = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
        () -> stage.toCompletableFuture().get());
    return e.getCause();
  }

  @Test
  void theBreakerRecordsAStageWhenItCompletesWithItsDuration() throws Exception {
    CircuitBreaker breaker = breaker();
    CompletableFuture<String> slow = new CompletableFuture<>();
    CompletionStage<String> result = breaker.executeCompletionStage(() -> slow);
    assertEquals(0, breaker.metrics().getNumberOfBufferedCalls(), "nothing recorded before completion");
    ticker.advance(250 * MS);
    slow.complete("ok");
    assertEquals("ok", result.toCompletableFuture().get());
    assertEquals(1, breaker.metrics().getNumberOfSuccessfulCalls());
    assertEquals(1, breaker.metrics().getNumberOfSlowCalls(), "250 ms measured from start to completion");

    IOException boom = new IOException("boom");
    assertSame(boom, failure(breaker.executeCompletionStage(() -> CompletableFuture.failedFuture(boom))));
    assertEquals(1, breaker.metrics().getNumberOfFailedCalls());
    assertEquals(State.OPEN, breaker.state(), "1 of 2 calls failed: 50%");
  }

  @Test
  void anOpenBreakerFailsTheStageWithoutCallingTheSupplier() {
    CircuitBreaker breaker = breaker();
    breaker.transitionToOpenState();
    AtomicInteger calls = new AtomicInteger();
    Throwable t = failure(breaker.executeCompletionStage(() -> {
      calls.incrementAndGet();
      return CompletableFuture.completedFuture("never");
    }));
    assertInstanceOf(CallNotPermittedException.class, t);
    assertEquals(0, calls.get());
    assertEquals(1, breaker.metrics().getNumberOfNotPermittedCalls());
  }

  @Test
  void aSupplierThatThrowsIsAFailureAndAnErrorReleasesThePermission() {
    CircuitBreaker breaker = breaker();
    IllegalStateException thrown = new IllegalStateException("no stage");
    assertSame(thrown, failure(breaker.executeCompletionStage(() -> {
      throw thrown;
    })));
    assertEquals(1, breaker.metrics().getNumberOfFailedCalls());

    CircuitBreaker halfOpen = breaker();
    halfOpen.transitionToOpenState();
    halfOpen.transitionToHalfOpenState();
    AssertionError error = new AssertionError("an Error, not an Exception");
    assertSame(error, failure(halfOpen.executeCompletionStage(() -> CompletableFuture.failedFuture(error))));
    assertEquals(0, halfOpen.metrics().getNumberOfBufferedCalls(), "an Error is not recorded");
    assertTrue(halfOpen.tryAcquirePermission(), "but its permission came back: the one trial call is free again");
  }

  @Test
  void aWrappedFailureIsJudgedByItsCause() {
    CircuitBreaker breaker = CircuitBreaker.of("b", CircuitBreakerConfig.custom()
        .ignoreExceptions(IOException.class).build(), ticker);
    CompletionException wrapped = new CompletionException(new IOException("ignored"));
    assertSame(wrapped.getCause(),
        failure(breaker.executeCompletionStage(() -> CompletableFuture.failedFuture(wrapped))));
    assertEquals(0, breaker.metrics().getNumberOfBufferedCalls(), "the IOException inside is ignored");
  }

  /**
   * Recording the outcome can throw (a listener that throws propagates, by design; a record-result
   * predicate that does not expect the result). The synchronous decorators pass that exception to
   * the caller; the stage must fail with it too, not be left pending for ever.
   */
  @Test
  void aStageWhoseOutcomeCannotBeRecordedFailsWithWhatRecordingThrew() {
    CircuitBreaker breaker = breaker();
    IllegalStateException fromListener = new IllegalStateException("listener");
    breaker.eventPublisher().onSuccess(e -> {
      throw fromListener;
    });
    assertSame(fromListener, assertThrows(IllegalStateException.class,
        () -> breaker.executeSupplier(() -> "ok")), "the synchronous form");
    CompletionStage<String> result = breaker.executeCompletionStage(() -> CompletableFuture.completedFuture("ok"));
    assertTrue(result.toCompletableFuture().isDone(), "the caller's stage must not hang");
    assertSame(fromListener, failure(result));

    CircuitBreaker judging = CircuitBreaker.of("b", CircuitBreakerConfig.custom()
        .recordResult(r -> (Integer) r == 503).build(), ticker);
    CompletionStage<Object> text = judging.executeCompletionStage(() -> CompletableFuture.completedFuture("text"));
    assertTrue(text.toCompletableFuture().isDone(), "the caller's stage must not hang");
    assertInstanceOf(ClassCastException.class, failure(text));
  }

  // ------------------------------------------------------------------------------------- retry

  /** A scheduler on a simulation: the waits are virtual and the test deterministic. */
  private final Simulation sim = Simulation.withSeed(1);
  private final Scheduler scheduler = sim.scheduler();

  private Retry retry(RetryConfig.Builder config) {
    return Retry.of("r", config.waitDuration(Duration.ofMillis(100)).build(), new SplittableRandom(1));
  }

  /** Each attempt completes 10 ms after it starts, with the next outcome from {@code outcomes}. */
  private <T> Supplier<CompletionStage<T>> attempts(List<Long> starts, List<Supplier<T>> outcomes) {
    return () -> {
      starts.add(sim.now() / MS);
      CompletableFuture<T> f = new CompletableFuture<>();
      Supplier<T> next = outcomes.get(starts.size() - 1);
      sim.schedule(Duration.ofMillis(10), () -> {
        try {
          f.complete(next.get());
        } catch (RuntimeException e) {
          f.completeExceptionally(e);
        }
      });
      return f;
    };
  }

  private static <T> Supplier<T> failWith(RuntimeException e) {
    return () -> {
      throw e;
    };
  }

  @Test
  void asyncRetryWaitsOnTheSchedulerBetweenAttempts() throws Exception {
    Retry retry = retry(RetryConfig.custom().maxAttempts(3));
    List<Long> starts = new ArrayList<>();
    CompletableFuture<String> result = retry.executeCompletionStage(scheduler, attempts(starts,
        List.of(failWith(new IllegalStateException("1")), failWith(new IllegalStateException("2")), () -> "ok")));
    assertFalse(result.isDone());
    sim.runUntilQuiescent();
    assertEquals("ok", result.get());
    assertEquals(List.of(0L, 110L, 220L), starts, "10 ms attempt, then 100 ms wait");
    assertEquals(1, retry.successfulCallsWithRetry());
  }

  @Test
  void asyncRetryGivesUpWithTheLastFailureOrTheLastResult() {
    Retry retry = retry(RetryConfig.custom().maxAttempts(2));
    IllegalStateException last = new IllegalStateException("last");
    List<Long> starts = new ArrayList<>();
    CompletableFuture<String> failed = retry.executeCompletionStage(scheduler,
        attempts(starts, List.of(failWith(new IllegalStateException("first")), failWith(last))));
    sim.runUntilQuiescent();
    assertSame(last, failure(failed));
    assertEquals(1, retry.failedCallsWithRetry());

    Retry onResult = retry(RetryConfig.custom().maxAttempts(2).<String>retryOnResult(String::isEmpty));
    CompletableFuture<String> empty = onResult.executeCompletionStage(scheduler,
        attempts(new ArrayList<>(), List.of(() -> "", () -> "")));
    sim.runUntilQuiescent();
    assertEquals("", empty.join(), "the last result, still retryable, is the outcome");

    Retry strict = retry(RetryConfig.custom().maxAttempts(2).<String>retryOnResult(String::isEmpty)
        .failAfterMaxAttempts(true));
    CompletableFuture<String> refused = strict.executeCompletionStage(scheduler,
        attempts(new ArrayList<>(), List.of(() -> "", () -> "")));
    sim.runUntilQuiescent();
    MaxRetriesExceededException e = assertInstanceOf(MaxRetriesExceededException.class, failure(refused));
    assertEquals(2, e.attempts());
  }

  @Test
  void asyncRetryJudgesAWrappedFailureByItsCauseAndRetriesAThrowingSupplier() {
    Retry retry = retry(RetryConfig.custom().maxAttempts(3).retryOnException(t -> t instanceof IOException));
    CompletionException wrapped = new CompletionException(new IllegalArgumentException("not retryable"));
    AtomicInteger calls = new AtomicInteger();
    CompletableFuture<String> r = retry.executeCompletionStage(scheduler, () -> {
      calls.incrementAndGet();
      return CompletableFuture.failedFuture(wrapped);
    });
    sim.runUntilQuiescent();
    assertSame(wrapped.getCause(), failure(r), "get() unwraps the CompletionException");
    assertEquals(1, calls.get(), "the IllegalArgumentException inside is not retryable");

    Retry any = retry(RetryConfig.custom().maxAttempts(2));
    AtomicInteger tries = new AtomicInteger();
    CompletableFuture<String> thrown = any.executeCompletionStage(scheduler, () -> {
      if (tries.incrementAndGet() == 1) {
        throw new IllegalStateException("no stage this time");
      }
      return CompletableFuture.completedFuture("second");
    });
    sim.runUntilQuiescent();
    assertEquals("second", thrown.join());
  }

  /**
   * Deciding on an attempt can throw: a retry-on-result predicate that does not expect the result,
   * a scheduler that refuses the next attempt (an executor shut down). The synchronous form throws
   * that to the caller; the asynchronous one must fail its future with it, not leave it pending.
   */
  @Test
  void aThrowWhileDecidingOnAnAttemptFailsTheAsyncRetry() {
    Retry judging = retry(RetryConfig.custom().maxAttempts(3).retryOnResult(r -> (Integer) r == 503));
    assertThrows(ClassCastException.class, () -> judging.executeSupplier(() -> "text", nanos -> { }));
    CompletableFuture<Object> text = judging.executeCompletionStage(scheduler,
        () -> CompletableFuture.completedFuture("text"));
    assertTrue(text.isDone(), "the caller's future must not hang");
    assertInstanceOf(ClassCastException.class, failure(text));

    Retry retry = retry(RetryConfig.custom().maxAttempts(3));
    java.util.concurrent.RejectedExecutionException shutDown =
        new java.util.concurrent.RejectedExecutionException("executor shut down");
    Scheduler refusing = (delayNanos, action) -> {
      throw shutDown;
    };
    CompletableFuture<String> r = retry.executeCompletionStage(refusing,
        () -> CompletableFuture.failedFuture(new IllegalStateException("first")));
    assertTrue(r.isDone(), "the caller's future must not hang");
    assertSame(shutDown, failure(r));
  }

  @Test
  void asyncRetryDoesNotRetryAStageThatFailedWithAnError() {
    Retry retry = retry(RetryConfig.custom().maxAttempts(3));
    AssertionError error = new AssertionError("an Error, not an Exception");
    AtomicInteger calls = new AtomicInteger();
    CompletableFuture<String> r = retry.executeCompletionStage(scheduler, () -> {
      calls.incrementAndGet();
      return CompletableFuture.failedFuture(error);
    });
    sim.runUntilQuiescent();
    assertSame(error, failure(r));
    assertEquals(1, calls.get(), "an Error is not retried, as in the synchronous form and Resilience4j");
  }

  @Test
  void anErrorThrownByTheSupplierOnARetryStillCompletesTheAsyncRetry() {
    Retry retry = retry(RetryConfig.custom().maxAttempts(3));
    List<Runnable> timers = new ArrayList<>();
    // An executor's timers: an Error thrown in one is kept in its ScheduledFuture, seen by nobody.
    Scheduler executorLike = (delayNanos, action) -> {
      timers.add(action);
      return () -> { };
    };
    AssertionError error = new AssertionError("thrown by the second attempt's supplier");
    AtomicInteger tries = new AtomicInteger();
    CompletableFuture<String> r = retry.executeCompletionStage(executorLike, () -> {
      if (tries.incrementAndGet() == 1) {
        return CompletableFuture.failedFuture(new IllegalStateException("first"));
      }
      throw error;
    });
    assertEquals(1, timers.size());
    assertThrows(AssertionError.class, () -> timers.get(0).run());
    assertTrue(r.isDone(), "the caller's future must not hang");
    assertSame(error, failure(r));
  }
}
