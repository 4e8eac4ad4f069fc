package dev.caplab.messaging.resilience;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.caplab.messaging.resilience.CircuitBreaker.State;
import dev.caplab.messaging.resilience.CircuitBreakerConfig.SlidingWindowType;
import dev.caplab.messaging.resilience.CircuitBreakerConfig.WaitIntervalFunction;
import dev.caplab.time.ManualTicker;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * Resilience4j's documented circuit breaker behaviour, reproduced step by step on a manual ticker.
 */
class CircuitBreakerTest {

  private static final long MS = 1_000_000L;
  private static final long SECOND = 1_000_000_000L;
  private static final RuntimeException BOOM = new IllegalStateException("boom");

  private final ManualTicker ticker = new ManualTicker();
  private final List<CircuitBreakerEvent> events = new ArrayList<>();

  private CircuitBreaker breaker(CircuitBreakerConfig config) {
    CircuitBreaker breaker = CircuitBreaker.of("backend", config, ticker);
    breaker.onEvent(events::add);
    return breaker;
  }

  /** Minimum 5 calls, threshold 50 %, 10 s open, 3 trial calls: the textbook example of a breaker that opens at half of its calls failing. */
  private static CircuitBreakerConfig.Builder fiveCalls() {
    return CircuitBreakerConfig.custom()
        .failureRateThreshold(50)
        .minimumNumberOfCalls(5)
        .slidingWindowSize(10)
        .waitDurationInOpenState(Duration.ofSeconds(10))
        .permittedNumberOfCallsInHalfOpenState(3);
  }

  private static void succeed(CircuitBreaker breaker) {
    assertTrue(breaker.tryAcquirePermission(), () -> breaker + " refused a call");
    breaker.onSuccess(MS);
  }

  private static void fail(CircuitBreaker breaker) {
    assertTrue(breaker.tryAcquirePermission(), () -> breaker + " refused a call");
    breaker.onError(MS, BOOM);
  }

  /** Trips the breaker with five failures; returns the time it opened. */
  private long trip(CircuitBreaker breaker) {
    for (int i = 0; i < 5; i++) {
      fail(breaker);
    }
    assertEquals(State.OPEN, breaker.state());
    return ticker.nanos();
  }

  private <E extends CircuitBreakerEvent> List<E> eventsOf(Class<E> type) {
    List<E> out = new ArrayList<>();
    for (CircuitBreakerEvent e : events) {
      if (type.isInstance(e)) {
        out.add(type.cast(e));
      }
    }
    return out;
  }

  // ------------------------------------------------------------------------------------ CLOSED

  @Test
  void failFailFailSuccessSuccessTripsOnTheFifthCallWhichKeepsItsOwnResult() {
    CircuitBreaker breaker = breaker(fiveCalls().build());

    fail(breaker);
    fail(breaker);
    fail(breaker);
    succeed(breaker);
    assertEquals(State.CLOSED, breaker.state(), "4 calls are below the minimum of 5");
    assertEquals(-1f, breaker.metrics().getFailureRate());
    assertEquals(4, breaker.metrics().getNumberOfBufferedCalls());

    assertTrue(breaker.tryAcquirePermission(), "the 5th call is permitted");
    breaker.onSuccess(MS);
    assertEquals(State.OPEN, breaker.state(), "3 failures of 5 = 60 % >= 50 %");
    assertEquals(60f, breaker.metrics().getFailureRate());
    assertEquals(5, breaker.metrics().getNumberOfBufferedCalls());
    assertEquals(3, breaker.metrics().getNumberOfFailedCalls());
    assertEquals(2, breaker.metrics().getNumberOfSuccessfulCalls());
    assertEquals(0L, breaker.metrics().getNumberOfNotPermittedCalls());

    assertFalse(breaker.tryAcquirePermission(), "the 6th call is refused");
    CallNotPermittedException refused =
        assertThrows(CallNotPermittedException.class, breaker::acquirePermission);
    assertEquals(
        "CircuitBreaker 'backend' is OPEN and does not permit further calls", refused.getMessage());
    assertEquals("backend", refused.circuitBreakerName());
    assertEquals(State.OPEN, refused.state());
    assertEquals(2L, breaker.metrics().getNumberOfNotPermittedCalls());

    // Events in Resilience4j's order: the 5th success, the rate, the transition, the refusals.
    assertEquals(3, eventsOf(CircuitBreakerEvent.Error.class).size());
    assertEquals(2, eventsOf(CircuitBreakerEvent.Success.class).size());
    assertEquals(
        List.of(60f),
        eventsOf(CircuitBreakerEvent.FailureRateExceeded.class).stream()
            .map(CircuitBreakerEvent.FailureRateExceeded::failureRate)
            .toList());
    List<CircuitBreakerEvent.StateTransition> transitions =
        eventsOf(CircuitBreakerEvent.StateTransition.class);
    assertEquals(1, transitions.size());
    assertEquals(State.CLOSED, transitions.get(0).from());
    assertEquals(State.OPEN, transitions.get(0).to());
    assertInstanceOf(CircuitBreakerEvent.Success.class, events.get(4));
    assertInstanceOf(CircuitBreakerEvent.FailureRateExceeded.class, events.get(5));
    assertInstanceOf(CircuitBreakerEvent.StateTransition.class, events.get(6));
    assertEquals(2, eventsOf(CircuitBreakerEvent.CallNotPermitted.class).size());
  }

