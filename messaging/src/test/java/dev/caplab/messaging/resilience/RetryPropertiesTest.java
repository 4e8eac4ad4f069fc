package dev.caplab.messaging.resilience;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.caplab.time.ManualTicker;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeoutException;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

class RetryPropertiesTest {

  static final int SUCCESS = 0;
  static final int FAILURE = 1;
  static final int TIMEOUT = 2;
  static final int NON_RETRYABLE = 3;
  static final int ADVANCE_TIME = 4;

  /**
   * Feeds an arbitrary sequence of attempt outcomes through one Retry with a budget: no call makes
   * more than maxAttempts attempts, every granted retry was paid from tokens the bucket had, every
   * refused one found too few, and the bucket stays within [0, capacity].
   */
  @Property(tries = 500)
  void neverExceedsMaxAttemptsOrTheBudget(
      @ForAll @IntRange(min = 1, max = 6) int maxAttempts,
      @ForAll @IntRange(min = 0, max = 40) int capacity,
      @ForAll @IntRange(min = 1, max = 10) int retryCost,
      @ForAll @IntRange(min = 1, max = 20) int timeoutCost,
      @ForAll @IntRange(min = 0, max = 3) int refillPerSecond,
      @ForAll @Size(max = 300) List<@IntRange(min = 0, max = 4) Integer> outcomes) {
    ManualTicker ticker = new ManualTicker();
    RetryBudget budget = RetryBudget.of("b", RetryBudgetConfig.custom().capacity(capacity)
        .retryCost(retryCost).timeoutRetryCost(timeoutCost).refillPerSecond(refillPerSecond)
        .build(), ticker);
    Retry retry = Retry.of("r", RetryConfig.custom().maxAttempts(maxAttempts)
        .retryOnException(t -> !(t instanceof IllegalArgumentException))
        .backoff(Backoff.fullJitter(Duration.ofMillis(1), Duration.ofMillis(100))).build(),
        new SplittableRandom(1), budget);
    Retry.Context ctx = retry.context();
    int attempts = 1;
    long calls = 0;
    for (int outcome : outcomes) {
      if (outcome == ADVANCE_TIME) {
        ticker.advance(Duration.ofMillis(700));
        continue;
      }
      double before = budget.availableTokens();
      long spentBefore = budget.tokensSpent();
      if (outcome == SUCCESS) {
        ctx.onSuccess();
        assertTrue(budget.availableTokens() <= capacity);
      } else {
        Throwable error = outcome == FAILURE ? new IOException()
            : outcome == TIMEOUT ? new TimeoutException() : new IllegalArgumentException();
        int cost = outcome == TIMEOUT ? timeoutCost : retryCost;
        RetryDecision d = ctx.onError(error);
        if (d instanceof RetryDecision.RetryIn) {
          attempts++;
          assertTrue(attempts <= maxAttempts, attempts + " attempts > maxAttempts " + maxAttempts);
          assertTrue(before >= cost, "retry granted with " + before + " tokens at cost " + cost);
          assertEquals(spentBefore + cost, budget.tokensSpent());
        } else {
          RetryDecision.GiveUp g = (RetryDecision.GiveUp) d;
          assertEquals(attempts, g.attempts());
          assertEquals(spentBefore, budget.tokensSpent(), "giving up spends nothing");
          switch (g.reason()) {
            case NON_RETRYABLE:
              assertEquals(NON_RETRYABLE, outcome);
              break;
            case ATTEMPTS_EXHAUSTED:
              assertEquals(maxAttempts, attempts);
              break;
            case BUDGET_EXHAUSTED:
              assertTrue(before < cost, "refused with " + before + " tokens at cost " + cost);
              break;
            default:
              throw new AssertionError(g);
          }
        }
      }
      assertTrue(budget.availableTokens() >= 0, "negative bucket");
      if (ctx.isFinished()) {
        calls++;
        ctx = retry.context();
        attempts = 1;
      }
    }
    assertEquals(calls, retry.successfulCallsWithoutRetry() + retry.successfulCallsWithRetry()
        + retry.failedCallsWithoutRetry() + retry.failedCallsWithRetry(), "every call counted once");
  }
}
