package dev.caplab.history;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The rules that relate the events of a history to each other, applied one event at a time, and
 * the pairing of invocations with completions.
 *
 * <p>One mechanism behind {@link History#of}, {@link HistoryRecorder} and {@link HistoryFormat},
 * so the three agree on what a well-formed history is. {@link #add} throws an
 * {@link IllegalArgumentException} whose message is only the reason; callers add where (list
 * index, line number). Not thread-safe; used by one thread while a history is built.
 */
final class OpSequence {

  private final List<Op> events = new ArrayList<>();
  /** Per operation (invocation order): its invocation, and its completion once seen. */
  private final List<Op> invocations = new ArrayList<>();
  private final List<Op> completions = new ArrayList<>();
  /** Process -> index of its outstanding operation. */
  private final Map<Integer, Integer> outstanding = new HashMap<>();
  private long lastTime = Long.MIN_VALUE;

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

  /** Whether {@code process} has an invocation without completion. */
  boolean isOutstanding(int process) {
    return outstanding.containsKey(process);
  }

  /** Number of events added. */
  int size() {
    return events.size();
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
    return new History(List.copyOf(events), List.copyOf(ops));
  }
}
