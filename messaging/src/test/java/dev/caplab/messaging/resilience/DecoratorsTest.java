package dev.caplab.messaging.resilience;

import static dev.caplab.messaging.resilience.Decorators.Layer.BULKHEAD;
import static dev.caplab.messaging.resilience.Decorators.Layer.CIRCUIT_BREAKER;
import static dev.caplab.messaging.resilience.Decorators.Layer.RATE_LIMITER;
import static dev.caplab.messaging.resilience.Decorators.Layer.RETRY;
import static dev.caplab.messaging.resilience.Decorators.Layer.TIME_LIMITER;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.caplab.time.Scheduler;
import dev.caplab.time.Sleeper;
import dev.caplab.time.ManualTicker;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class DecoratorsTest {

  final ManualTicker ticker = new ManualTicker();
  final ExecutorService executor = Executors.newSingleThreadExecutor();
  final RecordingGate gate = new RecordingGate();
  final Retry retry = Retry.of("r", RetryConfig.custom().maxAttempts(3)
      .waitDuration(Duration.ofMillis(10)).build(), new SplittableRandom(1));
  final RateLimiter rateLimiter = RateLimiter.of("rl", RateLimiterConfig.custom()
      .limitForPeriod(10).limitRefreshPeriod(Duration.ofSeconds(1))
      .timeoutDuration(Duration.ZERO).build(), ticker);
  final TimeLimiter timeLimiter = TimeLimiter.of("tl", TimeLimiterConfig.custom()
      .timeoutDuration(Duration.ofSeconds(10)).build(), ticker);
  final Bulkhead bulkhead = Bulkhead.of("b", BulkheadConfig.custom().maxConcurrentCalls(1).build(),
      ticker);
  final List<Object> seen = new CopyOnWriteArrayList<>();

  @AfterEach
  void shutdown() {
    executor.shutdownNow();
  }

  /** Adds the layers innermost first, the opposite of the order they end up in. */
  <T> Decorators.DecorateCallable<T> allLayersAddedInReverse(Decorators.DecorateCallable<T> d) {
    return d.withBulkhead(bulkhead)
        .withTimeLimiter(timeLimiter, executor)
        .withRateLimiter(rateLimiter, Sleeper.advancing(ticker))
        .withCallGate(gate, ticker)
        .withRetry(retry, Sleeper.advancing(ticker))
        .observe(seen::add);
  }

  @Test
  void layersSeeTheCallInTheDocumentedOrderWhateverTheBuilderOrder() throws Exception {
    Decorators.DecorateCallable<String> d = allLayersAddedInReverse(Decorators.ofCallable(() -> {
      seen.add("call");
      return "ok";
    }));
    assertEquals(List.of(RETRY, CIRCUIT_BREAKER, RATE_LIMITER, TIME_LIMITER, BULKHEAD), d.layers());
    assertEquals("ok", d.call());
    assertEquals(List.of(RETRY, CIRCUIT_BREAKER, RATE_LIMITER, TIME_LIMITER, BULKHEAD, "call"), seen);
    assertEquals(Decorators.ORDER, d.layers());
  }

  @Test
  void eachRetryGoesThroughEveryInnerLayerAgain() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    String result = allLayersAddedInReverse(Decorators.ofCallable(() -> {
      seen.add("call");
      if (calls.incrementAndGet() < 3) {
        throw new IOException("flaky");
      }
      return "ok";
    })).call();
    assertEquals("ok", result);
    List<Object> once = List.of(CIRCUIT_BREAKER, RATE_LIMITER, TIME_LIMITER, BULKHEAD, "call");
    List<Object> expected = new java.util.ArrayList<>();
    expected.add(RETRY);
    for (int i = 0; i < 3; i++) {
      expected.addAll(once);
    }
    assertEquals(expected, seen);
    assertEquals(List.of("permit", "error:IOException", "permit", "error:IOException", "permit",
        "success"), gate.events, "the breaker sees every attempt");
    assertEquals(7, rateLimiter.availablePermissions(), "one permit per attempt");
    assertEquals(1, bulkhead.availableConcurrentCalls(), "slot released after each attempt");
    assertEquals(20_000_000L, ticker.nanos(), "two 10 ms waits between attempts");
  }

  @Test
  void anOpenGateFailsFastBeforeTakingAPermitOrASlot() {
    gate.open = false;
    Decorators.DecorateCallable<String> d = allLayersAddedInReverse(
        Decorators.ofSupplier(() -> "never"));
    assertThrows(GateRejectedException.class, d::call);
    assertEquals(10, rateLimiter.availablePermissions());
    assertEquals(List.of(RETRY, CIRCUIT_BREAKER), seen, "a refusal is final: not retried");
    assertEquals(0, ticker.nanos(), "no backoff sleep");
    assertEquals(1, retry.failedCallsWithoutRetry());
  }

  @Test
  void anOpenCircuitBreakerIsNotRetriedByTheDefaultRetry() {
    CircuitBreaker breaker = CircuitBreaker.of("cb", CircuitBreakerConfig.ofDefaults(), ticker);
    breaker.transitionToOpenState();
    Retry defaults = Retry.ofDefaults("r");
    AtomicInteger calls = new AtomicInteger();
    Decorators.DecorateCallable<Integer> d = Decorators.ofSupplier(calls::incrementAndGet)
        .withRetry(defaults, Sleeper.advancing(ticker))
        .withCircuitBreaker(breaker);
    assertThrows(CallNotPermittedException.class, d::call);
    assertEquals(0, calls.get());
    assertEquals(0, ticker.nanos(), "no 500 ms sleeps against an open breaker");
    assertEquals(1, breaker.metrics().getNumberOfNotPermittedCalls());
    assertEquals(1, defaults.failedCallsWithoutRetry());
  }

  @Test
  void aRateLimitRefusalIsNeitherRetriedNorRecordedByTheBreaker() throws Exception {
    RateLimiter onePerSecond = RateLimiter.of("rl", RateLimiterConfig.custom().limitForPeriod(1)
        .limitRefreshPeriod(Duration.ofSeconds(1)).timeoutDuration(Duration.ZERO).build(), ticker);
    Decorators.DecorateCallable<String> d = Decorators.ofSupplier(() -> "ok")
        .withRetry(retry, Sleeper.advancing(ticker))
        .withCallGate(gate, ticker)
        .withRateLimiter(onePerSecond, Sleeper.advancing(ticker));
    assertEquals("ok", d.call());
    assertThrows(RequestNotPermitted.class, d::call);
    assertEquals(List.of("permit", "success", "permit", "release"), gate.events,
        "the breaker gets its permission back instead of a failure of the dependency");
    assertEquals(0, ticker.nanos(), "not retried");
  }

  @Test
  void aFullBulkheadIsAFailureTheBreakerSees() throws Exception {
    assertEquals(true, bulkhead.tryAcquirePermission());
    assertThrows(BulkheadFullException.class,
        () -> allLayersAddedInReverse(Decorators.ofSupplier(() -> "x")).call());
    assertEquals(List.of("permit", "error:BulkheadFullException", "permit",
        "error:BulkheadFullException", "permit", "error:BulkheadFullException"), gate.events);
  }

  @Test
  void aLayerTwiceIsAnError() {
    Decorators.DecorateCallable<String> d = Decorators.ofSupplier(() -> "x").withBulkhead(bulkhead);
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> d.withBulkhead(bulkhead));
    assertEquals("BULKHEAD was already configured", e.getMessage());
  }

  @Test
  void anErrorGivesTheGatesPermissionBackInBothForms() {
    AssertionError error = new AssertionError("an Error, not an Exception");
    assertThrows(AssertionError.class, () -> Decorators.ofCallable(() -> {
      throw error;
    }).withCallGate(gate, ticker).call());
    assertEquals(List.of("permit", "release"), gate.events);

    gate.events.clear();
    Decorators.ofCompletionStage(() -> java.util.concurrent.CompletableFuture.failedFuture(error))
        .withCallGate(gate, ticker).get();
    assertEquals(List.of("permit", "release"), gate.events);
  }

  @Test
  void anAsyncSupplierThatThrowsAnErrorGivesBackThePermissionAndTheSlot() {
    AssertionError error = new AssertionError("thrown instead of returning a stage");
    java.util.function.Supplier<java.util.concurrent.CompletionStage<String>> throwing = () -> {
      throw error;
    };
    assertSame(error, assertThrows(AssertionError.class,
        () -> Decorators.ofCompletionStage(throwing).withCallGate(gate, ticker).get()));
    assertEquals(List.of("permit", "release"), gate.events, "as the breaker's own stage form");

    Scheduler scheduler = dev.caplab.sim.Simulation.withSeed(1).scheduler();
    java.util.concurrent.CompletionStage<String> stage =
        Decorators.ofCompletionStage(throwing).withBulkhead(bulkhead, scheduler).get();
    assertSame(error, assertThrows(java.util.concurrent.ExecutionException.class,
        () -> stage.toCompletableFuture().get()).getCause());
    assertEquals(1, bulkhead.availableConcurrentCalls(), "the slot came back");
  }

  @Test
  void anErrorThrownAfterARateLimitWaitFailsTheAsyncStage() {
    RateLimiter oneASecond = RateLimiter.of("rl", RateLimiterConfig.custom().limitForPeriod(1)
        .limitRefreshPeriod(Duration.ofSeconds(1)).timeoutDuration(Duration.ofSeconds(5)).build(), ticker);
    assertEquals(true, oneASecond.tryAcquirePermission());
    java.util.List<Runnable> timers = new java.util.ArrayList<>();
    // An executor's timers: an Error thrown in one is kept in its ScheduledFuture, seen by nobody.
    Scheduler executorLike = (delayNanos, action) -> {
      timers.add(action);
      return () -> { };
    };
    AssertionError error = new AssertionError("thrown instead of returning a stage");
    java.util.concurrent.CompletionStage<String> stage = Decorators.<String>ofCompletionStage(() -> {
      throw error;
    }).withRateLimiter(oneASecond, executorLike).get();
    assertEquals(1, timers.size(), "waits for the next period's permit");
    try {
      timers.get(0).run();
    } catch (AssertionError thrownIntoTheTimer) {
      // lost on a real executor
    }
    assertEquals(true, stage.toCompletableFuture().isDone(), "the stage must not hang");
    assertSame(error, assertThrows(java.util.concurrent.ExecutionException.class,
        () -> stage.toCompletableFuture().get()).getCause());
  }
}
