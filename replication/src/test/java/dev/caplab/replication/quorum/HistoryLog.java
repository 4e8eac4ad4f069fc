package dev.caplab.replication.quorum;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Records client operations and checks the real-time staleness property of strict quorums: no
 * successful read returns a value older than a write that completed before the read began.
 * Values written must be unique per key.
 */
final class HistoryLog implements OperationListener {

  /** A completed operation. */
  record Op(int process, String f, String key, Object value, long invoke, long complete, OperationEvent.Type type) {}

  final List<OperationEvent> events = new ArrayList<>();
  private final Map<Integer, OperationEvent> open = new HashMap<>();
  final List<Op> ops = new ArrayList<>();

  @Override
  public void onInvoke(OperationEvent e) {
    events.add(e);
    open.put(e.process(), e);
  }

  @Override
  public void onComplete(OperationEvent e) {
    events.add(e);
    OperationEvent inv = open.remove(e.process());
    ops.add(new Op(e.process(), e.f(), e.key(), e.value(), inv.time(), e.time(), e.type()));
  }

  /**
   * Reads that returned something older than a write completed before they began, as
   * human-readable lines; empty if none. "Older" is judged by real time only: value v is older
   * than write w if v's write completed before w was invoked (or v is null, the initial value).
   */
  List<String> staleReads() {
    Map<String, Op> writeOf = new HashMap<>();
    for (Op o : ops) {
      if (o.f().equals("write")) {
        writeOf.put(o.key() + "=" + o.value(), o);
      }
    }
    List<String> out = new ArrayList<>();
    for (Op r : ops) {
      if (!r.f().equals("read") || r.type() != OperationEvent.Type.OK) {
        continue;
      }
      Op source = r.value() == null ? null : writeOf.get(r.key() + "=" + r.value());
      if (r.value() != null && source == null) {
        out.add("read " + r + " returned a value never written");
        continue;
      }
      for (Op w : ops) {
        if (!w.f().equals("write") || w.type() != OperationEvent.Type.OK || !w.key().equals(r.key())
            || w.complete() >= r.invoke() || Objects.equals(w.value(), r.value())) {
          continue;
        }
        if (source == null || source.complete() < w.invoke()) {
          out.add("read " + r + " returned " + r.value() + " although write " + w + " completed before it began");
          break;
        }
      }
    }
    return out;
  }
}
