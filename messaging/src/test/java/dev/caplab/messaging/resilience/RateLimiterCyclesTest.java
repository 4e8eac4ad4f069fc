package dev.caplab.messaging.resilience;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.caplab.time.ManualTicker;
import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Which cycle pays for a reservation, counted from the limiter's creation. */
class RateLimiterCyclesTest {

  static final long MS = 1_000_000L;
  static final long PERIOD_MS = 100;

  /**
   * Reservations queue up cycle by cycle: the k-th one (from 0) is paid by the cycle {@code k /
   * limitForPeriod} after the current one and waits until that cycle starts; cycles are counted
   * from the moment the limiter was made, not from the ticker's zero, and one cycle later exactly
   * one period's worth of the reservations has been paid.
   */
  @ParameterizedTest(name = "limit {0}, created at {1} ms, used from {2} ms on")
  @CsvSource({"1, 0, 0", "2, 1234, 30", "3, 1234, 250", "2, 7, 420"})
  void theKthReservationWaitsForTheCycleThatPaysForIt(int limit, long createdAtMs, long usedAtMs) {
    ManualTicker ticker = new ManualTicker(createdAtMs * MS);
    RateLimiter rl = RateLimiter.of("rl", RateLimiterConfig.custom().limitForPeriod(limit)
        .limitRefreshPeriod(Duration.ofMillis(PERIOD_MS))
        .timeoutDuration(Duration.ofSeconds(10)).build(), ticker);
    ticker.advance(Duration.ofMillis(usedAtMs));
    long intoCycle = usedAtMs % PERIOD_MS;
    int reservations = 5 * limit;
    for (int k = 0; k < reservations; k++) {
      long cyclesAhead = k / limit;
      long expected = cyclesAhead == 0 ? 0 : (cyclesAhead * PERIOD_MS - intoCycle) * MS;
      assertEquals(expected, rl.reservePermission(), "reservation " + k);
    }
    assertEquals(limit - reservations, rl.availablePermissions());
    ticker.advance(Duration.ofMillis(PERIOD_MS - intoCycle));
    assertEquals(2L * limit - reservations, rl.availablePermissions(),
        "the next cycle paid one period's worth");
  }

  /** After an idle stretch too long to count permits in a long, the cycle starts full. */
  @ParameterizedTest(name = "limit {0}")
  @CsvSource({"3", "1000"})
  void anEnormousIdleStretchRefillsToOnePeriodsWorth(int limit) {
    ManualTicker ticker = new ManualTicker();
    RateLimiter rl = RateLimiter.of("rl", RateLimiterConfig.custom().limitForPeriod(limit)
        .limitRefreshPeriod(Duration.ofNanos(1)).timeoutDuration(Duration.ZERO).build(), ticker);
    for (int i = 0; i < limit; i++) {
      rl.tryAcquirePermission();
    }
    assertEquals(0, rl.availablePermissions());
    ticker.advance(Long.MAX_VALUE / 2);
    assertEquals(limit, rl.availablePermissions());
  }
}
