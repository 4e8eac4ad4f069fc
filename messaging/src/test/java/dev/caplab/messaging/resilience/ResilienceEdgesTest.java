package dev.caplab.messaging.resilience;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.caplab.time.ManualTicker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Decisions seen only through the calls that make them: a retry budget's refill observed by
 * {@code tryAcquire} alone, a rate limiter that refuses a callable, and a shed admission.
 */
class ResilienceEdgesTest {

  static final long MS = 1_000_000L;

  @Test
  void aRetryBudgetRefillsBeforeDecidingWithoutBeingAskedForItsTokens() {
    ManualTicker ticker = new ManualTicker();
    RetryBudget budget = RetryBudget.of("b", RetryBudgetConfig.custom().capacity(10).retryCost(5)
        .timeoutRetryCost(10).refillPerSecond(5).build(), ticker);
    assertEquals(5, budget.tryAcquire(false));
    assertEquals(5, budget.tryAcquire(false));
    assertEquals(0, budget.tryAcquire(false), "empty");

    ticker.advance(Duration.ofSeconds(1));
    assertEquals(5, budget.tryAcquire(false), "one second refilled one retry's cost");
    assertEquals(0, budget.tryAcquire(false));
    ticker.advance(Duration.ofSeconds(2));
    assertEquals(10, budget.tryAcquire(true), "two seconds refilled a timeout retry's cost");
    assertEquals(2, budget.retriesDenied());
    assertEquals(25, budget.tokensSpent());
  }

  @Test
  void aRateLimiterThatCannotGrantAPermitInTimeRefusesTheCallableWithoutRunningIt() throws Exception {
    ManualTicker ticker = new ManualTicker();
    RateLimiter rl = RateLimiter.of("rl", RateLimiterConfig.custom().limitForPeriod(1)
        .limitRefreshPeriod(Duration.ofSeconds(1)).timeoutDuration(Duration.ofMillis(150)).build(), ticker);
    List<Long> sleeps = new ArrayList<>();
    List<String> ran = new ArrayList<>();
    assertEquals("a", rl.executeCallable(() -> {
      ran.add("a");
      return "a";
    }, nanos -> {
      sleeps.add(nanos);
      ticker.advance(nanos);
    }));
    RequestNotPermitted e = assertThrows(RequestNotPermitted.class, () -> rl.executeCallable(() -> {
      ran.add("b");
      return "b";
    }, nanos -> {
      sleeps.add(nanos);
      ticker.advance(nanos);
    }));
    assertTrue(e.getMessage().contains("rl"), e.getMessage());
    assertEquals(List.of("a"), ran);
    assertEquals(List.of(0L, 150 * MS), sleeps);
    assertEquals(1, rl.permittedCalls());
    assertEquals(1, rl.rejectedCalls());
  }

  @Test
  void aShedAdmissionIsNotAccepted() {
    LoadShedder s = LoadShedder.of("s", LoadShedderConfig.custom().maxConcurrentCalls(1).build());
    assertTrue(s.admit().accepted());
    Admission shed = s.admit();
    assertFalse(shed.accepted());
    assertFalse(new Admission.Shed(Duration.ofSeconds(1), Admission.Reason.QUEUE_LENGTH).accepted());
    assertTrue(Admission.ACCEPT.accepted());
  }
}