  @Test
  void thresholdIsInclusive() {
    CircuitBreaker atThreshold = breaker(fiveCalls().minimumNumberOfCalls(4).build());
    fail(atThreshold);
    fail(atThreshold);
    succeed(atThreshold);
    succeed(atThreshold);
    assertEquals(State.OPEN, atThreshold.state(), "2 of 4 = 50 % >= 50 %");

    CircuitBreaker below = breaker(fiveCalls().minimumNumberOfCalls(4).build());
    fail(below);
    succeed(below);
    succeed(below);
    succeed(below);
    assertEquals(State.CLOSED, below.state(), "1 of 4 = 25 % < 50 %");
    assertEquals(25f, below.metrics().getFailureRate());
  }

  @Test
  void countBasedWindowForgetsTheOldestCall() {
    CircuitBreaker breaker =
        breaker(fiveCalls().slidingWindowSize(4).minimumNumberOfCalls(4).build());
    fail(breaker);
    succeed(breaker);
    succeed(breaker);
    succeed(breaker);
    succeed(breaker); // evicts the failure
    assertEquals(4, breaker.metrics().getNumberOfBufferedCalls());
    assertEquals(0, breaker.metrics().getNumberOfFailedCalls());
    assertEquals(0f, breaker.metrics().getFailureRate());
  }

  @Test
  void minimumNumberOfCallsIsCappedAtTheCountBasedWindowSize() {
    CircuitBreaker breaker =
        breaker(fiveCalls().slidingWindowSize(2).minimumNumberOfCalls(100).build());
    fail(breaker);
    succeed(breaker);
    assertEquals(State.OPEN, breaker.state(), "a window of 2 needs only 2 calls");
  }

  @Test
  void slowCallsAloneTripTheBreakerAndSlowIsStrictlyAboveTheThreshold() {
    CircuitBreaker breaker =
        breaker(
            fiveCalls()
                .minimumNumberOfCalls(4)
                .slowCallRateThreshold(50)
                .slowCallDurationThreshold(Duration.ofSeconds(1))
                .build());
    for (int i = 0; i < 3; i++) {
      assertTrue(breaker.tryAcquirePermission());
      breaker.onSuccess(Duration.ofSeconds(1)); // exactly the threshold: not slow
    }
    assertEquals(0, breaker.metrics().getNumberOfSlowCalls());
    assertTrue(breaker.tryAcquirePermission());
    breaker.onSuccess(SECOND + 1); // 1 ns over: slow
    assertEquals(State.CLOSED, breaker.state(), "1 slow of 4 = 25 %");
    assertEquals(25f, breaker.metrics().getSlowCallRate());

    assertTrue(breaker.tryAcquirePermission());
    breaker.onError(SECOND + 1, new IOException("slow and failed"));
    assertEquals(State.CLOSED, breaker.state(), "window of 10: 2 slow of 5 = 40 %, 1 failure");
    assertTrue(breaker.tryAcquirePermission());
    breaker.onSuccess(2 * SECOND);
    assertEquals(State.OPEN, breaker.state(), "3 slow of 6 = 50 %");
    assertEquals(3, breaker.metrics().getNumberOfSlowCalls());
    assertEquals(2, breaker.metrics().getNumberOfSlowSuccessfulCalls());
    assertEquals(1, breaker.metrics().getNumberOfSlowFailedCalls());
    assertTrue(breaker.metrics().getFailureRate() < 50f, "the failure rate alone would not trip");
    assertEquals(1, eventsOf(CircuitBreakerEvent.SlowCallRateExceeded.class).size());
    assertEquals(0, eventsOf(CircuitBreakerEvent.FailureRateExceeded.class).size());
  }

  // -------------------------------------------------------------------------- OPEN -> HALF_OPEN

