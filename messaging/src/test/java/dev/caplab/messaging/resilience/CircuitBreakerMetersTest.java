package dev.caplab.messaging.resilience;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.caplab.metrics.SimulatedMeterRegistry;
import dev.caplab.time.ManualTicker;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class CircuitBreakerMetersTest {

  private final ManualTicker ticker = new ManualTicker();
  private final MeterRegistry registry = SimulatedMeterRegistry.create(ticker);

  private double gauge(String name, String tagKey, String tagValue) {
    return registry.get(name).tag("name", "db").tag(tagKey, tagValue).gauge().value();
  }

  private double gauge(String name) {
    return registry.get(name).tag("name", "db").gauge().value();
  }

  @Test
  void metersMirrorResilience4jsAndFollowTheBreaker() {
    CircuitBreaker breaker =
        CircuitBreaker.of(
            "db",
            CircuitBreakerConfig.custom()
                .slidingWindowSize(4)
                .minimumNumberOfCalls(4)
                .slowCallDurationThreshold(Duration.ofMillis(100))
                .ignoreExceptions(IllegalArgumentException.class)
                .build(),
            ticker);
    breaker.bindTo(registry);

    assertEquals(1.0, gauge("caplab.circuitbreaker.state", "state", "closed"));
    assertEquals(0.0, gauge("caplab.circuitbreaker.state", "state", "open"));
    assertEquals(-1.0, gauge("caplab.circuitbreaker.failure.rate"));

    breaker.executeSupplier(() -> "ok");
    breaker.onSuccess(Duration.ofMillis(150)); // slow
    breaker.onError(Duration.ofMillis(5), new IllegalArgumentException("ignored"));
    breaker.onError(Duration.ofMillis(5), new IllegalStateException("failed"));
    assertEquals(2.0, gauge("caplab.circuitbreaker.buffered.calls", "kind", "successful"));
    assertEquals(1.0, gauge("caplab.circuitbreaker.buffered.calls", "kind", "failed"));
    breaker.onError(Duration.ofMillis(5), new IllegalStateException("failed"));

    assertEquals(1.0, gauge("caplab.circuitbreaker.state", "state", "open"));
    assertEquals(0.0, gauge("caplab.circuitbreaker.state", "state", "closed"));
    assertEquals(50.0, gauge("caplab.circuitbreaker.failure.rate"));
    assertEquals(25.0, gauge("caplab.circuitbreaker.slow.call.rate"));
    assertEquals(2.0, gauge("caplab.circuitbreaker.buffered.calls", "kind", "successful"));
    assertEquals(2.0, gauge("caplab.circuitbreaker.buffered.calls", "kind", "failed"));
    assertEquals(1.0, gauge("caplab.circuitbreaker.slow.calls", "kind", "successful"));
    assertEquals(0.0, gauge("caplab.circuitbreaker.slow.calls", "kind", "failed"));

    assertEquals(
        2, registry.get("caplab.circuitbreaker.calls").tag("kind", "successful").timer().count());
    assertEquals(
        150.0,
        registry
            .get("caplab.circuitbreaker.calls")
            .tag("kind", "successful")
            .timer()
            .totalTime(TimeUnit.MILLISECONDS));
    assertEquals(
        2, registry.get("caplab.circuitbreaker.calls").tag("kind", "failed").timer().count());
    assertEquals(
        1, registry.get("caplab.circuitbreaker.calls").tag("kind", "ignored").timer().count());

    breaker.tryAcquirePermission();
    breaker.tryAcquirePermission();
    assertEquals(
        2.0,
        registry
            .get("caplab.circuitbreaker.not.permitted.calls")
            .tag("name", "db")
            .tag("kind", "not_permitted")
            .counter()
            .count());
  }
}
