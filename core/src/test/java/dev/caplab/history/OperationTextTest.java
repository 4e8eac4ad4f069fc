package dev.caplab.history;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * An operation as explanations print it (process, function, key, value, outcome, interval), and
 * whether it completed at a known time.
 */
class OperationTextTest {

  /** Four operations: a keyed write, a read that saw it, a failed cas, a read left outstanding. */
  private static List<Operation> operations() {
    HistoryRecorder r = new HistoryRecorder();
    HistoryRecorder.Handle w = r.invoke(0, Op.Fn.WRITE, "x", 1L, 10);
    HistoryRecorder.Handle rd = r.invoke(1, Op.Fn.READ, "x", null, 12);
    r.ok(w, 1L, 20);
    r.ok(rd, 1L, 22);
    HistoryRecorder.Handle c = r.invoke(0, Op.Fn.CAS, null, Op.casValue(1L, "two"), 30);
    r.fail(c, null, 31);
    r.invoke(2, Op.Fn.READ, null, null, 40);
    return r.history().operations();
  }

  @Test
  void anOperationReadsAsItsCallOutcomeAndInterval() {
    List<Operation> ops = operations();
    assertEquals("process 0 write \"x\" 1 ok [10, 20]", ops.get(0).toString());
    assertEquals("process 1 read \"x\" -> 1 ok [12, 22]", ops.get(1).toString());
    assertEquals("process 0 cas [1, \"two\"] fail [30, 31]", ops.get(2).toString());
    assertEquals("process 2 read -> ? info [40, never]", ops.get(3).toString(),
        "an unknown outcome has no completion time to print");
  }

  @Test
  void onlyAnOperationWithUnknownOutcomeIsNotCompleted() {
    List<Operation> ops = operations();
    assertTrue(ops.get(0).completed());
    assertTrue(ops.get(2).completed(), "a failed operation completed at a known time");
    assertFalse(ops.get(3).completed());
    assertEquals(Operation.NEVER, ops.get(3).completeTime());
  }
}