  @Test
  void openMovesToHalfOpenOnlyStrictlyAfterTheWait() {
    CircuitBreaker breaker = breaker(fiveCalls().build());
    long openedAt = trip(breaker);

    ticker.set(openedAt + 10 * SECOND);
    assertFalse(breaker.tryAcquirePermission(), "at exactly the wait the breaker is still OPEN");
    assertEquals(State.OPEN, breaker.state());

    ticker.advance(1);
    assertTrue(breaker.tryAcquirePermission(), "1 ns after the wait the call is a trial call");
    assertEquals(State.HALF_OPEN, breaker.state());
    CircuitBreakerEvent.StateTransition last =
        eventsOf(CircuitBreakerEvent.StateTransition.class).get(1);
    assertEquals(State.OPEN, last.from());
    assertEquals(State.HALF_OPEN, last.to());
    assertEquals(openedAt + 10 * SECOND + 1, last.nanos());
  }

  @Test
  void openForAGivenWaitOverridesTheConfiguredOne() {
    CircuitBreaker breaker = breaker(fiveCalls().build());
    ticker.set(100 * SECOND);
    breaker.transitionToOpenStateFor(Duration.ofSeconds(2));
    assertEquals(State.OPEN, breaker.state());
    ticker.set(102 * SECOND);
    assertFalse(breaker.tryAcquirePermission(), "still OPEN at exactly the given wait");
    ticker.advance(1);
    assertTrue(breaker.tryAcquirePermission(), "2 s, not the configured 10 s");
    assertEquals(State.HALF_OPEN, breaker.state());

    breaker.transitionToOpenStateUntil(150 * SECOND);
    ticker.set(150 * SECOND);
    assertFalse(breaker.tryAcquirePermission());
    ticker.advance(1);
    assertTrue(breaker.tryAcquirePermission());
    assertEquals("wait must be >= 0s, got -1ms", assertThrows(IllegalArgumentException.class,
        () -> breaker.transitionToOpenStateFor(Duration.ofMillis(-1))).getMessage());
  }

  /** One trial call, minimum 1, exponential wait 1 s, 2 s, 4 s, ... */
  private CircuitBreaker exponentialOneTrial() {
    return breaker(CircuitBreakerConfig.custom()
        .slidingWindow(1, 1, SlidingWindowType.COUNT_BASED)
        .permittedNumberOfCallsInHalfOpenState(1)
        .waitIntervalFunctionInOpenState(WaitIntervalFunction.exponential(Duration.ofSeconds(1), 2.0))
        .build());
  }

  @Test
  void anExplicitOpenWaitKeepsTheAttemptNumberAsResilience4jDoes() {
    CircuitBreaker breaker = exponentialOneTrial();
    ticker.set(100 * SECOND);
    breaker.transitionToOpenStateFor(Duration.ofSeconds(1));
    ticker.advance(SECOND + 1);
    fail(breaker); // the trial call fails: the first opening by the wait function, 1 s
    assertEquals(State.OPEN, breaker.state());
    ticker.advance(SECOND);
    assertFalse(breaker.tryAcquirePermission(), "at exactly 1 s still OPEN");
    ticker.advance(1);
    assertTrue(breaker.tryAcquirePermission(), "attempt 1 waits 1 s, not attempt 2's 2 s");

    breaker.transitionToOpenStateUntil(ticker.nanos() + SECOND); // from HALF_OPEN at attempt 1
    ticker.advance(SECOND + 1);
    fail(breaker);
    ticker.advance(2 * SECOND);
    assertFalse(breaker.tryAcquirePermission(), "attempt 2 waits 2 s");
    ticker.advance(1);
    assertTrue(breaker.tryAcquirePermission());
  }

  @Test
  void withoutAutomaticTransitionOnlyAPermissionRequestLeavesOpen() {
    CircuitBreaker breaker = breaker(fiveCalls().build());
    long openedAt = trip(breaker);
    ticker.set(openedAt + 60 * SECOND);
    assertEquals(State.OPEN, breaker.state(), "reading the state moves nothing");
    assertTrue(breaker.tryAcquirePermission());
    assertEquals(State.HALF_OPEN, breaker.state());
  }

  @Test
  void automaticTransitionHappensOnTheFirstReadStrictlyAfterTheWait() {
    CircuitBreaker breaker = breaker(fiveCalls().enableAutomaticTransitionFromOpenToHalfOpen().build());
    long openedAt = trip(breaker);

    ticker.set(openedAt + 10 * SECOND);
    assertEquals(State.OPEN, breaker.state());
    ticker.advance(1);
    assertEquals(State.HALF_OPEN, breaker.state(), "no permission request needed");
    assertEquals(openedAt + 10 * SECOND + 1, eventsOf(CircuitBreakerEvent.StateTransition.class).get(1).nanos());
  }

  // --------------------------------------------------------------------------------- HALF_OPEN

