package dev.caplab.check;

import static dev.caplab.check.LinearizabilityTest.A;
import static dev.caplab.check.LinearizabilityTest.R;
import static dev.caplab.check.LinearizabilityTest.W;
import static dev.caplab.check.LinearizabilityTest.history;
import static dev.caplab.check.LinearizabilityTest.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.caplab.history.History;
import dev.caplab.history.HistoryRecorder;
import dev.caplab.history.Op;
import dev.caplab.history.Operation;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A counterexample names clients, prints times as asked, and explains a stale read. */
class CounterexampleTest {

  private static final long MS = 1_000_000L;

  /** c0 writes 1 then 2; c1, strictly after the second write completed, reads 1. */
  private static History staleRead() {
    HistoryRecorder rec = new HistoryRecorder().name(0, "c0").name(1, "c1");
    HistoryRecorder.Handle w1 = rec.invoke(0, Op.Fn.WRITE, null, 1L, 0);
    rec.ok(w1, 1L, 10 * MS);
    HistoryRecorder.Handle w2 = rec.invoke(0, Op.Fn.WRITE, null, 2L, 20 * MS);
    rec.ok(w2, 2L, 30 * MS);
    HistoryRecorder.Handle r = rec.invoke(1, Op.Fn.READ, null, null, 1_040 * MS);
    rec.ok(r, 1L, 1_050 * MS);
    return rec.history();
  }

  @Test
  void aStaleReadSaysWhichWriteItMissedAndWhichItReturned() {
    History h = staleRead();
    Counterexample c = Linearizability.ofDefaults().check(h, Models.register()).counterexample();
    assertEquals(1, c.reads().size());
    Counterexample.StuckRead read = c.reads().get(0);
    assertSame(c.stuck().get(0), read.read());
    assertEquals(h.operations().get(0), read.returned());
    assertEquals(h.operations().get(1), read.missed());
    assertEquals("""
        longest linearizable prefix has 2 operations:
            1. c0 write 1 ok [0s, 10ms]
            2. c0 write 2 ok [20ms, 30ms]
        state after it: 2
        none of these can be placed next:
               c1 read -> 1 ok [1.04s, 1.05s]
                 it returned the value of c0 write 1 ok [0s, 10ms]
                 it missed c0 write 2 ok [20ms, 30ms], which completed before the read began
        (times: the history's nanoseconds)
        """, c.describe(Counterexample.Times.NANOSECONDS));
    String raw = c.describe();
    assertEquals("       c1 read -> 1 ok [1040000000, 1050000000]", raw.lines().toList().get(5));
  }

  @Test
  void aReadConcurrentWithTheStateWriteMissedNothing() {
    // Another read saw 2 before this one began, but the write of 2 completes after it began:
    // not linearizable, yet the read missed no completed write.
    HistoryRecorder rec = new HistoryRecorder();
    HistoryRecorder.Handle w1 = rec.invoke(0, Op.Fn.WRITE, null, 1L, 0);
    rec.ok(w1, 1L, 10);
    HistoryRecorder.Handle seen = rec.invoke(2, Op.Fn.READ, null, null, 12);
    HistoryRecorder.Handle w2 = rec.invoke(0, Op.Fn.WRITE, null, 2L, 15);
    rec.ok(seen, 2L, 25);
    HistoryRecorder.Handle stale = rec.invoke(1, Op.Fn.READ, null, null, 27);
    rec.ok(w2, 2L, 30);
    rec.ok(stale, 1L, 40);
    Counterexample c = Linearizability.ofDefaults().check(rec.history(), Models.register())
        .counterexample();
    for (Counterexample.StuckRead r : c.reads()) {
      if (r.read().process() == 1) {
        assertNull(r.missed(), c::describe);
        assertEquals(1L, r.returned().input());
      }
    }
    assertEquals(1, c.reads().size(), c::describe);
    assertEquals("process 1 read -> 1 ok [27, 40]",
        c.describe(rec.history().operations().get(3), Counterexample.Times.RAW));
  }

  @Test
  void theStateIsAlsoATypedValue() {
    Counterexample c = Linearizability.ofDefaults().check(staleRead(), Models.register())
        .counterexample();
    assertEquals(2L, c.stateValue());
    HistoryRecorder rec = new HistoryRecorder();
    HistoryRecorder.Handle r = rec.invoke(0, Op.Fn.READ, "k", null, 0);
    rec.ok(r, "x", 1);
    Counterexample initial = Linearizability.ofDefaults().check(rec.history(), Models.kv(null))
        .counterexample();
    assertEquals("null", initial.state());
    assertNull(initial.stateValue());
    assertEquals(List.of(), initial.reads().stream().filter(x -> x.returned() != null).toList());
  }

  private static Counterexample counterexample(History h, Model<Object> model) {
    LinearizabilityResult r = Linearizability.ofDefaults().check(h, model);
    assertEquals(Verdict.FALSE, r.valid(), r::toString);
    return r.counterexample();
  }

