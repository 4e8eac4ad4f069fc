package dev.caplab.messaging.resilience;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.caplab.time.Scheduler;
import dev.caplab.metrics.SimulatedMeterRegistry;
import dev.caplab.sim.Simulation;
import dev.caplab.time.ManualTicker;
import dev.caplab.time.Ticker;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

class TimeLimiterTest {

  @Test
  void defaultsAreResilience4js() {
    assertEquals(Duration.ofSeconds(1), TimeLimiterConfig.ofDefaults().timeoutDuration());
    assertTrue(TimeLimiterConfig.ofDefaults().cancelRunningFuture());
  }

  @Test
  void deadlineIsNowPlusTimeout() {
    ManualTicker ticker = new ManualTicker(5);
    TimeLimiter tl = TimeLimiter.of("t", TimeLimiterConfig.custom()
        .timeoutDuration(Duration.ofMillis(20)).build(), ticker);
    assertEquals(20_000_005L, tl.deadlineNanos());
  }

  @Test
  void completionStageTimesOutOnSimulatedTime() throws Exception {
    Simulation sim = Simulation.withSeed(1);
    TimeLimiter tl = TimeLimiter.of("t", TimeLimiterConfig.custom()
        .timeoutDuration(Duration.ofMillis(100)).build(), sim.ticker());
    MeterRegistry registry = SimulatedMeterRegistry.create(sim.ticker());
    tl.bindTo(registry);
    Scheduler scheduler = sim.scheduler();

    CompletableFuture<String> slowSource = new CompletableFuture<>();
    sim.schedule(Duration.ofMillis(150), () -> slowSource.complete("late"));
    CompletableFuture<String> slow = tl.executeCompletionStage(scheduler, () -> slowSource);

    CompletableFuture<String> fastSource = new CompletableFuture<>();
    sim.schedule(Duration.ofMillis(50), () -> fastSource.complete("fast"));
    CompletableFuture<String> fast = tl.executeCompletionStage(scheduler, () -> fastSource);

    CompletableFuture<String> failing = tl.executeCompletionStage(scheduler,
        () -> CompletableFuture.failedFuture(new IOException("down")));
    sim.runUntilQuiescent();

    ExecutionException timeout = assertThrows(ExecutionException.class, slow::get);
    assertInstanceOf(TimeoutException.class, timeout.getCause());
    assertTrue(slowSource.isCancelled(), "cancelRunningFuture");
    assertEquals("fast", fast.get());
    assertInstanceOf(IOException.class, assertThrows(ExecutionException.class, failing::get).getCause());
    assertEquals(1.0, registry.get("caplab.timelimiter.calls").tag("kind", "timeout")
        .functionCounter().count());
    assertEquals(1.0, registry.get("caplab.timelimiter.calls").tag("kind", "successful")
        .functionCounter().count());
    assertEquals(1.0, registry.get("caplab.timelimiter.calls").tag("kind", "failed")
        .functionCounter().count());
  }

  @Test
  void callableOnTheCallersExecutorIsCancelledAtTheTimeout() throws Exception {
    ExecutorService executor = Executors.newSingleThreadExecutor();
    try {
      TimeLimiter tl = TimeLimiter.of("t", TimeLimiterConfig.custom()
          .timeoutDuration(Duration.ofMillis(50)).build(), Ticker.system());
      assertEquals("ok", tl.executeCallable(executor, () -> "ok"));
      CountDownLatch interrupted = new CountDownLatch(1);
      TimeoutException e = assertThrows(TimeoutException.class, () -> tl.executeCallable(executor, () -> {
        try {
          Thread.sleep(10_000);
        } catch (InterruptedException ie) {
          interrupted.countDown();
        }
        return "never";
      }));
      assertEquals("TimeLimiter 't' recorded a timeout exception.", e.getMessage());
      assertTrue(interrupted.await(5, java.util.concurrent.TimeUnit.SECONDS), "future cancelled");
      assertThrows(IOException.class, () -> tl.executeCallable(executor, () -> {
        throw new IOException("down");
      }));
      assertEquals(1, tl.successfulCalls());
      assertEquals(1, tl.timedOutCalls());
      assertEquals(1, tl.failedCalls());
      Future<String> done = CompletableFuture.completedFuture("done");
      assertEquals("done", tl.executeFutureSupplier(() -> done));
    } finally {
      executor.shutdownNow();
    }
  }