  private void toHalfOpen(CircuitBreaker breaker) {
    if (breaker.state() != State.OPEN) {
      trip(breaker);
    }
    ticker.advance(Duration.ofSeconds(60));
  }

  @Test
  void halfOpenClosesAfterThePermittedCallsSucceedAndRefusesExtraCalls() {
    CircuitBreaker breaker = breaker(fiveCalls().build());
    toHalfOpen(breaker);

    assertTrue(breaker.tryAcquirePermission());
    assertTrue(breaker.tryAcquirePermission());
    assertTrue(breaker.tryAcquirePermission());
    assertEquals(State.HALF_OPEN, breaker.state());
    assertFalse(breaker.tryAcquirePermission(), "only 3 trial calls");
    assertEquals(1L, breaker.metrics().getNumberOfNotPermittedCalls());
    assertEquals(
        "CircuitBreaker 'backend' is HALF_OPEN and does not permit further calls",
        assertThrows(CallNotPermittedException.class, breaker::acquirePermission).getMessage());

    breaker.onSuccess(MS);
    breaker.onSuccess(MS);
    assertEquals(State.HALF_OPEN, breaker.state(), "2 of 3 trial calls recorded: no decision yet");
    breaker.onSuccess(MS);
    assertEquals(State.CLOSED, breaker.state());
    assertEquals(0, breaker.metrics().getNumberOfBufferedCalls(), "CLOSED starts a fresh window");
  }

  @Test
  void halfOpenReopensWhenTheTrialCallsFail() {
    CircuitBreaker breaker = breaker(fiveCalls().build());
    toHalfOpen(breaker);
    fail(breaker);
    succeed(breaker);
    assertEquals(State.HALF_OPEN, breaker.state());
    fail(breaker);
    assertEquals(State.OPEN, breaker.state(), "2 of 3 = 67 % >= 50 %");
    assertEquals(3, breaker.metrics().getNumberOfBufferedCalls(), "OPEN shows the trial window");
    assertFalse(breaker.tryAcquirePermission());
  }

  @Test
  void halfOpenDecidesAfterMinimumCallsWhenThatIsSmallerThanThePermittedCalls() {
    CircuitBreaker breaker =
        breaker(fiveCalls().minimumNumberOfCalls(2).permittedNumberOfCallsInHalfOpenState(4).build());
    fail(breaker);
    fail(breaker);
    assertEquals(State.OPEN, breaker.state());
    ticker.advance(Duration.ofSeconds(11));
    succeed(breaker);
    assertEquals(State.HALF_OPEN, breaker.state());
    succeed(breaker);
    assertEquals(State.CLOSED, breaker.state(), "Resilience4j: min(minimumNumberOfCalls, permitted)");
  }

  @Test
  void settingTheOpenWaitTwiceClashesAtBuild() {
    assertThrows(
        IllegalStateException.class,
        () ->
            fiveCalls()
                .waitIntervalFunctionInOpenState(
                    WaitIntervalFunction.exponential(Duration.ofSeconds(10), 2.0))
                .build());
  }

  @Test
  void exponentialOpenWaitGrowsOnEachReopeningAndRestartsAfterClosing() {
    CircuitBreaker breaker =
        breaker(
            CircuitBreakerConfig.custom()
                .minimumNumberOfCalls(5)
                .slidingWindowSize(10)
                .waitIntervalFunctionInOpenState(
                    WaitIntervalFunction.exponential(Duration.ofSeconds(10), 2.0))
                .permittedNumberOfCallsInHalfOpenState(1)
                .build());
    long openedAt = trip(breaker);
    long[] expectedWaits = {10 * SECOND, 20 * SECOND, 40 * SECOND, 80 * SECOND};
    for (int attempt = 0; attempt < expectedWaits.length; attempt++) {
      long wait = expectedWaits[attempt];
      ticker.set(openedAt + wait);
      assertFalse(breaker.tryAcquirePermission(), "attempt " + (attempt + 1) + " at exactly " + wait);
      ticker.advance(1);
      assertTrue(breaker.tryAcquirePermission(), "attempt " + (attempt + 1) + " after " + wait);
      breaker.onError(MS, BOOM); // the single trial call fails: re-open, next attempt
      assertEquals(State.OPEN, breaker.state());
      openedAt = ticker.nanos();
    }
    // The fifth opening waits 160 s; a successful trial closes; the next opening waits 10 s again.
    ticker.set(openedAt + 160 * SECOND + 1);
    succeed(breaker);
    assertEquals(State.CLOSED, breaker.state());
    openedAt = trip(breaker);
    ticker.set(openedAt + 10 * SECOND + 1);
    assertTrue(breaker.tryAcquirePermission());
  }

