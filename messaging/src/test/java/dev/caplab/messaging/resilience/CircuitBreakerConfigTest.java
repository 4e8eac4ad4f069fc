package dev.caplab.messaging.resilience;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.caplab.messaging.resilience.CircuitBreaker.State;
import dev.caplab.messaging.resilience.CircuitBreakerConfig.SlidingWindowType;
import dev.caplab.messaging.resilience.CircuitBreakerConfig.WaitIntervalFunction;
import dev.caplab.time.ManualTicker;
import java.io.IOException;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

class CircuitBreakerConfigTest {

  private static void rejects(String message, Executable setter) {
    assertEquals(message, assertThrows(IllegalArgumentException.class, setter).getMessage());
  }

  @Test
  void defaultsAreResilience4js() {
    CircuitBreakerConfig c = CircuitBreakerConfig.ofDefaults();
    assertEquals(50f, c.failureRateThreshold());
    assertEquals(100f, c.slowCallRateThreshold());
    assertEquals(Duration.ofSeconds(60), c.slowCallDurationThreshold());
    assertEquals(10, c.permittedNumberOfCallsInHalfOpenState());
    assertEquals(Duration.ZERO, c.maxWaitDurationInHalfOpenState());
    assertEquals(State.OPEN, c.transitionToStateAfterWaitDuration());
    assertEquals(SlidingWindowType.COUNT_BASED, c.slidingWindowType());
    assertEquals(100, c.slidingWindowSize());
    assertEquals(100, c.minimumNumberOfCalls());
    assertEquals(Duration.ofSeconds(60), c.waitIntervalFunctionInOpenState().apply(1));
    assertEquals(Duration.ofSeconds(60), c.waitIntervalFunctionInOpenState().apply(7));
    assertFalse(c.automaticTransitionFromOpenToHalfOpenEnabled());
    assertTrue(c.writableStackTraceEnabled());
    assertTrue(c.recordExceptionPredicate().test(new Exception()));
    assertFalse(c.ignoreExceptionPredicate().test(new RuntimeException()));
    assertFalse(c.recordResultPredicate().test("anything"));
    assertSame(c, CircuitBreakerConfig.ofDefaults());
  }

  @Test
  void badValuesNameTheSettingTheValueAndTheRange() {
    CircuitBreakerConfig.Builder b = CircuitBreakerConfig.custom();
    rejects("failureRateThreshold must be in (0.0, 100.0], got 0.0", () -> b.failureRateThreshold(0));
    rejects(
        "failureRateThreshold must be in (0.0, 100.0], got 100.5", () -> b.failureRateThreshold(100.5f));
    rejects(
        "failureRateThreshold must be in (0.0, 100.0], got NaN", () -> b.failureRateThreshold(Float.NaN));
    rejects(
        "slowCallRateThreshold must be in (0.0, 100.0], got -1.0", () -> b.slowCallRateThreshold(-1));
    rejects("slidingWindowSize must be >= 1, got 0", () -> b.slidingWindowSize(0));
    rejects("minimumNumberOfCalls must be >= 1, got 0", () -> b.minimumNumberOfCalls(0));
    rejects(
        "permittedNumberOfCallsInHalfOpenState must be >= 1, got 0",
        () -> b.permittedNumberOfCallsInHalfOpenState(0));
    rejects(
        "waitDurationInOpenState must be >= 1ms, got 999us",
        () -> b.waitDurationInOpenState(Duration.ofNanos(999_000)));
    rejects(
        "slowCallDurationThreshold must be >= 1ns, got 0s",
        () -> b.slowCallDurationThreshold(Duration.ZERO));
    rejects(
        "maxWaitDurationInHalfOpenState must be >= 0s, got -1ms",
        () -> b.maxWaitDurationInHalfOpenState(Duration.ofMillis(-1)));
    rejects(
        "transitionToStateAfterWaitDuration must be OPEN or CLOSED, got HALF_OPEN",
        () -> b.transitionToStateAfterWaitDuration(State.HALF_OPEN));
    rejects(
        "multiplier must be >= 1.0, got 0.5",
        () -> WaitIntervalFunction.exponential(Duration.ofSeconds(1), 0.5));
    rejects(
        "initial must be >= 1ms, got 0s",
        () -> WaitIntervalFunction.exponential(Duration.ZERO, 2));
    // Bounds themselves are accepted.
    b.failureRateThreshold(100)
        .slowCallRateThreshold(Float.MIN_VALUE)
        .slidingWindowSize(1)
        .minimumNumberOfCalls(1)
        .permittedNumberOfCallsInHalfOpenState(1)
        .waitDurationInOpenState(Duration.ofMillis(1))
        .slowCallDurationThreshold(Duration.ofNanos(1))
        .maxWaitDurationInHalfOpenState(Duration.ZERO)
        .build();
  }

