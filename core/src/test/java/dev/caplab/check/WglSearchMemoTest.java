package dev.caplab.check;

import static dev.caplab.check.LinearizabilityTest.history;
import static dev.caplab.check.LinearizabilityTest.kv;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.caplab.history.History;
import dev.caplab.history.Op;
import dev.caplab.history.Operation;
import dev.caplab.time.Ticker;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * The search explores each (linearized set, state) pair exactly once, and a refuted key decides
 * the check at once.
 */
class WglSearchMemoTest {

  /**
   * {@code n} concurrent writes of distinct values and a read of a value nobody wrote: every
   * non-empty set of writes, with any of its members written last, is a reachable pair, so a
   * refutation that explores each once stores n * 2^(n-1) states. More would mean the memo
   * missed pairs it had seen (a linearized set kept wrong after a memo hit); fewer, that it
   * pruned pairs it had not.
   */
  @ParameterizedTest(name = "{0} writers")
  @ValueSource(ints = {3, 6, 10})
  void aRefutationStoresEachPairOfSetAndStateOnce(int writers) {
    LinearizabilityResult r =
        Linearizability.ofDefaults().check(LinearizabilityTest.hard(writers), Models.register());
    assertEquals(Verdict.FALSE, r.valid());
    assertEquals((long) writers << (writers - 1), r.states());
  }

  /**
   * A key refuted in the first round decides the answer: FALSE with its counterexample, even
   * though the key after it would have run the state budget out in the same round.
   */
  @Test
  void aRefutedKeyAnswersAtOnceWhateverTheKeysAfterIt() {
    List<LinearizabilityTest.E> ops = new ArrayList<>();
    ops.add(kv(0, Op.Fn.WRITE, "a", 1L, null, 0, 10));
    ops.add(kv(0, Op.Fn.READ, "a", null, 2L, 20, 30));
    for (int i = 0; i < 14; i++) {
      ops.add(kv(10 + i, Op.Fn.WRITE, "b", (long) i, null, i, 1000));
    }
    ops.add(kv(30, Op.Fn.READ, "b", null, 999L, 500, 2000));
    History h = history(ops.toArray(LinearizabilityTest.E[]::new));

    LinearizabilityResult r = Linearizability.custom().maxStates(1000).build()
        .check(h, Models.kv(null));
    assertEquals(Verdict.FALSE, r.valid(), r::toString);
    assertNotNull(r.counterexample());
    assertEquals("a", r.counterexample().key());
  }

  /** A finished search, run again, answers with its outcome again rather than searching on. */
  @Test
  void aFinishedSearchReturnsItsOutcomeAgain() {
    History h = LinearizabilityTest.hard(3);
    List<Operation> ops = h.operations();
    WglSearch<Object> search = new WglSearch<>(ops, Models.register(), null, h.processNames());
    WglSearch.Outcome first = search.run(Ticker.system(), Long.MAX_VALUE, Long.MAX_VALUE, Long.MAX_VALUE);
    assertEquals(Verdict.FALSE, first.verdict());
    assertSame(first, search.run(Ticker.system(), Long.MAX_VALUE, Long.MAX_VALUE, Long.MAX_VALUE));
  }
}