  @Test
  void maxWaitInHalfOpenForcesOpenOnceItHasPassed() {
    CircuitBreaker breaker =
        breaker(fiveCalls().maxWaitDurationInHalfOpenState(Duration.ofSeconds(5)).build());
    toHalfOpen(breaker);
    assertTrue(breaker.tryAcquirePermission()); // enters HALF_OPEN now; the call never reports
    long enteredAt = ticker.nanos();

    ticker.set(enteredAt + 5 * SECOND - 1);
    assertEquals(State.HALF_OPEN, breaker.state());
    ticker.set(enteredAt + 5 * SECOND);
    assertEquals(State.OPEN, breaker.state(), "a stuck trial call no longer pins HALF_OPEN");
    assertFalse(breaker.tryAcquirePermission());
    // The re-opening is attempt 2; with a fixed wait it is 10 s again.
    ticker.advance(10 * SECOND + 1);
    assertTrue(breaker.tryAcquirePermission());
  }

  @Test
  void aMaxWaitThatRanOutUnobservedReopenedWhenItWasDue() {
    CircuitBreaker breaker =
        breaker(fiveCalls().maxWaitDurationInHalfOpenState(Duration.ofSeconds(5)).build());
    toHalfOpen(breaker);
    assertTrue(breaker.tryAcquirePermission()); // enters HALF_OPEN; the call never reports
    long enteredAt = ticker.nanos();

    // A scheduler re-opens at enteredAt + 5 s; the 10 s wait is over at enteredAt + 15 s.
    ticker.set(enteredAt + 15 * SECOND + 1);
    assertTrue(breaker.tryAcquirePermission(), "the first caller after the idle period is a trial");
    List<CircuitBreakerEvent.StateTransition> moves =
        eventsOf(CircuitBreakerEvent.StateTransition.class);
    CircuitBreakerEvent.StateTransition reopened = moves.get(moves.size() - 2);
    assertEquals(State.HALF_OPEN, reopened.from());
    assertEquals(State.OPEN, reopened.to());
    assertEquals(enteredAt + 5 * SECOND, reopened.nanos(), "stamped when due, not when read");
  }

  @Test
  void automaticMovesThatFellDueWhileIdleAreAppliedInOrderWithTheirOwnTimes() {
    CircuitBreaker breaker = breaker(fiveCalls()
        .maxWaitDurationInHalfOpenState(Duration.ofSeconds(5))
        .enableAutomaticTransitionFromOpenToHalfOpen()
        .build());
    long openedAt = trip(breaker);
    events.clear();

    ticker.set(openedAt + 40 * SECOND);
    assertEquals(State.OPEN, breaker.state());
    List<String> moves = new ArrayList<>();
    for (CircuitBreakerEvent.StateTransition t : eventsOf(CircuitBreakerEvent.StateTransition.class)) {
      moves.add(t.from() + ">" + t.to() + "@" + (t.nanos() - openedAt));
    }
    assertEquals(List.of(
        "OPEN>HALF_OPEN@" + (10 * SECOND + 1),
        "HALF_OPEN>OPEN@" + (15 * SECOND + 1),
        "OPEN>HALF_OPEN@" + (25 * SECOND + 2),
        "HALF_OPEN>OPEN@" + (30 * SECOND + 2)), moves);
    ticker.set(openedAt + 40 * SECOND + 2);
    assertEquals(State.OPEN, breaker.state());
    ticker.advance(1);
    assertEquals(State.HALF_OPEN, breaker.state(), "the last OPEN started at 30 s, not at 40 s");
  }

  @Test
  void automaticTransitionReadLateIsStampedWhenItFellDue() {
    CircuitBreaker breaker = breaker(fiveCalls().enableAutomaticTransitionFromOpenToHalfOpen().build());
    long openedAt = trip(breaker);
    ticker.set(openedAt + 60 * SECOND);
    assertEquals(State.HALF_OPEN, breaker.state());
    assertEquals(openedAt + 10 * SECOND + 1,
        eventsOf(CircuitBreakerEvent.StateTransition.class).get(1).nanos());
  }

  @Test
  void maxWaitInHalfOpenCanCloseInstead() {
    CircuitBreaker breaker =
        breaker(
            fiveCalls()
                .maxWaitDurationInHalfOpenState(Duration.ofSeconds(5))
                .transitionToStateAfterWaitDuration(State.CLOSED)
                .build());
    toHalfOpen(breaker);
    assertTrue(breaker.tryAcquirePermission());
    ticker.advance(Duration.ofSeconds(5));
    assertEquals(State.CLOSED, breaker.state());
  }

