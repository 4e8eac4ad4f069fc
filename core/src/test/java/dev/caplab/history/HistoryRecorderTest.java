package dev.caplab.history;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class HistoryRecorderTest {

  @Test
  void recordsPairsAndLeavesOutstandingOpsUnknown() {
    HistoryRecorder r = new HistoryRecorder();
    HistoryRecorder.Handle w = r.invoke(0, Op.Fn.WRITE, "x", 1L, 10);
    HistoryRecorder.Handle rd = r.invoke(1, Op.Fn.READ, "x", null, 11);
    r.ok(w, 1L, 20);
    r.info(rd, null, 21);
    HistoryRecorder.Handle c = r.invoke(0, Op.Fn.CAS, "x", Op.casValue(1L, 2L), 22);
    r.fail(c, null, 23);
    r.invoke(2, Op.Fn.WRITE, "x", 3L, 24);
    History h = r.history();
    assertEquals(7, h.events().size());
    assertEquals(4, h.operations().size());
    assertEquals(Operation.Status.OK, h.operations().get(0).status());
    assertEquals(Operation.Status.INFO, h.operations().get(1).status());
    assertEquals(Operation.Status.FAIL, h.operations().get(2).status());
    assertEquals(Operation.Status.INFO, h.operations().get(3).status());
    assertEquals(h, HistoryFormat.parse(HistoryFormat.toString(h)));
  }

  @Test
  void oneOutstandingOperationPerProcessAndNoDoubleCompletion() {
    HistoryRecorder r = new HistoryRecorder();
    HistoryRecorder.Handle w = r.invoke(0, Op.Fn.WRITE, null, 1L, 10);
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> r.invoke(0, Op.Fn.READ, null, null, 11));
    assertEquals("process 0 already has an outstanding write invoked at 10 (at most one outstanding"
        + " operation per process)", e.getMessage());
    r.ok(w, 1L, 12);
    assertThrows(IllegalStateException.class, () -> r.ok(w, 1L, 13));
    IllegalArgumentException t = assertThrows(IllegalArgumentException.class,
        () -> r.invoke(1, Op.Fn.READ, null, null, 5));
    assertEquals("time 5 is before the previous event's time 12 (times must not decrease)",
        t.getMessage());
    assertThrows(IllegalArgumentException.class, () -> r.invoke(1, Op.Fn.CAS, null, 1L, 20));
  }
}
