package dev.caplab.messaging.saga;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.caplab.messaging.resilience.Backoff;
import dev.caplab.sim.Simulation;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The coordinator's moves, one decision at a time, on a simulation's virtual time. */
class SagaCoordinatorTest {

  private static final Duration TIMEOUT = Duration.ofSeconds(1);
  private static final Duration LATENCY = Duration.ofMillis(10);

  /** What a scripted service does with one run. */
  enum Reply { OK, REFUSE, SILENT, THROW }

  private final Simulation sim = Simulation.withSeed(1);
  /** Runs in order, as "step:ACTION@time". */
  private final List<String> log = new ArrayList<>();
  /** Scripted replies per "step:PHASE"; OK once the script runs out. */
  private final Map<String, Deque<Reply>> script = new LinkedHashMap<>();
  private final List<String> heard = new ArrayList<>();
  private final InMemorySagaStore<String> store = new InMemorySagaStore<>();
  private final List<StepInvocation<String>> invocations = new ArrayList<>();
  /** The incarnation of the coordinator: a crash starts a new one, and the old one's timers and replies die. */
  private int generation;

  private void script(String step, StepPhase phase, Reply... replies) {
    script.computeIfAbsent(step + ":" + phase, k -> new ArrayDeque<>()).addAll(List.of(replies));
  }

  private StepAction<String> service() {
    return inv -> {
      String key = inv.step() + ":" + inv.phase();
      log.add(key + "@" + Duration.ofNanos(sim.now()).toMillis());
      invocations.add(inv);
      Deque<Reply> q = script.get(key);
      Reply r = q == null || q.isEmpty() ? Reply.OK : q.poll();
      int gen = generation;
      if (r == Reply.THROW) {
        throw new IllegalStateException("boom");
      }
      sim.schedule(LATENCY, () -> {
        if (gen != generation) {
          return; // the reply reaches a coordinator that crashed
        }
        if (r == Reply.OK) {
          inv.succeeded();
        } else if (r == Reply.REFUSE) {
          inv.failed("refused");
        }
      });
    };
  }

  private SagaDefinition<String> checkout() {
    return SagaDefinition.<String>builder("checkout")
        .step("reserve", service(), service(), TIMEOUT)
        .step("charge", service(), service(), TIMEOUT)
        .retriableStep("email", service(), TIMEOUT)
        .retriableStep("warehouse", service(), TIMEOUT)
        .build();
  }

  private SagaCoordinator<String> coordinator() {
    return coordinator(store);
  }

  /** A crash of the coordinator: its timers and the replies on their way to it die with it. */
  private void crash() {
    generation++;
  }

  private dev.caplab.time.Scheduler scheduler() {
    int gen = generation;
    return (delay, action) -> sim.scheduler().schedule(delay, () -> {
      if (gen == generation) {
        action.run();
      }
    });
  }

  private SagaCoordinator<String> coordinator(SagaStore<String> s) {
    return new SagaCoordinator<>(checkout(), SagaConfig.ofDefaults(), s, scheduler(), sim.random("saga"),
        new SagaListener() {
          @Override
          public void started(String sagaId) {
            heard.add("started " + sagaId);
          }

          @Override
          public void pivotPassed(String sagaId) {
            heard.add("pivot " + sagaId);
          }

          @Override
          public void compensating(String sagaId, String step, String reason) {
            heard.add("compensating " + sagaId + " at " + step + ": " + reason);
          }

          @Override
          public void finished(String sagaId, SagaState terminal) {
            heard.add(terminal + " " + sagaId);
          }
        });
  }

  @Test
  void allStepsSucceedThenTheRetriableOnesRunTogether() {
    SagaCoordinator<String> c = coordinator();
    assertTrue(c.start("o1", "order"));
    assertEquals(SagaState.RUNNING, c.state("o1"));
    assertEquals(List.of("o1"), c.inFlight());
    sim.runUntilQuiescent();
    assertEquals(List.of("reserve:ACTION@0", "charge:ACTION@10", "email:ACTION@20", "warehouse:ACTION@20"), log);
    assertEquals(List.of("started o1", "pivot o1", "COMPLETED o1"), heard);
    assertEquals(SagaState.COMPLETED, c.state("o1"));
    assertEquals(List.of(), c.inFlight());
    assertEquals(1, c.completed());
    assertEquals(0, c.compensated());
    assertEquals(4, c.stepRuns());
    assertEquals(0, c.timeouts());
    assertEquals(0b11, store.load("o1").retriableDone());
  }