  @Test
  void withoutMaxWaitHalfOpenWaitsForItsTrialCallsForever() {
    CircuitBreaker breaker = breaker(fiveCalls().build());
    toHalfOpen(breaker);
    assertTrue(breaker.tryAcquirePermission());
    ticker.advance(Duration.ofDays(365));
    assertEquals(State.HALF_OPEN, breaker.state());
  }

  @Test
  void ignoredExceptionReleasesItsPermitAndIsNotCounted() {
    CircuitBreaker breaker =
        breaker(
            fiveCalls()
                .permittedNumberOfCallsInHalfOpenState(1)
                .ignoreExceptions(IllegalArgumentException.class)
                .build());
    assertTrue(breaker.tryAcquirePermission());
    breaker.onError(MS, new IllegalArgumentException("bad request"));
    assertEquals(0, breaker.metrics().getNumberOfBufferedCalls());

    toHalfOpen(breaker);
    assertTrue(breaker.tryAcquirePermission());
    assertFalse(breaker.tryAcquirePermission(), "the single permit is taken");
    breaker.onError(MS, new CompletionException(new IllegalArgumentException("wrapped")));
    assertEquals(0, breaker.metrics().getNumberOfBufferedCalls());
    assertTrue(breaker.tryAcquirePermission(), "the ignored call gave its permit back");
    assertEquals(2, eventsOf(CircuitBreakerEvent.IgnoredError.class).size());
    breaker.onSuccess(MS);
    assertEquals(State.CLOSED, breaker.state());
  }

  @Test
  void anExceptionNeitherRecordedNorIgnoredCountsAsASuccess() {
    CircuitBreaker breaker = breaker(fiveCalls().recordExceptions(IOException.class).build());
    assertTrue(breaker.tryAcquirePermission());
    breaker.onError(MS, new IllegalStateException("not an IOException"));
    assertTrue(breaker.tryAcquirePermission());
    breaker.onError(MS, new java.io.UncheckedIOException(new IOException("still not one")));
    assertTrue(breaker.tryAcquirePermission());
    breaker.onError(MS, new java.io.FileNotFoundException("a subclass: recorded"));
    assertEquals(3, breaker.metrics().getNumberOfBufferedCalls());
    assertEquals(1, breaker.metrics().getNumberOfFailedCalls());
    assertEquals(2, eventsOf(CircuitBreakerEvent.Success.class).size());
  }

  @Test
  void releasePermissionInHalfOpenFreesThePermit() {
    CircuitBreaker breaker = breaker(fiveCalls().permittedNumberOfCallsInHalfOpenState(1).build());
    toHalfOpen(breaker);
    assertTrue(breaker.tryAcquirePermission());
    assertFalse(breaker.tryAcquirePermission());
    breaker.releasePermission();
    assertTrue(breaker.tryAcquirePermission());
    breaker.releasePermission();
    breaker.releasePermission(); // stray: capped at the permitted calls
    assertTrue(breaker.tryAcquirePermission());
    assertFalse(breaker.tryAcquirePermission());
  }

  // ----------------------------------------------------------------------------- time window

  @Test
  void timeBasedWindowDropsCallsOlderThanTheWindow() {
    CircuitBreaker breaker =
        breaker(
            fiveCalls()
                .slidingWindow(10, 3, SlidingWindowType.TIME_BASED)
                .failureRateThreshold(100)
                .build());
    ticker.set(500 * MS); // second 0
    fail(breaker);
    succeed(breaker);
    ticker.set(3 * SECOND); // second 3
    succeed(breaker);
    assertEquals(3, breaker.metrics().getNumberOfBufferedCalls());
    assertEquals(100f / 3, breaker.metrics().getFailureRate(), 1e-4);

    ticker.set(10 * SECOND - 1); // second 9: seconds 0..9 are in the window
    assertEquals(3, breaker.metrics().getNumberOfBufferedCalls());
    ticker.set(10 * SECOND); // second 10: second 0 has left
    assertEquals(1, breaker.metrics().getNumberOfBufferedCalls());
    assertEquals(0, breaker.metrics().getNumberOfFailedCalls());
    assertEquals(-1f, breaker.metrics().getFailureRate(), "1 call is below the minimum of 3");
    ticker.set(13 * SECOND);
    assertEquals(0, breaker.metrics().getNumberOfBufferedCalls());
    ticker.set(1_000 * SECOND);
    succeed(breaker);
    assertEquals(1, breaker.metrics().getNumberOfBufferedCalls());
  }

  @Test
  void timeBasedWindowMinimumIsNotCappedAtItsSize() {
    CircuitBreaker breaker =
        breaker(fiveCalls().slidingWindow(2, 5, SlidingWindowType.TIME_BASED).build());
    for (int i = 0; i < 4; i++) {
      fail(breaker);
    }
    assertEquals(State.CLOSED, breaker.state());
    fail(breaker);
    assertEquals(State.OPEN, breaker.state());
  }

