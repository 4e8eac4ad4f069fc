package dev.caplab.messaging.resilience;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.caplab.messaging.resilience.CircuitBreaker.State;
import dev.caplab.metrics.SimulatedMeterRegistry;
import dev.caplab.time.ManualTicker;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The breaker's decisions at their edges: which state grants a permission when a listener moves
 * the breaker on, how forced openings count for the wait function, what a failure exactly at the
 * slow-call threshold is, and a wait function that answers nonsense.
 */
class CircuitBreakerDecisionsTest {

  private static final long SECOND = 1_000_000_000L;

  private final ManualTicker ticker = new ManualTicker();

  /** Minimum and window 2 calls, 10 s open, 2 trial calls. */
  private static CircuitBreakerConfig.Builder twoCalls() {
    return twoCallsNoWait().waitDurationInOpenState(Duration.ofSeconds(10));
  }

  private static CircuitBreakerConfig.Builder twoCallsNoWait() {
    return CircuitBreakerConfig.custom()
        .slidingWindowSize(2)
        .minimumNumberOfCalls(2)
        .permittedNumberOfCallsInHalfOpenState(2);
  }

  private static void fail(CircuitBreaker breaker) {
    assertTrue(breaker.tryAcquirePermission(), () -> breaker + " refused a call");
    breaker.onError(1, new IOException("down"));
  }

  @Test
  void aListenerThatForcesTheBreakerOpenOnHalfOpenRefusesTheCallThatMovedIt() {
    // An operator's rule: never try the backend again on its own. The call whose permission
    // request ended the wait must then be refused too, not granted by the HALF_OPEN state that
    // is no longer current (Resilience4j asks the current state again after the move).
    CircuitBreaker breaker = CircuitBreaker.of("b", twoCalls().build(), ticker);
    breaker.eventPublisher().onStateTransition(e -> {
      if (e.to() == State.HALF_OPEN) {
        breaker.transitionToForcedOpenState();
      }
    });
    fail(breaker);
    fail(breaker);
    assertEquals(State.OPEN, breaker.state());
    ticker.advance(10 * SECOND + 1);

    assertFalse(breaker.tryAcquirePermission(), "the breaker is FORCED_OPEN");
    assertEquals(State.FORCED_OPEN, breaker.state());
    assertEquals(1L, breaker.metrics().getNumberOfNotPermittedCalls());
    assertThrows(CallNotPermittedException.class, breaker::acquirePermission);
  }

  @Test
  void aListenerThatForcesTheBreakerOpenOnAnAutomaticMoveIsWhatAReadSees() {
    CircuitBreaker breaker = CircuitBreaker.of("b",
        twoCalls().enableAutomaticTransitionFromOpenToHalfOpen().build(), ticker);
    breaker.eventPublisher().onStateTransition(e -> {
      if (e.to() == State.HALF_OPEN) {
        breaker.transitionToForcedOpenState();
      }
    });
    fail(breaker);
    fail(breaker);
    ticker.advance(10 * SECOND + 1);
    assertEquals(State.FORCED_OPEN, breaker.state());
    assertFalse(breaker.tryAcquirePermission());
  }

