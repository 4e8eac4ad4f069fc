package dev.caplab.examples.messaging.primeday;

import dev.caplab.metrics.LatencyRecorder;
import java.util.Arrays;

/**
 * What happened to every order of one run: when the broker accepted it, when a worker first
 * processed it, and the redeliveries of orders already processed. It is the scenario's view from
 * outside (the nodes report into it), so it spans crashes.
 *
 * <p>Not thread-safe: one simulation, one thread.
 */
final class OrderLedger {

  private static final String MALFORMED = ":corrupt";

  private final int orders;
  private final long[] acceptedAt;
  private final long[] processedAt;
  private final LatencyRecorder latency = new LatencyRecorder();
  private int accepted;
  private int processed;
  private long duplicates;
  private int oldest;

  OrderLedger(int orders) {
    this.orders = orders;
    this.acceptedAt = new long[orders];
    this.processedAt = new long[orders];
    Arrays.fill(acceptedAt, -1);
    Arrays.fill(processedAt, -1);
  }

  int orders() {
    return orders;
  }

  String body(int order) {
    return "order-" + order + (order % PrimeDayOrders.MALFORMED_EVERY == PrimeDayOrders.MALFORMED_EVERY - 1
        ? MALFORMED : "");
  }

  static boolean isMalformed(String body) {
    return body.endsWith(MALFORMED);
  }

  static int orderOf(String body) {
    int end = body.indexOf(':');
    return Integer.parseInt(body.substring("order-".length(), end < 0 ? body.length() : end));
  }

  void accepted(int order, long now) {
    if (acceptedAt[order] < 0) {
      acceptedAt[order] = now;
      accepted++;
    }
  }

  void processed(String body, long now) {
    int order = orderOf(body);
    if (processedAt[order] >= 0) {
      duplicates++;
      return;
    }
    processedAt[order] = now;
    processed++;
    if (acceptedAt[order] >= 0) {
      latency.record(now - acceptedAt[order]);
    }
  }

  long acceptedAt(int order) {
    return acceptedAt[order];
  }

  long processedAt(int order) {
    return processedAt[order];
  }

  int accepted() {
    return accepted;
  }

  int processed() {
    return processed;
  }

  long duplicates() {
    return duplicates;
  }

  LatencyRecorder latency() {
    return latency;
  }

  /**
   * How long the oldest accepted order that no worker has processed has waited at {@code now}, 0
   * if none waits (malformed orders excepted: they wait in the dead-letter queue).
   */
  long ageOfOldest(long now) {
    while (oldest < orders && (processedAt[oldest] >= 0 || isMalformed(body(oldest)))) {
      oldest++;
    }
    long first = Long.MAX_VALUE;
    for (int i = oldest; i < orders; i++) {
      if (acceptedAt[i] >= 0 && processedAt[i] < 0 && !isMalformed(body(i))) {
        first = Math.min(first, acceptedAt[i]);
      }
    }
    return first == Long.MAX_VALUE ? 0 : now - first;
  }
}
