package dev.caplab.benchmarks;

import dev.caplab.messaging.resilience.CircuitBreaker;
import dev.caplab.messaging.resilience.CircuitBreakerConfig;
import dev.caplab.time.Ticker;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;

/**
 * The cost a circuit breaker adds to each call: one permission request plus one recorded
 * outcome, for caplab's {@link CircuitBreaker} and Resilience4j's, side by side in the same run, on
 * one thread and on two threads contending for one breaker.
 *
 * <p>Both breakers have their default configuration (a count-based window of 100 calls, minimum
 * 100 calls, failure threshold 50 %). Every tenth call fails with a preallocated exception, so
 * both the success and the failure path are measured while the failure rate (10 %) keeps both
 * breakers CLOSED, as a healthy dependency would. Durations are a constant 1 µs, passed in, so
 * neither breaker reads a clock: the score is the breaker's own bookkeeping. No event listener is
 * registered on either. Each benchmark returns whether the call was permitted, so nothing is
 * dropped.
 *
 * <p>Score: average nanoseconds per call (lower is better); compare {@code caplab} with {@code
 * resilience4j} and {@code caplabContended} with {@code resilience4jContended}.
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar CircuitBreakerOverhead}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Benchmark)
public class CircuitBreakerOverhead {

  /** Duration reported for every call: far below the 60 s slow-call threshold. */
  static final long CALL_NANOS = 1_000L;
  /** One call in this many fails. */
  static final int FAIL_EVERY = 10;
  /** The failure every tenth call reports; no stack trace, so reporting it costs nothing extra. */
  static final RuntimeException FAILURE =
      new IllegalStateException("simulated failure") {
        @Override
        public synchronized Throwable fillInStackTrace() {
          return this;
        }
      };

  CircuitBreaker caplab;
  io.github.resilience4j.circuitbreaker.CircuitBreaker resilience4j;

  /** Which call of the thread's sequence this is; per thread, so threads do not share it. */
  @State(Scope.Thread)
  public static class Sequence {
    int call;

    boolean nextFails() {
      if (++call == FAIL_EVERY) {
        call = 0;
        return true;
      }
      return false;
    }
  }

  @Setup
  public void setUp() {
    caplab = CircuitBreaker.of("caplab", CircuitBreakerConfig.ofDefaults(), Ticker.system());
    resilience4j = io.github.resilience4j.circuitbreaker.CircuitBreaker.ofDefaults("resilience4j");
  }

  @Benchmark
  public boolean caplab(Sequence sequence) {
    return caplabCall(sequence);
  }

  @Benchmark
  public boolean resilience4j(Sequence sequence) {
    return resilience4jCall(sequence);
  }

  @Benchmark
  @Threads(2)
  public boolean caplabContended(Sequence sequence) {
    return caplabCall(sequence);
  }

  @Benchmark
  @Threads(2)
  public boolean resilience4jContended(Sequence sequence) {
    return resilience4jCall(sequence);
  }

  private boolean caplabCall(Sequence sequence) {
    if (!caplab.tryAcquirePermission()) {
      return false;
    }
    if (sequence.nextFails()) {
      caplab.onError(CALL_NANOS, FAILURE);
    } else {
      caplab.onSuccess(CALL_NANOS);
    }
    return true;
  }

  private boolean resilience4jCall(Sequence sequence) {
    if (!resilience4j.tryAcquirePermission()) {
      return false;
    }
    if (sequence.nextFails()) {
      resilience4j.onError(CALL_NANOS, TimeUnit.NANOSECONDS, FAILURE);
    } else {
      resilience4j.onSuccess(CALL_NANOS, TimeUnit.NANOSECONDS);
    }
    return true;
  }
}
