package dev.caplab.history;

import dev.caplab.config.Require;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * An immutable, well-formed history: events in time order, and the same history as
 * {@link Operation}s (each invocation paired with its completion).
 *
 * <p>Well-formed means: events are ordered by time (given events are sorted, stably, see
 * {@link #of}); a process has at most one outstanding operation;
 * every completion follows an invocation by the same process with the same {@code f} and
 * {@code key}. An invocation without completion at the end is an operation with unknown outcome
 * ({@link Operation.Status#INFO}), as a client that crashed mid-call leaves it. Checkers can thus
 * rely on these rules instead of re-checking them.
 *
 * <p><b>Process names.</b> A history may name its processes ({@code "c0"} for a client node), so
 * that explanations say {@code c0 read} instead of {@code process 0 read}; the numbers stay what
 * identifies a process. Names are optional, not blank, and distinct. Immutable and thread-safe.
 */
public final class History {

  private static final History EMPTY = new History(List.of(), List.of(), Map.of());

  private final List<Op> events;
  private final List<Operation> operations;
  private final Map<Integer, String> processNames;

  History(List<Op> events, List<Operation> operations, Map<Integer, String> processNames) {
    this.events = events;
    this.operations = operations;
    this.processNames = processNames;
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

  /** The names given to processes, by process number (ascending); empty when none are named. */
  public Map<Integer, String> processNames() {
    return processNames;
  }

  /** The name of {@code process}, or {@code "process N"} when it has none. */
  public String processName(int process) {
    return nameOf(processNames, process);
  }

  /** The name of {@code process} in {@code names}, or {@code "process N"}. */
  public static String nameOf(Map<Integer, String> names, int process) {
    String name = names.get(process);
    return name == null ? "process " + process : name;
  }

  /**
   * This history with these process names (replacing any it had).
   *
   * @throws IllegalArgumentException for a negative process, a blank name or a name given to two
   *     processes
   */
  public History withProcessNames(Map<Integer, String> names) {
    return new History(events, operations, checkNames(names));
  }

  /** A sorted, unmodifiable copy of valid names. */
  static Map<Integer, String> checkNames(Map<Integer, String> names) {
    Objects.requireNonNull(names, "names");
    Map<Integer, String> sorted = new TreeMap<>();
    Map<String, Integer> byName = new HashMap<>();
    for (Map.Entry<Integer, String> e : names.entrySet()) {
      int process = Require.atLeast("process", Objects.requireNonNull(e.getKey(), "process"), 0);
      String name = checkName(process, e.getValue());
      Integer other = byName.put(name, process);
      if (other != null) {
        throw new IllegalArgumentException("name of process " + process + " must differ from the"
            + " other processes' names, got \"" + name + "\", the name of process " + other);
      }
      sorted.put(process, name);
    }
    return Collections.unmodifiableMap(sorted);
  }

  /** {@code name} if it is a valid process name. */
  static String checkName(int process, String name) {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("name of process " + process
          + " must be a non-blank string, got " + (name == null ? "null" : "\"" + name + "\""));
    }
    return name;
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
    return o instanceof History h && events.equals(h.events)
        && processNames.equals(h.processNames);
  }

  @Override
  public int hashCode() {
    return events.hashCode() * 31 + processNames.hashCode();
  }

  @Override
  public String toString() {
    return "History[" + events.size() + " events, " + operations.size() + " operations]";
  }
}
