package dev.caplab.history;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.IntFunction;

/**
 * The rules that relate the events of a history to each other, applied one event at a time, and
 * the pairing of invocations with completions.
 *
 * <p>One mechanism behind {@link History#of}, {@link HistoryRecorder} and {@link HistoryFormat},
 * so the three agree on what a well-formed history is. {@link #add} throws an
 * {@link IllegalArgumentException} whose message is only the reason; callers add where (list
 * index, line number). {@link #ordered} takes events in any order (a file may list a line with
 * time 1200 after one with time 2500 of another process, as the format's reference example does), sorts
 * them by time and reports errors by the event's original position. Not thread-safe; used by one
 * thread while a history is built.
 */
final class OpSequence {

  private final List<Op> events = new ArrayList<>();
  /** Per operation (invocation order): its invocation, and its completion once seen. */
  private final List<Op> invocations = new ArrayList<>();
  private final List<Op> completions = new ArrayList<>();
  /** Process -> index of its outstanding operation. */
  private final Map<Integer, Integer> outstanding = new HashMap<>();
  private long lastTime = Long.MIN_VALUE;

  /** A rule broken by the event at {@code index} in the caller's (unsorted) order. */
  static final class EventException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;
    private final int index;

    EventException(int index, String reason, Throwable cause) {
      super(reason, cause);
      this.index = index;
    }

    /** Position of the offending event in the list given to {@link #ordered}. */
    int index() {
      return index;
    }
  }

  /**
   * The history of {@code events} given in any order: events are sorted by time (stable: equal
   * times keep their given order), then paired as by {@link #add}.
   *
   * <p>Before sorting, each completion is compared with its own invocation, the previous event of
   * the same process in the given order: a completion earlier than it is an error on the
   * completion, since sorting would otherwise silently pair it with something else.
   *
   * @param where renders an original position for messages ("line 3", "events[2]")
   * @throws EventException naming the original position of the first offending event
   */
  static History ordered(List<Op> events, IntFunction<String> where) {
    Map<Integer, Integer> lastOfProcess = new HashMap<>();
    for (int i = 0; i < events.size(); i++) {
      Op op = events.get(i);
      Integer prior = lastOfProcess.put(op.process(), i);
      if (prior != null && op.type().isCompletion()) {
        Op inv = events.get(prior);
        if (inv.type() == Op.Type.INVOKE && op.time() < inv.time()) {
          throw new EventException(i, op.type().wireName() + " " + op.f().wireName()
              + " by process " + op.process() + " at time " + op.time()
              + " is before its own invoke at time " + inv.time() + " (" + where.apply(prior)
              + "); a completion cannot precede its invocation", null);
        }
      }
    }
    Integer[] order = new Integer[events.size()];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    Arrays.sort(order, Comparator.comparingLong(i -> events.get(i).time())); // stable
    OpSequence seq = new OpSequence();
    for (int i : order) {
      try {
        seq.add(events.get(i));
      } catch (IllegalArgumentException e) {
        throw new EventException(i, e.getMessage(), e);
      }
    }
    return seq.toHistory();
  }

  /** Appends {@code op}, or throws with the reason it cannot follow the events so far. */
  void add(Op op) {
    Objects.requireNonNull(op, "op");
    if (op.time() < lastTime) {
      throw new IllegalArgumentException("time " + op.time() + " is before the previous event's time "
          + lastTime + " (times must not decrease)");
    }
    Integer open = outstanding.get(op.process());
    if (op.type() == Op.Type.INVOKE) {
      if (open != null) {
        Op prior = invocations.get(open);
        throw new IllegalArgumentException("invoke by process " + op.process()
            + " while its " + prior.f().wireName() + " invoked at time " + prior.time()
            + " is still outstanding (at most one outstanding operation per process)");
      }
      outstanding.put(op.process(), invocations.size());
      invocations.add(op);
      completions.add(null);
    } else {
      if (open == null) {
        throw new IllegalArgumentException(op.type().wireName() + " " + op.f().wireName()
            + " by process " + op.process() + " without an outstanding invoke by that process");
      }
      Op inv = invocations.get(open);
      if (inv.f() != op.f()) {
        throw new IllegalArgumentException(op.type().wireName() + " " + op.f().wireName()
            + " by process " + op.process() + " does not match its invoke's f "
            + inv.f().wireName() + " (time " + inv.time() + ")");
      }
      if (!Objects.equals(inv.key(), op.key())) {
        throw new IllegalArgumentException(op.type().wireName() + " " + op.f().wireName()
            + " by process " + op.process() + " has key " + keyName(op.key())
            + " but its invoke (time " + inv.time() + ") has key " + keyName(inv.key()));
      }
      outstanding.remove(op.process());
      completions.set(open, op);
    }
    lastTime = op.time();
    events.add(op);
  }

  private static String keyName(String key) {
    return key == null ? "(none)" : Op.describe(key);
  }

  /** The history of the events so far; outstanding invocations become {@code info} operations. */
  History toHistory() {
    List<Operation> ops = new ArrayList<>(invocations.size());
    for (int i = 0; i < invocations.size(); i++) {
      Op inv = invocations.get(i);
      Op done = completions.get(i);
      Operation.Status status;
      if (done == null || done.type() == Op.Type.INFO) {
        status = Operation.Status.INFO;
      } else if (done.type() == Op.Type.OK) {
        status = Operation.Status.OK;
      } else {
        status = Operation.Status.FAIL;
      }
      long complete = status == Operation.Status.INFO ? Operation.NEVER : done.time();
      ops.add(new Operation(i, inv.process(), inv.f(), inv.key(), inv.value(),
          done == null ? null : done.value(), inv.time(), complete, status));
    }
    return new History(List.copyOf(events), List.copyOf(ops), Map.of());
  }
}
