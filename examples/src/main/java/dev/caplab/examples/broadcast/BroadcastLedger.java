package dev.caplab.examples.broadcast;

import dev.caplab.metrics.LatencyRecorder;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;

/**
 * The scenario's measuring instrument: nodes report what they publish, receive and learn, and the
 * ledger turns that into delivery and propagation latencies per {@link Phase} and the time at
 * which the cluster converged after the heal.
 *
 * <p>Convergence is tracked with a counter, not by polling: {@code pendingBeforeHeal} counts the
 * values published before the heal that some node still lacks, and the first moment at or after
 * the heal at which it is zero is the convergence time. That costs O(1) per learned value and
 * needs no extra timer events, which would change the trace.
 *
 * <p>Not thread-safe: used on the simulation thread only.
 */
final class BroadcastLedger {

  private static final int INITIAL_VALUES = 32;

  private final int nodes;
  private final long partitionAt;
  private final long healAt;
  private final Map<Phase, LatencyRecorder> delivery = recorders();
  private final Map<Phase, LatencyRecorder> propagation = recorders();
  /** publishedAt[origin][value]: when the origin published that value (index 0 unused). */
  private final long[][] publishedAt;
  /** knownBy[origin][value]: how many nodes know that value. */
  private final int[][] knownBy;
  private long published;
  private long fullyPropagated;
  private long pendingBeforeHeal;
  private long convergedAt = -1;

  BroadcastLedger(int nodes, long partitionAtNanos, long healAtNanos) {
    this.nodes = nodes;
    this.partitionAt = partitionAtNanos;
    this.healAt = healAtNanos;
    this.publishedAt = new long[nodes][INITIAL_VALUES];
    this.knownBy = new int[nodes][INITIAL_VALUES];
  }

  /** {@code origin} published {@code value} (its values are numbered 1, 2, 3, ...). */
  void published(int origin, long value, long now) {
    int v = Math.toIntExact(value);
    if (v >= publishedAt[origin].length) {
      publishedAt[origin] = Arrays.copyOf(publishedAt[origin], v * 2);
      knownBy[origin] = Arrays.copyOf(knownBy[origin], v * 2);
    }
    publishedAt[origin][v] = now;
    published++;
    if (now < healAt) {
      pendingBeforeHeal++;
    }
    know(origin, v, now); // the publisher knows its own value
  }

  /** A node that knew {@code origin}'s values up to {@code from} now knows them up to {@code to}. */
  void learned(int origin, long from, long to, long now) {
    for (long v = from + 1; v <= to; v++) {
      know(origin, (int) v, now);
    }
  }

  /** A message sent at {@code sentAt} reached its handler at {@code now}. */
  void delivered(long sentAt, long now) {
    delivery.get(phase(sentAt)).record(now - sentAt);
  }

  /** The partition healed at {@code now}: the cluster may already agree on everything before it. */
  void healed(long now) {
    if (pendingBeforeHeal == 0 && convergedAt < 0) {
      convergedAt = now;
    }
  }

  private void know(int origin, int v, long now) {
    int count = ++knownBy[origin][v];
    if (count < nodes) {
      return;
    }
    long at = publishedAt[origin][v];
    fullyPropagated++;
    propagation.get(phase(at)).record(now - at);
    if (at < healAt) {
      pendingBeforeHeal--;
      if (pendingBeforeHeal == 0 && now >= healAt && convergedAt < 0) {
        convergedAt = now;
      }
    }
  }

  private Phase phase(long nanos) {
    return Phase.at(nanos, partitionAt, healAt);
  }

  /** Send-to-handler latency of delivered messages, by the phase they were sent in. */
  LatencyRecorder delivery(Phase phase) {
    return delivery.get(phase);
  }

  /** Publish-to-known-everywhere latency of values, by the phase they were published in. */
  LatencyRecorder propagation(Phase phase) {
    return propagation.get(phase);
  }

  long published() {
    return published;
  }

  long fullyPropagated() {
    return fullyPropagated;
  }

  /**
   * How long after the heal every value published before it was known by every node, in
   * nanoseconds; -1 if that never happened.
   */
  long convergenceAfterHealNanos() {
    return convergedAt < 0 ? -1 : convergedAt - healAt;
  }

  private static Map<Phase, LatencyRecorder> recorders() {
    Map<Phase, LatencyRecorder> m = new EnumMap<>(Phase.class);
    for (Phase p : Phase.values()) {
      m.put(p, new LatencyRecorder());
    }
    return m;
  }
}
