package dev.caplab.messaging.resilience;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.caplab.metrics.SimulatedMeterRegistry;
import dev.caplab.time.ManualTicker;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class LoadShedderTest {

  static final long MS = 1_000_000L;

  @Test
  void shedsWithRetryAfterOverTheConcurrencyLimit() {
    LoadShedder s = LoadShedder.of("s", LoadShedderConfig.custom().maxConcurrentCalls(2)
        .retryAfter(Duration.ofSeconds(3)).build());
    assertEquals(Admission.ACCEPT, s.admit());
    assertEquals(Admission.ACCEPT, s.admit());
    assertEquals(new Admission.Shed(Duration.ofSeconds(3), Admission.Reason.CONCURRENCY_LIMIT),
        s.admit());
    s.onSuccess(5 * MS);
    assertTrue(s.admit().accepted());
    assertEquals(2, s.limit(), "a fixed limit never moves");
    assertEquals(1, s.shedCalls());
    assertEquals(3, s.acceptedCalls());
  }

  @Test
  void shedsOnQueueLength() {
    LoadShedder s = LoadShedder.of("s", LoadShedderConfig.custom().maxQueueLength(10).build());
    assertTrue(s.admit(9).accepted());
    assertEquals(Admission.Reason.QUEUE_LENGTH, ((Admission.Shed) s.admit(10)).reason());
  }

  @Test
  void aimdGrowsAdditivelyUnderTheTargetAndShrinksMultiplicatively() {
    LoadShedder s = LoadShedder.of("s", LoadShedderConfig.custom().adaptive(true)
        .maxConcurrentCalls(10).minLimit(2).maxLimit(12)
        .latencyTarget(Duration.ofMillis(50)).additiveIncrease(1).backoffRatio(0.5).build());
    s.admit();
    s.onSuccess(50 * MS);
    assertEquals(11, s.limit(), "success at the target: +1");
    s.admit();
    s.onSuccess(10 * MS);
    s.admit();
    s.onSuccess(10 * MS);
    assertEquals(12, s.limit(), "capped at maxLimit");
    s.admit();
    s.onDropped();
    assertEquals(6, s.limit(), "timeout: x0.5");
    s.admit();
    s.onSuccess(51 * MS);
    assertEquals(3, s.limit(), "slow success: x0.5");
    s.admit();
    s.onDropped();
    assertEquals(2, s.limit(), "floored at minLimit");
    s.admit();
    s.onIgnore();
    assertEquals(2, s.limit(), "ignored outcomes do not adapt");
    assertEquals(0, s.inFlight());
  }

  @Test
  void adaptiveLimitShedsOnceShrunk() {
    LoadShedder s = LoadShedder.of("s", LoadShedderConfig.custom().adaptive(true)
        .maxConcurrentCalls(4).minLimit(1).backoffRatio(0.5).build());
    for (int i = 0; i < 4; i++) {
      s.admit();
    }
    s.onDropped();
    s.onDropped();
    assertEquals(1, s.limit());
    assertEquals(2, s.inFlight());
    assertTrue(s.admit() instanceof Admission.Shed);
  }

  @Test
  void embeddedFormThrowsA429AndRetryHonoursIt() {
    ManualTicker ticker = new ManualTicker();
    LoadShedder s = LoadShedder.of("s", LoadShedderConfig.custom().maxConcurrentCalls(1)
        .retryAfter(Duration.ofSeconds(2)).build());
    MeterRegistry registry = SimulatedMeterRegistry.create(ticker);
    s.bindTo(registry);
    s.admit(); // occupy the only slot
    RetryAfterException e = assertThrows(RetryAfterException.class,
        () -> s.executeSupplier(() -> "x", ticker));
    assertEquals(Duration.ofSeconds(2), e.retryAfter());
    RetryDecision d = Retry.ofDefaults("r").context().onError(e);
    assertEquals(2_000 * MS, ((RetryDecision.RetryIn) d).delayNanos());
    s.onSuccess(0);
    assertEquals("x", s.executeSupplier(() -> "x", ticker));
    assertEquals(1.0, registry.get("caplab.loadshedder.shed").tag("name", "s")
        .functionCounter().count());
    assertThrows(IllegalStateException.class, s::onIgnore);
  }

  @Test
  void anErrorFromTheEmbeddedFormGivesTheAdmissionBack() {
    LoadShedder s = LoadShedder.of("s", LoadShedderConfig.custom().maxConcurrentCalls(1).build());
    AssertionError error = new AssertionError("an Error, not an Exception");
    assertSame(error, assertThrows(AssertionError.class, () -> s.executeSupplier(() -> {
      throw error;
    }, new ManualTicker())));
    assertEquals(0, s.inFlight(), "else the one slot would be held for good");
    assertTrue(s.admit().accepted());
  }

  @Test
  void badSettings() {
    BackoffTest.assertMessage("maxConcurrentCalls must be >= 1, got 0",
        () -> LoadShedderConfig.custom().maxConcurrentCalls(0));
    BackoffTest.assertMessage("backoffRatio must be in (0.0, 1.0), got 1.0",
        () -> LoadShedderConfig.custom().backoffRatio(1.0));
    BackoffTest.assertMessage("maxQueueLength must be >= 0, got -1",
        () -> LoadShedderConfig.custom().maxQueueLength(-1));
    IllegalStateException clash = assertThrows(IllegalStateException.class,
        () -> LoadShedderConfig.custom().adaptive(true).maxConcurrentCalls(5).minLimit(10).build());
    assertEquals("adaptive limits must satisfy minLimit <= maxConcurrentCalls <= maxLimit, "
        + "got 10 <= 5 <= 1000", clash.getMessage());
  }

  @Test
  void adaptiveLimitsMayAllBeEqual() {
    LoadShedderConfig pinned = LoadShedderConfig.custom().adaptive(true)
        .maxConcurrentCalls(7).minLimit(7).maxLimit(7).build();
    assertEquals(7, pinned.minLimit());
    assertEquals(7, pinned.maxLimit());
  }

  @Test
  void anEmbeddedCallIsTimedFromItsStart() {
    // On a ticker far from zero: a call of 10 ms is under the 50 ms target and grows the limit.
    ManualTicker ticker = new ManualTicker(60_000_000_000L);
    LoadShedder s = LoadShedder.of("s", LoadShedderConfig.custom().adaptive(true)
        .maxConcurrentCalls(10).minLimit(2).maxLimit(12)
        .latencyTarget(Duration.ofMillis(50)).additiveIncrease(1).backoffRatio(0.5).build());
    assertEquals("x", s.executeSupplier(() -> {
      ticker.advance(10 * MS);
      return "x";
    }, ticker));
    assertEquals(11, s.limit());
  }

  @Test
  void aNegativeLatencyIsRefusedWithTheNumbersAsGiven() {
    LoadShedder shedder = LoadShedder.ofDefaults("s");
    assertEquals("latencyNanos must be >= 0, got -5",
        assertThrows(IllegalArgumentException.class, () -> shedder.onSuccess(-5))
            .getMessage());
  }
}
