package dev.caplab.check;

import static dev.caplab.check.LinearizabilityTest.R;
import static dev.caplab.check.LinearizabilityTest.W;
import static dev.caplab.check.LinearizabilityTest.end;
import static dev.caplab.check.LinearizabilityTest.history;
import static dev.caplab.check.LinearizabilityTest.kv;
import static dev.caplab.check.LinearizabilityTest.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.caplab.history.History;
import dev.caplab.history.Op;
import dev.caplab.history.Operation;
import dev.caplab.history.SequentialHistories;
import dev.caplab.time.Ticker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The budgets' edges and what an answer reports: a budget is exhausted only once passed, a paused
 * search resumes with the rest of its budget in one slice, every answer counts the states of the
 * keys still searching, and the checker's own messages name what the user gave.
 */
class LinearizabilityBudgetEdgesTest {

  private static final long MIB = 1L << 20;
  private static final int FIRST_SLICE = 4096;

  /**
   * 6,000 states: the first round pauses at the first slice (4,096), the second runs on to one
   * state past the budget. Pausing short of the budget instead would cost rounds of one state.
   */
  @Test
  void aPausedSearchResumesWithTheRestOfItsStateBudgetInOneSlice() {
    List<Long> rounds = new ArrayList<>();
    LinearizabilityResult r = Linearizability.custom().maxStates(6000)
        .progress((done, keys, states) -> rounds.add(states)).build()
        .check(LinearizabilityTest.hard(14), Models.register());
    assertEquals(Verdict.UNKNOWN, r.valid());
    assertEquals(6001, r.states());
    assertEquals(List.of((long) FIRST_SLICE), rounds);
  }

  /**
   * Key "b" (5,000 sequential writes) is still searching when key "a" is refuted in the same
   * round: the FALSE answer counts b's first slice too.
   */
  @Test
  void aFalseAnswerCountsTheStatesOfTheKeysStillSearching() {
    List<LinearizabilityTest.E> ops = new ArrayList<>();
    for (int i = 0; i < 5000; i++) {
      ops.add(kv(0, W, "b", (long) i, null, 10L * i, 10L * i + 5));
    }
    ops.add(kv(1, W, "a", 1L, null, 1, 5));
    ops.add(kv(2, R, "a", null, 2L, 10, 20));
    LinearizabilityResult r = Linearizability.ofDefaults()
        .check(history(ops.toArray(LinearizabilityTest.E[]::new)), Models.kv(null));
    assertEquals(Verdict.FALSE, r.valid());
    assertEquals("a", r.counterexample().key());
    assertTrue(r.states() > FIRST_SLICE, "b's first slice counts: " + r.states());
  }

  /** The memory answer's states are its note's, and count every key's first round. */
  @Test
  void aMemoryAnswerCountsTheStatesItNames() {
    LinearizabilityResult r = Linearizability.custom().maxMemory(MIB).build()
        .check(SequentialHistories.kv(12_000, 2, 10, 1), Models.kv(null));
    assertEquals(Verdict.UNKNOWN, r.valid(), r::toString);
    assertTrue(r.states() > FIRST_SLICE, r::toString);
    assertEquals("memory budget of 1 MiB exhausted after " + r.states() + " states", r.note());
  }

  /**
   * Six keys of about 6,000 states each, whose memos after the first round hold {@code held}
   * bytes together: a budget of exactly {@code held} is not exhausted (the check goes on to the
   * next round), one byte less is.
   */
  @Test
  void aMemoryBudgetIsExhaustedOnlyOncePassed() {
    History history = SequentialHistories.kv(36_000, 6, 10, 1);
    Map<String, List<Operation>> byKey = new LinkedHashMap<>();
    for (Operation op : history.operations()) {
      byKey.computeIfAbsent(op.key(), k -> new ArrayList<>()).add(op);
    }
    long held = 0;
    for (Map.Entry<String, List<Operation>> key : byKey.entrySet()) {
      WglSearch<Object> search =
          new WglSearch<>(key.getValue(), Models.kv(null), key.getKey(), history.processNames());
      assertNull(search.run(Ticker.system(), Long.MAX_VALUE, FIRST_SLICE, Long.MAX_VALUE),
          "each key needs more than one slice");
      held += search.bytes();
    }
    assertTrue(held >= MIB, "the budget may not be below 1 MiB: " + held);

    List<Long> rounds = new ArrayList<>();
    Linearizability.custom().maxMemory(held).progress((done, keys, states) -> rounds.add(states))
        .build().check(history, Models.kv(null));
    assertEquals(6L * FIRST_SLICE, rounds.get(0), "the first round ends within the budget");

    List<Long> tighter = new ArrayList<>();
    LinearizabilityResult r = Linearizability.custom().maxMemory(held - 1)
        .progress((done, keys, states) -> tighter.add(states)).build()
        .check(history, Models.kv(null));
    assertEquals(Verdict.UNKNOWN, r.valid());
    assertEquals(List.of(), tighter);
  }

  @Test
  void theBudgetsAreReportedAsConfigured() {
    Linearizability c = Linearizability.custom().maxDuration(Duration.ofSeconds(3))
        .maxStates(12_345).build();
    assertEquals(Duration.ofSeconds(3), c.maxDuration());
    assertEquals(12_345, c.maxStates());
  }

  @Test
  void aTimeBudgetCanBeTakenBackWithNull() {
    Linearizability c = Linearizability.custom().maxDuration(Duration.ofSeconds(1))
        .maxDuration(null).build();
    assertNull(c.maxDuration());
    assertEquals("maxDuration must be > 0s, got 0s", assertThrows(IllegalArgumentException.class,
        () -> Linearizability.custom().maxDuration(Duration.ZERO)).getMessage());
  }

  @Test
  void aSingleRegisterModelNamesTheTwoKeysItWasGiven() {
    History h = history(ok(0, W, 1L, null, 0, 10), kv(1, R, "a", null, null, 20, 30));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Linearizability.ofDefaults().check(h, Models.register()));
    assertEquals("model register checks one register but the history has keys (none) and \"a\";"
        + " use model kv", e.getMessage());
  }

  /**
   * A read of unknown outcome constrains nothing and is dropped before the search, so it is no
   * part of a counterexample's prefix, though the null it carries would fit the initial state.
   */
  @Test
  void aReadOfUnknownOutcomeIsNoPartOfTheCounterexample() {
    History h = history(end(Op.Type.INFO, 0, R, null, 0, 10), ok(1, W, 1L, null, 20, 30),
        ok(2, R, null, 2L, 40, 50));
    LinearizabilityResult r = Linearizability.ofDefaults().check(h, Models.register());
    assertEquals(Verdict.FALSE, r.valid());
    assertEquals(List.of(h.operations().get(1)), r.counterexample().prefix());
  }
}
