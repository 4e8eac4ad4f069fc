package dev.caplab.replication.cache;

import dev.caplab.sim.Simulation;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * A counter store for tests: answers each write after {@code delayNanos} of simulated time (at
 * once when 0), refuses it while {@link #down} says so, and applies exactly what it confirms.
 */
final class RecordingStore implements CounterStore {

  record Write(long time, String key, long delta, boolean applied) {}

  final Simulation sim;
  final long delayNanos;
  final Map<String, Long> counts = new LinkedHashMap<>();
  final List<Write> writes = new ArrayList<>();
  BooleanSupplier down = () -> false;

  RecordingStore(Simulation sim, long delayNanos) {
    this.sim = sim;
    this.delayNanos = delayNanos;
  }

  @Override
  public void add(String key, long delta, Completion done) {
    long sent = sim.now();
    if (delayNanos == 0) {
      answer(sent, key, delta, done);
    } else {
      sim.schedule(delayNanos, () -> answer(sent, key, delta, done));
    }
  }

  private void answer(long sent, String key, long delta, Completion done) {
    boolean applied = !down.getAsBoolean();
    if (applied) {
      counts.merge(key, delta, Long::sum);
    }
    writes.add(new Write(sent, key, delta, applied));
    done.complete(key, delta, applied);
  }

  long total() {
    return counts.values().stream().mapToLong(Long::longValue).sum();
  }
}
