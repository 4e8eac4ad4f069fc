package dev.caplab.messaging.resilience;

import static dev.caplab.messaging.resilience.Decorators.Layer.BULKHEAD;
import static dev.caplab.messaging.resilience.Decorators.Layer.CIRCUIT_BREAKER;
import static dev.caplab.messaging.resilience.Decorators.Layer.RATE_LIMITER;
import static dev.caplab.messaging.resilience.Decorators.Layer.RETRY;
import static dev.caplab.messaging.resilience.Decorators.Layer.TIME_LIMITER;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.caplab.time.Scheduler;
import dev.caplab.sim.Simulation;
import dev.caplab.time.Ticker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * {@link Decorators#ofCompletionStage}: the asynchronous composition on a simulation's scheduler,
 * so every wait is virtual and every run the same.
 */
class AsyncCompositionTest {

  private static final long MS = 1_000_000L;

  private final Simulation sim = Simulation.withSeed(7);
  private final Ticker ticker = sim::now;
  private final Scheduler scheduler = sim.scheduler();
  private final List<Object> seen = new ArrayList<>();

  private final Retry retry = Retry.of("r", RetryConfig.custom().maxAttempts(3)
      .waitDuration(Duration.ofMillis(100)).build(), new SplittableRandom(1));
  private final CircuitBreaker breaker = CircuitBreaker.of("cb", CircuitBreakerConfig.ofDefaults(), ticker);
  private final RateLimiter rateLimiter = RateLimiter.of("rl", RateLimiterConfig.custom().limitForPeriod(1)
      .limitRefreshPeriod(Duration.ofSeconds(1)).timeoutDuration(Duration.ofSeconds(5)).build(), ticker);
  private final TimeLimiter timeLimiter = TimeLimiter.of("tl", TimeLimiterConfig.custom()
      .timeoutDuration(Duration.ofMillis(50)).build(), ticker);
  private final Bulkhead bulkhead = Bulkhead.of("b", BulkheadConfig.custom().maxConcurrentCalls(1).build(), ticker);

  /** A call answering after {@code millis} with the next of {@code outcomes} (null: time out). */
  private Supplier<CompletionStage<String>> call(long millis, List<String> outcomes, AtomicInteger calls) {
    return () -> {
      seen.add("call@" + sim.now() / MS);
      CompletableFuture<String> f = new CompletableFuture<>();
      String outcome = outcomes.get(calls.getAndIncrement());
      if (outcome != null) {
        sim.schedule(Duration.ofMillis(millis), () -> f.complete(outcome));
      }
      return f;
    };
  }

  private <T> Decorators.DecorateCompletionStage<T> allLayersAddedInReverse(Decorators.DecorateCompletionStage<T> d) {
    return d.withBulkhead(bulkhead, scheduler)
        .withTimeLimiter(timeLimiter, scheduler)
        .withRateLimiter(rateLimiter, scheduler)
        .withCallGate(breaker, ticker)
        .withRetry(retry, scheduler)
        .observe(seen::add);
  }

  private static Throwable failure(CompletionStage<?> stage) {
    return assertThrows(ExecutionException.class, () -> stage.toCompletableFuture().get()).getCause();
  }

  @Test
  void layersRunInTheDocumentedOrderAndARetryPassesThemAllAgain() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    // the first attempt never answers (the time limiter ends it at 50 ms), the second answers
    Decorators.DecorateCompletionStage<String> d =
        allLayersAddedInReverse(Decorators.ofCompletionStage(call(10, java.util.Arrays.asList(null, "ok"), calls)));
    assertEquals(Decorators.ORDER, d.layers());
    CompletionStage<String> result = d.get();
    sim.runUntilQuiescent();
    assertEquals("ok", result.toCompletableFuture().get());
    List<Object> once = List.of(CIRCUIT_BREAKER, RATE_LIMITER, TIME_LIMITER, BULKHEAD);
    List<Object> expected = new ArrayList<>();
    expected.add(RETRY);
    expected.addAll(once);
    expected.add("call@0");
    expected.addAll(once);
    expected.add("call@1000"); // 50 ms timeout, 100 ms wait, then the rate limiter's next period at 1 s
    assertEquals(expected, seen);
    assertEquals(1, breaker.metrics().getNumberOfFailedCalls(), "the timeout counted against the breaker");
    assertEquals(1, breaker.metrics().getNumberOfSuccessfulCalls());
    assertEquals(1, bulkhead.availableConcurrentCalls(), "both slots came back");
    assertEquals(1, timeLimiter.timedOutCalls());
  }

  @Test
  void aFullBulkheadAndAnExhaustedRateLimiterFailTheStage() {
    CompletableFuture<String> never = new CompletableFuture<>();
    CompletionStage<String> holding = Decorators.ofCompletionStage(() -> never).withBulkhead(bulkhead, scheduler).get();
    assertInstanceOf(BulkheadFullException.class,
        failure(Decorators.ofCompletionStage(() -> CompletableFuture.completedFuture("x"))
            .withBulkhead(bulkhead, scheduler).get()));
    never.complete("done");
    assertEquals("done", holding.toCompletableFuture().join());
    assertEquals(1, bulkhead.availableConcurrentCalls());

    RateLimiter strict = RateLimiter.of("strict", RateLimiterConfig.custom().limitForPeriod(1)
        .limitRefreshPeriod(Duration.ofSeconds(10)).timeoutDuration(Duration.ofSeconds(2)).build(), ticker);
    Supplier<CompletionStage<String>> limited = Decorators.ofCompletionStage(
        () -> CompletableFuture.completedFuture("y")).withRateLimiter(strict, scheduler).decorate();
    assertEquals("y", limited.get().toCompletableFuture().join());
    CompletionStage<String> refused = limited.get();
    sim.runUntilQuiescent();
    assertInstanceOf(RequestNotPermitted.class, failure(refused));
    assertEquals(2000 * MS, sim.now(), "refused once the 2 s timeout had passed, as the synchronous form");
  }

  /**
   * A gate that throws while recording (a breaker's listener or record-result predicate): the
   * synchronous form throws that to the caller, so the stage must fail with it, not stay pending.
   */
  @Test
  void aGateThatThrowsWhileRecordingFailsTheStage() {
    CircuitBreaker judging = CircuitBreaker.of("judging", CircuitBreakerConfig.custom()
        .recordResult(r -> (Integer) r == 503).build(), ticker);
    assertThrows(ClassCastException.class,
        () -> Decorators.ofSupplier(() -> "text").withCallGate(judging, ticker).call(), "the synchronous form");
    CompletionStage<String> text = Decorators.ofCompletionStage(() -> CompletableFuture.completedFuture("text"))
        .withCallGate(judging, ticker).get();
    assertTrue(text.toCompletableFuture().isDone(), "the caller's stage must not hang");
    assertInstanceOf(ClassCastException.class, failure(text));
  }

  @Test
  void theBreakerJudgesResultsInBothForms() throws Exception {
    CircuitBreaker judging = CircuitBreaker.of("judging", CircuitBreakerConfig.custom()
        .recordResult(r -> "503".equals(r)).build(), ticker);
    Decorators.ofCompletionStage(() -> CompletableFuture.completedFuture("503")).withCallGate(judging, ticker)
        .get().toCompletableFuture().join();
    Decorators.ofSupplier(() -> "503").withCallGate(judging, ticker).call();
    assertEquals(2, judging.metrics().getNumberOfFailedCalls(), "a 503 result is a failure, async and sync");
  }

  @Test
  void refusalsAreFinalInTheAsynchronousFormToo() {
    RecordingGate gate = new RecordingGate();
    RateLimiter strict = RateLimiter.of("strict", RateLimiterConfig.custom().limitForPeriod(1)
        .limitRefreshPeriod(Duration.ofSeconds(10)).timeoutDuration(Duration.ZERO).build(), ticker);
    Supplier<CompletionStage<String>> limited = Decorators.ofCompletionStage(
            () -> CompletableFuture.completedFuture("y"))
        .withRetry(retry, scheduler).withCallGate(gate, ticker).withRateLimiter(strict, scheduler)
        .decorate();
    assertEquals("y", limited.get().toCompletableFuture().join());
    CompletionStage<String> refused = limited.get();
    sim.runUntilQuiescent();
    assertInstanceOf(RequestNotPermitted.class, failure(refused));
    assertEquals(List.of("permit", "success", "permit", "release"), gate.events);
    assertEquals(0, sim.now(), "not retried");

    breaker.transitionToForcedOpenState();
    CompletionStage<String> open = Decorators.ofCompletionStage(
            () -> CompletableFuture.completedFuture("z"))
        .withRetry(retry, scheduler).withCircuitBreaker(breaker).get();
    sim.runUntilQuiescent();
    assertInstanceOf(CallNotPermittedException.class, failure(open));
    assertEquals(0, sim.now(), "not retried");
    assertEquals(2, retry.failedCallsWithoutRetry());
  }
}
