package dev.caplab.time;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.micrometer.core.instrument.Clock;
import java.lang.reflect.InvocationTargetException;
import java.net.URL;
import java.net.URLClassLoader;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class TickersTest {

  @Test
  void caffeineExpiryFollowsTheManualTicker() {
    ManualTicker ticker = new ManualTicker();
    Cache<String, String> cache =
        Caffeine.newBuilder()
            .expireAfterWrite(Duration.ofSeconds(10))
            .ticker(Tickers.caffeine(ticker))
            .executor(Runnable::run)
            .build();
    cache.put("k", "v");

    ticker.advance(Duration.ofSeconds(9));
    assertEquals("v", cache.getIfPresent("k"));

    ticker.advance(Duration.ofSeconds(2));
    assertNull(cache.getIfPresent("k"));
  }

  @Test
  void caffeineTickerReadsTheWrappedTicker() {
    ManualTicker ticker = new ManualTicker(123L);
    com.github.benmanes.caffeine.cache.Ticker adapted = Tickers.caffeine(ticker);
    assertEquals(123L, adapted.read());
    ticker.advance(7L);
    assertEquals(130L, adapted.read());
  }

  @Test
  void systemTickerMapsToCaffeinesSystemTicker() {
    assertSame(
        com.github.benmanes.caffeine.cache.Ticker.systemTicker(), Tickers.caffeine(Ticker.system()));
  }

  @Test
  void systemTickerMapsToMicrometersSystemClock() {
    assertSame(Clock.SYSTEM, Tickers.micrometerClock(Ticker.system()));
  }

  @Test
  void micrometerClockRunsOnVirtualTimeFromEpochZero() {
    ManualTicker ticker = new ManualTicker();
    Clock clock = Tickers.micrometerClock(ticker);
    assertEquals(0L, clock.wallTime());
    assertEquals(0L, clock.monotonicTime());

    ticker.advance(Duration.ofMillis(1_500).plusNanos(999_999));
    assertEquals(1_500L, clock.wallTime());
    assertEquals(1_500_999_999L, clock.monotonicTime());
  }

  @Test
  void micrometerClockFloorsNegativeReadingsToWholeMilliseconds() {
    Clock clock = Tickers.micrometerClock(new ManualTicker(-1L));
    assertEquals(-1L, clock.wallTime());
  }

  @Test
  void nullTickersAreRejected() {
    assertThrows(NullPointerException.class, () -> Tickers.caffeine(null));
    assertThrows(NullPointerException.class, () -> Tickers.micrometerClock(null));
  }

  /**
   * Loads caplab's classes and Micrometer, but not Caffeine, in a fresh class loader and calls
   * {@code Tickers} from ordinary bytecode (reflection would resolve every signature and load Caffeine
   * regardless): the Micrometer adapter must work there and only {@code caffeine(...)} may fail, which
   * proves Caffeine stays an optional dependency.
   */
  @Test
  void tickersWorkWithoutCaffeineOnTheClasspath() throws Exception {
    URL caplab = Tickers.class.getProtectionDomain().getCodeSource().getLocation();
    URL tests = WithoutCaffeine.class.getProtectionDomain().getCodeSource().getLocation();
    URL micrometer = Clock.class.getProtectionDomain().getCodeSource().getLocation();
    try (URLClassLoader loader =
        new URLClassLoader(
            new URL[] {caplab, tests, micrometer}, ClassLoader.getPlatformClassLoader())) {
      assertThrows(
          ClassNotFoundException.class,
          () -> loader.loadClass("com.github.benmanes.caffeine.cache.Ticker"));
      Class<?> probe = Class.forName(WithoutCaffeine.class.getName(), true, loader);

      assertEquals(5L, probe.getMethod("wallTimeAfter5Millis").invoke(null));

      InvocationTargetException e =
          assertThrows(
              InvocationTargetException.class, () -> probe.getMethod("adaptForCaffeine").invoke(null));
      assertInstanceOf(NoClassDefFoundError.class, e.getCause());
    }
  }

  /** Runs inside the Caffeine-free class loader; its signatures mention no Caffeine type. */
  public static final class WithoutCaffeine {

    private WithoutCaffeine() {}

    public static long wallTimeAfter5Millis() {
      ManualTicker ticker = new ManualTicker();
      ticker.advance(Duration.ofMillis(5));
      return Tickers.micrometerClock(ticker).wallTime();
    }

    public static void adaptForCaffeine() {
      Tickers.caffeine(new ManualTicker());
    }
  }
}