  @Test
  void twoOpenWaitSettingsClashAtBuild() {
    CircuitBreakerConfig.Builder b =
        CircuitBreakerConfig.custom()
            .waitDurationInOpenState(Duration.ofSeconds(1))
            .waitIntervalFunctionInOpenState(WaitIntervalFunction.fixed(Duration.ofSeconds(2)));
    IllegalStateException e = assertThrows(IllegalStateException.class, b::build);
    assertEquals(
        "the wait in OPEN was set 2 times; set either waitDurationInOpenState or "
            + "waitIntervalFunctionInOpenState, once",
        e.getMessage());
  }

  @Test
  void fromCopiesEverySettingAndAllowsOneOverride() {
    CircuitBreakerConfig base =
        CircuitBreakerConfig.custom()
            .failureRateThreshold(30)
            .slowCallRateThreshold(40)
            .slowCallDurationThreshold(Duration.ofMillis(250))
            .slidingWindow(20, 7, SlidingWindowType.TIME_BASED)
            .permittedNumberOfCallsInHalfOpenState(2)
            .waitDurationInOpenState(Duration.ofSeconds(3))
            .maxWaitDurationInHalfOpenState(Duration.ofSeconds(4))
            .transitionToStateAfterWaitDuration(State.CLOSED)
            .enableAutomaticTransitionFromOpenToHalfOpen()
            .writableStackTraceEnabled(false)
            .recordExceptions(IOException.class)
            .ignoreExceptions(IllegalArgumentException.class)
            .recordResult(r -> r.equals(503))
            .build();
    CircuitBreakerConfig copy =
        CircuitBreakerConfig.from(base).waitDurationInOpenState(Duration.ofSeconds(9)).build();
    assertEquals(30f, copy.failureRateThreshold());
    assertEquals(40f, copy.slowCallRateThreshold());
    assertEquals(Duration.ofMillis(250), copy.slowCallDurationThreshold());
    assertEquals(SlidingWindowType.TIME_BASED, copy.slidingWindowType());
    assertEquals(20, copy.slidingWindowSize());
    assertEquals(7, copy.minimumNumberOfCalls());
    assertEquals(2, copy.permittedNumberOfCallsInHalfOpenState());
    assertEquals(Duration.ofSeconds(9), copy.waitIntervalFunctionInOpenState().apply(1));
    assertEquals(Duration.ofSeconds(4), copy.maxWaitDurationInHalfOpenState());
    assertEquals(State.CLOSED, copy.transitionToStateAfterWaitDuration());
    assertTrue(copy.automaticTransitionFromOpenToHalfOpenEnabled());
    assertFalse(copy.writableStackTraceEnabled());
    assertTrue(copy.recordExceptionPredicate().test(new IOException()));
    assertFalse(copy.recordExceptionPredicate().test(new RuntimeException()));
    assertTrue(copy.ignoreExceptionPredicate().test(new NumberFormatException()));
    assertTrue(copy.recordResultPredicate().test(503));
  }

  @Test
  void recordAndIgnorePredicatesCombineWithClassesAndIgnoringWins() {
    CircuitBreakerConfig c =
        CircuitBreakerConfig.custom()
            .recordException(t -> t.getMessage() != null && t.getMessage().contains("fatal"))
            .recordExceptions(IOException.class)
            .ignoreExceptions(java.io.FileNotFoundException.class)
            .build();
    assertTrue(c.recordExceptionPredicate().test(new RuntimeException("fatal")));
    assertTrue(c.recordExceptionPredicate().test(new IOException("io")));
    assertFalse(c.recordExceptionPredicate().test(new RuntimeException("benign")));
    assertTrue(c.ignoreExceptionPredicate().test(new java.io.FileNotFoundException()));
  }

  @Test
  void exponentialWaitFunctionGrowsAndIsCapped() {
    WaitIntervalFunction f =
        WaitIntervalFunction.exponential(Duration.ofSeconds(1), 2.0, Duration.ofSeconds(5));
    assertEquals(Duration.ofSeconds(1), f.apply(1));
    assertEquals(Duration.ofSeconds(2), f.apply(2));
    assertEquals(Duration.ofSeconds(4), f.apply(3));
    assertEquals(Duration.ofSeconds(5), f.apply(4));
    assertEquals(Duration.ofSeconds(5), f.apply(1_000));
    assertEquals(
        Duration.ofNanos(Long.MAX_VALUE),
        WaitIntervalFunction.exponential(Duration.ofSeconds(1), 3.0).apply(10_000));
  }