  @Test
  void aRefusedStepCompensatesOnlyTheStepsBeforeIt() {
    script("charge", StepPhase.ACTION, Reply.REFUSE);
    SagaCoordinator<String> c = coordinator();
    c.start("o1", "order");
    sim.runUntilQuiescent();
    assertEquals(List.of("reserve:ACTION@0", "charge:ACTION@10", "reserve:COMPENSATION@20"), log);
    assertEquals(List.of("started o1", "compensating o1 at charge: refused", "COMPENSATED o1"), heard);
    assertEquals(SagaState.COMPENSATED, c.state("o1"));
    assertEquals(1, c.compensated());
    assertEquals(0, c.completed());
  }

  @Test
  void aRefusedFirstStepNeedsNoCompensation() {
    script("reserve", StepPhase.ACTION, Reply.REFUSE);
    SagaCoordinator<String> c = coordinator();
    c.start("o1", "order");
    sim.runUntilQuiescent();
    assertEquals(List.of("reserve:ACTION@0"), log);
    assertEquals(SagaState.COMPENSATED, c.state("o1"));
  }

  @Test
  void aTimedOutStepIsCompensatedItselfThenTheEarlierOnesInReverseOrder() {
    script("charge", StepPhase.ACTION, Reply.SILENT);
    SagaCoordinator<String> c = coordinator();
    c.start("o1", "order");
    sim.runUntilQuiescent();
    assertEquals(List.of("reserve:ACTION@0", "charge:ACTION@10", "charge:COMPENSATION@1010",
        "reserve:COMPENSATION@1020"), log);
    assertEquals("compensating o1 at charge: timeout", heard.get(1));
    assertEquals(1, c.timeouts());
    assertEquals(List.of(1, 1, 1, 1), invocations.stream().map(StepInvocation::attempt).toList(),
        "each half of each step counts its own attempts");
    assertEquals(List.of(StepPhase.ACTION, StepPhase.ACTION, StepPhase.COMPENSATION, StepPhase.COMPENSATION),
        invocations.stream().map(StepInvocation::phase).toList());
    assertEquals("StepInvocation[o1, charge, COMPENSATION, attempt 1]", invocations.get(2).toString());
    assertEquals("order", invocations.get(2).payload());
    assertEquals(SagaState.COMPENSATED, c.state("o1"));
  }

  @Test
  void anActionThatThrowsCountsAsRefused() {
    script("charge", StepPhase.ACTION, Reply.THROW);
    SagaCoordinator<String> c = coordinator();
    c.start("o1", "order");
    sim.runUntilQuiescent();
    assertEquals("compensating o1 at charge: java.lang.IllegalStateException: boom", heard.get(1));
    assertEquals(SagaState.COMPENSATED, c.state("o1"));
    assertEquals(List.of("reserve:ACTION@0", "charge:ACTION@10", "reserve:COMPENSATION@10"), log);
  }

  @Test
  void aFailingCompensationIsRetriedWithBackoffUntilItSucceeds() {
    script("charge", StepPhase.ACTION, Reply.REFUSE);
    script("reserve", StepPhase.COMPENSATION, Reply.REFUSE, Reply.SILENT, Reply.REFUSE);
    SagaCoordinator<String> c = coordinator();
    c.start("o1", "order");
    sim.runUntilQuiescent();
    // 20: refused at 30, retry 100ms later; 130: silent, times out at 1130, retry 200ms later;
    // 1330: refused at 1340, retry 400ms later; 1740: succeeds
    assertEquals(List.of("reserve:ACTION@0", "charge:ACTION@10", "reserve:COMPENSATION@20",
        "reserve:COMPENSATION@130", "reserve:COMPENSATION@1330", "reserve:COMPENSATION@1740"), log);
    assertEquals(3, c.retries());
    assertEquals(1, c.timeouts());
    assertEquals(4, invocations.get(invocations.size() - 1).attempt());
    assertEquals(SagaState.COMPENSATED, c.state("o1"));
  }

  @Test
  void aRetriableStepIsRetriedUntilItSucceedsAndNeverCompensates() {
    script("email", StepPhase.ACTION, Reply.REFUSE, Reply.SILENT);
    SagaCoordinator<String> c = coordinator();
    c.start("o1", "order");
    sim.runUntilQuiescent();
    assertEquals(List.of("reserve:ACTION@0", "charge:ACTION@10", "email:ACTION@20", "warehouse:ACTION@20",
        "email:ACTION@130", "email:ACTION@1330"), log);
    assertEquals(SagaState.COMPLETED, c.state("o1"));
    assertEquals(2, c.retries());
  }

