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
 * <p>Well-formed means: times never decrease; a process has at most one outstanding operation;
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
   * A history of these events, in order.
   *
   * @throws IllegalArgumentException naming the offending event's index and the rule it breaks
   */
  public static History of(List<Op> events) {
    Objects.requireNonNull(events, "events");
    OpSequence seq = new OpSequence();
    for (int i = 0; i < events.size(); i++) {
      final int index = i;
      try {
        seq.add(Objects.requireNonNull(events.get(i), () -> "events[" + index + "] is null"));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("events[" + i + "]: " + e.getMessage(), e);
      }
    }
    return seq.toHistory();
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