  @Test
  void theBuiltInWaitFunctionsAreTheRetryBackoffs() {
    Duration initial = Duration.ofSeconds(1);
    Duration max = Duration.ofSeconds(5);
    WaitIntervalFunction exponential = WaitIntervalFunction.exponential(initial, 2.0, max);
    WaitIntervalFunction viaBackoff = WaitIntervalFunction.of(Backoff.exponential(initial, 2.0, max));
    WaitIntervalFunction brooker = WaitIntervalFunction.of(Backoff.noJitter(initial, max));
    WaitIntervalFunction fixed = WaitIntervalFunction.of(Backoff.fixed(Duration.ofSeconds(2)));
    for (int attempt = 1; attempt <= 10; attempt++) {
      assertEquals(exponential.apply(attempt), viaBackoff.apply(attempt), "attempt " + attempt);
      assertEquals(exponential.apply(attempt), brooker.apply(attempt), "attempt " + attempt);
      assertEquals(WaitIntervalFunction.fixed(Duration.ofSeconds(2)).apply(attempt), fixed.apply(attempt));
    }
    assertEquals(exponential, viaBackoff, "one mechanism: the same backoff underneath");
  }

  @Test
  void aBackoffWaitMustBeDeterministicAndAtLeastOneMillisecond() {
    rejects(
        "the wait in OPEN must be deterministic: the circuit breaker has no RandomGenerator, so a "
            + "jittered or randomized Backoff cannot be its wait function",
        () -> WaitIntervalFunction.of(Backoff.fullJitter(Duration.ofSeconds(1), Duration.ofSeconds(8))));
    rejects(
        "the wait in OPEN must be deterministic: the circuit breaker has no RandomGenerator, so a "
            + "jittered or randomized Backoff cannot be its wait function",
        () -> WaitIntervalFunction.of(Backoff.exponentialRandom()));
    rejects(
        "backoff's first wait must be >= 1ms, got 0s",
        () -> WaitIntervalFunction.of(Backoff.fixed(Duration.ZERO)));
    assertThrows(NullPointerException.class, () -> WaitIntervalFunction.of(null));
  }

  @Test
  void aBreakerWaitsAsItsBackoffSays() {
    ManualTicker ticker = new ManualTicker();
    CircuitBreaker breaker = CircuitBreaker.of("b", CircuitBreakerConfig.custom()
        .slidingWindow(1, 1, SlidingWindowType.COUNT_BASED)
        .permittedNumberOfCallsInHalfOpenState(1)
        .waitIntervalFunctionInOpenState(
            WaitIntervalFunction.of(Backoff.exponential(Duration.ofSeconds(1), 3.0, Duration.ofSeconds(60))))
        .build(), ticker);
    breaker.tryAcquirePermission();
    breaker.onError(0, new IOException("down"));
    assertEquals(State.OPEN, breaker.state());
    ticker.advance(Duration.ofSeconds(1).plusNanos(1));
    assertTrue(breaker.tryAcquirePermission(), "half-open after the first 1 s wait");
    breaker.onError(0, new IOException("still down"));
    assertEquals(State.OPEN, breaker.state());
    ticker.advance(Duration.ofSeconds(3));
    assertFalse(breaker.tryAcquirePermission(), "the second wait is 3 s, strictly");
    ticker.advance(Duration.ofNanos(1));
    assertTrue(breaker.tryAcquirePermission());
  }

  @Test
  void aCountBasedSlidingWindowCapsTheMinimumAtItsSizeAsResilience4jDoes() {
    CircuitBreakerConfig config = CircuitBreakerConfig.custom()
        .slidingWindow(1, 2, SlidingWindowType.COUNT_BASED)
        .permittedNumberOfCallsInHalfOpenState(2)
        .waitDurationInOpenState(Duration.ofSeconds(1))
        .build();
    assertEquals(1, config.minimumNumberOfCalls());
    ManualTicker ticker = new ManualTicker();
    CircuitBreaker breaker = CircuitBreaker.of("b", config, ticker);
    assertTrue(breaker.tryAcquirePermission());
    breaker.onError(0, new IOException("down"));
    assertEquals(State.OPEN, breaker.state());
    ticker.advance(Duration.ofSeconds(1).plusNanos(1));
    assertTrue(breaker.tryAcquirePermission());
    breaker.onError(0, new IOException("still down"));
    assertEquals(State.OPEN, breaker.state(), "HALF_OPEN decides after one trial call");
    assertEquals(100f, breaker.metrics().getFailureRate());

    assertEquals(2, CircuitBreakerConfig.custom()
        .slidingWindow(1, 2, SlidingWindowType.TIME_BASED).build().minimumNumberOfCalls());
    assertEquals(2, CircuitBreakerConfig.custom()
        .slidingWindowSize(1).minimumNumberOfCalls(2).build().minimumNumberOfCalls(),
        "the separate setters store what they are given, as in Resilience4j");
  }

  @Test
  void theWindowTypeSettingChainsLikeEveryOther() {
    CircuitBreakerConfig c = CircuitBreakerConfig.custom()
        .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.TIME_BASED)
        .slidingWindowSize(5)
        .build();
    assertEquals(CircuitBreakerConfig.SlidingWindowType.TIME_BASED, c.slidingWindowType());
    assertEquals(5, c.slidingWindowSize());
  }
}
