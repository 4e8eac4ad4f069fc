package dev.caplab.examples.register;

import dev.caplab.time.Durations;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What the replicas did with each value: where a client wrote it, which pushes of it were sent,
 * and when each replica applied it. It exists to explain a disagreement after the heal from what
 * happened, not from what usually happens: a push dropped at the cut that no later write covered,
 * or concurrent writes whose pushes reached the replicas in different orders.
 *
 * <p>The scenario's links lose nothing, so a push that never arrived was dropped at the cut (or
 * was still in flight when the run ended, if it was sent after the heal). Values are unique per
 * write, so a value names its write. Not thread-safe: the replicas record on the simulation thread.
 */
final class ReplicationJournal {

  /** A replica set its value: from its own client ({@code from} is itself) or from a push. */
  record Applied(String replica, long value, long time, String from) {}

  /** A replica pushed a value its client wrote to a peer. */
  record Pushed(String from, String to, long value, long time) {}

  private final List<Applied> applied = new ArrayList<>();
  private final List<Pushed> pushed = new ArrayList<>();

  void applied(String replica, long value, long time, String from) {
    applied.add(new Applied(replica, value, time, from));
  }

  void pushed(String from, String to, long value, long time) {
    pushed.add(new Pushed(from, to, value, time));
  }

  /**
   * Why the replicas hold {@code finals} (replica to value, null if never written) after the
   * heal at {@code healAt}: for each replica and each final value it does not hold, what became of
   * that value there, then the lesson those facts teach. Empty if they all agree.
   */
  String whyTheyDiffer(Map<String, Long> finals, long healAt) {
    Set<Long> values = new LinkedHashSet<>();
    finals.values().stream().filter(Objects::nonNull).forEach(values::add);
    if (new LinkedHashSet<>(finals.values()).size() <= 1) {
      return "";
    }
    List<String> written = new ArrayList<>();
    for (long v : values) {
      Applied w = write(v);
      written.add(v + " at " + w.replica() + " at " + time(w.time()) + afterHeal(w.time(), healAt));
    }
    List<String> facts = new ArrayList<>();
    boolean dropped = false;
    boolean overwritten = false;
    for (Map.Entry<String, Long> e : finals.entrySet()) {
      String r = e.getKey();
      for (long v : values) {
        if (Objects.equals(e.getValue(), v)) {
          continue;
        }
        Applied got = last(r, v);
        if (got != null) {
          Applied next = lastApplied(r);
          facts.add(r + " got " + v + " from " + source(got) + " at " + time(got.time()) + ", then " + next.value()
              + " from " + source(next) + " " + time(next.time() - got.time()) + " later");
          overwritten = true;
          continue;
        }
        Pushed p = push(v, r);
        if (p == null) {
          facts.add(r + " was never sent " + v);
        } else if (p.time() < healAt) {
          facts.add("the push of " + v + " to " + r + " was dropped at the cut (sent at " + time(p.time()) + ")");
          dropped = true;
        } else {
          facts.add("the push of " + v + " to " + r + " had not arrived when the run ended");
        }
      }
    }
    StringBuilder s = new StringBuilder(String.format(Locale.ROOT,
        "After the heal the replicas still disagree %s. The final values were written %s: %s.", finals,
        String.join(" and ", written), String.join("; ", facts)));
    long[] pair = overwritten ? crossed(finals) : null;
    if (pair != null) {
      s.append(String.format(Locale.ROOT, " %s and %s reached the replicas in different orders, and with no versions"
          + " each replica keeps the value that arrived last%s.", pair[0], pair[1],
          concurrent(pair[0], pair[1]) ? ": the two writes were concurrent (neither replica had the other's value when"
              + " its client wrote)" : ""));
    }
    if (dropped) {
      s.append(" A push dropped at the cut is never resent, and no later write covered it.");
    }
    return s.toString();
  }

  /**
   * Two final values that two replicas applied in opposite orders, each ending with the one it
   * holds, or null if there are none.
   */
  private long[] crossed(Map<String, Long> finals) {
    for (Map.Entry<String, Long> a : finals.entrySet()) {
      for (Map.Entry<String, Long> b : finals.entrySet()) {
        Long va = a.getValue();
        Long vb = b.getValue();
        if (va != null && vb != null && !va.equals(vb) && last(a.getKey(), vb) != null
            && last(b.getKey(), va) != null) {
          return new long[] {Math.min(va, vb), Math.max(va, vb)};
        }
      }
    }
    return null;
  }

  /** Whether neither write's replica had applied the other value before its own client's write. */
  private boolean concurrent(long a, long b) {
    Applied wa = write(a);
    Applied wb = write(b);
    return !appliedBefore(wb.value(), wa) && !appliedBefore(wa.value(), wb);
  }

  /** Whether {@code write}'s replica applied {@code value} before it took {@code write}. */
  private boolean appliedBefore(long value, Applied write) {
    for (Applied x : applied) {
      if (x.equals(write)) {
        return false;
      }
      if (x.replica().equals(write.replica()) && x.value() == value) {
        return true;
      }
    }
    throw new IllegalStateException("write not journaled: " + write);
  }

  /** The client write of {@code value}. */
  private Applied write(long value) {
    for (Applied a : applied) {
      if (a.value() == value && a.from().equals(a.replica())) {
        return a;
      }
    }
    throw new IllegalStateException("no replica took a client write of " + value);
  }

  /** The last time {@code replica} applied {@code value}, or null if it never did. */
  private Applied last(String replica, long value) {
    Applied found = null;
    for (Applied a : applied) {
      if (a.replica().equals(replica) && a.value() == value) {
        found = a;
      }
    }
    return found;
  }

  private Applied lastApplied(String replica) {
    Applied found = null;
    for (Applied a : applied) {
      if (a.replica().equals(replica)) {
        found = a;
      }
    }
    return found;
  }

  private Pushed push(long value, String to) {
    for (Pushed p : pushed) {
      if (p.value() == value && p.to().equals(to)) {
        return p;
      }
    }
    return null;
  }

  /** Where an applied value came from: the replica's own client or the pushing peer. */
  private static String source(Applied a) {
    return a.from().equals(a.replica()) ? "its client" : a.from();
  }

  private static String afterHeal(long t, long healAt) {
    return t >= healAt ? " (" + time(t - healAt) + " after the heal)" : "";
  }

  private static String time(long nanos) {
    return Durations.human(nanos);
  }
}
