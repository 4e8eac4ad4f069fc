package dev.caplab.examples.scenario;

import dev.caplab.history.History;
import dev.caplab.history.Op;
import dev.caplab.history.Operation;
import dev.caplab.report.SpaceTime;
import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.IntUnaryOperator;
import java.util.function.Predicate;

/**
 * A recorded client history as bars on a space-time diagram: each operation on its client's line,
 * from its invocation to its answer, coloured by how it ended (a stale read as such), so a reader
 * sees which answers a fault made wrong or late.
 *
 * <p>An operation of unknown outcome ends, in the history, at no known time; its bar ends where
 * the client gave up waiting (the history's {@code info} event), or at the window's end if the
 * client never did.
 *
 * <p>Thread-safe: stateless.
 */
public final class HistoryBars {

  private HistoryBars() {}

  /**
   * Adds the operations of {@code history} that overlap the window [{@code fromNanos}, {@code
   * toNanos}] to {@code diagram}, cut to the window.
   *
   * @param nodeOfProcess the diagram's node index of a history process (its client's line)
   * @param stale which successful reads returned a stale value
   */
  public static void add(SpaceTime.Builder diagram, History history, IntUnaryOperator nodeOfProcess,
      Predicate<Operation> stale, long fromNanos, long toNanos) {
    Objects.requireNonNull(diagram, "diagram");
    Objects.requireNonNull(nodeOfProcess, "nodeOfProcess");
    Objects.requireNonNull(stale, "stale");
    long[] answered = answerTimes(history, toNanos);
    for (Operation o : history.operations()) {
      long start = o.invokeTime();
      long end = answered[o.index()];
      if (start > toNanos || end < fromNanos) {
        continue;
      }
      diagram.operation(nodeOfProcess.applyAsInt(o.process()), Math.max(start, fromNanos), Math.min(end, toNanos),
          label(o), outcome(o, stale));
    }
  }

  /**
   * When each operation (by index) was answered: its completion event's time, which an operation
   * of unknown outcome keeps in the events only; {@code end} if it has none. A process has at
   * most one operation outstanding, so its next completion event answers its last invocation.
   */
  private static long[] answerTimes(History history, long end) {
    long[] answered = new long[history.operations().size()];
    Arrays.fill(answered, end);
    Map<Integer, Integer> pending = new TreeMap<>();
    int invoked = 0;
    for (Op e : history.events()) {
      if (e.type() == Op.Type.INVOKE) {
        pending.put(e.process(), invoked++);
      } else if (e.type().isCompletion()) {
        Integer i = pending.remove(e.process());
        if (i != null) {
          answered[i] = e.time();
        }
      }
    }
    return answered;
  }

  private static String label(Operation o) {
    StringBuilder s = new StringBuilder(o.f().wireName());
    if (o.key() != null) {
      s.append(' ').append(o.key());
    }
    if (o.f() == Op.Fn.READ) {
      s.append(" -> ").append(o.status() == Operation.Status.OK ? o.output() : "?");
    } else {
      s.append(' ').append(o.input());
    }
    return s.toString();
  }

  private static SpaceTime.Outcome outcome(Operation o, Predicate<Operation> stale) {
    return switch (o.status()) {
      case OK -> o.f() == Op.Fn.READ && stale.test(o) ? SpaceTime.Outcome.STALE : SpaceTime.Outcome.OK;
      case FAIL -> SpaceTime.Outcome.FAILED;
      case INFO -> SpaceTime.Outcome.UNKNOWN;
    };
  }
}
