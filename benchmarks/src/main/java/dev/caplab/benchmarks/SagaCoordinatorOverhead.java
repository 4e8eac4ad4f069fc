package dev.caplab.benchmarks;

import dev.caplab.messaging.saga.InMemorySagaStore;
import dev.caplab.messaging.saga.SagaConfig;
import dev.caplab.messaging.saga.SagaCoordinator;
import dev.caplab.messaging.saga.SagaDefinition;
import dev.caplab.messaging.saga.StepAction;
import dev.caplab.messaging.saga.StepInvocation;
import dev.caplab.time.Scheduler;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * What the saga coordinator costs per saga over the work it orchestrates: a checkout of two
 * compensatable steps and one retriable step whose actions answer at once, run by a {@link
 * SagaCoordinator} (every move saved to an in-memory store, a timeout timer per step on a
 * scheduler that drops it), against a {@code reference} that calls the same three steps directly
 * and stores the outcome once, as hand-written code without a saga would. Every fifth saga's
 * second step is refused, so the compensation path is measured too. Each benchmark returns its
 * outcome count, so nothing is dropped.
 *
 * <p>Score: average nanoseconds per saga (lower is better); read {@code coordinator / reference}
 * as the coordinator's overhead factor, both measured in the same run.
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar SagaCoordinatorOverhead}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Thread)
public class SagaCoordinatorOverhead {

  /** Every this-many-th saga is refused at its second step. */
  static final int REFUSE_EVERY = 5;
  private static final Scheduler DROPPING = (delay, action) -> () -> {};

  long effects;
  long sagas;
  SagaCoordinator<Long> coordinator;
  Map<Long, Boolean> outcomes;
  String[] ids;

  @Setup
  public void setUp() {
    StepAction<Long> act = inv -> {
      effects++;
      inv.succeeded();
    };
    StepAction<Long> charge = inv -> {
      if (inv.payload() % REFUSE_EVERY == 0) {
        inv.failed("declined");
      } else {
        effects++;
        inv.succeeded();
      }
    };
    StepAction<Long> undo = inv -> {
      effects--;
      inv.succeeded();
    };
    Duration timeout = Duration.ofSeconds(1);
    SagaDefinition<Long> checkout = SagaDefinition.<Long>builder("checkout")
        .step("reserve", act, undo, timeout)
        .step("charge", charge, undo, timeout)
        .retriableStep("email", act, timeout)
        .build();
    coordinator = new SagaCoordinator<>(checkout, SagaConfig.ofDefaults(), new InMemorySagaStore<>(), DROPPING,
        new SplittableRandom(1));
    outcomes = new HashMap<>();
    ids = new String[1 << 16];
    for (int i = 0; i < ids.length; i++) {
      ids[i] = "saga-" + i;
    }
  }

  /** A saga per call, through the coordinator. */
  @Benchmark
  public long coordinator() {
    long n = sagas++;
    if (n >= ids.length) { // a fresh coordinator and store, so the store does not grow without bound
      setUp();
      sagas = 1;
      n = 0;
    }
    coordinator.start(ids[(int) n], n);
    return coordinator.completed() + coordinator.compensated();
  }

  /** The same steps called directly, with the outcome stored once. */
  @Benchmark
  public long reference() {
    long n = sagas++;
    effects++;
    boolean ok = n % REFUSE_EVERY != 0;
    if (ok) {
      effects += 2;
    } else {
      effects--;
    }
    outcomes.put(n & ((1 << 16) - 1), ok);
    return effects + outcomes.size();
  }
}
