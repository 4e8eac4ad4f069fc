package dev.caplab.history;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Records a history as simulated clients run: {@link #invoke} when a client sends a request, then
 * exactly one of {@link #ok}, {@link #fail} or {@link #info} with the handle it returned. A
 * process that crashed with an operation outstanding and restarts under the same process number
 * first {@linkplain #abandon abandons} it: the lost call's outcome is unknown.
 *
 * <p><b>Values.</b> As in {@link Op}: integers, strings, {@code null}, and {@code [expected, new]}
 * pairs of those for {@code cas}. Integers may be given as any exactly integral number a client
 * naturally holds: {@link Long}, {@link Integer}, {@link Short}, {@link Byte}, and a
 * {@link BigInteger} or {@link BigDecimal} whose value is integral ({@code 2.0} is, {@code 2.5}
 * is not) and within the range of a {@code long}. Each is recorded as the {@link Long} that
 * {@code Op} holds, so a history recorded with {@code 1} equals, and is written exactly like, one
 * recorded with {@code 1L}. Other numbers are refused: {@link Double} and {@link Float} even when
 * their value happens to be integral (a floating-point register value is a modelling mistake
 * more often than not, and beyond 2<sup>53</sup> it is not exact), and mutable or unknown
 * {@code Number} classes such as {@code AtomicLong}, whose value at the time of recording is not
 * the client's to promise.
 *
 * <p>Misuse is a bug in the client, so it fails fast: a second invocation while the process has
 * one outstanding, or completing a handle twice, throws {@link IllegalStateException}; a time
 * earlier than the previous event's throws {@link IllegalArgumentException}. Operations still
 * outstanding when {@link #history()} is taken appear with unknown outcome.
 *
 * <p>Not thread-safe: a simulation records from its single thread; wrap it for other uses.
 */
public final class HistoryRecorder {

  /** The integers {@link #invoke} and the completions accept, for messages. */
  private static final String INTEGER_TYPES = "an integer (Long, Integer, Short, Byte, or a BigInteger or"
      + " BigDecimal with an integral value within the long range)";

  /**
   * Identifies one outstanding operation; returned by {@link #invoke}.
   *
   * @param value the invocation's value as recorded (integers as {@link Long})
   */
  public record Handle(int process, Op.Fn f, String key, Object value, long invokeTime) {}

  private static final BigDecimal LONG_MIN = BigDecimal.valueOf(Long.MIN_VALUE);
  private static final BigDecimal LONG_MAX = BigDecimal.valueOf(Long.MAX_VALUE);

  private final OpSequence sequence = new OpSequence();
  private final Map<Integer, Handle> open = new HashMap<>();

  /** An empty recorder. */
  public HistoryRecorder() {}

  /**
   * Records that {@code process} invoked {@code f} on {@code key} with {@code value} at
   * {@code time}.
   *
   * @throws IllegalStateException if {@code process} already has an outstanding operation (after
   *     a crash of the process, {@link #abandon} it first)
   * @throws IllegalArgumentException for a bad value (see above and {@link Op}) or a time earlier
   *     than the previous event's
   */
  public Handle invoke(int process, Op.Fn f, String key, Object value, long time) {
    Handle outstanding = open.get(process);
    if (outstanding != null) {
      throw new IllegalStateException("process " + process + " already has an outstanding "
          + outstanding.f().wireName() + " invoked at " + outstanding.invokeTime()
          + " (at most one outstanding operation per process; if the process crashed and"
          + " restarted, call abandon(" + process + ", time) first to record it as info)");
    }
    Op op = new Op(process, Op.Type.INVOKE, f, key, canonical(f, value), time);
    sequence.add(op);
    Handle h = new Handle(process, f, key, op.value(), time);
    open.put(process, h);
    return h;
  }

  /** Records that the operation took effect; {@code value} is its result (what a read saw). */
  public void ok(Handle handle, Object value, long time) {
    complete(handle, Op.Type.OK, value, time);
  }

  /** Records that the operation did not take effect. */
  public void fail(Handle handle, Object value, long time) {
    complete(handle, Op.Type.FAIL, value, time);
  }

  /** Records that the outcome is unknown (for example a timeout). */
  public void info(Handle handle, Object value, long time) {
    complete(handle, Op.Type.INFO, value, time);
  }

  /**
   * Ends the outstanding operation of {@code process}, if it has one, as {@code info} at
   * {@code time} with the value it was invoked with: for a process that crashed mid-call (its
   * call is lost, so whether it took effect is unknown) and is about to invoke again under the
   * same process number. Its handle is no longer outstanding afterwards.
   *
   * @return whether {@code process} had an outstanding operation
   * @throws IllegalArgumentException if {@code time} is earlier than the previous event's
   */
  public boolean abandon(int process, long time) {
    Handle outstanding = open.get(process);
    if (outstanding == null) {
      return false;
    }
    info(outstanding, outstanding.value(), time);
    return true;
  }

  private void complete(Handle handle, Op.Type type, Object value, long time) {
    Objects.requireNonNull(handle, "handle");
    if (open.get(handle.process()) != handle) {
      throw new IllegalStateException("handle " + handle + " is not outstanding (completed twice,"
          + " abandoned, or not from this recorder)");
    }
    sequence.add(new Op(handle.process(), type, handle.f(), handle.key(),
        canonical(handle.f(), value), time));
    open.remove(handle.process());
  }

  /** A snapshot of the history so far. */
  public History history() {
    return sequence.toHistory();
  }

  /** {@code value} with its integers, also inside a list, as {@link Long}; other checks are Op's. */
  private static Object canonical(Op.Fn f, Object value) {
    if (f == null) {
      return value; // Op refuses the missing f, naming the allowed ones
    }
    if (value instanceof Number n) {
      return integer(f, n, "");
    }
    if (value instanceof List<?> list) {
      List<Object> items = new ArrayList<>(list.size());
      for (Object item : list) {
        items.add(item instanceof Number n ? integer(f, n, " inside [expected, new]") : item);
      }
      return items;
    }
    return value;
  }

  private static Long integer(Op.Fn f, Number n, String where) {
    String problem = null;
    if (n instanceof Long l) {
      return l;
    } else if (n instanceof Integer || n instanceof Short || n instanceof Byte) {
      return n.longValue();
    } else if (n instanceof BigInteger b) {
      if (b.bitLength() < Long.SIZE) {
        return b.longValue();
      }
      problem = "outside the long range";
    } else if (n instanceof BigDecimal d) {
      boolean integral = d.signum() == 0 || d.stripTrailingZeros().scale() <= 0;
      if (integral && d.compareTo(LONG_MIN) >= 0 && d.compareTo(LONG_MAX) <= 0) {
        return d.longValueExact();
      }
      problem = integral ? "outside the long range" : "not integral";
    }
    throw new IllegalArgumentException("value of a " + f.wireName() + " must be "
        + INTEGER_TYPES + ", a string or null" + where + ", got " + n + " ("
        + n.getClass().getSimpleName() + (problem == null ? "" : ", " + problem) + ")");
  }
}
