package dev.caplab.replication.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.caplab.sim.Simulation;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class WriteBackMetricsBinderTest {

  @Test
  void theMetersReadTheCachesCounts() {
    Simulation sim = Simulation.withSeed(1);
    RecordingStore store = new RecordingStore(sim, 5_000_000L);
    WriteBackCache cache = WriteBackCache.of(WriteBackConfig.custom().flushInterval(Duration.ofMillis(10)).build(),
        store, sim.ticker(), sim.scheduler());
    MeterRegistry registry = new SimpleMeterRegistry();
    new WriteBackMetricsBinder(cache, "likes").bindTo(registry);
    cache.increment("a", 4);
    cache.increment("b", 1);
    assertEquals(5, registry.get("caplab.writeback.buffered").tag("name", "likes").gauge().value());
    assertEquals(2, registry.get("caplab.writeback.buffered.keys").gauge().value());
    sim.runForNanos(10_000_000L);
    assertEquals(5, registry.get("caplab.writeback.inflight").gauge().value());
    assertEquals(2, registry.get("caplab.writeback.writes").functionCounter().count());
    sim.runForNanos(5_000_000L);
    cache.increment("a", 2);
    cache.crash();
    assertEquals(7, registry.get("caplab.writeback.increments").tag("outcome", "acknowledged").functionCounter().count());
    assertEquals(5, registry.get("caplab.writeback.increments").tag("outcome", "applied").functionCounter().count());
    assertEquals(2, registry.get("caplab.writeback.increments").tag("outcome", "lost").functionCounter().count());
    assertEquals(1, registry.get("caplab.writeback.flushes").functionCounter().count());
    assertEquals(0, registry.get("caplab.writeback.writes.failed").functionCounter().count());
  }

  @Test
  void aRefusedWriteCountsAsAFailedWrite() {
    Simulation sim = Simulation.withSeed(1);
    RecordingStore store = new RecordingStore(sim, 0);
    boolean[] down = {true};
    store.down = () -> down[0];
    WriteBackCache cache = WriteBackCache.of(WriteBackConfig.custom().flushInterval(Duration.ofMillis(10)).build(),
        store, sim.ticker(), sim.scheduler());
    MeterRegistry registry = new SimpleMeterRegistry();
    new WriteBackMetricsBinder(cache, "likes").bindTo(registry);
    cache.increment("a", 4);
    cache.flush();
    assertEquals(1, registry.get("caplab.writeback.writes.failed").functionCounter().count());
    assertEquals(4, registry.get("caplab.writeback.buffered").gauge().value(), "buffered again, not lost");
    down[0] = false;
    cache.flush();
    assertEquals(1, registry.get("caplab.writeback.writes.failed").functionCounter().count());
    assertEquals(2, registry.get("caplab.writeback.writes").functionCounter().count());
  }
}
