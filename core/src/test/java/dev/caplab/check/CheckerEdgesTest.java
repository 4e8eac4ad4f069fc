package dev.caplab.check;

import static dev.caplab.check.LinearizabilityTest.A;
import static dev.caplab.check.LinearizabilityTest.R;
import static dev.caplab.check.LinearizabilityTest.W;
import static dev.caplab.check.LinearizabilityTest.check;
import static dev.caplab.check.LinearizabilityTest.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.caplab.history.History;
import dev.caplab.history.HistoryFormat;
import dev.caplab.history.Op;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Checker cases the wider suites do not pin: appends to a register that starts empty, writes that
 * complete in another order than they were invoked, and history equality itself (which every
 * round-trip test relies on).
 */
class CheckerEdgesTest {

  @Test
  void anAppendToAnEmptyRegisterStartsTheString() {
    assertEquals(Verdict.TRUE, check(Models.register(),
        ok(0, A, "x", null, 0, 10), ok(1, R, null, "x", 20, 30)).valid());
    assertEquals(Verdict.TRUE, check(Models.register(),
        ok(0, A, "x", null, 0, 10), ok(0, A, "y", null, 20, 30), ok(1, R, null, "xy", 40, 50)).valid());
    assertEquals(Verdict.TRUE, check(Models.kv(null),
        LinearizabilityTest.kv(0, A, "k", "x", null, 0, 10), LinearizabilityTest.kv(1, R, "k", null, "x", 20, 30))
        .valid());
    // the empty register is not the string "": nothing was appended, so nothing reads back
    assertEquals(Verdict.FALSE, check(Models.register(),
        ok(0, A, "x", null, 0, 10), ok(1, R, null, null, 20, 30)).valid());
    // appending to a number cannot happen
    assertEquals(Verdict.FALSE, check(Models.register(),
        ok(0, W, 5L, null, 0, 10), ok(0, A, "x", null, 20, 30)).valid());
  }

  @Test
  void stalenessRanksWritesByCompletionNotInvocation() {
    // write 1 is invoked first but completes last: a read of 2 after both is one write behind
    History h = new StalenessTest.Ops()
        .write(1, 0, 40)
        .write(2, 10, 20)
        .read(2L, 50, 60)
        .read(1L, 50, 60)
        .history();
    StalenessResult r = Staleness.ofDefaults().analyze(h);
    List<Integer> ks = r.perRead().stream().map(StalenessResult.ReadStaleness::k).toList();
    assertEquals(List.of(1, 0), ks);
    assertEquals(10L, r.perRead().get(0).tVisibility());
    assertEquals(1, r.staleReads());
  }

  @Test
  void stalenessCountsWritesCompletedStrictlyBeforeTheReadAndOnlyOkReads() {
    History h = new StalenessTest.Ops()
        .write(1, 0, 10)
        .read(null, 10, 20)   // invoked as the write completed: not behind it
        .read(null, 11, 20)   // invoked after: one write behind
        .op(Op.Fn.READ, null, null, Op.Type.FAIL, null, 30, 40)
        .op(Op.Fn.READ, null, null, null, null, 50, 0)
        .history();
    StalenessResult r = Staleness.ofDefaults().analyze(h);
    assertEquals(2, r.reads(), "failed and unfinished reads are not measured");
    assertEquals(List.of(0, 1), r.perRead().stream().map(StalenessResult.ReadStaleness::k).toList());
    assertEquals(List.of(0, 1), r.perRead().stream().map(StalenessResult.ReadStaleness::completedWrites).toList());
  }

  @Test
  void historiesAreEqualExactlyWhenTheirEventsAre() {
    History a = History.of(List.of(Op.invoke(0, Op.Fn.WRITE, null, 1L, 0), new Op(0, Op.Type.OK, Op.Fn.WRITE, null, 1L, 5)));
    History same = History.of(List.of(Op.invoke(0, Op.Fn.WRITE, null, 1L, 0), new Op(0, Op.Type.OK, Op.Fn.WRITE, null, 1L, 5)));
    History otherValue = History.of(List.of(Op.invoke(0, Op.Fn.WRITE, null, 2L, 0), new Op(0, Op.Type.OK, Op.Fn.WRITE, null, 2L, 5)));
    History otherTime = History.of(List.of(Op.invoke(0, Op.Fn.WRITE, null, 1L, 0), new Op(0, Op.Type.OK, Op.Fn.WRITE, null, 1L, 6)));
    assertEquals(a, same);
    assertEquals(a.hashCode(), same.hashCode());
    assertNotEquals(a, otherValue);
    assertNotEquals(a, otherTime);
    assertNotEquals(a, History.empty());
    assertNotEquals(History.empty(), a);
    assertNotEquals(a, "a history");
    assertNotEquals(a, HistoryFormat.parse(HistoryFormat.toString(otherValue)));
    assertEquals(a, HistoryFormat.parse(HistoryFormat.toString(a)));
  }
}
