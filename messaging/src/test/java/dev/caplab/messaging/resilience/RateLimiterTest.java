package dev.caplab.messaging.resilience;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.caplab.time.Sleeper;
import dev.caplab.metrics.SimulatedMeterRegistry;
import dev.caplab.time.ManualTicker;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RateLimiterTest {

  static final long MS = 1_000_000L;
  final ManualTicker ticker = new ManualTicker();

  RateLimiter limiter(int perPeriod, long periodMs, long timeoutMs) {
    return RateLimiter.of("rl", RateLimiterConfig.custom().limitForPeriod(perPeriod)
        .limitRefreshPeriod(Duration.ofMillis(periodMs))
        .timeoutDuration(Duration.ofMillis(timeoutMs)).build(), ticker);
  }

  @Test
  void defaultsAreResilience4js() {
    RateLimiterConfig c = RateLimiterConfig.ofDefaults();
    assertEquals(50, c.limitForPeriod());
    assertEquals(Duration.ofNanos(500), c.limitRefreshPeriod());
    assertEquals(Duration.ofSeconds(5), c.timeoutDuration());
  }

  @Test
  void permitsPerPeriodRefreshAtCycleBoundariesWithoutAccumulating() {
    RateLimiter rl = limiter(3, 100, 0);
    for (int period = 0; period < 5; period++) {
      for (int i = 0; i < 3; i++) {
        assertTrue(rl.tryAcquirePermission(), "period " + period + " permit " + i);
      }
      assertFalse(rl.tryAcquirePermission(), "period " + period + " is used up");
      ticker.advance(Duration.ofMillis(100));
    }
    ticker.advance(Duration.ofSeconds(10));
    assertEquals(3, rl.availablePermissions(), "idle periods do not accumulate permits");
    ticker.advance(Duration.ofMillis(99));
    assertEquals(3, rl.availablePermissions());
  }

  @Test
  void reservationsWaitUpToTheTimeout() {
    RateLimiter rl = limiter(2, 100, 150);
    ticker.advance(Duration.ofMillis(30));
    assertEquals(0, rl.reservePermission());
    assertEquals(0, rl.reservePermission());
    assertEquals(70 * MS, rl.reservePermission(), "the next cycle starts in 70 ms");
    assertEquals(70 * MS, rl.reservePermission());
    assertEquals(-2, rl.availablePermissions(), "two permits of the next cycle are reserved");
    assertEquals(-1, rl.reservePermission(), "170 ms > 150 ms timeout: not reserved");
    assertEquals(-2, rl.availablePermissions());
    ticker.advance(Duration.ofMillis(70));
    assertEquals(0, rl.availablePermissions());
    assertEquals(1, rl.rejectedCalls());
    assertEquals(4, rl.permittedCalls());
  }

  @Test
  void synchronousAcquireSleepsForTheReservationOrTheWholeTimeout() throws Exception {
    RateLimiter rl = limiter(1, 100, 150);
    List<Long> sleeps = new ArrayList<>();
    Sleeper recording = nanos -> {
      sleeps.add(nanos);
      ticker.advance(nanos);
    };
    assertEquals("a", rl.executeCallable(() -> "a", recording));
    assertEquals("b", rl.executeSupplier(() -> "b", recording));
    assertEquals(List.of(0L, 100 * MS), sleeps);
    RateLimiter tight = limiter(1, 1000, 150);
    assertTrue(tight.acquirePermission(recording));
    assertThrows(RequestNotPermitted.class, () -> tight.executeSupplier(() -> "c", recording));
    assertEquals(150 * MS, sleeps.get(sleeps.size() - 1), "waits the whole timeout, then fails");
  }

  @Test
  void meters() {
    MeterRegistry registry = SimulatedMeterRegistry.create(ticker);
    RateLimiter rl = limiter(5, 100, 0);
    rl.bindTo(registry);
    rl.tryAcquirePermission();
    rl.tryAcquirePermission();
    assertEquals(3.0, registry.get("caplab.ratelimiter.available.permissions")
        .tag("name", "rl").gauge().value());
  }

  @Test
  void badSettings() {
    BackoffTest.assertMessage("limitForPeriod must be >= 1, got 0",
        () -> RateLimiterConfig.custom().limitForPeriod(0));
    BackoffTest.assertMessage("limitRefreshPeriod must be >= 1ns, got 0s",
        () -> RateLimiterConfig.custom().limitRefreshPeriod(Duration.ZERO));
    BackoffTest.assertMessage("timeoutDuration must be >= 0s, got -1ns",
        () -> RateLimiterConfig.custom().timeoutDuration(Duration.ofNanos(-1)));
  }
}