  @Test
  void theSagaStaysOpenUntilTheLastRetriableStepIsAcknowledged() {
    script("warehouse", StepPhase.ACTION, Reply.SILENT);
    SagaCoordinator<String> c = coordinator();
    c.start("o1", "order");
    sim.runFor(Duration.ofMillis(500));
    assertEquals(SagaState.RUNNING, c.state("o1"));
    assertEquals(0b01, store.load("o1").retriableDone());
    sim.runUntilQuiescent();
    assertEquals(SagaState.COMPLETED, c.state("o1"));
  }

  @Test
  void aLateOrRepeatedReportIsIgnored() {
    script("reserve", StepPhase.ACTION, Reply.SILENT);
    SagaCoordinator<String> c = coordinator();
    c.start("o1", "order");
    sim.runFor(Duration.ofMillis(1005));
    StepInvocation<String> first = invocations.get(0);
    assertFalse(first.succeeded(), "the step timed out already");
    assertFalse(first.failed("late"));
    sim.runUntilQuiescent();
    StepInvocation<String> compensation = invocations.get(1);
    assertEquals(StepPhase.COMPENSATION, compensation.phase());
    assertFalse(compensation.succeeded(), "answered already");
    assertEquals(SagaState.COMPENSATED, c.state("o1"));
  }

  @Test
  void aRepeatedStartDoesNotRunTheSagaTwice() {
    SagaCoordinator<String> c = coordinator();
    assertTrue(c.start("o1", "order"));
    assertFalse(c.start("o1", "order"));
    sim.runUntilQuiescent();
    assertFalse(c.start("o1", "order"));
    assertEquals(1, c.started());
    assertEquals(4, log.size());
    assertNull(c.state("unknown"));
  }

  @Test
  void aCoordinatorBuiltAfterACrashResumesEveryOpenSagaWhereItWas() {
    script("charge", StepPhase.ACTION, Reply.SILENT);
    SagaCoordinator<String> before = coordinator();
    before.start("o1", "order");
    before.start("o2", "order");
    script("reserve", StepPhase.ACTION, Reply.REFUSE);
    before.start("o3", "order");
    sim.runFor(Duration.ofMillis(15)); // o1 is at charge (silent); o2 at charge (ok, answers at 20); o3 compensated
    assertEquals(List.of("o1", "o2"), before.inFlight());
    crash();
    SagaCoordinator<String> after = coordinator(); // a new coordinator on the same store
    log.clear();
    assertEquals(2, after.resume());
    assertEquals(0, after.resume(), "resumes each saga once");
    assertEquals(List.of("charge:ACTION@15", "charge:ACTION@15"), log);
    sim.runUntilQuiescent();
    assertEquals(SagaState.COMPLETED, after.state("o1"));
    assertEquals(SagaState.COMPLETED, after.state("o2"));
    assertEquals(SagaState.COMPENSATED, after.state("o3"));
    assertEquals(0, after.started());
    assertEquals(2, after.completed());
  }

  @Test
  void resumingPastThePivotTellsTheListenerAgainAndRunsOnlyTheUnacknowledgedSteps() {
    script("warehouse", StepPhase.ACTION, Reply.SILENT);
    SagaCoordinator<String> before = coordinator();
    before.start("o1", "order");
    sim.runFor(Duration.ofMillis(100));
    heard.clear();
    log.clear();
    crash();
    SagaCoordinator<String> after = coordinator();
    after.resume();
    assertEquals(List.of("pivot o1"), heard);
    assertEquals(List.of("warehouse:ACTION@100"), log);
  }

  @Test
  void resumingACompensatingSagaRunsTheCompensationItWasAt() {
    script("charge", StepPhase.ACTION, Reply.REFUSE);
    script("reserve", StepPhase.COMPENSATION, Reply.SILENT);
    coordinator().start("o1", "order");
    sim.runFor(Duration.ofMillis(100));
    log.clear();
    crash();
    SagaCoordinator<String> after = coordinator();
    after.resume();
    assertEquals(List.of("reserve:COMPENSATION@100"), log);
    sim.runUntilQuiescent();
    assertEquals(SagaState.COMPENSATED, after.state("o1"));
  }

  @Test
  void withoutADurableStoreACrashedCoordinatorForgetsItsSagas() {
    script("charge", StepPhase.ACTION, Reply.SILENT);
    coordinator(new InMemorySagaStore<>()).start("o1", "order");
    sim.runFor(Duration.ofMillis(15));
    crash();
    SagaCoordinator<String> after = coordinator(new InMemorySagaStore<>());
    assertEquals(0, after.resume());
    assertNull(after.state("o1"), "the reservation is left behind: this is what the store prevents");
  }

