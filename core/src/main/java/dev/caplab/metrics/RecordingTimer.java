package dev.caplab.metrics;

import io.micrometer.core.instrument.AbstractTimer;
import io.micrometer.core.instrument.Clock;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import io.micrometer.core.instrument.distribution.pause.NoPauseDetector;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * A Micrometer {@link Timer} that also keeps every recorded duration in a {@link LatencyRecorder}:
 * what the {@linkplain SimulatedMeterRegistry simulated registry} makes for {@code Timer.builder}.
 * Nodes report latencies through their context's registry, per node, and a report merges the
 * nodes' recorders into exact cluster-wide percentiles, which Micrometer's own timers, built for
 * time-windowed approximations, do not give.
 *
 * <p>Thread-safe: recording and reading synchronise on the timer.
 */
public final class RecordingTimer extends AbstractTimer {

  private final LatencyRecorder recorder = new LatencyRecorder();
  private long count;
  private long totalNanos;
  private long maxNanos;

  RecordingTimer(Id id, Clock clock, DistributionStatisticConfig config, TimeUnit baseTimeUnit) {
    super(id, clock, config, NoPauseDetector.INSTANCE, baseTimeUnit, false);
  }

  @Override
  protected synchronized void recordNonNegative(long amount, TimeUnit unit) {
    long nanos = unit.toNanos(amount);
    recorder.record(nanos);
    count++;
    totalNanos += nanos;
    maxNanos = Math.max(maxNanos, nanos);
  }

  @Override
  public synchronized long count() {
    return count;
  }

  @Override
  public synchronized double totalTime(TimeUnit unit) {
    return totalNanos / (double) unit.toNanos(1);
  }

  @Override
  public synchronized double max(TimeUnit unit) {
    return maxNanos / (double) unit.toNanos(1);
  }

  /** Adds everything this timer recorded to {@code into}. */
  public synchronized void mergeInto(LatencyRecorder into) {
    Objects.requireNonNull(into, "into").merge(recorder);
  }

  /**
   * Every duration the given timers recorded, in one recorder: the exact distribution when they
   * are {@code RecordingTimer}s, which the simulated registry makes.
   *
   * @throws IllegalArgumentException if one of them is another kind of timer, whose distribution
   *     is not kept
   */
  public static LatencyRecorder merged(Iterable<? extends Timer> timers) {
    LatencyRecorder out = new LatencyRecorder();
    for (Timer t : timers) {
      if (!(t instanceof RecordingTimer rt)) {
        throw new IllegalArgumentException("timers must come from a SimulatedMeterRegistry (RecordingTimer),"
            + " got a " + t.getClass().getName() + " for " + t.getId().getName());
      }
      rt.mergeInto(out);
    }
    return out;
  }
}
