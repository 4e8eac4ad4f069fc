package dev.caplab.messaging.resilience;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.caplab.time.Sleeper;
import dev.caplab.metrics.SimulatedMeterRegistry;
import dev.caplab.time.ManualTicker;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class RetryTest {

  static final long MS = 1_000_000L;
  final ManualTicker ticker = new ManualTicker();
  final SplittableRandom random = new SplittableRandom(1);

  @Test
  void defaultsAreResilience4js() {
    RetryConfig c = RetryConfig.ofDefaults();
    assertEquals(3, c.maxAttempts());
    assertEquals(500 * MS, c.backoff().delayNanos(1, 0, random));
    RetryBudgetConfig b = RetryBudgetConfig.ofDefaults();
    assertEquals(500, b.capacity());
    assertEquals(5, b.retryCost());
    assertEquals(10, b.timeoutRetryCost());
    assertEquals(1, b.noRetryIncrement());
  }

  @Test
  void maxAttemptsCountsTheFirstCall() {
    Retry retry = Retry.of("r", RetryConfig.custom().maxAttempts(3)
        .waitDuration(Duration.ofMillis(100)).build(), random);
    AtomicInteger calls = new AtomicInteger();
    IOException boom = new IOException("boom");
    IOException thrown = assertThrows(IOException.class, () -> retry.executeCallable(() -> {
      calls.incrementAndGet();
      throw boom;
    }, Sleeper.advancing(ticker)));
    assertSame(boom, thrown);
    assertEquals(3, calls.get());
    assertEquals(200 * MS, ticker.nanos(), "two waits of 100 ms");
    assertEquals(1, retry.failedCallsWithRetry());
  }

  @Test
  void succeedsAfterRetriesAndCountsByOutcome() throws Exception {
    Retry retry = Retry.of("r", RetryConfig.custom().maxAttempts(5)
        .backoff(Backoff.exponential(Duration.ofMillis(100), 2.0)).build(), random);
    AtomicInteger calls = new AtomicInteger();
    String result = retry.executeCallable(() -> {
      if (calls.incrementAndGet() < 3) {
        throw new IOException("transient");
      }
      return "ok";
    }, Sleeper.advancing(ticker));
    assertEquals("ok", result);
    assertEquals(300 * MS, ticker.nanos(), "100 + 200 ms");
    assertEquals("ok", retry.executeSupplier(() -> "ok", Sleeper.advancing(ticker)));
    assertEquals(1, retry.successfulCallsWithRetry());
    assertEquals(1, retry.successfulCallsWithoutRetry());
  }

  /** Resilience4j's retryOnResult: a matching result is retried like a failure. */
  @Test
  void aRetryableResultIsRetriedUntilAnAcceptableOne() throws Exception {
    Retry retry = Retry.of("poll", RetryConfig.custom().maxAttempts(4).waitDuration(Duration.ofMillis(50))
        .<Integer>retryOnResult(status -> status == 503).build(), random);
    AtomicInteger calls = new AtomicInteger();
    int status = retry.executeCallable(() -> calls.incrementAndGet() < 3 ? 503 : 200, Sleeper.advancing(ticker));
    assertEquals(200, status);
    assertEquals(3, calls.get());
    assertEquals(100 * MS, ticker.nanos(), "two waits of 50 ms");
    assertEquals(1, retry.successfulCallsWithRetry());
    assertEquals(200, retry.executeSupplier(() -> 200, Sleeper.advancing(ticker)));
    assertEquals(1, retry.successfulCallsWithoutRetry());
  }

  @Test
  void whenAttemptsRunOutTheLastResultIsReturnedOrMaxRetriesExceededThrown() throws Exception {
    RetryConfig.Builder base = RetryConfig.custom().maxAttempts(3).waitDuration(Duration.ofMillis(10))
        .<String>retryOnResult(String::isEmpty);
    Retry lenient = Retry.of("lenient", base.build(), random);
    AtomicInteger calls = new AtomicInteger();
    assertEquals("", lenient.executeCallable(() -> {
      calls.incrementAndGet();
      return "";
    }, Sleeper.advancing(ticker)));
    assertEquals(3, calls.get(), "maxAttempts includes the first call");
    assertEquals(1, lenient.failedCallsWithRetry());

    Retry strict = Retry.of("strict", RetryConfig.from(base.build()).failAfterMaxAttempts(true).build(), random);
    MaxRetriesExceededException e = assertThrows(MaxRetriesExceededException.class,
        () -> strict.executeSupplier(() -> "", Sleeper.advancing(ticker)));
    assertEquals("Retry 'strict' has exhausted all attempts (3)", e.getMessage());
    assertEquals("strict", e.retryName());
    assertEquals(3, e.attempts());
    assertEquals("", e.lastResult());
    assertEquals(1, strict.failedCallsWithRetry());
    assertEquals("x", strict.executeSupplier(() -> "x", Sleeper.advancing(ticker)), "good results pass");
  }

  @Test
  void eventDrivenResultsDecideLikeFailures() {
    RetryBudget budget = RetryBudget.of("b", RetryBudgetConfig.custom().capacity(5).build(), ticker);
    Retry retry = Retry.of("r", RetryConfig.custom().maxAttempts(3).waitDuration(Duration.ofMillis(20))
        .retryOnResult(r -> r == null).build(), random, budget);
    Retry.Context ctx = retry.context();
    RetryDecision first = ctx.onResult(null);
    assertEquals(new RetryDecision.RetryIn(1, 20 * MS, 20 * MS, -1), first);
    assertEquals(0, budget.availableTokens(), "a retried result costs a retry, like a failure");
    assertEquals(new RetryDecision.GiveUp(2, RetryDecision.Reason.BUDGET_EXHAUSTED), ctx.onResult(null));
    assertTrue(ctx.isFinished());
    assertThrows(IllegalStateException.class, () -> ctx.onResult("late"));

    Retry.Context ok = retry.context();
    assertEquals(new RetryDecision.Done(1), ok.onResult("value"));
    assertTrue(ok.isFinished());
    assertEquals(1, retry.successfulCallsWithoutRetry());
  }

  @Test
  void aBudgetThatStopsACallCountsItWithOrWithoutRetryByTheAttemptsMade() {
    RetryBudget budget = RetryBudget.of("b", RetryBudgetConfig.custom().capacity(5).retryCost(5)
        .build(), ticker);
    Retry retry = Retry.of("r", RetryConfig.custom().maxAttempts(3)
        .waitDuration(Duration.ofMillis(20)).retryOnResult(r -> r == null).build(), random, budget);
    Retry.Context retried = retry.context();
    assertInstanceOf(RetryDecision.RetryIn.class, retried.onError(new IOException()));
    assertEquals(2, retried.attempts(), "the retry is the second attempt");
    assertEquals(new RetryDecision.GiveUp(2, RetryDecision.Reason.BUDGET_EXHAUSTED),
        retried.onError(new IOException()));
    assertEquals(1, retry.failedCallsWithRetry(), "stopped after one retry");
    assertEquals(0, retry.failedCallsWithoutRetry());

    Retry.Context first = retry.context();
    assertEquals(new RetryDecision.GiveUp(1, RetryDecision.Reason.BUDGET_EXHAUSTED),
        first.onError(new IOException()));
    assertEquals(1, retry.failedCallsWithoutRetry(), "its first retry refused");
    assertEquals(1, retry.failedCallsWithRetry());

    // A finished call takes no further reports: each would count the call again.
    assertThrows(IllegalStateException.class, () -> first.onError(new IOException()));
    assertThrows(IllegalStateException.class, () -> first.onError(new IOException(), Duration.ZERO));
    assertThrows(IllegalStateException.class, () -> first.onResult(null));
    assertEquals(1, retry.failedCallsWithoutRetry());
    assertEquals(1, retry.failedCallsWithRetry());
  }

  @Test
  void retryOnResultMustBeGiven() {
    assertEquals("retryOnResult",
        assertThrows(NullPointerException.class, () -> RetryConfig.custom().retryOnResult(null)).getMessage());
    assertFalse(RetryConfig.ofDefaults().retryOnResult().test(null), "by default no result is retried");
    assertFalse(RetryConfig.ofDefaults().failAfterMaxAttempts());
  }

  @Test
  void retryOnPredicateGivesUpAtOnceOnOtherFailures() {
    Retry retry = Retry.of("r", RetryConfig.custom()
        .retryOnException(t -> t instanceof IOException).build(), random);
    Retry.Context ctx = retry.context();
    RetryDecision d = ctx.onError(new IllegalArgumentException("bad request"));
    assertEquals(new RetryDecision.GiveUp(1, RetryDecision.Reason.NON_RETRYABLE), d);
    assertTrue(ctx.isFinished());
    assertThrows(IllegalStateException.class, ctx::onSuccess);
    assertEquals(1, retry.failedCallsWithoutRetry());

    Retry.Context io = retry.context();
    assertTrue(io.onError(new IOException()).shouldRetry());
    assertTrue(io.onError(new IOException()).shouldRetry());
    assertEquals(new RetryDecision.GiveUp(3, RetryDecision.Reason.ATTEMPTS_EXHAUSTED),
        io.onError(new IOException()));
  }

  @Test
  void budgetOfTenTokensAtCostFiveAllowsTwoRetriesThenNoneUntilRefunded() {
    RetryBudget budget = RetryBudget.of("b", RetryBudgetConfig.custom()
        .capacity(10).retryCost(5).build(), ticker);
    Retry retry = Retry.of("r", RetryConfig.custom().maxAttempts(100).build(), random, budget);
    Retry.Context ctx = retry.context();
    assertTrue(ctx.onError(new IOException()).shouldRetry());
    assertTrue(ctx.onError(new IOException()).shouldRetry());
    assertEquals(new RetryDecision.GiveUp(3, RetryDecision.Reason.BUDGET_EXHAUSTED),
        ctx.onError(new IOException()));
    assertEquals(0.0, budget.availableTokens());
    RetryDecision other = retry.context().onError(new IOException());
    assertEquals(RetryDecision.Reason.BUDGET_EXHAUSTED, ((RetryDecision.GiveUp) other).reason());

    // a first-attempt success adds 1 token: not enough for a retry of cost 5
    for (int i = 0; i < 4; i++) {
      retry.context().onSuccess();
    }
    assertEquals(4.0, budget.availableTokens());
    assertFalse(retry.context().onError(new IOException()).shouldRetry());
    retry.context().onSuccess();
    Retry.Context again = retry.context();
    assertTrue(again.onError(new IOException()).shouldRetry(), "5 tokens: one retry");
    assertEquals(0.0, budget.availableTokens());
    again.onSuccess();
    assertEquals(5.0, budget.availableTokens(), "a retried success refunds its retry's cost");
    assertEquals(3, budget.retriesDenied());
  }

  @Test
  void timeoutsCostMoreAndTheBucketRefillsAtItsRate() {
    RetryBudget budget = RetryBudget.of("b", RetryBudgetConfig.custom()
        .capacity(10).refillPerSecond(5).build(), ticker);
    Retry retry = Retry.of("r", RetryConfig.custom().maxAttempts(100).build(), random, budget);
    Retry.Context ctx = retry.context();
    assertTrue(ctx.onError(new TimeoutException()).shouldRetry());
    assertEquals(0.0, budget.availableTokens());
    assertFalse(ctx.onError(new IOException()).shouldRetry());
    ticker.advance(Duration.ofSeconds(1));
    assertEquals(5.0, budget.availableTokens());
    assertTrue(retry.context().onError(new IOException()).shouldRetry());
    ticker.advance(Duration.ofSeconds(100));
    assertEquals(10.0, budget.availableTokens(), "never above capacity");
  }

  @Test
  void retryAfterWinsWhenLongerThanTheBackoff() {
    Retry retry = Retry.of("r", RetryConfig.custom().maxAttempts(5)
        .waitDuration(Duration.ofMillis(100)).build(), random);
    Retry.Context ctx = retry.context();
    RetryDecision.RetryIn longer = (RetryDecision.RetryIn) ctx.onError(
        new IOException("503"), Duration.ofSeconds(2));
    assertEquals(2_000 * MS, longer.delayNanos());
    assertEquals(100 * MS, longer.backoffNanos());
    RetryDecision.RetryIn shorter = (RetryDecision.RetryIn) ctx.onError(
        new RetryAfterException("429", Duration.ofMillis(10)));
    assertEquals(100 * MS, shorter.delayNanos());
    assertEquals(10 * MS, shorter.retryAfterNanos());

    List<Long> waits = new ArrayList<>();
    AtomicInteger calls = new AtomicInteger();
    assertEquals("ok", retry.executeSupplier(() -> {
      if (calls.incrementAndGet() == 1) {
        throw new RetryAfterException("429", Duration.ofSeconds(3));
      }
      return "ok";
    }, waits::add));
    assertEquals(List.of(3_000 * MS), waits);
  }

  @Test
  void decorrelatedJitterSeesItsOwnPreviousDelayNotTheRetryAfter() {
    List<Long> previous = new ArrayList<>();
    Backoff spy = (retry, prev, r) -> {
      previous.add(prev);
      return 7;
    };
    Retry.Context ctx = Retry.of("r", RetryConfig.custom().maxAttempts(4).backoff(spy).build(),
        random).context();
    ctx.onError(new IOException(), Duration.ofSeconds(1));
    ctx.onError(new IOException());
    assertEquals(List.of(0L, 7L), previous);
  }

  @Test
  void metersCountCallsByKind() {
    MeterRegistry registry = SimulatedMeterRegistry.create(ticker);
    Retry retry = Retry.of("backend", RetryConfig.custom().maxAttempts(2).build(), random);
    retry.bindTo(registry);
    retry.context().onSuccess();
    Retry.Context c = retry.context();
    c.onError(new IOException());
    c.onSuccess();
    Retry.Context f = retry.context();
    f.onError(new IOException());
    f.onError(new IOException());
    retry.context().onError(new IOException()).shouldRetry();
    assertEquals(1.0, count(registry, "successful_without_retry"));
    assertEquals(1.0, count(registry, "successful_with_retry"));
    assertEquals(1.0, count(registry, "failed_with_retry"));
    assertEquals(0.0, count(registry, "failed_without_retry"));
  }

  static double count(MeterRegistry registry, String kind) {
    return registry.get("caplab.retry.calls").tag("name", "backend").tag("kind", kind)
        .functionCounter().count();
  }

  @Test
  void badSettings() {
    BackoffTest.assertMessage("maxAttempts must be >= 1, got 0",
        () -> RetryConfig.custom().maxAttempts(0));
    BackoffTest.assertMessage("capacity must be >= 0, got -1",
        () -> RetryBudgetConfig.custom().capacity(-1));
    BackoffTest.assertMessage("retryCost must be >= 1, got 0",
        () -> RetryBudgetConfig.custom().retryCost(0));
    IllegalStateException twice = assertThrows(IllegalStateException.class,
        () -> RetryConfig.custom().waitDuration(Duration.ofMillis(1))
            .backoff(Backoff.fixed(Duration.ofMillis(2))).build());
    assertTrue(twice.getMessage().contains("waitDuration and backoff"));
    RetryConfig base = RetryConfig.custom().maxAttempts(7).build();
    assertEquals(7, RetryConfig.from(base).build().maxAttempts());
    assertInstanceOf(RetryDecision.GiveUp.class,
        Retry.of("x", RetryConfig.custom().maxAttempts(1).build(), random).context()
            .onError(new IOException()));
  }

  @Test
  void aNegativeWaitDurationIsReportedUnderItsOwnName() {
    BackoffTest.assertMessage("waitDuration must be >= 0s, got -1ms",
        () -> RetryConfig.custom().waitDuration(Duration.ofMillis(-1)));
  }

  @Test
  void failureCountersFollowTheReasonForGivingUpAsInResilience4j() {
    Retry retry = Retry.of("r", RetryConfig.custom()
        .retryOnException(t -> t instanceof IOException).build(), random);
    Retry.Context ctx = retry.context();
    assertTrue(ctx.onError(new IOException()).shouldRetry());
    assertEquals(RetryDecision.Reason.NON_RETRYABLE,
        ((RetryDecision.GiveUp) ctx.onError(new IllegalArgumentException())).reason());
    assertEquals(1, retry.failedCallsWithoutRetry(), "non-retryable after a retry: without retry");
    assertEquals(0, retry.failedCallsWithRetry());

    Retry once = Retry.of("once", RetryConfig.custom().maxAttempts(1).build(), random);
    once.context().onError(new IOException());
    once.context().onResult("ignored"); // accepted: a success
    Retry onResult = Retry.of("res", RetryConfig.custom().maxAttempts(1)
        .retryOnResult(r -> true).build(), random);
    onResult.context().onResult("again");
    assertEquals(1, once.failedCallsWithRetry(), "attempts used up, even just the first");
    assertEquals(0, once.failedCallsWithoutRetry());
    assertEquals(1, onResult.failedCallsWithRetry());
  }
}
