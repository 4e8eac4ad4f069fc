package dev.caplab.messaging.resilience;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.caplab.time.Ticker;
import org.junit.jupiter.api.Test;

/**
 * One way to build every primitive: {@code of(name, config)} and {@code ofDefaults(name)} on real
 * time, and the same with an explicit ticker for simulations.
 */
class FactoriesTest {

  @Test
  void everyPrimitiveHasOfDefaultsByNameAndOfByNameAndConfig() {
    assertEquals("cb", CircuitBreaker.ofDefaults("cb").name());
    assertSame(CircuitBreakerConfig.ofDefaults(), CircuitBreaker.ofDefaults("cb", Ticker.system()).config());
    CircuitBreakerConfig cbConfig = CircuitBreakerConfig.custom().failureRateThreshold(20).build();
    assertSame(cbConfig, CircuitBreaker.of("cb", cbConfig).config());
    assertSame(Ticker.system(), CircuitBreaker.of("cb", cbConfig).ticker());

    assertEquals("rl", RateLimiter.ofDefaults("rl").name());
    RateLimiterConfig rlConfig = RateLimiterConfig.ofDefaults();
    assertSame(rlConfig, RateLimiter.of("rl", rlConfig).config());

    assertEquals("b", Bulkhead.ofDefaults("b").name());
    BulkheadConfig bConfig = BulkheadConfig.ofDefaults();
    assertSame(bConfig, Bulkhead.of("b", bConfig).config());

    assertEquals("tl", TimeLimiter.ofDefaults("tl").name());
    TimeLimiterConfig tlConfig = TimeLimiterConfig.ofDefaults();
    assertSame(tlConfig, TimeLimiter.of("tl", tlConfig).config());

    assertEquals("rb", RetryBudget.ofDefaults("rb").name());
    RetryBudgetConfig rbConfig = RetryBudgetConfig.ofDefaults();
    assertSame(rbConfig, RetryBudget.of("rb", rbConfig).config());

    assertEquals("r", Retry.ofDefaults("r").name());
    RetryConfig rConfig = RetryConfig.ofDefaults();
    assertSame(rConfig, Retry.of("r", rConfig).config());

    assertEquals("ls", LoadShedder.ofDefaults("ls").name());
  }
}
