package dev.caplab.history;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * A history is a value: built from a list, by the recorder or read from a file, equal histories are
 * equal and hash alike, different ones spread over hash codes, and bad input is named.
 */
class HistoryEqualityTest {

  private static History oneWrite(long time) {
    return History.of(List.of(Op.invoke(0, Op.Fn.WRITE, "x", 1L, time)));
  }

  @Test
  void theEmptyHistoryIsTheHistoryOfNoEvents() {
    History empty = History.empty();
    assertTrue(empty.isEmpty());
    assertEquals(List.of(), empty.events());
    assertEquals(List.of(), empty.operations());
    assertEquals(List.of(), empty.keys());
    assertEquals(Map.of(), empty.processNames());
    assertEquals(History.of(List.of()), empty);
    assertEquals(History.of(List.of()).hashCode(), empty.hashCode());
    assertEquals(new HistoryRecorder().history(), empty);
    assertEquals("History[0 events, 0 operations]", empty.toString());
  }

  @Test
  void theSameEventsMakeEqualHistoriesHowEverTheyAreBuilt() {
    HistoryRecorder r = new HistoryRecorder();
    HistoryRecorder.Handle w = r.invoke(0, Op.Fn.WRITE, "x", 1L, 10);
    r.ok(w, 1L, 20);
    History recorded = r.history();
    History listed = History.of(List.of(Op.invoke(0, Op.Fn.WRITE, "x", 1L, 10),
        new Op(0, Op.Type.OK, Op.Fn.WRITE, "x", 1L, 20)));
    History read = HistoryFormat.parse(HistoryFormat.toString(recorded));
    for (History h : List.of(listed, read)) {
      assertEquals(recorded, h);
      assertEquals(recorded.hashCode(), h.hashCode());
    }
    History named = recorded.withProcessNames(Map.of(0, "c0"));
    assertNotEquals(recorded, named, "names are part of a history");
    assertEquals(named, listed.withProcessNames(Map.of(0, "c0")));
    assertEquals(named.hashCode(), listed.withProcessNames(Map.of(0, "c0")).hashCode());
  }

  /**
   * Histories used as keys (a corpus of seen histories, a cache of verdicts) must spread over many
   * hash codes: here, histories of one write that differ only in its time by one tick.
   */
  @Test
  void distinctHistoriesSpreadOverHashCodes() {
    Set<Integer> codes = new HashSet<>();
    int n = 200;
    for (int t = 0; t < n; t++) {
      codes.add(oneWrite(t).hashCode());
    }
    assertEquals(n, codes.size(), "histories one tick apart should not share hash codes");
    Set<Integer> named = new HashSet<>();
    for (int p = 0; p < n; p++) {
      named.add(oneWrite(0).withProcessNames(Map.of(0, "client-" + p)).hashCode());
    }
    assertEquals(n, named.size(), "histories that differ only in a name should not share hash codes");
  }

  @Test
  void aNullEventIsNamedByItsIndex() {
    List<Op> events = Arrays.asList(Op.invoke(0, Op.Fn.READ, null, null, 1), null);
    NullPointerException e = assertThrows(NullPointerException.class, () -> History.of(events));
    assertEquals("events[1] is null", e.getMessage());
  }

  @Test
  void aMissingProcessNameIsReportedAsNullNotAsAString() {
    Map<Integer, String> names = new HashMap<>();
    names.put(3, null);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> History.empty().withProcessNames(names));
    assertEquals("name of process 3 must be a non-blank string, got null", e.getMessage());
    names.put(3, "null");
    assertEquals(Map.of(3, "null"), History.empty().withProcessNames(names).processNames(),
        "the word null is a name like any other");
  }

  /** A completion listed before its own invocation names both by their places in the list. */
  @Test
  void aCompletionBeforeItsInvocationNamesBothPositions() {
    List<Op> events = List.of(Op.invoke(1, Op.Fn.READ, null, null, 1),
        Op.invoke(0, Op.Fn.WRITE, null, 2L, 10), new Op(0, Op.Type.OK, Op.Fn.WRITE, null, 2L, 9));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> History.of(events));
    assertEquals("events[2]: ok write by process 0 at time 9 is before its own invoke at time 10"
        + " (events[1]); a completion cannot precede its invocation", e.getMessage());
  }

  @Test
  void aHistoryWithEventsIsNotEmptyAndCountsThem() {
    History h = History.of(List.of(Op.invoke(0, Op.Fn.WRITE, "x", 1L, 10),
        new Op(0, Op.Type.OK, Op.Fn.WRITE, "x", 1L, 20), Op.invoke(1, Op.Fn.READ, "y", null, 30)));
    assertFalse(h.isEmpty());
    assertEquals("History[3 events, 2 operations]", h.toString());
    assertEquals(Arrays.asList("x", "y"), h.keys());
  }

  @Test
  void theEventListIsSortedStablyByTime() {
    List<Op> events = new ArrayList<>(List.of(
        Op.invoke(1, Op.Fn.READ, null, null, 5),
        Op.invoke(0, Op.Fn.WRITE, null, 2L, 5),
        new Op(1, Op.Type.OK, Op.Fn.READ, null, null, 7),
        new Op(0, Op.Type.OK, Op.Fn.WRITE, null, 2L, 6)));
    History h = History.of(events);
    assertEquals(List.of(events.get(0), events.get(1), events.get(3), events.get(2)), h.events());
  }
}
