package dev.caplab.history;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

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
        + " operation per process; if the process crashed and restarted, call abandon(0, time)"
        + " first to record it as info)", e.getMessage());
    r.ok(w, 1L, 12);
    assertThrows(IllegalStateException.class, () -> r.ok(w, 1L, 13));
    IllegalArgumentException t = assertThrows(IllegalArgumentException.class,
        () -> r.invoke(1, Op.Fn.READ, null, null, 5));
    assertEquals("time 5 is before the previous event's time 12 (times must not decrease)",
        t.getMessage());
    assertThrows(IllegalArgumentException.class, () -> r.invoke(1, Op.Fn.CAS, null, 1L, 20));
  }

  /** The same write, read and cas, with every integer given as one kind of number. */
  private static History recordedWith(Function<Long, Number> number) {
    HistoryRecorder r = new HistoryRecorder();
    HistoryRecorder.Handle w = r.invoke(0, Op.Fn.WRITE, "x", number.apply(7L), 10);
    r.ok(w, number.apply(7L), 20);
    HistoryRecorder.Handle rd = r.invoke(1, Op.Fn.READ, "x", null, 30);
    r.ok(rd, number.apply(7L), 40);
    HistoryRecorder.Handle c = r.invoke(0, Op.Fn.CAS, "x",
        Op.casValue(number.apply(7L), number.apply(-8L)), 50);
    r.info(c, List.of(number.apply(7L), number.apply(-8L)), 60);
    return r.history();
  }

  static List<Function<Long, Number>> integralNumbers() {
    return List.of(Long::intValue, Long::shortValue, Long::byteValue, BigInteger::valueOf,
        v -> BigDecimal.valueOf(v).setScale(2), v -> new BigDecimal(v + "E0"));
  }

  @ParameterizedTest
  @MethodSource("integralNumbers")
  void integralNumbersAreRecordedAsLongs(Function<Long, Number> number) {
    History longs = recordedWith(Long::valueOf);
    History others = recordedWith(number);
    assertEquals(longs, others);
    for (Op op : others.events()) {
      Object v = op.value();
      assertTrue(v == null || v instanceof Long || ((List<?>) v).stream().allMatch(Long.class::isInstance),
          () -> "recorded " + v + " as " + v.getClass());
    }
    String json = HistoryFormat.toString(others);
    assertEquals(HistoryFormat.toString(longs), json);
    assertEquals(others, HistoryFormat.parse(json));
    assertTrue(json.contains("\"value\":[7,-8]"), json);
  }

  @Test
  void theLongRangeEndsAreIntegers() {
    HistoryRecorder r = new HistoryRecorder();
    r.invoke(0, Op.Fn.WRITE, null, BigInteger.valueOf(Long.MIN_VALUE), 1);
    r.invoke(1, Op.Fn.WRITE, null, new BigDecimal(Long.MAX_VALUE + ".000"), 2);
    r.invoke(2, Op.Fn.WRITE, null, new BigDecimal(Long.MIN_VALUE + ".0"), 3);
    r.invoke(3, Op.Fn.WRITE, null, BigInteger.valueOf(Long.MAX_VALUE), 4);
    assertEquals(List.of(Long.MIN_VALUE, Long.MAX_VALUE, Long.MIN_VALUE, Long.MAX_VALUE),
        r.history().operations().stream().map(Operation::input).toList());
  }

  /** A call without f is refused for the missing f, whatever its value, before the value is read. */
  @Test
  void aMissingFunctionIsNamedEvenWithABadValue() {
    HistoryRecorder r = new HistoryRecorder();
    for (Object value : List.of(1.5, 2, List.of(0.5, 1))) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> r.invoke(0, null, "x", value, 1));
      assertEquals("f must be one of [READ, WRITE, CAS, APPEND], got null", e.getMessage());
    }
    assertEquals(0, r.history().events().size());
  }

  @Test
  void nonIntegralNumbersAreRefusedNamingValueAndAllowedTypes() {
    String allowed = "value of a write must be an integer (Long, Integer, Short, Byte, or a"
        + " BigInteger or BigDecimal with an integral value within the long range), a string or"
        + " null, got ";
    HistoryRecorder r = new HistoryRecorder();
    assertEquals(allowed + "1.5 (Double)", refused(r, 1.5));
    assertEquals(allowed + "NaN (Double)", refused(r, Double.NaN));
    assertEquals(allowed + "2.0 (Double)", refused(r, 2.0));
    assertEquals(allowed + "2.0 (Float)", refused(r, 2.0f));
    assertEquals(allowed + "2.5 (BigDecimal, not integral)", refused(r, new BigDecimal("2.5")));
    assertEquals(allowed + "9223372036854775808 (BigInteger, outside the long range)",
        refused(r, BigInteger.ONE.shiftLeft(63)));
    assertEquals(allowed + "-9223372036854775809 (BigDecimal, outside the long range)",
        refused(r, new BigDecimal("-9223372036854775809")));
    assertEquals(allowed + "3 (AtomicLong)", refused(r, new AtomicLong(3)));
    IllegalArgumentException inCas = assertThrows(IllegalArgumentException.class,
        () -> r.invoke(0, Op.Fn.CAS, null, Op.casValue(1, 0.5), 1));
    assertTrue(inCas.getMessage().endsWith("a string or null inside [expected, new], got 0.5 (Double)"),
        inCas.getMessage());
    HistoryRecorder.Handle w = r.invoke(0, Op.Fn.WRITE, null, 1, 1);
    assertThrows(IllegalArgumentException.class, () -> r.ok(w, 1.5, 2));
    assertEquals(1, r.history().events().size(), "a refused value records nothing");
  }

  private static String refused(HistoryRecorder r, Number value) {
    return assertThrows(IllegalArgumentException.class,
        () -> r.invoke(0, Op.Fn.WRITE, null, value, 1)).getMessage();
  }

  @Test
  void abandonEndsACrashedProcessesOperationAsInfoAndLetsItInvokeAgain() {
    HistoryRecorder r = new HistoryRecorder();
    assertFalse(r.abandon(0, 5), "nothing outstanding");
    HistoryRecorder.Handle lost = r.invoke(0, Op.Fn.WRITE, "x", 3L, 10);
    assertTrue(r.abandon(0, 40));
    assertFalse(r.abandon(0, 40), "abandoned once");
    HistoryRecorder.Handle next = r.invoke(0, Op.Fn.READ, "x", null, 40);
    r.ok(next, 3L, 50);
    assertThrows(IllegalStateException.class, () -> r.ok(lost, 3L, 60),
        "the crashed incarnation's handle is no longer outstanding");
    History h = r.history();
    assertEquals(List.of(
        new Op(0, Op.Type.INVOKE, Op.Fn.WRITE, "x", 3L, 10),
        new Op(0, Op.Type.INFO, Op.Fn.WRITE, "x", 3L, 40),
        new Op(0, Op.Type.INVOKE, Op.Fn.READ, "x", null, 40),
        new Op(0, Op.Type.OK, Op.Fn.READ, "x", 3L, 50)), h.events());
    assertEquals(Operation.Status.INFO, h.operations().get(0).status());
    assertThrows(IllegalArgumentException.class, () -> {
      r.invoke(1, Op.Fn.WRITE, null, 1L, 60);
      r.abandon(1, 55);
    }, "abandoning takes the time order of every event");
  }
}
