package dev.caplab.history;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Records a history as simulated clients run: {@link #invoke} when a client sends a request, then
 * exactly one of {@link #ok}, {@link #fail} or {@link #info} with the handle it returned.
 *
 * <p>Misuse is a bug in the client, so it fails fast: a second invocation while the process has
 * one outstanding, or completing a handle twice, throws {@link IllegalStateException}; a time
 * earlier than the previous event's throws {@link IllegalArgumentException}. Operations still
 * outstanding when {@link #history()} is taken appear with unknown outcome.
 *
 * <p>Not thread-safe: a simulation records from its single thread; wrap it for other uses.
 */
public final class HistoryRecorder {

  /** Identifies one outstanding operation; returned by {@link #invoke}. */
  public record Handle(int process, Op.Fn f, String key, Object value, long invokeTime) {}

  private final OpSequence sequence = new OpSequence();
  private final Map<Integer, Handle> open = new HashMap<>();

  /**
   * Records that {@code process} invoked {@code f} on {@code key} with {@code value} at
   * {@code time}.
   *
   * @throws IllegalStateException if {@code process} already has an outstanding operation
   * @throws IllegalArgumentException for a bad value (see {@link Op}) or a time earlier than the
   *     previous event's
   */
  public Handle invoke(int process, Op.Fn f, String key, Object value, long time) {
    if (open.containsKey(process)) {
      Handle h = open.get(process);
      throw new IllegalStateException("process " + process + " already has an outstanding "
          + h.f().wireName() + " invoked at " + h.invokeTime()
          + " (at most one outstanding operation per process)");
    }
    Op op = new Op(process, Op.Type.INVOKE, f, key, value, time);
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

  private void complete(Handle handle, Op.Type type, Object value, long time) {
    Objects.requireNonNull(handle, "handle");
    if (open.get(handle.process()) != handle) {
      throw new IllegalStateException("handle " + handle + " is not outstanding (completed twice,"
          + " or not from this recorder)");
    }
    sequence.add(new Op(handle.process(), type, handle.f(), handle.key(), value, time));
    open.remove(handle.process());
  }

  /** A snapshot of the history so far. */
  public History history() {
    return sequence.toHistory();
  }
}
