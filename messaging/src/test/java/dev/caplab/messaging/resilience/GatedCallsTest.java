package dev.caplab.messaging.resilience;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import dev.caplab.time.ManualTicker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.Test;

/** What a gate is told about a call: its duration, and nothing but a release for a refusal. */
class GatedCallsTest {

  @Test
  void aCallIsTimedFromItsStartNotFromTheTickersZero() {
    ManualTicker ticker = new ManualTicker(5_000_000_000L);
    CircuitBreaker breaker = CircuitBreaker.of("b", CircuitBreakerConfig.ofDefaults(), ticker);
    List<Duration> elapsed = new ArrayList<>();
    breaker.eventPublisher().onSuccess(e -> elapsed.add(e.elapsed()));
    breaker.executeSupplier(() -> ticker.advance(Duration.ofMillis(10)));
    assertEquals(List.of(Duration.ofMillis(10)), elapsed);
  }

  @Test
  void aSupplierThatThrowsAnInnerRefusalGivesThePermissionBackUnrecorded() {
    RecordingGate gate = new RecordingGate();
    CompletionStage<String> refused = Decorators.<String>ofCompletionStage(() -> {
      throw new RequestNotPermitted("inner limiter");
    }).withCallGate(gate, new ManualTicker()).get();
    assertInstanceOf(RequestNotPermitted.class,
        refused.toCompletableFuture().handle((v, e) -> e).join());
    assertEquals(List.of("permit", "release"), gate.events, "the call was never made");

    gate.events.clear();
    Decorators.<String>ofCompletionStage(() -> {
      throw new IllegalStateException("the call failed");
    }).withCallGate(gate, new ManualTicker()).get();
    assertEquals(List.of("permit", "error:IllegalStateException"), gate.events);
  }
}
