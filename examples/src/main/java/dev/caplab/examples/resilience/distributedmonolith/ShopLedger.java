package dev.caplab.examples.resilience.distributedmonolith;

import dev.caplab.metrics.LatencyRecorder;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The scenario's measuring instrument: the customers report every order's outcome and latency,
 * the queue every event it stored and finished, the worker every call it made. Nodes write to it
 * and never read from it. It keeps every order's span too, for the report's diagram.
 *
 * <p>Not thread-safe: used on the simulation thread only.
 */
final class ShopLedger {

  /** One answered order: sent at {@code sentAt}, answered at {@code answeredAt}; {@code failedAt} is null if placed. */
  record Order(long sentAt, long answeredAt, String failedAt) {}

  private final LatencyRecorder latency = new LatencyRecorder();
  private final LatencyRecorder eventLag = new LatencyRecorder();
  private final Map<String, Long> failedAt = new LinkedHashMap<>();
  private final List<Order> answered = new ArrayList<>();
  private long orders;
  private long placed;
  private long eventsPublished;
  private long eventsProcessed;
  private long workerCalls;
  private long redeliveries;

  void orderSent() {
    orders++;
  }

  void orderPlaced(long sentAt, long now) {
    placed++;
    latency.record(now - sentAt);
    answered.add(new Order(sentAt, now, null));
  }

  void orderFailed(String at, long sentAt, long now) {
    failedAt.merge(at, 1L, Long::sum);
    latency.record(now - sentAt);
    answered.add(new Order(sentAt, now, at));
  }

  void eventPublished() {
    eventsPublished++;
  }

  void eventProcessed(long lagNanos) {
    eventsProcessed++;
    eventLag.record(lagNanos);
  }

  void workerCall() {
    workerCalls++;
  }

  void redelivery() {
    redeliveries++;
  }

  long orders() {
    return orders;
  }

  long placed() {
    return placed;
  }

  /** Failed orders by the dependency that failed them, in first-seen order. */
  Map<String, Long> failedAt() {
    return failedAt;
  }

  /** Every answered order, in the order the answers came. */
  List<Order> answered() {
    return Collections.unmodifiableList(answered);
  }

  /** Latency of every answered order, placed or failed, as the customer saw it. */
  LatencyRecorder latency() {
    return latency;
  }

  /** Time from an event's publication to the end of its processing. */
  LatencyRecorder eventLag() {
    return eventLag;
  }

  long eventsPublished() {
    return eventsPublished;
  }

  long eventsProcessed() {
    return eventsProcessed;
  }

  long workerCalls() {
    return workerCalls;
  }

  long redeliveries() {
    return redeliveries;
  }
}
