package dev.caplab.examples.quorum;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.caplab.history.History;
import dev.caplab.history.HistoryRecorder;
import dev.caplab.history.Op;
import dev.caplab.history.Operation;
import java.util.List;
import org.junit.jupiter.api.Test;

class StaleReadsTest {

  private final HistoryRecorder h = new HistoryRecorder();

  private void write(int p, String v, long from, long to, boolean ok) {
    HistoryRecorder.Handle w = h.invoke(p, Op.Fn.WRITE, "k", v, from);
    if (ok) {
      h.ok(w, v, to);
    } else {
      h.info(w, v, to);
    }
  }

  private void read(int p, String v, long from, long to) {
    h.ok(h.invoke(p, Op.Fn.READ, "k", null, from), v, to);
  }

  private List<Object> staleValues() {
    History history = h.history();
    return StaleReads.of(history).stream().map(Operation::output).map(o -> (Object) (o == null ? "null" : o)).toList();
  }

  @Test
  void aReadOlderThanACompletedWriteIsStale() {
    write(0, "a", 0, 10, true);
    write(0, "b", 20, 30, true);
    read(1, "a", 40, 50); // b completed before the read began: stale
    read(1, "b", 60, 70);
    read(2, null, 80, 90); // the initial value after completed writes: stale
    assertEquals(List.of("a", "null"), staleValues());
  }

  @Test
  void concurrentWritesAndUnknownOutcomesAreNotStale() {
    HistoryRecorder.Handle a = h.invoke(0, Op.Fn.WRITE, "k", "a", 0);
    HistoryRecorder.Handle b = h.invoke(1, Op.Fn.WRITE, "k", "b", 5);
    h.ok(a, "a", 10);
    h.ok(b, "b", 15); // a and b overlap: either order is fine
    read(2, "a", 20, 30);
    write(0, "c", 40, 50, false); // unknown outcome: never "completed"
    read(2, "b", 60, 70);
    HistoryRecorder.Handle d = h.invoke(1, Op.Fn.WRITE, "k", "d", 80);
    read(2, "b", 90, 100); // d had not completed when the read began
    h.ok(d, "d", 200);
    assertEquals(List.of(), staleValues());
  }

  @Test
  void aValueNobodyWroteIsAnError() {
    write(0, "a", 0, 10, true);
    read(1, "zzz", 20, 30);
    assertThrows(IllegalArgumentException.class, () -> StaleReads.of(h.history()));
  }
}