  /** A key's counterexample names the key, and a one-operation prefix is one "operation". */
  @Test
  void aKeysCounterexampleNamesTheKeyAndCountsInTheSingular() {
    HistoryRecorder rec = new HistoryRecorder();
    HistoryRecorder.Handle w = rec.invoke(0, Op.Fn.WRITE, "k", "x", 0);
    rec.ok(w, "x", 10);
    HistoryRecorder.Handle r = rec.invoke(1, Op.Fn.READ, "k", null, 20);
    rec.ok(r, null, 30);
    assertEquals("""
        key "k": longest linearizable prefix has 1 operation:
            1. process 0 write "k" "x" ok [0, 10]
        state after it: "x"
        none of these can be placed next:
               process 1 read "k" -> null ok [20, 30]
                 it missed process 0 write "k" "x" ok [0, 10], which completed before the read began
        """, counterexample(rec.history(), Models.kv(null)).describe());
  }

  /** Operations print their values as the history holds them: strings quoted, cas as a pair. */
  @Test
  void operationsPrintUnfinishedEndsStringsAndCasPairs() {
    HistoryRecorder rec = new HistoryRecorder();
    HistoryRecorder.Handle cas = rec.invoke(0, Op.Fn.CAS, null, Op.casValue("a", "b"), 0);
    rec.ok(cas, Op.casValue("a", "b"), 10);
    rec.invoke(1, Op.Fn.WRITE, null, "c", 20);
    History h = rec.history();
    Counterexample c = counterexample(h, Models.casRegister(null));
    List<Operation> ops = h.operations();
    assertEquals("process 0 cas [\"a\", \"b\"] ok [0, 10]",
        c.describe(ops.get(0), Counterexample.Times.RAW));
    assertEquals("process 1 write \"c\" info [20ns, never]",
        c.describe(ops.get(1), Counterexample.Times.NANOSECONDS));
  }

  /**
   * The write a stale read missed may be the prefix's first operation; it is a write the read
   * began strictly after, not one that completed at the instant the read began (the checker
   * takes operations that touch at an instant as concurrent).
   */
  @Test
  void theMissedWriteCompletedStrictlyBeforeTheRead() {
    History first = history(ok(0, W, 1L, null, 0, 10),
        ok(1, R, null, null, 20, 30));
    Counterexample c = counterexample(first, Models.register());
    assertEquals(List.of(first.operations().get(0)), c.prefix());
    assertEquals(first.operations().get(0), c.reads().get(0).missed());

    // w1, w2 [20, 30], a read of 2 that completed at 29, then a read of 1 invoked at 30
    History touching = history(
        ok(0, W, 1L, null, 0, 10),
        ok(0, W, 2L, null, 20, 30),
        ok(2, R, null, 2L, 25, 29),
        ok(1, R, null, 1L, 30, 40));
    Counterexample t = counterexample(touching, Models.register());
    Counterexample.StuckRead stale = t.reads().stream().filter(r -> r.read().process() == 1)
        .findFirst().orElseThrow(() -> new AssertionError(t.describe()));
    assertEquals(2L, t.stateValue(), t::describe);
    assertNull(stale.missed(), t::describe);
    assertEquals(touching.operations().get(0), stale.returned());
  }

  /**
   * A read returned the value of the write of it invoked last before the read completed: here
   * the second write of 1, and of two writes of 1 invoked at one instant, the later in the
   * history.
   */
  @Test
  void aReadReturnedTheLastInvokedWriteOfItsValue() {
    History again = history(
        ok(0, W, 1L, null, 0, 10),
        ok(0, W, 2L, null, 20, 30),
        ok(0, W, 1L, null, 40, 50),
        ok(0, W, 3L, null, 60, 70),
        ok(1, R, null, 1L, 100, 110));
    Counterexample c = counterexample(again, Models.register());
    assertEquals(again.operations().get(2), c.reads().get(0).returned(), c::describe);
    assertEquals(again.operations().get(3), c.reads().get(0).missed(), c::describe);

    History together = history(
        ok(0, W, 1L, null, 0, 10),
        ok(2, W, 1L, null, 0, 10),
        ok(0, W, 2L, null, 20, 30),
        ok(1, R, null, 1L, 100, 110));
    Counterexample t = counterexample(together, Models.register());
    assertEquals(2, t.reads().get(0).returned().process(), t::describe);
  }

  /** A string built by appends has no single writer, so its stuck reads name none. */
  @Test
  void aStateBuiltByAppendsExplainsNoRead() {
    History h = history(
        ok(0, A, "x", null, 0, 10),
        ok(1, R, null, null, 20, 30));
    Counterexample c = counterexample(h, Models.register());
    assertEquals("\"x\"", c.state());
    assertEquals(List.of(), c.reads());
    assertTrue(c.describe().endsWith("process 1 read -> null ok [20, 30]\n"), c::describe);
  }
}
