package dev.caplab.replication.quorum;

import dev.caplab.history.History;
import dev.caplab.history.Op;
import dev.caplab.history.Operation;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The real-time staleness property of strict quorums, checked on a recorded history: no
 * successful read returns a value older than a write completed before the read began. Values
 * written must be unique per key.
 */
final class RealTimeStaleness {

  private RealTimeStaleness() {}

  /** Whether {@code o} is a {@code f} that took effect. */
  static boolean ok(Operation o, Op.Fn f) {
    return o.f() == f && o.status() == Operation.Status.OK;
  }

  /**
   * Reads that returned something older than a write completed before they began, as
   * human-readable lines; empty if none. "Older" is judged by real time only: value v is older
   * than write w if v's write completed before w was invoked (or v is null, the initial value); a
   * write of unknown outcome never completed.
   */
  static List<String> staleReads(History history) {
    List<Operation> ops = history.operations();
    Map<String, Operation> writeOf = new HashMap<>();
    for (Operation o : ops) {
      if (o.f() == Op.Fn.WRITE) {
        writeOf.put(o.key() + "=" + o.input(), o);
      }
    }
    List<String> out = new ArrayList<>();
    for (Operation r : ops) {
      if (!ok(r, Op.Fn.READ)) {
        continue;
      }
      Operation source = r.output() == null ? null : writeOf.get(r.key() + "=" + r.output());
      if (r.output() != null && source == null) {
        out.add("read " + r + " returned a value never written");
        continue;
      }
      for (Operation w : ops) {
        if (!ok(w, Op.Fn.WRITE) || !w.key().equals(r.key()) || w.completeTime() >= r.invokeTime()
            || Objects.equals(w.input(), r.output())) {
          continue;
        }
        if (source == null || source.completeTime() < w.invokeTime()) {
          out.add("read " + r + " returned " + r.output() + " although write " + w
              + " completed before it began");
          break;
        }
      }
    }
    return out;
  }
}
