package dev.caplab.check;

import static dev.caplab.check.LinearizabilityTest.R;
import static dev.caplab.check.LinearizabilityTest.W;
import static dev.caplab.check.LinearizabilityTest.history;
import static dev.caplab.check.LinearizabilityTest.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.caplab.history.History;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Edges of the search's entry order and of its linearized-set bookkeeping. */
class WglSearchEdgesTest {

  /**
   * A read invoked at the instant a write completes is concurrent with it (calls sort before
   * returns at equal times), so it may still return the value before that write. Twenty earlier
   * writes make the entries many enough that the sort compares the tied pair both ways round.
   */
  @Test
  void aCallAtTheInstantOfAReturnIsConcurrentWithIt() {
    assertEquals(Verdict.TRUE, touching(1010).valid());
    assertEquals(Verdict.FALSE, touching(1011).valid());
  }

  /** Twenty sequential writes, then write 1, write 2 ending at 1010, and a read of 1 from readAt. */
  private static LinearizabilityResult touching(long readAt) {
    List<LinearizabilityTest.E> ops = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      ops.add(ok(3, W, 100L + i, null, 10L * i, 10L * i + 5));
    }
    ops.add(ok(0, W, 1L, null, 1000, 1001));
    ops.add(ok(1, W, 2L, null, 1005, 1010));
    ops.add(ok(2, R, null, 1L, readAt, 1020));
    return Linearizability.ofDefaults()
        .check(history(ops.toArray(LinearizabilityTest.E[]::new)), Models.register());
  }

  /**
   * 64 operations, one word of the linearized set: a read invoked first returns the value of the
   * last of 63 sequential writes, so it is linearized last, below every other operation, when the
   * whole word is full.
   */
  @Test
  void theLowestOperationLinearizedLastFillsTheWord() {
    List<LinearizabilityTest.E> ops = new ArrayList<>();
    ops.add(ok(0, R, null, 63L, 0, 10_000));
    for (int i = 1; i <= 63; i++) {
      ops.add(ok(1, W, (long) i, null, 10L * i, 10L * i + 5));
    }
    History h = history(ops.toArray(LinearizabilityTest.E[]::new));
    assertEquals(64, h.operations().size());
    LinearizabilityResult r = Linearizability.ofDefaults().check(h, Models.register());
    assertEquals(Verdict.TRUE, r.valid(), r::toString);
  }
}
