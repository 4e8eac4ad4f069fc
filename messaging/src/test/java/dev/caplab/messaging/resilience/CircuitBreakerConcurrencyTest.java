package dev.caplab.messaging.resilience;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.caplab.messaging.resilience.CircuitBreaker.State;
import dev.caplab.time.ManualTicker;
import dev.caplab.time.Ticker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

/** Embedded use from several threads: nothing is lost, double-counted or over-permitted. */
class CircuitBreakerConcurrencyTest {

  private static final int THREADS = 2;
  private static final int CALLS_PER_THREAD = 100_000;

  /** Runs {@code body(threadIndex)} on {@link #THREADS} threads started together; rethrows. */
  private static void onThreads(ThreadBody body) throws Exception {
    CyclicBarrier start = new CyclicBarrier(THREADS);
    List<Throwable> errors = new ArrayList<>();
    List<Thread> threads = new ArrayList<>();
    for (int t = 0; t < THREADS; t++) {
      int index = t;
      Thread thread =
          new Thread(
              () -> {
                try {
                  start.await();
                  body.run(index);
                } catch (Throwable e) {
                  synchronized (errors) {
                    errors.add(e);
                  }
                }
              },
              "breaker-smoke-" + t);
      threads.add(thread);
      thread.start();
    }
    for (Thread thread : threads) {
      thread.join();
    }
    if (!errors.isEmpty()) {
      throw new AssertionError("a thread failed", errors.get(0));
    }
  }

  @FunctionalInterface
  private interface ThreadBody {
    void run(int threadIndex) throws Exception;
  }

  @Test
  void countsAddUpAcrossTwoThreads() throws Exception {
    CircuitBreaker breaker =
        CircuitBreaker.of(
            "shared",
            CircuitBreakerConfig.custom()
                .slidingWindowSize(1_000)
                .minimumNumberOfCalls(1_000)
                .failureRateThreshold(100) // never trips at 1 failure in 3
                .slowCallDurationThreshold(Duration.ofNanos(500))
                .build(),
            Ticker.system());
    AtomicLong successes = new AtomicLong();
    AtomicLong errors = new AtomicLong();
    breaker
        .eventPublisher()
        .onSuccess(e -> successes.incrementAndGet())
        .onError(e -> errors.incrementAndGet());

    onThreads(
        t -> {
          for (int i = 0; i < CALLS_PER_THREAD; i++) {
            assertTrue(breaker.tryAcquirePermission());
            if (i % 3 == 0) {
              breaker.onError(1_000, new IllegalStateException());
            } else {
              breaker.onSuccess(i % 2 == 0 ? 1_000 : 10);
            }
          }
        });

    assertEquals(State.CLOSED, breaker.state());
    assertEquals((long) THREADS * CALLS_PER_THREAD, successes.get() + errors.get());
    assertEquals(THREADS * ((CALLS_PER_THREAD + 2) / 3), errors.get());
    CircuitBreaker.Metrics m = breaker.metrics();
    assertEquals(1_000, m.getNumberOfBufferedCalls());
    assertEquals(1_000, m.getNumberOfSuccessfulCalls() + m.getNumberOfFailedCalls());
    assertEquals(
        m.getNumberOfSlowCalls(),
        m.getNumberOfSlowSuccessfulCalls() + m.getNumberOfSlowFailedCalls());
  }

  @RepeatedTest(20)
  void racingThreadsGetExactlyThePermittedTrialCalls() throws Exception {
    ManualTicker ticker = new ManualTicker();
    CircuitBreaker breaker =
        CircuitBreaker.of(
            "half-open",
            CircuitBreakerConfig.custom()
                .slidingWindowSize(2)
                .minimumNumberOfCalls(2)
                .permittedNumberOfCallsInHalfOpenState(5)
                .waitDurationInOpenState(Duration.ofSeconds(1))
                .build(),
            ticker);
    AtomicInteger transitionsToHalfOpen = new AtomicInteger();
    breaker
        .eventPublisher()
        .onStateTransition(
            e -> {
              if (e.to() == State.HALF_OPEN) {
                transitionsToHalfOpen.incrementAndGet();
              }
            });
    breaker.transitionToOpenState();
    ticker.advance(Duration.ofSeconds(2));
    AtomicInteger granted = new AtomicInteger();
    onThreads(
        t -> {
          for (int i = 0; i < 1_000; i++) {
            if (breaker.tryAcquirePermission()) {
              granted.incrementAndGet();
            }
          }
        });
    assertEquals(5, granted.get());
    assertEquals(1, transitionsToHalfOpen.get(), "exactly one thread made the move");
    assertEquals(2 * 1_000L - 5, breaker.metrics().getNumberOfNotPermittedCalls());
  }

  @Test
  void exactlyOneThreadTripsTheBreaker() throws Exception {
    CircuitBreaker breaker =
        CircuitBreaker.of(
            "trip",
            CircuitBreakerConfig.custom().slidingWindowSize(10).minimumNumberOfCalls(10).build(),
            Ticker.system());
    AtomicInteger opened = new AtomicInteger();
    breaker.eventPublisher().onStateTransition(e -> opened.incrementAndGet());
    onThreads(
        t -> {
          for (int i = 0; i < 1_000; i++) {
            if (breaker.tryAcquirePermission()) {
              breaker.onError(10, new IllegalStateException());
            }
          }
        });
    assertEquals(State.OPEN, breaker.state());
    assertEquals(1, opened.get());
  }
}