  // ---------------------------------------------------------------------------- special states

  @Test
  void disabledPermitsEverythingAndRecordsNothing() {
    CircuitBreaker breaker = breaker(fiveCalls().build());
    breaker.transitionToDisabledState();
    events.clear();
    for (int i = 0; i < 20; i++) {
      fail(breaker);
    }
    assertEquals(State.DISABLED, breaker.state());
    assertEquals(0, breaker.metrics().getNumberOfBufferedCalls());
    assertEquals(-1f, breaker.metrics().getFailureRate());
    assertTrue(events.isEmpty(), "DISABLED publishes no call events: " + events);
  }

  @Test
  void forcedOpenRefusesEverythingUntilMovedOut() {
    CircuitBreaker breaker = breaker(fiveCalls().build());
    breaker.transitionToForcedOpenState();
    events.clear();
    assertFalse(breaker.tryAcquirePermission());
    ticker.advance(Duration.ofDays(1));
    CallNotPermittedException refused =
        assertThrows(CallNotPermittedException.class, breaker::acquirePermission);
    assertEquals(State.FORCED_OPEN, refused.state());
    assertEquals(2L, breaker.metrics().getNumberOfNotPermittedCalls());
    assertTrue(events.isEmpty(), "FORCED_OPEN publishes no refusals: " + events);
    breaker.transitionToClosedState();
    assertTrue(breaker.tryAcquirePermission());
    assertEquals(1, eventsOf(CircuitBreakerEvent.StateTransition.class).size());
  }

  @Test
  void metricsOnlyRecordsAndReportsButNeverOpens() {
    CircuitBreaker breaker = breaker(fiveCalls().build());
    breaker.transitionToMetricsOnlyState();
    for (int i = 0; i < 20; i++) {
      fail(breaker);
    }
    assertEquals(State.METRICS_ONLY, breaker.state());
    assertEquals(10, breaker.metrics().getNumberOfBufferedCalls());
    assertEquals(100f, breaker.metrics().getFailureRate());
    assertEquals(1, eventsOf(CircuitBreakerEvent.FailureRateExceeded.class).size(), "once only");
    assertEquals(20, eventsOf(CircuitBreakerEvent.Error.class).size());
  }

  @Test
  void illegalTransitionsAreRefusedAsInResilience4j() {
    CircuitBreaker breaker = breaker(fiveCalls().build());
    IllegalStateException e =
        assertThrows(IllegalStateException.class, breaker::transitionToHalfOpenState);
    assertEquals("CircuitBreaker 'backend' cannot move from CLOSED to HALF_OPEN", e.getMessage());
    breaker.transitionToMetricsOnlyState();
    assertThrows(IllegalStateException.class, breaker::transitionToOpenState);
    assertThrows(IllegalStateException.class, breaker::transitionToHalfOpenState);
    assertEquals(State.METRICS_ONLY, breaker.state());
  }

  @Test
  void manualTransitionsMoveBetweenStatesAndPublishOnlyRealChanges() {
    CircuitBreaker breaker = breaker(fiveCalls().build());
    succeed(breaker);
    breaker.transitionToClosedState();
    assertEquals(0, breaker.metrics().getNumberOfBufferedCalls(), "a fresh CLOSED window");
    assertTrue(events.stream().noneMatch(CircuitBreakerEvent.StateTransition.class::isInstance));
    breaker.transitionToOpenState();
    assertFalse(breaker.tryAcquirePermission());
    breaker.transitionToHalfOpenState();
    assertTrue(breaker.tryAcquirePermission());
    assertEquals(State.HALF_OPEN, breaker.state());
    assertEquals(2, eventsOf(CircuitBreakerEvent.StateTransition.class).size());
  }

  @Test
  void resetReturnsToAFreshClosedStateAndSaysSo() {
    CircuitBreaker breaker = breaker(fiveCalls().build());
    trip(breaker);
    events.clear();
    breaker.reset();
    assertEquals(State.CLOSED, breaker.state());
    assertEquals(0, breaker.metrics().getNumberOfBufferedCalls());
    assertEquals(2, events.size());
    assertInstanceOf(CircuitBreakerEvent.StateTransition.class, events.get(0));
    assertInstanceOf(CircuitBreakerEvent.Reset.class, events.get(1));
  }

  // -------------------------------------------------------------------------------- decorators

