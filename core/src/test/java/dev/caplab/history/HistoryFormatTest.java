package dev.caplab.history;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class HistoryFormatTest {

  /** The format's reference example with its lines in time order (see below for its printed order). */
  static final String DESIGN_EXAMPLE = """
      {"process":0,"type":"invoke","f":"write","key":"x","value":1,"time":1000}
      {"process":1,"type":"invoke","f":"read","key":"x","value":null,"time":1200}
      {"process":0,"type":"ok","f":"write","key":"x","value":1,"time":2500}
      {"process":1,"type":"ok","f":"read","key":"x","value":1,"time":2600}
      {"process":2,"type":"invoke","f":"cas","key":"x","value":[1,2],"time":3000}
      {"process":2,"type":"fail","f":"cas","key":"x","value":[1,2],"time":3100}
      """;

  static final String GOOD = """
      {"process":0,"type":"invoke","f":"write","key":"x","value":1,"time":10}
      """;

  @Test
  void readsTheDesignExampleAndWritesItBackByteForByte() {
    History h = HistoryFormat.parse(DESIGN_EXAMPLE);
    assertEquals(6, h.events().size());
    assertEquals(3, h.operations().size());
    Operation read = h.operations().get(1);
    assertEquals(Op.Fn.READ, read.f());
    assertEquals(1L, read.output());
    assertEquals(1200, read.invokeTime());
    assertEquals(2600, read.completeTime());
    assertEquals(Operation.Status.FAIL, h.operations().get(2).status());
    assertEquals(List.of(1L, 2L), h.operations().get(2).input());
    assertEquals(DESIGN_EXAMPLE, HistoryFormat.toString(h));
    assertEquals(h, HistoryFormat.parse(HistoryFormat.toString(h)));
  }

  /** The reference example prints line 3 (time 1200) after time 2500: readers must accept it. */
  static final String DESIGN_EXAMPLE_AS_PRINTED = """
      {"process":0,"type":"invoke","f":"write","key":"x","value":1,"time":1000}
      {"process":0,"type":"ok","f":"write","key":"x","value":1,"time":2500}
      {"process":1,"type":"invoke","f":"read","key":"x","value":null,"time":1200}
      {"process":1,"type":"ok","f":"read","key":"x","value":1,"time":2600}
      {"process":2,"type":"invoke","f":"cas","key":"x","value":[1,2],"time":3000}
      {"process":2,"type":"fail","f":"cas","key":"x","value":[1,2],"time":3100}
      """;

  @Test
  void theDesignExampleAsPrintedParsesAndIsWrittenInTimeOrder() {
    History h = HistoryFormat.parse(DESIGN_EXAMPLE_AS_PRINTED);
    assertEquals(HistoryFormat.parse(DESIGN_EXAMPLE), h);
    Operation read = h.operations().get(1);
    assertEquals(1200, read.invokeTime());
    assertEquals(2600, read.completeTime());
    assertEquals(DESIGN_EXAMPLE, HistoryFormat.toString(h));
  }

  @Test
  void equalTimesKeepFileOrder() {
    History h = HistoryFormat.parse("""
        {"process":0,"type":"invoke","f":"write","value":1,"time":5}
        {"process":1,"type":"invoke","f":"read","value":null,"time":5}
        {"process":1,"type":"ok","f":"read","value":1,"time":5}
        {"process":0,"type":"ok","f":"write","value":1,"time":5}
        """);
    assertEquals(List.of(0, 1, 1, 0), h.events().stream().map(Op::process).toList());
    assertEquals(Op.Fn.WRITE, h.operations().get(0).f());
  }

  @Test
  void wholeOperationsOutOfOrderAreSorted() {
    History h = HistoryFormat.parse("""
        {"process":0,"type":"invoke","f":"write","value":2,"time":30}
        {"process":0,"type":"ok","f":"write","value":2,"time":40}
        {"process":0,"type":"invoke","f":"write","value":1,"time":10}
        {"process":0,"type":"ok","f":"write","value":1,"time":20}
        """);
    assertEquals(1L, h.operations().get(0).input());
    assertEquals(2L, h.operations().get(1).input());
  }

  @Test
  void aCompletionBeforeItsOwnInvocationNamesItsLine() {
    HistoryFormatException e = bad("""
        {"process":1,"type":"invoke","f":"read","value":null,"time":5}
        {"process":0,"type":"invoke","f":"write","value":1,"time":1000}
        {"process":1,"type":"ok","f":"read","value":null,"time":6}
        {"process":0,"type":"ok","f":"write","value":1,"time":900}
        """);
    assertEquals(4, e.line());
    assertEquals("ok write by process 0 at time 900 is before its own invoke at time 1000 (line 2);"
        + " a completion cannot precede its invocation", e.reason());
  }

  @Test
  void pairingErrorsAfterSortingNameTheOriginalLine() {
    // Sorted, line 3 (time 7) comes second and finds process 0's write still outstanding.
    HistoryFormatException e = bad("""
        {"process":0,"type":"invoke","f":"write","value":1,"time":5}
        {"process":0,"type":"ok","f":"write","value":1,"time":9}
        {"process":0,"type":"invoke","f":"read","value":null,"time":7}
        """);
    assertEquals(3, e.line());
    assertTrue(e.reason().startsWith("invoke by process 0 while its write invoked at time 5 is still"
        + " outstanding"), e.reason());
  }

  @Test
  void keyIsOptionalStringsAndNullsRoundTripAndUnfinishedIsInfo() {
    String text = """
        {"process":3,"type":"invoke","f":"append","value":"a \\"q\\" é","time":1}
        {"process":3,"type":"ok","f":"append","value":"a \\"q\\" é","time":2}
        {"time":3,"value":null,"f":"read","type":"invoke","process":4}
        """;
    History h = HistoryFormat.parse(text);
    assertEquals(null, h.operations().get(0).key());
    assertEquals("a \"q\" é", h.operations().get(0).input());
    Operation unfinished = h.operations().get(1);
    assertEquals(Operation.Status.INFO, unfinished.status());
    assertEquals(Operation.NEVER, unfinished.completeTime());
    assertEquals(h, HistoryFormat.parse(HistoryFormat.toString(h)));
    assertTrue(HistoryFormat.toString(h).startsWith("{\"process\":3,\"type\":\"invoke\",\"f\":\"append\",\"value\""));
  }

  @Test
  void crlfAndMissingFinalNewlineAreFine() {
    String text = GOOD.strip() + "\r\n" + GOOD.strip().replace("invoke", "ok");
    assertEquals(2, HistoryFormat.parse(text).events().size());
    assertEquals(0, HistoryFormat.parse("").events().size());
  }

  static HistoryFormatException bad(String text) {
    return assertThrows(HistoryFormatException.class, () -> HistoryFormat.parse(text));
  }

  /** Each malformed line is reported on its line (the second), with a reason that names it. */
  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      invalid JSON            | {"process":1,"type":"invoke"                                                    | invalid JSON
      not an object           | [1,2]                                                                           | expected a JSON object
      trailing content        | {"process":1,"type":"invoke","f":"read","value":null,"time":11} x                | invalid JSON
      blank line              | '   '                                                                           | blank line
      missing value           | {"process":1,"type":"invoke","f":"read","time":11}                               | missing field "value"
      missing time            | {"process":1,"type":"invoke","f":"read","value":null}                           | missing field "time"
      missing process         | {"type":"invoke","f":"read","value":null,"time":11}                              | missing field "process"
      unknown field           | {"process":1,"type":"invoke","f":"read","value":null,"time":11,"node":"n1"}     | unknown field "node" (allowed: process, type, f, key, value, time)
      repeated field          | {"process":1,"process":2,"type":"invoke","f":"read","value":null,"time":11}     | field "process" appears twice
      unknown type            | {"process":1,"type":"start","f":"read","value":null,"time":11}                   | unknown type "start" (allowed: invoke, ok, fail, info)
      unknown f               | {"process":1,"type":"invoke","f":"delete","value":null,"time":11}                | unknown f "delete" (allowed: read, write, cas, append)
      type not a string       | {"process":1,"type":3,"f":"read","value":null,"time":11}                         | type must be a string, one of invoke, ok, fail, info, got 3
      non-integer process     | {"process":1.5,"type":"invoke","f":"read","value":null,"time":11}                | process must be an integer (64-bit), got 1.5
      string process          | {"process":"p1","type":"invoke","f":"read","value":null,"time":11}               | process must be an integer (64-bit), got "p1"
      negative process        | {"process":-1,"type":"invoke","f":"read","value":null,"time":11}                 | process must be between 0 and 2147483647, got -1
      non-integer time        | {"process":1,"type":"invoke","f":"read","value":null,"time":"11"}                | time must be an integer (64-bit), got "11"
      completion before invoke| {"process":0,"type":"ok","f":"write","key":"x","value":1,"time":9}               | ok write by process 0 at time 9 is before its own invoke at time 10 (line 1)
      float value             | {"process":1,"type":"invoke","f":"write","value":1.5,"time":11}                  | value must be an integer, a string, null or a list [expected, new], got 1.5
      object value            | {"process":1,"type":"invoke","f":"write","value":{"a":1},"time":11}              | value must be an integer, a string, null or a list [expected, new], got an object
      huge value              | {"process":1,"type":"invoke","f":"write","value":99999999999999999999,"time":11} | value must fit in 64 bits, got 99999999999999999999
      key not a string        | {"process":1,"type":"invoke","f":"read","key":7,"value":null,"time":11}          | key must be a string (or absent), got 7
      cas with one value      | {"process":1,"type":"invoke","f":"cas","value":[1],"time":11}                    | value of a cas invoke must be a two-element list [expected, new], got [1]
      cas with scalar         | {"process":1,"type":"invoke","f":"cas","value":1,"time":11}                      | value of a cas invoke must be a two-element list [expected, new], got 1
      list for a write        | {"process":1,"type":"invoke","f":"write","value":[1,2],"time":11}                | value of a write must be an integer (Long), a string or null, got [1, 2]
      append of an integer    | {"process":1,"type":"invoke","f":"append","value":1,"time":11}                   | value of an append invoke must be a string, got 1
      completion w/o invoke   | {"process":1,"type":"ok","f":"read","value":1,"time":11}                         | ok read by process 1 without an outstanding invoke by that process
      two outstanding         | {"process":0,"type":"invoke","f":"read","value":null,"time":11}                  | invoke by process 0 while its write invoked at time 10 is still outstanding (at most one outstanding operation per process)
      completion f mismatch   | {"process":0,"type":"ok","f":"read","key":"x","value":1,"time":11}               | ok read by process 0 does not match its invoke's f write (time 10)
      completion key mismatch | {"process":0,"type":"ok","f":"write","key":"y","value":1,"time":11}              | ok write by process 0 has key "y" but its invoke (time 10) has key "x"
      completion key missing  | {"process":0,"type":"info","f":"write","value":1,"time":11}                      | info write by process 0 has key (none) but its invoke (time 10) has key "x"
      """)
  void rejectsWithLineNumberAndReason(String what, String line, String reason) {
    HistoryFormatException e = bad(GOOD + line + "\n" + GOOD.replace("\"process\":0", "\"process\":9"));
    assertEquals(2, e.line(), what);
    assertTrue(e.reason().startsWith(reason), () -> what + ": got reason <" + e.reason() + ">");
    assertEquals("line 2: " + e.reason(), e.getMessage());
  }

  @Test
  void blankLinesAnywhereAreRejectedButNotAFinalNewline() {
    assertEquals(3, bad(GOOD + GOOD.replace("invoke", "ok") + "\n").line());
    assertEquals(1, bad("\n" + GOOD).line());
    assertEquals(1, HistoryFormat.parse(GOOD).events().size());
  }

  @Test
  void casCompletionMayOmitThePair() {
    History h = HistoryFormat.parse("""
        {"process":0,"type":"invoke","f":"cas","value":[null,"a"],"time":1}
        {"process":0,"type":"ok","f":"cas","value":null,"time":2}
        """);
    assertEquals(Op.casValue(null, "a"), h.operations().get(0).input());
    HistoryFormatException e = bad("""
        {"process":0,"type":"invoke","f":"cas","value":[null,"a"],"time":1}
        {"process":0,"type":"ok","f":"cas","value":[1,2,3],"time":2}
        """);
    assertEquals(2, e.line());
    assertEquals("value of a cas ok must be a two-element list [expected, new] or null, got [1, 2, 3]",
        e.reason());
  }

  @Test
  void historyOfNamesTheIndex() {
    History sorted = History.of(
        List.of(Op.invoke(0, Op.Fn.READ, null, null, 5), Op.invoke(1, Op.Fn.READ, null, null, 4)));
    assertEquals(List.of(1, 0), sorted.events().stream().map(Op::process).toList());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> History.of(
        List.of(Op.invoke(0, Op.Fn.READ, null, null, 5), Op.invoke(0, Op.Fn.READ, null, null, 6))));
    assertEquals("events[1]: invoke by process 0 while its read invoked at time 5 is still"
        + " outstanding (at most one outstanding operation per process)", e.getMessage());
  }
}
