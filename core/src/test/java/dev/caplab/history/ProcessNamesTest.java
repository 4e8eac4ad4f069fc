package dev.caplab.history;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** Processes may have names: the recorder takes them, the history keeps them, files carry them. */
class ProcessNamesTest {

  private static History named() {
    HistoryRecorder rec = new HistoryRecorder().name(1, "c1").name(0, "c0");
    HistoryRecorder.Handle w = rec.invoke(0, Op.Fn.WRITE, "x", 1L, 10);
    HistoryRecorder.Handle r = rec.invoke(1, Op.Fn.READ, "x", null, 12);
    rec.ok(w, 1L, 20);
    rec.ok(r, 1L, 22);
    return rec.history();
  }

  @Test
  void theRecordersNamesAreTheHistorysAndTheFilesAndReadBack() {
    History h = named();
    assertEquals(Map.of(0, "c0", 1, "c1"), h.processNames());
    assertEquals("c1", h.processName(1));
    assertEquals("process 7", h.processName(7));
    String text = HistoryFormat.toString(h);
    assertEquals("{\"process\":0,\"name\":\"c0\",\"type\":\"invoke\",\"f\":\"write\",\"key\":\"x\","
        + "\"value\":1,\"time\":10}", text.lines().findFirst().orElseThrow());
    History back = HistoryFormat.parse(text);
    assertEquals(h, back);
    assertEquals(h.processNames(), back.processNames());
  }

  @Test
  void namesAreOptionalPerLineButMustAgree() {
    String one = "{\"process\":0,\"type\":\"invoke\",\"f\":\"read\",\"value\":null,\"time\":1}\n";
    String named = one.replace("\"process\":0,", "\"process\":0,\"name\":\"c0\",");
    History h = HistoryFormat.parse(one + named.replace("invoke", "ok").replace(":1}", ":2}"));
    assertEquals(Map.of(0, "c0"), h.processNames());
    assertEquals(Map.of(), HistoryFormat.parse(one).processNames());
    HistoryFormatException clash = assertThrows(HistoryFormatException.class,
        () -> HistoryFormat.parse(named + named.replace("c0", "c9").replace("invoke", "ok")));
    assertEquals("line 2: name of process 0 is \"c9\" here but \"c0\" on an earlier line (one"
        + " name per process)", clash.getMessage());
    HistoryFormatException shared = assertThrows(HistoryFormatException.class,
        () -> HistoryFormat.parse(named + named.replace("\"process\":0", "\"process\":1")));
    assertEquals("line 2: name \"c0\" of process 1 is already the name of process 0 (names must"
        + " differ)", shared.getMessage());
    assertEquals("line 1: name must be a string (or absent), got 5", assertThrows(
        HistoryFormatException.class, () -> HistoryFormat.parse(named.replace("\"c0\"", "5")))
        .getMessage());
    assertEquals("line 1: name of process 0 must be a non-blank string, got \" \"", assertThrows(
        HistoryFormatException.class, () -> HistoryFormat.parse(named.replace("c0", " ")))
        .getMessage());
  }

  @Test
  void theRecorderRefusesASharedOrBlankName() {
    HistoryRecorder rec = new HistoryRecorder().name(0, "c0");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> rec.name(1, "c0"));
    assertEquals("name of process 1 must differ from the other processes' names, got \"c0\", the"
        + " name of process 0", e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> rec.name(-1, "x"));
    assertThrows(IllegalArgumentException.class, () -> rec.name(2, ""));
    rec.name(0, "client-0");
    assertEquals(Map.of(0, "client-0"), rec.history().processNames());
  }
}
