package dev.caplab.capacity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.caplab.time.ManualTicker;
import java.math.BigInteger;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.LongRange;

/** The bucket's laws against a model that counts the same thing the slow, obvious way. */
class TokenBucketProperties {

  /** One step of a run: let time pass, then ask for some tokens. */
  record Step(long advanceNanos, long tokens) {}

  /**
   * The bucket grants a request exactly when the model (tokens as a fraction kept as
   * billionths, capped at the capacity at every step) holds enough, so it never grants more than
   * the initial tokens plus the rate times the time elapsed, and never refuses what it holds.
   */
  @Property(tries = 300)
  void grantsExactlyWhatARefillAtTheRateAllows(
      @ForAll @LongRange(min = 1, max = 5_000) long rate,
      @ForAll @LongRange(min = 1, max = 5_000) long capacity,
      @ForAll @LongRange(min = 0, max = 5_000) long initialWanted,
      @ForAll("steps") List<Step> steps) {
    long initial = Math.min(initialWanted, capacity);
    ManualTicker ticker = new ManualTicker();
    TokenBucket bucket = TokenBucket.of(
        TokenBucketConfig.custom().ratePerSecond(rate).capacity(capacity).initialTokens(initial).build(), ticker);
    BigInteger unit = BigInteger.valueOf(1_000_000_000L);
    BigInteger cap = BigInteger.valueOf(capacity).multiply(unit);
    BigInteger model = BigInteger.valueOf(initial).multiply(unit);
    long granted = 0;
    long elapsed = 0;
    for (Step step : steps) {
      ticker.advance(step.advanceNanos());
      elapsed += step.advanceNanos();
      model = model.add(BigInteger.valueOf(step.advanceNanos()).multiply(BigInteger.valueOf(rate))).min(cap);
      long ask = Math.min(step.tokens(), capacity);
      BigInteger need = BigInteger.valueOf(ask).multiply(unit);
      boolean modelGrants = model.compareTo(need) >= 0;
      assertEquals(modelGrants, bucket.tryAcquire(ask), "step " + step);
      if (modelGrants) {
        model = model.subtract(need);
        granted += ask;
      }
      assertEquals(model.divide(unit).longValueExact(), bucket.availableTokens());
    }
    assertEquals(granted, bucket.grantedTokens());
    // elapsed * rate / 1e9 tokens arrived at most, on top of the initial ones.
    assertTrue(BigInteger.valueOf(granted).multiply(unit).compareTo(
        BigInteger.valueOf(initial).multiply(unit).add(BigInteger.valueOf(elapsed).multiply(BigInteger.valueOf(rate)))) <= 0);
  }

  /** Waiting exactly timeUntil(n) makes a request of n granted, and one nanosecond less does not. */
  @Property(tries = 300)
  void timeUntilIsExact(
      @ForAll @LongRange(min = 1, max = 1_000_000) long rate,
      @ForAll @LongRange(min = 1, max = 1_000) long capacity,
      @ForAll @LongRange(min = 0, max = 1_000) long initialWanted,
      @ForAll @LongRange(min = 1, max = 1_000) long askWanted) {
    long initial = Math.min(initialWanted, capacity);
    long ask = Math.min(askWanted, capacity);
    TokenBucketConfig config = TokenBucketConfig.custom().ratePerSecond(rate).capacity(capacity).initialTokens(initial).build();
    ManualTicker early = new ManualTicker();
    TokenBucket a = TokenBucket.of(config, early);
    long wait = a.timeUntil(ask).toNanos();
    if (wait > 0) {
      early.advance(wait - 1);
      assertTrue(!a.tryAcquire(ask), "granted a nanosecond before timeUntil said");
    }
    ManualTicker onTime = new ManualTicker();
    TokenBucket b = TokenBucket.of(config, onTime);
    onTime.advance(wait);
    assertTrue(b.tryAcquire(ask), "refused at the instant timeUntil said");
  }

  @Provide
  Arbitrary<List<Step>> steps() {
    Arbitrary<Long> advance = Arbitraries.oneOf(
        Arbitraries.just(0L), Arbitraries.longs().between(1, 2_000_000), Arbitraries.longs().between(1, 20_000_000_000L));
    Arbitrary<Long> tokens = Arbitraries.longs().between(1, 6_000);
    return Combinators.combine(advance, tokens).as(Step::new).list().ofMaxSize(60);
  }
}