  @Test
  void aSagaOfRetriableStepsOnlyPassesThePivotAtOnce() {
    SagaDefinition<String> d = SagaDefinition.<String>builder("notify").retriableStep("email", service(), TIMEOUT)
        .build();
    List<String> pivots = new ArrayList<>();
    SagaCoordinator<String> c = new SagaCoordinator<>(d, SagaConfig.ofDefaults(), store, sim.scheduler(),
        sim.random("saga"), new SagaListener() {
          @Override
          public void pivotPassed(String sagaId) {
            pivots.add(sagaId);
          }
        });
    c.start("n1", "x");
    assertEquals(List.of("n1"), pivots);
    sim.runUntilQuiescent();
    assertEquals(SagaState.COMPLETED, c.state("n1"));
  }

  @Test
  void theConfiguredBackoffSpacesTheRetries() {
    script("charge", StepPhase.ACTION, Reply.REFUSE);
    script("reserve", StepPhase.COMPENSATION, Reply.REFUSE, Reply.REFUSE);
    SagaConfig config = SagaConfig.custom().retryBackoff(Backoff.fixed(Duration.ofMillis(50))).build();
    SagaCoordinator<String> c = new SagaCoordinator<>(checkout(), config, store, sim.scheduler(), sim.random("s"));
    c.start("o1", "order");
    sim.runUntilQuiescent();
    assertEquals(List.of("reserve:ACTION@0", "charge:ACTION@10", "reserve:COMPENSATION@20",
        "reserve:COMPENSATION@80", "reserve:COMPENSATION@140"), log);
    assertEquals(config.retryBackoff(), SagaConfig.from(config).build().retryBackoff());
    assertEquals(SagaConfig.DEFAULT_RETRY_BACKOFF, SagaConfig.ofDefaults().retryBackoff());
  }

  @Test
  void theBackoffIsToldEachRetryNumberAndThePreviousDelay() {
    script("charge", StepPhase.ACTION, Reply.REFUSE);
    script("reserve", StepPhase.COMPENSATION, Reply.REFUSE, Reply.REFUSE, Reply.REFUSE);
    List<String> asked = new ArrayList<>();
    Backoff recording = (retry, previous, random) -> {
      asked.add(retry + "/" + previous);
      return Duration.ofMillis(7 * retry).toNanos();
    };
    SagaConfig config = SagaConfig.custom().retryBackoff(recording).build();
    new SagaCoordinator<>(checkout(), config, store, sim.scheduler(), sim.random("s")).start("o1", "order");
    sim.runUntilQuiescent();
    assertEquals(List.of("1/0", "2/7000000", "3/14000000"), asked);
  }

  @Test
  void aSagaOf64RetriableStepsCompletesWhenTheLastIsAcknowledged() {
    SagaDefinition.Builder<String> b = SagaDefinition.<String>builder("wide");
    for (int i = 0; i < SagaDefinition.MAX_RETRIABLE_STEPS; i++) {
      b.retriableStep("r" + i, service(), TIMEOUT);
    }
    script("r63", StepPhase.ACTION, Reply.REFUSE);
    SagaCoordinator<String> c = new SagaCoordinator<>(b.build(), SagaConfig.ofDefaults(), store, sim.scheduler(),
        sim.random("s"));
    c.start("w", "x");
    sim.runFor(Duration.ofMillis(50));
    assertEquals(SagaState.RUNNING, c.state("w"));
    assertEquals(Long.MAX_VALUE, store.load("w").retriableDone(), "all but the last");
    sim.runUntilQuiescent();
    assertEquals(SagaState.COMPLETED, c.state("w"));
    assertEquals(-1L, store.load("w").retriableDone());
  }

  @Test
  void metersCountWhatTheCoordinatorDid() {
    script("charge", StepPhase.ACTION, Reply.REFUSE);
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    SagaCoordinator<String> c = coordinator().bindTo(registry);
    c.start("o1", "order");
    assertEquals(1.0, registry.get("caplab.saga.in.flight").tag("saga", "checkout").gauge().value());
    sim.runUntilQuiescent();
    c.start("o2", "order");
    script.clear();
    sim.runUntilQuiescent();
    assertEquals(0.0, registry.get("caplab.saga.in.flight").gauge().value());
    assertEquals(2.0, registry.get("caplab.saga.started").functionCounter().count());
    assertEquals(1.0, registry.get("caplab.saga.completed").functionCounter().count());
    assertEquals(1.0, registry.get("caplab.saga.compensated").functionCounter().count());
    assertEquals(7.0, registry.get("caplab.saga.step.runs").functionCounter().count());
    assertEquals(0.0, registry.get("caplab.saga.retries").functionCounter().count());
    assertEquals(0.0, registry.get("caplab.saga.timeouts").functionCounter().count());
  }
}
