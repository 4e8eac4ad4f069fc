package dev.caplab.capacity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.caplab.time.ManualTicker;
import dev.caplab.time.Ticker;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class TokenBucketTest {

  private final ManualTicker ticker = new ManualTicker();

  private TokenBucket bucket(long rate, long capacity, long initial) {
    return TokenBucket.of(
        TokenBucketConfig.custom().ratePerSecond(rate).capacity(capacity).initialTokens(initial).build(), ticker);
  }

  @Test
  void aTokenArrivesExactlyOneIntervalAfterTheLastOne() {
    TokenBucket b = bucket(1000, 10, 0);
    assertFalse(b.tryAcquire(1));
    ticker.advance(999_999);
    assertFalse(b.tryAcquire(1), "a nanosecond early");
    ticker.advance(1);
    assertTrue(b.tryAcquire(1), "1 ms at 1,000/s is one token");
    assertFalse(b.tryAcquire(1));
    assertEquals(1, b.grantedTokens());
    assertEquals(3, b.refusedRequests());
  }

  @Test
  void unusedTokensAccumulateUpToTheCapacityAndNoFurther() {
    TokenBucket b = bucket(1000, 300_000, 0);
    ticker.advance(Duration.ofSeconds(100));
    assertEquals(100_000, b.availableTokens());
    ticker.advance(Duration.ofSeconds(1_000));
    assertEquals(300_000, b.availableTokens(), "300 s of burst, like a DynamoDB partition");
    assertTrue(b.tryAcquire(300_000));
    assertEquals(0, b.availableTokens());
  }

  @Test
  void aRefusedRequestTakesNothing() {
    TokenBucket b = bucket(10, 10, 5);
    assertFalse(b.tryAcquire(6));
    assertEquals(5, b.availableTokens());
    assertTrue(b.tryAcquire(5));
    assertEquals(0, b.availableTokens());
  }

  @Test
  void timeUntilIsTheFirstInstantTheRequestIsGranted() {
    TokenBucket b = bucket(3, 10, 0);
    Duration wait = b.timeUntil(2);
    assertEquals(Duration.ofNanos(666_666_667), wait, "2 tokens at 3/s: 2/3 s, rounded up to the nanosecond");
    ticker.advance(wait.toNanos() - 1);
    assertFalse(b.tryAcquire(2));
    ticker.advance(1);
    assertEquals(Duration.ZERO, b.timeUntil(2));
    assertTrue(b.tryAcquire(2));
  }

  @Test
  void timeUntilCountsTheTokensAlreadyHeld() {
    TokenBucket b = bucket(1000, 10, 4);
    assertEquals(Duration.ZERO, b.timeUntil(4));
    assertEquals(Duration.ofMillis(1), b.timeUntil(5));
    assertEquals(4, b.availableTokens(), "asking takes nothing");
  }

  @Test
  void aTickerThatStepsBackAddsNothingUntilItPassesItsLatestReading() {
    AtomicLong now = new AtomicLong(1_000_000);
    Ticker jumpy = now::get;
    TokenBucket b = TokenBucket.of(TokenBucketConfig.custom().ratePerSecond(1000).capacity(10).initialTokens(0).build(), jumpy);
    now.set(3_000_000);
    assertEquals(2, b.availableTokens());
    now.set(0);
    assertEquals(2, b.availableTokens());
    now.set(3_500_000);
    assertEquals(2, b.availableTokens(), "half a token more since the latest reading");
    now.set(4_000_000);
    assertEquals(3, b.availableTokens());
  }

  @Test
  void aLongIdleAtTheHighestRateAndCapacityFillsTheBucketWithoutOverflow() {
    TokenBucket b = bucket(TokenBucketConfig.MAX_RATE_PER_SECOND, TokenBucketConfig.MAX_CAPACITY, 0);
    ticker.advance(Long.MAX_VALUE / 2);
    assertEquals(TokenBucketConfig.MAX_CAPACITY, b.availableTokens());
    ticker.advance(Long.MAX_VALUE / 2);
    assertEquals(TokenBucketConfig.MAX_CAPACITY, b.availableTokens());
  }

  @Test
  void aRequestTheBucketCouldNeverGrantIsBadInput() {
    TokenBucket b = bucket(10, 10, 10);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> b.tryAcquire(11));
    assertTrue(e.getMessage().contains("tokens") && e.getMessage().contains("11") && e.getMessage().contains("10"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> b.tryAcquire(0));
    assertThrows(IllegalArgumentException.class, () -> b.timeUntil(11));
  }

  @Test
  void defaultsAreOneSecondOfTheRateStartingFull() {
    TokenBucketConfig c = TokenBucketConfig.ofDefaults();
    assertEquals(TokenBucketConfig.DEFAULT_RATE_PER_SECOND, c.ratePerSecond());
    assertEquals(c.ratePerSecond(), c.capacity());
    assertEquals(c.capacity(), c.initialTokens());
    TokenBucketConfig fast = TokenBucketConfig.custom().ratePerSecond(50).build();
    assertEquals(50, fast.capacity());
    assertEquals(50, fast.initialTokens());
    TokenBucketConfig copy = TokenBucketConfig.from(TokenBucketConfig.custom().ratePerSecond(7).capacity(9).initialTokens(2).build()).build();
    assertEquals(7, copy.ratePerSecond());
    assertEquals(9, copy.capacity());
    assertEquals(2, copy.initialTokens());
  }

  @Test
  void settingsOutOfRangeAreRefusedNamingTheSetting() {
    IllegalArgumentException rate = assertThrows(IllegalArgumentException.class,
        () -> TokenBucketConfig.custom().ratePerSecond(0));
    assertTrue(rate.getMessage().contains("ratePerSecond"), rate.getMessage());
    assertThrows(IllegalArgumentException.class,
        () -> TokenBucketConfig.custom().ratePerSecond(TokenBucketConfig.MAX_RATE_PER_SECOND + 1));
    IllegalArgumentException cap = assertThrows(IllegalArgumentException.class, () -> TokenBucketConfig.custom().capacity(-5));
    assertTrue(cap.getMessage().contains("capacity") && cap.getMessage().contains("-5"), cap.getMessage());
    assertThrows(IllegalArgumentException.class, () -> TokenBucketConfig.custom().capacity(TokenBucketConfig.MAX_CAPACITY + 1));
    assertThrows(IllegalArgumentException.class, () -> TokenBucketConfig.custom().initialTokens(-1));
    IllegalStateException clash = assertThrows(IllegalStateException.class,
        () -> TokenBucketConfig.custom().capacity(5).initialTokens(6).build());
    assertTrue(clash.getMessage().contains("initialTokens (6)") && clash.getMessage().contains("capacity (5)"), clash.getMessage());
  }
}
