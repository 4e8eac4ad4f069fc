package dev.caplab.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.caplab.time.ManualTicker;
import dev.caplab.time.Ticker;
import io.micrometer.core.instrument.Clock;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class SimulatedMeterRegistryTest {

  @Test
  void timerSamplesMeasureSimulatedTime() {
    ManualTicker ticker = new ManualTicker();
    MeterRegistry registry = SimulatedMeterRegistry.create(ticker);
    Timer timer = registry.timer("call.latency");

    Timer.Sample sample = Timer.start(registry);
    ticker.advance(Duration.ofMillis(5));
    long recordedNanos = sample.stop(timer);

    assertEquals(5_000_000L, recordedNanos);
    assertEquals(1, timer.count());
    assertEquals(5.0, timer.totalTime(TimeUnit.MILLISECONDS));
    assertEquals(5.0, timer.max(TimeUnit.MILLISECONDS));
  }

  @Test
  void registryClockReadsTheTicker() {
    ManualTicker ticker = new ManualTicker();
    MeterRegistry registry = SimulatedMeterRegistry.create(ticker);
    ticker.advance(Duration.ofSeconds(3));
    assertEquals(3_000L, registry.config().clock().wallTime());
    assertEquals(3_000_000_000L, registry.config().clock().monotonicTime());
  }

  @Test
  void systemTickerGivesARealTimeRegistry() {
    assertSame(Clock.SYSTEM, SimulatedMeterRegistry.create(Ticker.system()).config().clock());
  }

  @Test
  void nullTickerIsRejected() {
    assertThrows(NullPointerException.class, () -> SimulatedMeterRegistry.create(null));
  }
}
