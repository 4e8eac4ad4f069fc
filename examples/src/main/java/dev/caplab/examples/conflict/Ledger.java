package dev.caplab.examples.conflict;

import dev.caplab.check.CounterCheck;
import dev.caplab.check.SetCheck;
import dev.caplab.history.Operation;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The scenario's measuring instrument: every update a user issued, in issue order, with how it
 * ended ({@code ok}, {@code fail} when the replica had nothing to change, {@code info} until a
 * reply arrives, and for good if none does) and when (for the space-time diagram's operation
 * bars). Users report to it; they never read from it.
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
    /** The issuing user's node index, -1 until it is sent. */
    int node = -1;
    long invokedAt = -1;
    /** When the reply or the timeout came, -1 while neither has. */
    long completedAt = -1;

    private Entry(SetCheck.Kind kind, String key, String element, long amount) {
      this.kind = kind;
      this.key = key;
      this.element = element;
      this.amount = amount;
    }

    /** The user on node {@code node} sent it at {@code at}. */
    void invoked(int node, long at) {
      this.node = node;
      this.invokedAt = at;
    }

    /** It ended with {@code status} at {@code at}. */
    void completed(Operation.Status status, long at) {
      this.status = status;
      this.completedAt = at;
    }

    /** The element as the set checks name it across keys: {@code cart-4:u4eu/2}. */
    String keyed() {
      return key + ":" + element;
    }

    /** What it did, for a diagram's operation bar: {@code add u4eu/2 to cart-4}, {@code like post-1}. */
    String label() {
      if (kind == null) {
        return amount == 1 ? "like " + key : "add " + amount + " to " + key;
      }
      return kind == SetCheck.Kind.ADD ? "add " + element + " to " + key : "remove " + element + " from " + key;
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

  /** Every issued update, in issue order. */
  List<Entry> entries() {
    return Collections.unmodifiableList(entries);
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
