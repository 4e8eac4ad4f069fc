package dev.caplab.messaging.resilience;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.caplab.messaging.resilience.CircuitBreaker.State;
import dev.caplab.messaging.resilience.CircuitBreakerConfig.SlidingWindowType;
import dev.caplab.time.ManualTicker;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/** Invariants of the circuit breaker over arbitrary sequences of calls, outcomes and time. */
class CircuitBreakerPropertiesTest {

  private static final long MS = 1_000_000L;
  private static final RuntimeException FAILURE = new IllegalStateException("failure");
  private static final RuntimeException IGNORED = new IllegalArgumentException("ignored");

  /** What one step of a generated run does. */
  private enum Op {
    ACQUIRE,
    SUCCEED,
    SUCCEED_SLOWLY,
    FAIL,
    FAIL_WITH_IGNORED,
    RELEASE,
    WAIT_SHORT,
    WAIT_LONG,
    FORCE_OPEN,
    CLOSE,
    DISABLE,
    METRICS_ONLY,
    RESET
  }

  /** A permission the run holds: the HALF_OPEN period it was granted in (0: outside HALF_OPEN). */
  private record Permit(int period) {}

  private static CircuitBreakerConfig config(
      int permitted, int minimum, int windowSize, boolean timeBased, boolean maxWait) {
    CircuitBreakerConfig.Builder b =
        CircuitBreakerConfig.custom()
            .permittedNumberOfCallsInHalfOpenState(permitted)
            .slidingWindow(
                windowSize,
                minimum,
                timeBased ? SlidingWindowType.TIME_BASED : SlidingWindowType.COUNT_BASED)
            .failureRateThreshold(50)
            .slowCallRateThreshold(50)
            .slowCallDurationThreshold(Duration.ofMillis(100))
            .waitDurationInOpenState(Duration.ofSeconds(1))
            .ignoreExceptions(IllegalArgumentException.class);
    if (maxWait) {
      b.maxWaitDurationInHalfOpenState(Duration.ofSeconds(2));
    }
    return b.build();
  }

  /**
   * However calls, outcomes, releases and time interleave, a HALF_OPEN period never has more than
   * {@code permittedNumberOfCallsInHalfOpenState} trial calls outstanding or recorded.
   *
   * <p>A permission granted in one state and given back (released, or its call ignored) in a later
   * HALF_OPEN period would hand that period a permit it never granted: with no permit token in the
   * API, neither Resilience4j nor this breaker can tell it apart. The run therefore gives back only
   * permissions of the current period, and completes older ones with a recorded outcome.
   */
  @Property(tries = 300)
  void halfOpenNeverHasMoreThanThePermittedTrialCalls(
      @ForAll @IntRange(min = 1, max = 5) int permitted,
      @ForAll @IntRange(min = 1, max = 6) int minimum,
      @ForAll boolean maxWait,
      @ForAll @Size(max = 300) List<Op> ops) {
    ManualTicker ticker = new ManualTicker();
    CircuitBreaker breaker =
        CircuitBreaker.of("p", config(permitted, minimum, 4, false, maxWait), ticker);
    int[] period = {0};
    breaker
        .eventPublisher()
        .onStateTransition(
            e -> {
              if (e.to() == State.HALF_OPEN) {
                period[0]++;
              }
            });
    Deque<Permit> held = new ArrayDeque<>();
    int[] recordedInPeriod = new int[ops.size() + 2];
    for (Op op : ops) {
      switch (op) {
        case ACQUIRE -> {
          if (breaker.tryAcquirePermission()) {
            held.add(new Permit(breaker.state() == State.HALF_OPEN ? period[0] : 0));
          }
        }
        case SUCCEED, SUCCEED_SLOWLY, FAIL -> {
          Permit p = held.poll();
          if (p != null) {
            if (p.period() != 0 && p.period() == period[0]) {
              recordedInPeriod[p.period()]++;
            }
            if (op == Op.FAIL) {
              breaker.onError(MS, FAILURE);
            } else {
              breaker.onSuccess(op == Op.SUCCEED ? MS : 200 * MS);
            }
          }
        }
        case FAIL_WITH_IGNORED, RELEASE -> {
          Permit p = removeCurrent(held, period[0]);
          if (p != null) {
            if (op == Op.RELEASE) {
              breaker.releasePermission();
            } else {
              breaker.onError(MS, IGNORED);
            }
          }
        }
        case WAIT_SHORT -> ticker.advance(300 * MS);
        case WAIT_LONG -> ticker.advance(1_100 * MS);
        default -> {} // manual transitions are not part of this property
      }
      if (breaker.state() == State.HALF_OPEN && period[0] > 0) {
        int p = period[0];
        long outstanding = held.stream().filter(h -> h.period() == p).count();
        assertTrue(
            outstanding + recordedInPeriod[p] <= permitted,
            () ->
                "HALF_OPEN period " + p + " has " + outstanding + " outstanding + "
                    + recordedInPeriod[p] + " recorded trial calls, permitted " + permitted);
      }
    }
  }

