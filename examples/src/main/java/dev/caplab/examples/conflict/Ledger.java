package dev.caplab.examples.conflict;

import dev.caplab.check.CounterCheck;
import dev.caplab.check.SetCheck;
import dev.caplab.history.Operation;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The scenario's measuring instrument: every update a user issued, in issue order, with how it
 * ended ({@code ok}, {@code fail} when the replica had nothing to change, {@code info} until a
 * reply arrives, and for good if none does). Users report to it; they never read from it.
 *
 * <p>Not thread-safe: used on the simulation thread.
 */
final class Ledger {

  /** One issued update; its status changes when the reply comes. */
  static final class Entry {
    final SetCheck.Kind kind; // null for an increment
    final String key;
    final String element;
    final long amount;
    Operation.Status status = Operation.Status.INFO;

    private Entry(SetCheck.Kind kind, String key, String element, long amount) {
      this.kind = kind;
      this.key = key;
      this.element = element;
      this.amount = amount;
    }
  }

  private final List<Entry> entries = new ArrayList<>();

  Entry add(String key, String element) {
    return record(new Entry(SetCheck.Kind.ADD, key, element, 0));
  }

  Entry remove(String key, String element) {
    return record(new Entry(SetCheck.Kind.REMOVE, key, element, 0));
  }

  Entry increment(String key, long amount) {
    return record(new Entry(null, key, null, amount));
  }

  private Entry record(Entry e) {
    entries.add(e);
    return e;
  }

  /** Per key, the set attempts in issue order. */
  Map<String, List<SetCheck.Attempt<String>>> setAttempts() {
    Map<String, List<SetCheck.Attempt<String>>> out = new LinkedHashMap<>();
    for (Entry e : entries) {
      if (e.kind != null) {
        out.computeIfAbsent(e.key, k -> new ArrayList<>())
            .add(new SetCheck.Attempt<>(e.kind, e.element, e.status));
      }
    }
    return out;
  }

  /** Per key, the increments. */
  Map<String, List<CounterCheck.Increment>> increments() {
    Map<String, List<CounterCheck.Increment>> out = new LinkedHashMap<>();
    for (Entry e : entries) {
      if (e.kind == null) {
        out.computeIfAbsent(e.key, k -> new ArrayList<>()).add(new CounterCheck.Increment(e.amount, e.status));
      }
    }
    return out;
  }
}
