package dev.caplab.examples.quorum;

import dev.caplab.history.History;
import dev.caplab.history.Op;
import dev.caplab.history.Operation;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Stale reads by real time: a successful read is stale when it returned a value older than the
 * newest write that completed before the read began, that is when some write {@code w} completed
 * before the read's invocation and the write of the returned value completed before {@code w} was
 * invoked (or the read returned the initial {@code null}). A value written by a write of unknown
 * outcome is never judged older. Written values must be unique per key. Stateless.
 */
public final class StaleReads {

  private StaleReads() {}

  /** The stale reads of {@code history}, in invocation order. */
  public static List<Operation> of(History history) {
    Map<String, List<Operation>> writesByKey = new LinkedHashMap<>();
    Map<String, Operation> writeOfValue = new HashMap<>();
    for (Operation o : history.operations()) {
      if (o.f() == Op.Fn.WRITE) {
        writeOfValue.put(o.key() + "\u0000" + o.input(), o);
        if (o.status() == Operation.Status.OK) {
          writesByKey.computeIfAbsent(o.key(), k -> new ArrayList<>()).add(o);
        }
      }
    }
    Map<String, long[][]> index = new HashMap<>();
    writesByKey.forEach((key, writes) -> {
      writes.sort(Comparator.comparingLong(Operation::completeTime));
      long[] complete = new long[writes.size()];
      long[] maxInvoke = new long[writes.size()];
      long max = Long.MIN_VALUE;
      for (int i = 0; i < writes.size(); i++) {
        complete[i] = writes.get(i).completeTime();
        max = Math.max(max, writes.get(i).invokeTime());
        maxInvoke[i] = max;
      }
      index.put(key, new long[][] {complete, maxInvoke});
    });
    List<Operation> stale = new ArrayList<>();
    for (Operation r : history.operations()) {
      if (r.f() != Op.Fn.READ || r.status() != Operation.Status.OK) {
        continue;
      }
      long[][] idx = index.get(r.key());
      if (idx == null) {
        continue;
      }
      int before = countBelow(idx[0], r.invokeTime());
      if (before == 0) {
        continue;
      }
      long newestInvoke = idx[1][before - 1];
      if (r.output() == null) {
        stale.add(r);
        continue;
      }
      Operation source = writeOfValue.get(r.key() + "\u0000" + r.output());
      if (source == null) {
        throw new IllegalArgumentException("read " + r + " returned a value no write wrote");
      }
      if (source.status() == Operation.Status.OK && source.completeTime() < newestInvoke) {
        stale.add(r);
      }
    }
    return stale;
  }

  /** How many of the sorted {@code values} are strictly below {@code bound}. */
  private static int countBelow(long[] values, long bound) {
    int lo = 0;
    int hi = values.length;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (values[mid] < bound) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }
}
