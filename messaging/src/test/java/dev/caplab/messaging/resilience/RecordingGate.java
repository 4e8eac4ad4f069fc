package dev.caplab.messaging.resilience;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A CallGate that records what it is told and permits while {@code open}. */
final class RecordingGate implements CallGate {
  final List<String> events = new CopyOnWriteArrayList<>();
  volatile boolean open = true;

  @Override
  public String name() {
    return "gate";
  }

  @Override
  public boolean tryAcquirePermission() {
    events.add(open ? "permit" : "reject");
    return open;
  }

  @Override
  public void releasePermission() {
    events.add("release");
  }

  @Override
  public void onSuccess(long durationNanos) {
    events.add("success");
  }

  @Override
  public void onError(long durationNanos, Throwable error) {
    events.add("error:" + error.getClass().getSimpleName());
  }
}
