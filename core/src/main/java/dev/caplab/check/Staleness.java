package dev.caplab.check;

import dev.caplab.config.Require;
import dev.caplab.history.History;
import dev.caplab.history.Op;
import dev.caplab.history.Operation;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * How stale the reads of a register history are, in the two measures of the PBS paper (Bailis et
 * al., "Probabilistically Bounded Staleness"): <b>k-staleness</b> (how many versions behind) and
 * <b>t-visibility</b> (how long after a write completed a read may still miss it).
 *
 * <p>Per key, the <i>completed writes</i> of a read are the {@code ok} writes (and {@code ok}
 * cas, which writes its new value) that completed strictly before the read was invoked, ordered
 * by completion time: the newest is the one a linearizable read must return or supersede. For
 * each {@code ok} read:
 *
 * <ul>
 *   <li>{@code k = 0} if it returned the value of the newest completed write, or of a write that
 *       is not completed before it (concurrent with it, later, or of unknown outcome);
 *   <li>otherwise {@code k} = the number of completed writes that completed after the write whose
 *       value it returned (the initial value is older than every write, so a read of it with
 *       {@code n} completed writes has {@code k = n});
 *   <li>for a stale read ({@code k > 0}), its t-visibility is the time from the completion of the
 *       newest completed write (the newest one it missed) to the read's invocation.
 * </ul>
 *
 * <p><b>Unique values.</b> The value a read returns identifies the write it saw, so every write
 * to one key (ok, info or failed; cas counts with its new value) must write a distinct value,
 * different from the initial value; otherwise {@link #analyze} throws. A read that returns a value
 * no write wrote is counted as <i>unexplained</i> (neither fresh nor stale; linearizability
 * rejects such histories anyway). Reads of unknown outcome are skipped; {@code append} is not
 * supported (values are not versions).
 *
 * <p>The t-visibility curve: for each requested {@code t}, among the reads that have a completed
 * write and started at least {@code t} after the newest such write completed, the fraction that
 * returned it or something newer ({@code k = 0}). This is the empirical P(consistent | t after
 * commit); it is {@code null} where no read qualifies.
 *
 * <p>Configuration is immutable: {@link #ofDefaults()} (initial value {@code null}, curve at
 * {@link #DEFAULT_VISIBILITY_POINTS}) or {@link #custom()}. Thread-safe.
 */
public final class Staleness {

  /** Default points of the t-visibility curve, in nanoseconds: 0, 1, 10, 100 ms, 1 s. */
  public static final List<Long> DEFAULT_VISIBILITY_POINTS =
      List.of(0L, 1_000_000L, 10_000_000L, 100_000_000L, 1_000_000_000L);

  private static final Staleness DEFAULTS = custom().build();

  private final Object initial;
  private final long[] points;

  private Staleness(Builder b) {
    this.initial = b.initial;
    this.points = b.points.clone();
  }

  /** The analysis with initial value {@code null} and the default curve points. */
  public static Staleness ofDefaults() {
    return DEFAULTS;
  }

  /** Starts a configuration from the defaults. */
  public static Builder custom() {
    return new Builder();
  }

  /**
   * Measures every {@code ok} read of {@code history}.
   *
   * @throws IllegalArgumentException if two writes to one key write the same value (or a write
   *     writes the initial value), or the history contains {@code append}
   */
  public StalenessResult analyze(History history) {
    Objects.requireNonNull(history, "history");
    Map<String, List<Operation>> byKey = new LinkedHashMap<>();
    for (Operation op : history.operations()) {
      if (op.f() == Op.Fn.APPEND) {
        throw new IllegalArgumentException("staleness needs read, write and cas operations;"
            + " append values are not versions, found " + op);
      }
      byKey.computeIfAbsent(op.key(), k -> new ArrayList<>()).add(op);
    }
    List<StalenessResult.ReadStaleness> perRead = new ArrayList<>();
    for (Map.Entry<String, List<Operation>> e : byKey.entrySet()) {
      analyzeKey(e.getKey(), e.getValue(), perRead);
    }
    perRead.sort((a, b) -> Integer.compare(a.read().index(), b.read().index()));
    return summarize(perRead);
  }

  private void analyzeKey(String key, List<Operation> ops,
      List<StalenessResult.ReadStaleness> out) {
    Map<Object, Operation> writerOf = new HashMap<>();
    List<Operation> completed = new ArrayList<>();
    for (Operation op : ops) {
      Object written = writtenValue(op);
      if (written == NOT_A_WRITE) {
        continue;
      }
      if (Objects.equals(written, initial)) {
        throw new IllegalArgumentException("staleness needs unique values per key: " + op
            + " writes the initial value " + describe(initial)
            + (key == null ? "" : " to key \"" + key + "\""));
      }
      Operation twin = writerOf.putIfAbsent(written, op);
      if (twin != null) {
        throw new IllegalArgumentException("staleness needs unique values per key: " + twin
            + " and " + op + " both write " + describe(written)
            + (key == null ? "" : " to key \"" + key + "\""));
      }
      if (op.status() == Operation.Status.OK) {
        completed.add(op);
      }
    }
    completed.sort((a, b) -> Long.compare(a.completeTime(), b.completeTime()));
    long[] completeTimes = new long[completed.size()];
    Map<Operation, Integer> rank = new HashMap<>();
    for (int i = 0; i < completeTimes.length; i++) {
      completeTimes[i] = completed.get(i).completeTime();
      rank.put(completed.get(i), i);
    }
    for (Operation read : ops) {
      if (read.f() != Op.Fn.READ || read.status() != Operation.Status.OK) {
        continue;
      }
      // Completed writes: those that completed strictly before the read was invoked.
      int before = countBefore(completeTimes, read.invokeTime());
      Long sinceNewest = before == 0 ? null : read.invokeTime() - completeTimes[before - 1];
      Object value = read.output();
      Operation writer = writerOf.get(value);
      int k;
      boolean explained = true;
      if (writer == null) {
        if (Objects.equals(value, initial)) {
          k = before;
        } else {
          k = 0;
          explained = false;
        }
      } else {
        Integer r = rank.get(writer);
        // Count the writes that completed strictly later: a write completing at the same instant
        // is not newer, though the sort puts one of them first.
        k = r == null || r >= before ? 0 : before - countAtMost(completeTimes, writer.completeTime());
      }
      out.add(new StalenessResult.ReadStaleness(read, explained, k, before, sinceNewest));
    }
  }

  /** Number of entries of sorted {@code times} strictly less than {@code t}. */
  private static int countBefore(long[] times, long t) {
    int lo = 0;
    int hi = times.length;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (times[mid] < t) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  /** Number of entries of sorted {@code times} less than or equal to {@code t}. */
  private static int countAtMost(long[] times, long t) {
    int lo = 0;
    int hi = times.length;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (times[mid] <= t) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  private static final Object NOT_A_WRITE = new Object();

  private static Object writtenValue(Operation op) {
    if (op.f() == Op.Fn.WRITE) {
      return op.input();
    }
    if (op.f() == Op.Fn.CAS) {
      return ((List<?>) op.input()).get(1);
    }
    return NOT_A_WRITE;
  }

  private StalenessResult summarize(List<StalenessResult.ReadStaleness> perRead) {
    long stale = 0;
    long unexplained = 0;
    TreeMap<Integer, Long> kCounts = new TreeMap<>();
    for (StalenessResult.ReadStaleness r : perRead) {
      if (!r.explained()) {
        unexplained++;
        continue;
      }
      kCounts.merge(r.k(), 1L, Long::sum);
      if (r.k() > 0) {
        stale++;
      }
    }
    List<StalenessResult.VisibilityPoint> curve = new ArrayList<>(points.length);
    for (long t : points) {
      long reads = 0;
      long consistent = 0;
      for (StalenessResult.ReadStaleness r : perRead) {
        if (r.explained() && r.sinceNewestWrite() != null && r.sinceNewestWrite() >= t) {
          reads++;
          consistent += r.k() == 0 ? 1 : 0;
        }
      }
      curve.add(new StalenessResult.VisibilityPoint(t, reads, consistent));
    }
    return new StalenessResult(perRead, stale, unexplained, kCounts, curve);
  }

  private static String describe(Object v) {
    return v instanceof String s ? "\"" + s + "\"" : String.valueOf(v);
  }

  @Override
  public String toString() {
    return "Staleness[initial=" + describe(initial) + ", points=" + Arrays.toString(points) + "]";
  }

  /** Mutable builder; not thread-safe. */
  public static final class Builder {
    private Object initial;
    private long[] points = DEFAULT_VISIBILITY_POINTS.stream().mapToLong(Long::longValue).toArray();

    private Builder() {}

    /** The value of every register before any write (a Long, a String or null; default null). */
    public Builder initial(Object initial) {
      if (initial != null && !(initial instanceof Long) && !(initial instanceof String)) {
        throw new IllegalArgumentException("initial must be a Long, a String or null, got "
            + initial + " (" + initial.getClass().getSimpleName() + ")");
      }
      this.initial = initial;
      return this;
    }

    /** The t values (nanoseconds, each {@code >= 0}) of the t-visibility curve, in order. */
    public Builder visibilityAt(long... nanos) {
      for (long t : nanos) {
        Require.atLeast("visibility point", t, 0L);
      }
      this.points = nanos.clone();
      return this;
    }

    /** The analysis. */
    public Staleness build() {
      return new Staleness(this);
    }
  }
}