  @Test
  void aFutureFailedWithAnErrorRethrowsTheErrorItself() throws Exception {
    TimeLimiter tl = TimeLimiter.of("t", TimeLimiterConfig.ofDefaults(), Ticker.system());
    AssertionError error = new AssertionError("an Error, not an Exception");
    CompletableFuture<String> failed = CompletableFuture.failedFuture(error);
    // As Resilience4j: the cause is rethrown, not wrapped in an ExecutionException, which the
    // layers outside (a Retry, a breaker) would take for an ordinary, retryable Exception.
    assertSame(error, assertThrows(AssertionError.class, () -> tl.executeFutureSupplier(() -> failed)));
    assertEquals(1, tl.failedCalls());
  }

  @Test
  void aDeadlinePastTheEndOfTimeIsTheEndOfTime() {
    ManualTicker ticker = new ManualTicker(10_000_000_000L);
    TimeLimiter forever = TimeLimiter.of("t", TimeLimiterConfig.custom()
        .timeoutDuration(Duration.ofSeconds(Long.MAX_VALUE)).build(), ticker);
    assertEquals(Long.MAX_VALUE, forever.deadlineNanos(), "saturated, not wrapped to the past");
  }

  @Test
  void aStageThatFinishesInTimeLeavesNoTimerAndPassesItsOwnFailureOn() {
    ManualScheduler scheduler = new ManualScheduler(new ManualTicker());
    TimeLimiter tl = TimeLimiter.of("t", TimeLimiterConfig.ofDefaults(), scheduler.ticker);
    CompletableFuture<String> source = new CompletableFuture<>();
    CompletableFuture<String> limited = tl.executeCompletionStage(scheduler, () -> source);
    assertEquals(1, scheduler.pending());
    IOException down = new IOException("down");
    // A stage built with thenApply fails with a CompletionException around the call's failure.
    CompletableFuture<String> derived = source.thenApply(v -> {
      throw new java.util.concurrent.CompletionException(down);
    });
    CompletableFuture<String> limitedDerived = tl.executeCompletionStage(scheduler, () -> derived);
    source.complete("ok");
    assertEquals(0, scheduler.pending(), "no timeout left to fire for a finished call");
    assertSame(down, limitedDerived.handle((v, e) -> e).join(), "the failure itself, unwrapped");
    assertEquals("ok", limited.join());
    assertEquals(1, tl.successfulCalls());
    assertEquals(1, tl.failedCalls());
  }

  @Test
  void withoutCancelRunningFutureATimedOutStageRunsOn() {
    ManualScheduler scheduler = new ManualScheduler(new ManualTicker());
    TimeLimiter tl = TimeLimiter.of("t", TimeLimiterConfig.custom()
        .timeoutDuration(Duration.ofMillis(100)).cancelRunningFuture(false).build(), scheduler.ticker);
    assertFalse(tl.config().cancelRunningFuture());
    CompletableFuture<String> source = new CompletableFuture<>();
    CompletableFuture<String> limited = tl.executeCompletionStage(scheduler, () -> source);
    scheduler.advance(100_000_000L);
    assertInstanceOf(TimeoutException.class, limited.handle((v, e) -> e).join());
    assertFalse(source.isCancelled(), "the call goes on; only its caller stopped waiting");
    assertEquals(1, tl.timedOutCalls());
  }

  @Test
  void aTimedOutStageThatRefusesCancellationRunsOnWithoutFailingTheTimer() {
    ManualScheduler scheduler = new ManualScheduler(new ManualTicker());
    TimeLimiter tl = TimeLimiter.of("t", TimeLimiterConfig.custom()
        .timeoutDuration(Duration.ofMillis(100)).build(), scheduler.ticker);
    CompletableFuture<String> source = new CompletableFuture<>();
    CompletableFuture<String> limited =
        tl.executeCompletionStage(scheduler, source::minimalCompletionStage);
    scheduler.advance(100_000_000L); // a minimal stage's cancel throws UnsupportedOperationException
    assertInstanceOf(TimeoutException.class, limited.handle((v, e) -> e).join());
    assertFalse(source.isDone(), "a stage that cannot be cancelled runs on");
    assertEquals(1, tl.timedOutCalls());
  }

  @Test
  void badSettings() {
    BackoffTest.assertMessage("timeoutDuration must be >= 0s, got -1ns",
        () -> TimeLimiterConfig.custom().timeoutDuration(Duration.ofNanos(-1)));
  }
}
