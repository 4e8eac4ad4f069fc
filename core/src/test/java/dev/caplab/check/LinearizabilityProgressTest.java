package dev.caplab.check;

import static dev.caplab.check.LinearizabilityTest.history;
import static dev.caplab.check.LinearizabilityTest.kv;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.caplab.history.History;
import dev.caplab.history.Op;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The states a check reports, round by round and in an UNKNOWN answer, count every key's search. */
class LinearizabilityProgressTest {

  /** Many concurrent writes of a key and a read of a value nobody wrote: many states to refute. */
  private static List<LinearizabilityTest.E> hardKey(String key, int process0) {
    List<LinearizabilityTest.E> ops = new ArrayList<>();
    for (int i = 0; i < 14; i++) {
      ops.add(kv(process0 + i, Op.Fn.WRITE, key, (long) i, null, i, 1000));
    }
    ops.add(kv(process0 + 14, Op.Fn.READ, key, null, 999L, 500, 2000));
    return ops;
  }

  private static History twoHardKeys() {
    List<LinearizabilityTest.E> ops = new ArrayList<>(hardKey("a", 0));
    ops.addAll(hardKey("b", 100));
    return history(ops.toArray(LinearizabilityTest.E[]::new));
  }

  @Test
  void reportedStatesNeverShrinkAndAnUnknownCountsTheKeysStillSearching() {
    List<Long> rounds = new ArrayList<>();
    AtomicLong clock = new AtomicLong();
    LinearizabilityResult r = Linearizability.custom().maxStates(Long.MAX_VALUE)
        .ticker(() -> clock.addAndGet(1_000_000)).maxDuration(Duration.ofMillis(100))
        .progress((done, keys, states) -> {
          assertEquals("0 of 2 keys done", done + " of " + keys + " keys done");
          rounds.add(states);
        }).build()
        .check(twoHardKeys(), Models.kv(null));
    assertEquals(Verdict.UNKNOWN, r.valid(), r.note() + " " + rounds);
    assertTrue(rounds.size() >= 2, "the search paused and resumed: " + rounds);
    for (int i = 0; i < rounds.size(); i++) {
      assertTrue(rounds.get(i) > 0 && (i == 0 || rounds.get(i) >= rounds.get(i - 1)),
          "states per round grow: " + rounds);
    }
    assertTrue(r.states() >= rounds.get(rounds.size() - 1),
        "the answer's " + r.states() + " states include the last round's " + rounds);
  }

  /**
   * The state budget is the most states a check may hold: it is exhausted only when a search
   * holds one more, also when a search pauses exactly at the budget (4096 is the first slice).
   */
  @ParameterizedTest(name = "maxStates {0}")
  @ValueSource(longs = {1000, 4096})
  void aStateBudgetIsExhaustedOnlyOnceExceeded(long maxStates) {
    LinearizabilityResult r = Linearizability.custom().maxStates(maxStates).build()
        .check(LinearizabilityTest.hard(14), Models.register());
    assertEquals(Verdict.UNKNOWN, r.valid());
    assertEquals("state budget of " + maxStates + " exhausted", r.note());
    assertEquals(maxStates + 1, r.states());
  }

  /**
   * A time budget that runs out at the first look of the third round: the answer counts the
   * states of the key that ran out and of the key still waiting for its turn, so it holds at
   * least what the second round reported.
   */
  @Test
  void anUnknownAnswerCountsTheKeyWaitingForItsTurn() {
    AtomicLong clock = new AtomicLong();
    List<Long> clockAtRound = new ArrayList<>();
    List<Long> states = new ArrayList<>();
    Linearizability.custom().maxStates(Long.MAX_VALUE).maxDuration(Duration.ofHours(1))
        .ticker(() -> clock.addAndGet(1_000_000))
        .progress((done, keys, s) -> {
          clockAtRound.add(clock.get());
          states.add(s);
        }).build().check(twoHardKeys(), Models.kv(null));
    assertTrue(clockAtRound.size() >= 3, "rounds: " + states);

    clock.set(0);
    long budget = clockAtRound.get(1) - 1_000_000; // the deadline: the last look of round 2
    LinearizabilityResult r = Linearizability.custom().maxStates(Long.MAX_VALUE)
        .maxDuration(Duration.ofNanos(budget)).ticker(() -> clock.addAndGet(1_000_000)).build()
        .check(twoHardKeys(), Models.kv(null));
    assertEquals(Verdict.UNKNOWN, r.valid());
    assertTrue(r.states() >= states.get(1),
        "the answer's " + r.states() + " states include round 2's " + states.get(1));
  }
}
