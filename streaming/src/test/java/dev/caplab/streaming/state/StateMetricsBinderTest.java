package dev.caplab.streaming.state;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.caplab.time.ManualTicker;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class StateMetricsBinderTest {

  @Test
  void metersReadTheState() {
    ManualTicker ticker = new ManualTicker();
    TtlValueState<String, String> s = TtlValueState.create(StateTtlConfig.custom().ttl(Duration.ofSeconds(1))
        .cleanupSize(0).build(), ticker, String::length);
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    new StateMetricsBinder("sessions", s).bindTo(registry);
    s.update("a", "xx");
    s.update("b", "yyy");
    assertEquals(2.0, registry.get("caplab.state.entries").tag("name", "sessions").gauge().value());
    assertEquals(5.0, registry.get("caplab.state.bytes").tag("name", "sessions").gauge().value());
    ticker.advance(Duration.ofSeconds(1));
    s.value("a");
    assertEquals(1.0, registry.get("caplab.state.entries").gauge().value());
    assertEquals(3.0, registry.get("caplab.state.bytes").gauge().value());
    assertEquals(1.0, registry.get("caplab.state.expired.cleaned").tag("name", "sessions").functionCounter().count());
  }
}
