package dev.caplab.history;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * An immutable, well-formed history: events in time order, and the same history as
 * {@link Operation}s (each invocation paired with its completion).
 *
 * <p>Well-formed means: events are ordered by time (given events are sorted, stably, see
 * {@link #of}); a process has at most one outstanding operation;
 * every completion follows an invocation by the same process with the same {@code f} and
 * {@code key}. An invocation without completion at the end is an operation with unknown outcome
 * ({@link Operation.Status#INFO}), as a client that crashed mid-call leaves it. Checkers can thus
 * rely on these rules instead of re-checking them. Immutable and thread-safe.
 */
public final class History {

  private static final History EMPTY = new History(List.of(), List.of());

  private final List<Op> events;
  private final List<Operation> operations;

  History(List<Op> events, List<Operation> operations) {
    this.events = events;
    this.operations = operations;
  }

  /** The history without events. */
  public static History empty() {
    return EMPTY;
  }

  /**
   * A history of these events, as a history file would give them: sorted by time (stable, so
   * events at equal times keep their order here) before invocations are paired with completions.
   *
   * @throws IllegalArgumentException naming the offending event's index (in {@code events}) and
   *     the rule it breaks, for example a completion earlier than its own invocation
   */
  public static History of(List<Op> events) {
    Objects.requireNonNull(events, "events");
    for (int i = 0; i < events.size(); i++) {
      final int index = i;
      Objects.requireNonNull(events.get(i), () -> "events[" + index + "] is null");
    }
    try {
      return OpSequence.ordered(events, i -> "events[" + i + "]");
    } catch (OpSequence.EventException e) {
      throw new IllegalArgumentException("events[" + e.index() + "]: " + e.getMessage(), e);
    }
  }

  /** The events, in time order. */
  public List<Op> events() {
    return events;
  }

  /** The operations in invocation order; {@link Operation#index()} is the position here. */
  public List<Operation> operations() {
    return operations;
  }

  /** Whether there are no events. */
  public boolean isEmpty() {
    return events.isEmpty();
  }

  /** The distinct keys in order of first use; {@code null} stands for the single register. */
  public List<String> keys() {
    Set<String> keys = new LinkedHashSet<>();
    for (Operation op : operations) {
      keys.add(op.key());
    }
    return Collections.unmodifiableList(new ArrayList<>(keys));
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof History h && events.equals(h.events);
  }

  @Override
  public int hashCode() {
    return events.hashCode();
  }

  @Override
  public String toString() {
    return "History[" + events.size() + " events, " + operations.size() + " operations]";
  }
}
