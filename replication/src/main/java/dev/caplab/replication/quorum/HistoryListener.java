package dev.caplab.replication.quorum;

import dev.caplab.history.History;
import dev.caplab.history.HistoryRecorder;
import dev.caplab.history.Op;
import java.util.HashMap;
import java.util.Map;

/**
 * Records the clients' operations as a {@link History} for the checkers (DESIGN section 5), via a
 * {@link HistoryRecorder}: invoke, then ok / fail / info as {@link QuorumClient} reports them.
 *
 * <p>A client that crashes with an operation outstanding never completes it; when its restarted
 * incarnation (same process number) invokes the next one, the earlier one is first recorded as
 * {@code info} (it may or may not have taken effect). Operations still outstanding when {@link
 * #history()} is taken appear with unknown outcome. Not thread-safe: the simulation thread.
 */
public final class HistoryListener implements OperationListener {

  private final HistoryRecorder recorder = new HistoryRecorder();
  private final Map<Integer, HistoryRecorder.Handle> open = new HashMap<>();

  @Override
  public void onInvoke(OperationEvent e) {
    HistoryRecorder.Handle crashed = open.remove(e.process());
    if (crashed != null) {
      recorder.info(crashed, crashed.value(), e.time());
    }
    open.put(e.process(), recorder.invoke(e.process(), fn(e.f()), e.key(), e.value(), e.time()));
  }

  @Override
  public void onComplete(OperationEvent e) {
    HistoryRecorder.Handle h = open.remove(e.process());
    if (h == null) {
      throw new IllegalStateException("completion without an invocation: " + e);
    }
    switch (e.type()) {
      case OK -> recorder.ok(h, e.value(), e.time());
      case FAIL -> recorder.fail(h, e.value(), e.time());
      case INFO -> recorder.info(h, e.value(), e.time());
      default -> throw new IllegalArgumentException("a completion must be ok, fail or info, got " + e.type());
    }
  }

  /** The history so far. */
  public History history() {
    return recorder.history();
  }

  private static Op.Fn fn(String f) {
    return switch (f) {
      case "read" -> Op.Fn.READ;
      case "write" -> Op.Fn.WRITE;
      default -> throw new IllegalArgumentException("unknown operation '" + f + "'; expected read or write");
    };
  }
}
