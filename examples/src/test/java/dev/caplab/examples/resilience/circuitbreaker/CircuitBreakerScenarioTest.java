package dev.caplab.examples.resilience.circuitbreaker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.caplab.examples.scenario.ScenarioResult;
import dev.caplab.messaging.resilience.CircuitBreaker.State;
import dev.caplab.sim.Simulation;
import java.util.List;
import org.junit.jupiter.api.Test;

class CircuitBreakerScenarioTest {

  private static final int SEEDS = 10;

  @Test
  void sameSeedGivesSameRunAndDifferentSeedsDiffer() {
    ScenarioResult first = new CircuitBreakerScenario().run(7);
    ScenarioResult again = new CircuitBreakerScenario().run(7);
    assertEquals(first.traceHash(), again.traceHash());
    assertEquals(first.metrics(), again.metrics());
    assertEquals(first.summary(), again.summary());
    assertNotEquals(first.traceHash(), new CircuitBreakerScenario().run(8).traceHash());
  }

  @Test
  void theBreakerKeepsSlotsFreeAndRecoversOnEverySeed() {
    for (long seed = 1; seed <= SEEDS; seed++) {
      CircuitBreakerScenario.Outcome o = new CircuitBreakerScenario().execute(seed);
      String at = "seed " + seed + ": ";
      Ledger without = o.ledger(Variant.NO_BREAKER);
      Ledger with = o.ledger(Variant.BREAKER);
      assertTrue(o.breakerProtectsCaller(), at + "slots exhausted " + with.count(Answer.NO_SLOT)
          + " with the breaker, " + without.count(Answer.NO_SLOT) + " without");
      assertTrue(o.breakerRecovers(), at + "final state " + o.finalState() + ", recovery "
          + o.recoveryNanos(Variant.BREAKER) + " ns");
      ScenarioResult r = o.result();
      assertTrue(r.allChecksValid(), at + r.checks());
    }
  }

  @Test
  void everyRequestIsAnsweredExactlyOnceInBothVariants() {
    for (long seed = 1; seed <= SEEDS; seed++) {
      CircuitBreakerScenario.Outcome o = new CircuitBreakerScenario().execute(seed);
      for (Variant v : Variant.values()) {
        Ledger l = o.ledger(v);
        String at = "seed " + seed + ", " + v.key() + ": ";
        assertEquals(l.requests(), l.answered(), at + "unanswered requests");
        int sum = 0;
        for (Answer a : Answer.values()) {
          sum += l.count(a);
        }
        assertEquals(l.requests(), sum, at + "answers do not add up");
      }
    }
  }

  @Test
  void theBreakersCostIsFallbacksAndASlowerRecovery() {
    for (long seed = 1; seed <= SEEDS; seed++) {
      CircuitBreakerScenario.Outcome o = new CircuitBreakerScenario().execute(seed);
      String at = "seed " + seed + ": ";
      assertEquals(0, o.ledger(Variant.NO_BREAKER).count(Answer.FALLBACK), at + "fallbacks without a breaker");
      assertTrue(o.ledger(Variant.BREAKER).count(Answer.FALLBACK) > 0, at + "no fallback with the breaker");
      long without = o.recoveryNanos(Variant.NO_BREAKER);
      long with = o.recoveryNanos(Variant.BREAKER);
      assertTrue(without >= 0 && without <= with, at + "recovery without " + without + " ns, with " + with + " ns");
      // The breaker finds out at its next trial, at most one open wait after the recovery, plus
      // the time the trial calls take.
      long bound = CircuitBreakerScenario.BREAKER_WAIT_IN_OPEN.plus(CircuitBreakerScenario.TIMEOUT).toNanos();
      assertTrue(with <= bound, at + "recovery with the breaker took " + with + " ns, more than " + bound);
      assertTrue(o.ledger(Variant.BREAKER).recommendationCalls() < o.ledger(Variant.NO_BREAKER).recommendationCalls(),
          at + "the breaker did not spare the backend");
    }
  }

  @Test
  void theBreakerOpensDuringTheOutageAndClosesOnlyAfterTheRecovery() {
    for (long seed = 1; seed <= SEEDS; seed++) {
      CircuitBreakerScenario.Outcome o = new CircuitBreakerScenario().execute(seed);
      List<Ledger.Transition> ts = o.ledger(Variant.BREAKER).transitions();
      String at = "seed " + seed + ": " + ts + ": ";
      assertTrue(ts.size() >= 3, at + "too few transitions");
      Ledger.Transition first = ts.get(0);
      assertEquals(State.CLOSED, first.from(), at);
      assertEquals(State.OPEN, first.to(), at);
      assertTrue(first.atNanos() > CircuitBreakerScenario.SLOW_AT.toNanos(), at + "opened before the outage");
      Ledger.Transition last = ts.get(ts.size() - 1);
      assertEquals(State.CLOSED, last.to(), at + "the last transition does not close");
      assertTrue(last.atNanos() > CircuitBreakerScenario.RECOVER_AT.toNanos(), at + "closed before the recovery");
      for (int i = 1; i < ts.size(); i++) {
        assertEquals(ts.get(i - 1).to(), ts.get(i).from(), at + "transitions do not chain");
        assertTrue(ts.get(i - 1).atNanos() <= ts.get(i).atNanos(), at + "transitions out of order");
      }
      assertEquals(State.CLOSED, o.finalState(), at);
    }
  }

  @Test
  void recoveryIsTheFirstArrivalWhoseWindowSucceeds() {
    // Ten requests 100 ms apart; the first two fail. With a 300 ms window, the window starting
    // at 0 has 1 success in 3, the one at 100 ms 2 in 3, the one at 200 ms 3 in 3.
    long[] arrivals = new long[10];
    for (int i = 0; i < arrivals.length; i++) {
      arrivals[i] = i * 100_000_000L;
    }
    Ledger l = new Ledger(Workload.of(arrivals, new boolean[arrivals.length]));
    for (int i = 0; i < arrivals.length; i++) {
      l.answered(i, i < 2 ? Answer.TIMEOUT : Answer.OK, arrivals[i] + 1_000_000L);
    }
    assertEquals(200_000_000L, l.recoveryNanos(0, 300_000_000L, 0.95));
    assertEquals(100_000_000L, l.recoveryNanos(0, 300_000_000L, 0.5), "2 of 3 is above 50%");
    assertEquals(50_000_000L, l.recoveryNanos(150_000_000L, 300_000_000L, 0.95), "starts at an arrival");
    assertEquals(-1, l.recoveryNanos(0, 1_000_000_000L, 0.95), "no window fits before the last arrival");
  }

  /**
   * The workload's gaps are cut to whole nanoseconds with no minimum: seed 205 draws a gap below
   * 1 ns, and its requests 33 and 34 arrive in the same nanosecond, as they did before the
   * workload drew its arrivals from the scenario kit.
   */
  @Test
  void twoRequestsMayArriveInTheSameNanosecond() {
    Workload w = Workload.poisson(CircuitBreakerScenario.REQUESTS_PER_SECOND, CircuitBreakerScenario.USERS_UNTIL,
        CircuitBreakerScenario.RECOMMENDATIONS_SHARE, Simulation.withSeed(205).random("workload"));
    assertEquals(168_061_744L, w.arrivalNanos(33));
    assertEquals(168_061_744L, w.arrivalNanos(34));
    assertTrue(w.arrivalNanos(35) > w.arrivalNanos(34));
  }
}