  private static Permit removeCurrent(Deque<Permit> held, int period) {
    for (Iterator<Permit> it = held.iterator(); it.hasNext(); ) {
      Permit p = it.next();
      if (p.period() != 0 && p.period() == period) {
        it.remove();
        return p;
      }
    }
    return null;
  }

  /**
   * Whatever happens, the counts add up: buffered = successful + failed, slow = slow successful +
   * slow failed, none is negative, the window holds no more than it can, and a rate is either -1
   * (below the minimum number of calls) or a percentage.
   */
  @Property(tries = 300)
  void countsAlwaysAddUpAndRatesArePercentagesOrMinusOne(
      @ForAll @IntRange(min = 1, max = 5) int permitted,
      @ForAll @IntRange(min = 1, max = 12) int minimum,
      @ForAll @IntRange(min = 1, max = 8) int windowSize,
      @ForAll boolean timeBased,
      @ForAll boolean maxWait,
      @ForAll @Size(max = 300) List<Op> ops) {
    ManualTicker ticker = new ManualTicker();
    CircuitBreaker breaker =
        CircuitBreaker.of(
            "c", config(permitted, minimum, windowSize, timeBased, maxWait), ticker);
    for (Op op : ops) {
      switch (op) {
        case ACQUIRE, RELEASE -> {
          if (breaker.tryAcquirePermission() && op == Op.RELEASE) {
            breaker.releasePermission();
          }
        }
        case SUCCEED -> breaker.onSuccess(MS);
        case SUCCEED_SLOWLY -> breaker.onSuccess(200 * MS);
        case FAIL -> breaker.onError(200 * MS, FAILURE);
        case FAIL_WITH_IGNORED -> breaker.onError(MS, IGNORED);
        case WAIT_SHORT -> ticker.advance(300 * MS);
        case WAIT_LONG -> ticker.advance(1_100 * MS);
        case FORCE_OPEN -> breaker.transitionToForcedOpenState();
        case CLOSE -> breaker.transitionToClosedState();
        case DISABLE -> breaker.transitionToDisabledState();
        case METRICS_ONLY -> breaker.transitionToMetricsOnlyState();
        case RESET -> breaker.reset();
      }
      checkCounts(breaker, permitted, minimum, windowSize, timeBased);
    }
  }

  private static void checkCounts(
      CircuitBreaker breaker, int permitted, int minimum, int windowSize, boolean timeBased) {
    CircuitBreaker.Metrics m = breaker.metrics();
    State state = breaker.state();
    int buffered = m.getNumberOfBufferedCalls();
    int failed = m.getNumberOfFailedCalls();
    int successful = m.getNumberOfSuccessfulCalls();
    int slow = m.getNumberOfSlowCalls();
    String where = state + " " + breaker.metrics();
    assertEquals(buffered, successful + failed, where);
    assertEquals(slow, m.getNumberOfSlowSuccessfulCalls() + m.getNumberOfSlowFailedCalls(), where);
    assertTrue(failed >= 0 && successful >= 0 && m.getNumberOfSlowFailedCalls() >= 0, where);
    assertTrue(m.getNumberOfSlowSuccessfulCalls() >= 0 && slow <= buffered, where);
    assertTrue(m.getNumberOfSlowFailedCalls() <= failed, where);
    assertTrue(m.getNumberOfNotPermittedCalls() >= 0, where);
    int capacity =
        switch (state) {
          case HALF_OPEN -> permitted;
          case DISABLED, FORCED_OPEN -> 0;
          default -> timeBased ? Integer.MAX_VALUE : windowSize;
        };
    if (state != State.OPEN) { // OPEN shows the window it came from, whichever that was
      assertTrue(buffered <= capacity, where);
    }
    for (float rate : new float[] {m.getFailureRate(), m.getSlowCallRate()}) {
      assertTrue(rate == -1f || (rate >= 0f && rate <= 100f), where);
    }
    int effectiveMinimum =
        switch (state) {
          case HALF_OPEN -> Math.min(minimum, permitted);
          case CLOSED, METRICS_ONLY -> timeBased ? minimum : Math.min(minimum, windowSize);
          default -> -1;
        };
    if (effectiveMinimum > 0) {
      assertEquals(buffered < effectiveMinimum, m.getFailureRate() == -1f, where);
    }
  }
}
