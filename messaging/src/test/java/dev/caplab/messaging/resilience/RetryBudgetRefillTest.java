package dev.caplab.messaging.resilience;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.caplab.time.ManualTicker;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The retry budget's time-based refill adds tokens for the time since the last look only. */
class RetryBudgetRefillTest {

  @Test
  void eachLookAddsTokensForTheTimeSinceTheLastOne() {
    ManualTicker ticker = new ManualTicker(Duration.ofSeconds(50).toNanos());
    RetryBudget budget = RetryBudget.of("b", RetryBudgetConfig.custom().capacity(100).retryCost(1)
        .timeoutRetryCost(1).refillPerSecond(4).build(), ticker);
    for (int i = 0; i < 100; i++) {
      assertEquals(1, budget.tryAcquire(false));
    }
    assertEquals(0.0, budget.availableTokens());
    for (int second = 1; second <= 5; second++) {
      ticker.advance(Duration.ofSeconds(1));
      assertEquals(4.0 * second, budget.availableTokens(), 1e-9, "after " + second + " s");
    }
    ticker.advance(Duration.ofMillis(250));
    assertEquals(21.0, budget.availableTokens(), 1e-9);
  }
}
