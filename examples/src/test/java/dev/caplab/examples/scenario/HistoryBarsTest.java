package dev.caplab.examples.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.caplab.history.History;
import dev.caplab.history.HistoryRecorder;
import dev.caplab.history.Op;
import dev.caplab.report.SpaceTime;
import dev.caplab.report.SpaceTime.Operation;
import dev.caplab.report.SpaceTime.Outcome;
import java.util.List;
import org.junit.jupiter.api.Test;

class HistoryBarsTest {

  private static List<Operation> bars(History h, long from, long to) {
    SpaceTime.Builder d = SpaceTime.builder("d", "t", List.of("r1", "c0", "c1"), from, to);
    HistoryBars.add(d, h, p -> p + 1, o -> o.output() != null && o.output().equals(1L), from, to);
    return d.build().operations();
  }

  @Test
  void eachOperationIsABarOnItsClientsLineColouredByHowItEnded() {
    HistoryRecorder r = new HistoryRecorder();
    HistoryRecorder.Handle w1 = r.invoke(0, Op.Fn.WRITE, null, 1L, 10);
    r.ok(w1, 1L, 20);
    HistoryRecorder.Handle w2 = r.invoke(0, Op.Fn.WRITE, null, 2L, 30);
    HistoryRecorder.Handle read = r.invoke(1, Op.Fn.READ, null, null, 35);
    r.ok(w2, 2L, 40);
    r.info(read, null, 45); // the client gave up waiting: its bar ends here
    r.ok(r.invoke(1, Op.Fn.READ, null, null, 50), 1L, 60); // missed the write of 2: stale
    r.fail(r.invoke(0, Op.Fn.WRITE, null, 3L, 70), 3L, 80);
    assertEquals(List.of(
        new Operation(1, 10, 20, "write 1", Outcome.OK),
        new Operation(1, 30, 40, "write 2", Outcome.OK),
        new Operation(2, 35, 45, "read -> ?", Outcome.UNKNOWN),
        new Operation(2, 50, 60, "read -> 1", Outcome.STALE),
        new Operation(1, 70, 80, "write 3", Outcome.FAILED)), bars(r.history(), 0, 100));
  }

  @Test
  void onlyOperationsInTheWindowAreDrawnCutToIt() {
    HistoryRecorder r = new HistoryRecorder();
    r.ok(r.invoke(0, Op.Fn.WRITE, "k", 1L, 10), 1L, 20);
    HistoryRecorder.Handle w2 = r.invoke(0, Op.Fn.WRITE, "k", 2L, 30);
    r.invoke(1, Op.Fn.READ, "k", null, 55); // never answered: its bar runs to the window's end
    r.ok(w2, 2L, 60);
    r.ok(r.invoke(0, Op.Fn.WRITE, "k", 3L, 90), 3L, 95);
    assertEquals(List.of(
        new Operation(1, 40, 60, "write k 2", Outcome.OK),
        new Operation(2, 55, 70, "read k -> ?", Outcome.UNKNOWN)), bars(r.history(), 40, 70));
  }
}