  @Test
  void aForcedOpeningCountsAsAnAttemptOfTheWaitFunction() {
    List<Integer> asked = new ArrayList<>();
    CircuitBreaker breaker = CircuitBreaker.of("b", CircuitBreakerConfig.custom()
        .slidingWindow(1, 1, CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
        .permittedNumberOfCallsInHalfOpenState(1)
        .waitIntervalFunctionInOpenState(attempt -> {
          asked.add(attempt);
          return Duration.ofSeconds(attempt);
        })
        .build(), ticker);
    fail(breaker); // opening 1 by the window
    breaker.transitionToForcedOpenState(); // opening 2
    breaker.transitionToHalfOpenState();
    fail(breaker); // the trial call fails: opening 3
    assertEquals(List.of(1, 3), asked);
    ticker.advance(3 * SECOND);
    assertFalse(breaker.tryAcquirePermission(), "attempt 3 waits 3 s");
    ticker.advance(1);
    assertTrue(breaker.tryAcquirePermission());

    breaker.transitionToClosedState();
    breaker.transitionToForcedOpenState(); // from CLOSED: opening 1
    breaker.transitionToHalfOpenState();
    fail(breaker);
    assertEquals(List.of(1, 3, 2), asked);
  }

  @Test
  void aFailureThatTakesExactlyTheSlowThresholdIsNotSlow() {
    CircuitBreaker breaker = CircuitBreaker.of("b", CircuitBreakerConfig.custom()
        .slidingWindowSize(10)
        .slowCallDurationThreshold(Duration.ofSeconds(1))
        .build(), ticker);
    assertTrue(breaker.tryAcquirePermission());
    breaker.onError(SECOND, new IOException("failed in exactly 1 s"));
    assertEquals(1, breaker.metrics().getNumberOfFailedCalls());
    assertEquals(0, breaker.metrics().getNumberOfSlowFailedCalls());
    assertTrue(breaker.tryAcquirePermission());
    breaker.onError(SECOND + 1, new IOException("1 ns over"));
    assertEquals(1, breaker.metrics().getNumberOfSlowFailedCalls());

    MeterRegistry registry = SimulatedMeterRegistry.create(ticker);
    breaker.bindTo(registry);
    assertEquals(1.0, registry.get("caplab.circuitbreaker.slow.calls").tag("kind", "failed")
        .gauge().value());
  }

  @Test
  void aWaitFunctionWithoutAnAnswerIsAnIllegalStateNamingTheAttempt() {
    CircuitBreaker none = CircuitBreaker.of("b",
        twoCallsNoWait().waitIntervalFunctionInOpenState(attempt -> null).build(), ticker);
    assertTrue(none.tryAcquirePermission());
    none.onError(1, new IOException());
    assertTrue(none.tryAcquirePermission());
    IllegalStateException e =
        assertThrows(IllegalStateException.class, () -> none.onError(1, new IOException()));
    assertTrue(e.getMessage().endsWith("got null for attempt 1"), e.getMessage());

    CircuitBreaker negative = CircuitBreaker.of("b",
        twoCallsNoWait().waitIntervalFunctionInOpenState(attempt -> Duration.ofMillis(-1)).build(),
        ticker);
    assertTrue(negative.tryAcquirePermission());
    negative.onError(1, new IOException());
    assertTrue(negative.tryAcquirePermission());
    IllegalStateException past =
        assertThrows(IllegalStateException.class, () -> negative.onError(1, new IOException()));
    assertTrue(past.getMessage().endsWith("got -1ms for attempt 1"), past.getMessage());
  }

  @Test
  void listenerRegistrationsChain() {
    CircuitBreaker breaker = CircuitBreaker.of("b", twoCalls().build(), ticker);
    List<String> seen = new ArrayList<>();
    assertSame(breaker, breaker.onEvent(e -> seen.add("any")));
    CircuitBreaker.EventPublisher p = breaker.eventPublisher();
    assertSame(p, p.onEvent(e -> seen.add("event")));
    assertSame(p, p.onStateTransition(e -> seen.add("transition")));
    assertSame(p, p.onSuccess(e -> seen.add("success")));
    assertSame(p, p.onError(e -> seen.add("error")));
    assertSame(p, p.onIgnoredError(e -> seen.add("ignored")));
    assertSame(p, p.onCallNotPermitted(e -> seen.add("refused")));
    assertSame(p, p.onFailureRateExceeded(e -> seen.add("failure rate")));
    assertSame(p, p.onSlowCallRateExceeded(e -> seen.add("slow rate")));
    assertSame(p, p.onReset(e -> seen.add("reset")));
    breaker.transitionToForcedOpenState();
    assertFalse(breaker.tryAcquirePermission());
    assertEquals(List.of("any", "event", "transition"), seen, "FORCED_OPEN publishes no refusal");
    seen.clear();
    breaker.transitionToOpenState();
    assertFalse(breaker.tryAcquirePermission());
    assertEquals(List.of("any", "event", "transition", "any", "event", "refused"), seen);
  }

  @Test
  void aFailureWrappedByAFutureIsJudgedByItsCause() {
    CircuitBreaker breaker = CircuitBreaker.of("b", twoCalls()
        .ignoreExceptions(IOException.class).build(), ticker);
    IOException cause = new IOException("down");
    for (Throwable wrapped : List.of(new java.util.concurrent.ExecutionException(cause),
        new java.util.concurrent.CompletionException(cause))) {
      assertTrue(breaker.tryAcquirePermission());
      breaker.onError(1, wrapped);
    }
    assertEquals(0, breaker.metrics().getNumberOfBufferedCalls(), "both ignored, as their cause");
  }

  @Test
  void metricsSayTheirCountsInText() {
    CircuitBreaker breaker = CircuitBreaker.of("b", twoCalls().build(), ticker);
    fail(breaker);
    String text = breaker.metrics().toString();
    assertTrue(text.startsWith("CircuitBreaker.Metrics"), text);
    assertTrue(text.contains("bufferedCalls=1") && text.contains("failedCalls=1"), text);
  }
}
