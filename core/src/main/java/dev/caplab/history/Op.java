package dev.caplab.history;

import dev.caplab.config.Require;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * One event of a history: process {@code process} invoked, or completed, operation {@code f} on
 * {@code key} with {@code value} at {@code time}.
 *
 * <p>Values are {@link Long}s, {@link String}s or {@code null}; a {@code cas} invocation carries
 * a two-element list {@code [expected, new]} of such values (a {@code cas} completion carries the
 * same pair or {@code null}). Lists are copied into unmodifiable lists, so an {@code Op} is
 * immutable and thread-safe. Per-event rules live here; rules that relate events to each other
 * (pairing, ordering, one outstanding operation per process) are enforced by {@link History}.
 *
 * @param process the client process, {@code >= 0}
 * @param type invocation or one of the three completions
 * @param f the operation
 * @param key the register the operation touches, or {@code null} for the single register
 * @param value the argument (invocations) or result (completions); see above
 * @param time any integer clock (nanoseconds in caplab's own histories); a history orders its
 *     events by it
 */
public record Op(int process, Type type, Fn f, String key, Object value, long time) {

  /** Whether an event starts an operation or how it ended. */
  public enum Type {
    /** The operation started. */
    INVOKE,
    /** It completed and took effect. */
    OK,
    /** It completed and did not take effect. */
    FAIL,
    /** Its outcome is unknown: it may take effect at any time after its invocation, or never. */
    INFO;

    /** The name used in the file format ({@code invoke}, {@code ok}, ...). */
    public String wireName() {
      return name().toLowerCase(Locale.ROOT);
    }

    /** Whether this type ends an operation. */
    public boolean isCompletion() {
      return this != INVOKE;
    }
  }

  /** The operation a client performs on a register ({@code f} in the file format). */
  public enum Fn {
    /** Returns the register's value; the completion's value is what was read. */
    READ,
    /** Sets the register to the value. */
    WRITE,
    /** Compare-and-set: sets the register to {@code new} if it equals {@code expected}. */
    CAS,
    /** Appends the (string) value to the register's string value. */
    APPEND;

    /** The name used in the file format ({@code read}, {@code write}, ...). */
    public String wireName() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** Validates the per-event rules and freezes a list value. */
  public Op {
    Require.atLeast("process", process, 0);
    if (type == null) {
      throw new IllegalArgumentException("type must be one of " + Arrays.toString(Type.values())
          + ", got null");
    }
    if (f == null) {
      throw new IllegalArgumentException("f must be one of " + Arrays.toString(Fn.values())
          + ", got null");
    }
    value = checkValue(type, f, value);
  }

  /** Shorthand for an invocation. */
  public static Op invoke(int process, Fn f, String key, Object value, long time) {
    return new Op(process, Type.INVOKE, f, key, value, time);
  }

  /** The pair {@code [expected, new]} as a cas value (either may be {@code null}). */
  public static List<Object> casValue(Object expected, Object replacement) {
    return Collections.unmodifiableList(Arrays.asList(expected, replacement));
  }

  private static Object checkValue(Type type, Fn f, Object value) {
    if (f == Fn.CAS && (type == Type.INVOKE || value != null)) {
      if (!(value instanceof List<?> list) || list.size() != 2) {
        throw new IllegalArgumentException("value of a cas " + type.wireName()
            + " must be a two-element list [expected, new]"
            + (type == Type.INVOKE ? "" : " or null") + ", got " + describe(value));
      }
      checkScalar(f, list.get(0));
      checkScalar(f, list.get(1));
      return casValue(list.get(0), list.get(1));
    }
    checkScalar(f, value);
    if (f == Fn.APPEND && type == Type.INVOKE && !(value instanceof String)) {
      throw new IllegalArgumentException(
          "value of an append invoke must be a string, got " + describe(value));
    }
    return value;
  }

  private static void checkScalar(Fn f, Object v) {
    if (v != null && !(v instanceof Long) && !(v instanceof String)) {
      throw new IllegalArgumentException("value of a " + f.wireName()
          + " must be an integer (Long), a string or null"
          + (f == Fn.CAS ? " inside [expected, new]" : "") + ", got " + describe(v));
    }
  }

  static String describe(Object v) {
    if (v == null) {
      return "null";
    }
    if (v instanceof String s) {
      return '"' + s + '"';
    }
    if (v instanceof List<?> list) {
      StringBuilder sb = new StringBuilder("[");
      for (int i = 0; i < list.size(); i++) {
        sb.append(i == 0 ? "" : ", ").append(describe(list.get(i)));
      }
      return sb.append(']').toString();
    }
    if (v instanceof Long) {
      return v.toString();
    }
    return v + " (" + v.getClass().getSimpleName() + ")";
  }

  @Override
  public String toString() {
    return "{process " + process + ", " + type.wireName() + " " + f.wireName()
        + (key == null ? "" : " key " + describe(key)) + " " + describe(value) + " at " + time + "}";
  }
}
