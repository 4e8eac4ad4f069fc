package dev.caplab.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.caplab.history.History;
import dev.caplab.history.HistoryRecorder;
import dev.caplab.history.Op;
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
}
