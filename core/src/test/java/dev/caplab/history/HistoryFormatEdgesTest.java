package dev.caplab.history;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Edges of reading a history line: one JSON object per line, nothing after it. */
class HistoryFormatEdgesTest {

  private static final String OP =
      "{\"process\":0,\"type\":\"invoke\",\"f\":\"write\",\"key\":\"x\",\"value\":1,\"time\":10}";

  /**
   * A second JSON value on the line is not silently dropped: two operations pasted onto one line
   * would otherwise lose the second one.
   */
  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {
      " {\"process\":1,\"type\":\"invoke\",\"f\":\"read\",\"value\":null,\"time\":11}", " 5", " null"})
  void aValidJsonValueAfterTheObjectIsRejected(String trailing) {
    HistoryFormatException e =
        assertThrows(HistoryFormatException.class, () -> HistoryFormat.parse(OP + trailing + "\n"));
    assertEquals(1, e.line());
    assertEquals("unexpected content after the JSON object", e.reason());
  }

  /** Times and values beyond 32 bits are ordinary: nanosecond clocks pass 2^31 after two seconds. */
  @Test
  void longTimesAndValuesAreRead() {
    long t = 3_000_000_000_123L;
    History h = HistoryFormat.parse(
        "{\"process\":0,\"type\":\"invoke\",\"f\":\"write\",\"value\":5000000000,\"time\":" + t + "}\n"
        + "{\"process\":0,\"type\":\"ok\",\"f\":\"write\",\"value\":5000000000,\"time\":" + (t + 1) + "}\n");
    Op invoke = h.events().get(0);
    assertEquals(t, invoke.time());
    assertEquals(5_000_000_000L, invoke.value());
  }

  /** A number past 64 bits is refused by naming the field, not as a JSON error. */
  @Test
  void aTimeBeyond64BitsNamesTheField() {
    HistoryFormatException e = assertThrows(HistoryFormatException.class, () -> HistoryFormat.parse(
        "{\"process\":0,\"type\":\"invoke\",\"f\":\"read\",\"value\":null,\"time\":99999999999999999999}\n"));
    assertEquals("time must be an integer (64-bit), got 99999999999999999999", e.reason());
  }

  /** A line that is not an object is quoted in the reason, cut after 40 characters. */
  @Test
  void aLineThatIsNotAnObjectIsQuotedUpTo40Characters() {
    String forty = "[" + "1,".repeat(18) + "11]";
    assertEquals(40, forty.length());
    for (String line : List.of(forty, "[1,2]")) {
      HistoryFormatException e =
          assertThrows(HistoryFormatException.class, () -> HistoryFormat.parse(line + "\n"));
      assertEquals("expected a JSON object {...}, found " + line, e.reason());
    }
    String longer = "[" + "1,".repeat(30) + "1]";
    HistoryFormatException e =
        assertThrows(HistoryFormatException.class, () -> HistoryFormat.parse(longer + "\n"));
    assertEquals("expected a JSON object {...}, found " + longer.substring(0, 40) + "...", e.reason());
  }

  /** A process number past the int range is refused, not wrapped onto another process. */
  @Test
  void aProcessPastTheIntRangeIsRefused() {
    HistoryFormatException e = assertThrows(HistoryFormatException.class, () -> HistoryFormat.parse(
        "{\"process\":4294967296,\"type\":\"invoke\",\"f\":\"read\",\"value\":null,\"time\":1}\n"));
    assertEquals("process must be between 0 and 2147483647, got 4294967296", e.reason());
    History h = HistoryFormat.parse(
        "{\"process\":2147483647,\"type\":\"invoke\",\"f\":\"read\",\"value\":null,\"time\":1}\n");
    assertEquals(Integer.MAX_VALUE, h.events().get(0).process(), "the largest int is a process");
  }

  /** The two values of a cas are scalars; a nested object is named as what it is. */
  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"object", "list"})
  void aNestedValueInACasIsRefusedByName(String nested) {
    String item = nested.equals("object") ? "{\"a\":1}" : "[1]";
    HistoryFormatException e = assertThrows(HistoryFormatException.class, () -> HistoryFormat.parse(
        "{\"process\":0,\"type\":\"invoke\",\"f\":\"cas\",\"value\":[" + item + ",2],\"time\":1}\n"));
    assertEquals("value list items must be integers, strings or null, found a nested " + nested,
        e.reason());
  }
}
