package dev.caplab.messaging.resilience;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.caplab.time.ManualTicker;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The circuit breaker fills the decorators' circuit-breaker slot with its own semantics. */
class CircuitBreakerAsCallGateTest {

  @Test
  void anOpenBreakerInTheDecoratorChainRefusesWithItsOwnException() throws Exception {
    ManualTicker ticker = new ManualTicker();
    CircuitBreaker breaker = CircuitBreaker.of("inventory",
        CircuitBreakerConfig.custom().slidingWindow(4, 4, CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
            .failureRateThreshold(50).waitDurationInOpenState(Duration.ofSeconds(10)).build(),
        ticker);
    AtomicInteger made = new AtomicInteger();
    Callable<String> failing = Decorators.<String>ofCallable(() -> {
      made.incrementAndGet();
      ticker.advance(Duration.ofMillis(3));
      throw new IOException("503");
    }).withCallGate(breaker, ticker).decorate();

    for (int i = 0; i < 4; i++) {
      assertThrows(IOException.class, failing::call);
    }
    assertEquals(CircuitBreaker.State.OPEN, breaker.state());
    CallNotPermittedException refused = assertThrows(CallNotPermittedException.class, failing::call);
    assertEquals(4, made.get(), "a refused call never reaches the service: " + refused.getMessage());
    assertEquals(1, breaker.metrics().getNumberOfNotPermittedCalls());
  }
}
