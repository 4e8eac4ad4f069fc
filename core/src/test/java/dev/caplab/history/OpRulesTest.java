package dev.caplab.history;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The rules of one event: what a value may be, and the messages that name a bad one. */
class OpRulesTest {

  private static String refused(Op.Type type, Op.Fn f, Object value) {
    return assertThrows(IllegalArgumentException.class,
        () -> new Op(0, type, f, null, value, 1)).getMessage();
  }

  /** Both halves of a cas pair are values; a bad one in either place is refused, saying where. */
  @Test
  void eachHalfOfACasPairMustBeAScalar() {
    String inPair = "value of a cas must be an integer (Long), a string or null inside [expected,"
        + " new], got ";
    assertEquals(inPair + "0.5 (Double)", refused(Op.Type.INVOKE, Op.Fn.CAS, Op.casValue(0.5, 1L)));
    assertEquals(inPair + "0.5 (Double)", refused(Op.Type.INVOKE, Op.Fn.CAS, Op.casValue(1L, 0.5)));
    assertEquals(inPair + "[1]", refused(Op.Type.OK, Op.Fn.CAS, Op.casValue(List.of(1L), "b")));
    Op ok = new Op(0, Op.Type.OK, Op.Fn.CAS, null, Arrays.asList(null, "b"), 1);
    assertEquals(Op.casValue(null, "b"), ok.value(), "null and strings are values in a pair");
  }

  @Test
  void aScalarOutsideACasIsRefusedWithoutMentioningAPair() {
    assertEquals("value of a write must be an integer (Long), a string or null, got 0.5 (Double)",
        refused(Op.Type.INVOKE, Op.Fn.WRITE, 0.5));
    assertEquals("value of a read must be an integer (Long), a string or null, got 7 (Integer)",
        refused(Op.Type.OK, Op.Fn.READ, 7));
  }

  @Test
  void aCasValueThatIsNotAPairIsQuotedAsGiven() {
    assertEquals("value of a cas invoke must be a two-element list [expected, new], got null",
        refused(Op.Type.INVOKE, Op.Fn.CAS, null));
    assertEquals("value of a cas ok must be a two-element list [expected, new] or null, got"
        + " [1, \"a\", null]", refused(Op.Type.OK, Op.Fn.CAS, Arrays.asList(1L, "a", null)));
    assertEquals("value of a cas invoke must be a two-element list [expected, new], got \"ab\"",
        refused(Op.Type.INVOKE, Op.Fn.CAS, "ab"));
    assertEquals("value of an append invoke must be a string, got null",
        refused(Op.Type.INVOKE, Op.Fn.APPEND, null));
  }

  @Test
  void anEventReadsAsProcessTypeFunctionKeyValueAndTime() {
    assertEquals("{process 2, invoke read key \"x\" null at 5}",
        Op.invoke(2, Op.Fn.READ, "x", null, 5).toString());
    assertEquals("{process 0, fail cas [1, null] at -3}",
        new Op(0, Op.Type.FAIL, Op.Fn.CAS, null, Op.casValue(1L, null), -3).toString());
  }

  /** Only an invocation starts an operation; every other type ends one. */
  @Test
  void everyTypeButInvokeIsACompletion() {
    assertFalse(Op.Type.INVOKE.isCompletion());
    assertTrue(Op.Type.OK.isCompletion());
    assertTrue(Op.Type.FAIL.isCompletion());
    assertTrue(Op.Type.INFO.isCompletion());
  }

  /**
   * A second invocation listed before the first, by a process that completed nothing in between,
   * is reported as the invocation it is, not as a completion out of order.
   */
  @Test
  void aSecondInvocationListedFirstIsNotTakenForACompletion() {
    List<Op> events = List.of(Op.invoke(0, Op.Fn.WRITE, null, 1L, 10),
        Op.invoke(0, Op.Fn.READ, null, null, 5));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> History.of(events));
    assertEquals("events[0]: invoke by process 0 while its read invoked at time 5 is still"
        + " outstanding (at most one outstanding operation per process)", e.getMessage());
  }
}
