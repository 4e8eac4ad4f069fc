package dev.caplab.time;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ManualTickerTest {

  @Test
  void startsAtZeroOrTheGivenReading() {
    assertEquals(0L, new ManualTicker().nanos());
    assertEquals(-42L, new ManualTicker(-42L).nanos());
  }

  @Test
  void advanceMovesForwardAndReturnsTheNewReading() {
    ManualTicker ticker = new ManualTicker();
    assertEquals(5_000_000L, ticker.advance(Duration.ofMillis(5)));
    assertEquals(5_000_250L, ticker.advance(250L));
    assertEquals(5_000_250L, ticker.advance(0L));
    assertEquals(5_000_250L, ticker.nanos());
  }

  @Test
  void advanceRejectsNegativeSteps() {
    ManualTicker ticker = new ManualTicker();
    IllegalArgumentException nanos =
        assertThrows(IllegalArgumentException.class, () -> ticker.advance(-1L));
    assertEquals("deltaNanos must be >= 0, got -1", nanos.getMessage());
    IllegalArgumentException duration =
        assertThrows(IllegalArgumentException.class, () -> ticker.advance(Duration.ofMillis(-3)));
    assertEquals("delta must be >= 0s, got -3ms", duration.getMessage());
    assertEquals(0L, ticker.nanos());
  }

  @Test
  void advanceFailsRatherThanWrapAround() {
    ManualTicker ticker = new ManualTicker(Long.MAX_VALUE - 1);
    assertThrows(ArithmeticException.class, () -> ticker.advance(2L));
    assertEquals(Long.MAX_VALUE - 1, ticker.nanos());
  }

  @Test
  void setJumpsForwardAndAcceptsTheCurrentReading() {
    ManualTicker ticker = new ManualTicker(100L);
    ticker.set(100L);
    ticker.set(1_000L);
    assertEquals(1_000L, ticker.nanos());
  }

  @Test
  void setNeverGoesBackwards() {
    ManualTicker ticker = new ManualTicker(1_000L);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ticker.set(999L));
    assertTrue(e.getMessage().startsWith("newNanos must be >= the current reading 1000"), e.getMessage());
    assertTrue(e.getMessage().endsWith("got 999"), e.getMessage());
    assertEquals(1_000L, ticker.nanos());
  }

  @Test
  void concurrentAdvancesAreNotLost() throws InterruptedException {
    ManualTicker ticker = new ManualTicker();
    Thread[] threads = new Thread[4];
    for (int i = 0; i < threads.length; i++) {
      threads[i] =
          new Thread(
              () -> {
                for (int n = 0; n < 10_000; n++) {
                  ticker.advance(1L);
                }
              });
      threads[i].start();
    }
    for (Thread thread : threads) {
      thread.join();
    }
    assertEquals(40_000L, ticker.nanos());
  }
}