  @Test
  void decoratedSupplierIsTimedOnTheBreakersTicker() {
    CircuitBreaker breaker =
        breaker(fiveCalls().slowCallDurationThreshold(Duration.ofSeconds(1)).build());
    Supplier<String> slow =
        breaker.decorateSupplier(
            () -> {
              ticker.advance(Duration.ofSeconds(2));
              return "done";
            });
    assertEquals("done", slow.get());
    assertEquals(1, breaker.metrics().getNumberOfSlowSuccessfulCalls());
    assertEquals(
        Duration.ofSeconds(2), eventsOf(CircuitBreakerEvent.Success.class).get(0).elapsed());

    Supplier<String> failing =
        breaker.decorateSupplier(
            () -> {
              throw BOOM;
            });
    assertSame(BOOM, assertThrows(IllegalStateException.class, failing::get));
    assertEquals(1, breaker.metrics().getNumberOfFailedCalls());
  }

  @Test
  void decoratedCallableRecordsCheckedExceptionsAndIsRefusedWhenOpen() throws Exception {
    CircuitBreaker breaker = breaker(fiveCalls().build());
    Callable<Integer> broken =
        breaker.decorateCallable(
            () -> {
              throw new IOException("down");
            });
    for (int i = 0; i < 5; i++) {
      assertThrows(IOException.class, broken::call);
    }
    assertEquals(State.OPEN, breaker.state());
    assertThrows(CallNotPermittedException.class, broken::call);
    assertThrows(CallNotPermittedException.class, () -> breaker.executeSupplier(() -> 1));
    breaker.transitionToClosedState();
    assertEquals(7, breaker.executeCallable(() -> 7));
  }

  @Test
  void resultsCanBeRecordedAsFailures() {
    CircuitBreaker breaker =
        breaker(fiveCalls().recordResult(result -> "503".equals(result)).build());
    for (int i = 0; i < 5; i++) {
      assertEquals("503", breaker.executeSupplier(() -> "503"));
    }
    assertEquals(State.OPEN, breaker.state());
    CircuitBreakerEvent.Error error = eventsOf(CircuitBreakerEvent.Error.class).get(0);
    ResultRecordedAsFailureException failure =
        assertInstanceOf(ResultRecordedAsFailureException.class, error.throwable());
    assertEquals("503", failure.result());
  }

  @Test
  void negativeDurationsAreRejected() {
    CircuitBreaker breaker = breaker(fiveCalls().build());
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> breaker.onSuccess(-1));
    assertEquals("durationNanos must be >= 0, got -1", e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> breaker.onError(-5, BOOM));
  }

  @Test
  void defaultsNeedOneHundredCalls() {
    CircuitBreaker breaker = CircuitBreaker.of("defaults", CircuitBreakerConfig.ofDefaults(), ticker);
    for (int i = 0; i < 99; i++) {
      fail(breaker);
    }
    assertEquals(State.CLOSED, breaker.state());
    fail(breaker);
    assertEquals(State.OPEN, breaker.state());
    ticker.advance(Duration.ofSeconds(60));
    assertFalse(breaker.tryAcquirePermission(), "60 s is the default wait, exclusive");
    ticker.advance(1);
    for (int i = 0; i < 10; i++) {
      assertTrue(breaker.tryAcquirePermission());
    }
    assertFalse(breaker.tryAcquirePermission(), "10 trial calls by default");
  }

  @Test
  void ofDefaultsRunsOnRealTime() {
    CircuitBreaker breaker = CircuitBreaker.ofDefaults("real");
    assertSame(dev.caplab.time.Ticker.system(), breaker.ticker());
    assertEquals("real", breaker.name());
    assertEquals(State.CLOSED, breaker.state());
  }

  @Test
  void aResetLeavesNothingOfTheOldStateBehind() {
    CircuitBreaker breaker =
        breaker(fiveCalls().maxWaitDurationInHalfOpenState(Duration.ofSeconds(5)).build());
    toHalfOpen(breaker);
    assertTrue(breaker.tryAcquirePermission());
    breaker.reset();
    ticker.advance(Duration.ofSeconds(6));
    assertEquals(State.CLOSED, breaker.state(), "the old HALF_OPEN's max wait does not fire");
  }

  @Test
  void aCallRecordedInAnOpenStateEnteredFromDisabledOrForcedOpenIsHarmless() {
    CircuitBreaker breaker = breaker(fiveCalls().build());
    breaker.transitionToDisabledState();
    assertTrue(breaker.tryAcquirePermission());
    breaker.transitionToOpenState();
    breaker.onError(MS, BOOM); // Resilience4j: ArithmeticException in its size-0 window
    breaker.transitionToForcedOpenState();
    breaker.transitionToOpenState();
    breaker.onSuccess(MS);
    assertEquals(State.OPEN, breaker.state());
  }
}
