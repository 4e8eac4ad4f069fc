package dev.caplab.examples.saga;

import dev.caplab.metrics.LatencyRecorder;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The scenario's measuring instrument: the shop reports when each order was placed and accepted,
 * the orchestrator (or the orders service) when the customer got an answer and when the saga
 * reached a terminal state, the services every follow-up done and every compensation that took
 * effect. Nodes write to it and never read from it; a report counts each milestone once per order.
 *
 * <p>Not thread-safe: used on the simulation thread only.
 */
final class SagaLedger {

  /** What the ledger knows of one order. */
  static final class Entry {
    long placedAt = -1;
    boolean accepted;
    long answeredAt = -1;
    boolean confirmed;
    long terminalAt = -1;
    boolean completed;
    int followUps;
    String compensatedFor;
    boolean compensationRetried;
    final Map<Service, Integer> undone = new EnumMap<>(Service.class);
  }

  private final boolean followUpsEndTheSaga;
  private final Map<String, Entry> orders = new LinkedHashMap<>();
  private final LatencyRecorder answerLatency = new LatencyRecorder();
  private final LatencyRecorder terminalLatency = new LatencyRecorder();
  private long published;
  private int inFlight;
  private int compensating;
  private int retryingCompensation;

  /**
   * A ledger; when {@code followUpsEndTheSaga} (the choreography), a confirmed order is terminal once
   * its last follow-up is done, else the orchestrator says when.
   */
  SagaLedger(boolean followUpsEndTheSaga) {
    this.followUpsEndTheSaga = followUpsEndTheSaga;
  }

  private Entry entry(String id) {
    return orders.computeIfAbsent(id, k -> new Entry());
  }

  void placed(String id, long now) {
    Entry e = entry(id);
    if (e.placedAt < 0) {
      e.placedAt = now;
      inFlight++;
    }
  }

  void accepted(String id) {
    entry(id).accepted = true;
  }

  void answered(String id, boolean confirmed, long now) {
    Entry e = entry(id);
    if (e.answeredAt < 0) {
      e.answeredAt = now;
      e.confirmed = confirmed;
      answerLatency.record(now - e.placedAt);
    }
  }

  void terminal(String id, boolean completed, long now) {
    Entry e = entry(id);
    if (e.terminalAt < 0) {
      e.terminalAt = now;
      e.completed = completed;
      terminalLatency.record(now - e.placedAt);
      inFlight--;
      compensating -= e.compensatedFor == null ? 0 : 1;
      retryingCompensation -= e.compensationRetried ? 1 : 0;
    }
  }

  void followUpDone(String id, Service s, long now) {
    Entry e = entry(id);
    e.followUps++;
    if (followUpsEndTheSaga && e.followUps == Service.values().length - 2) {
      terminal(id, true, now);
    }
  }

  /** The saga of order {@code id} began compensating because a step failed for {@code reason}. */
  void compensating(String id, String reason) {
    Entry e = entry(id);
    if (e.compensatedFor == null) {
      e.compensatedFor = reason;
      compensating += e.terminalAt < 0 ? 1 : 0;
    }
  }

  /** A compensation of order {@code id}'s saga failed or went unanswered and is run again. */
  void compensationRetried(String id) {
    Entry e = entry(id);
    if (!e.compensationRetried && e.terminalAt < 0) {
      e.compensationRetried = true;
      retryingCompensation++;
    }
  }

  void undone(String id, Service s) {
    entry(id).undone.merge(s, 1, Integer::sum);
  }

  void eventPublished() {
    published++;
  }

  /** Orders placed and not yet terminal. */
  int inFlight() {
    return inFlight;
  }

  /** Sagas compensating and not yet compensated. */
  int compensating() {
    return compensating;
  }

  /**
   * Sagas not yet terminal with a compensation that failed or went unanswered and is being retried:
   * the saga's dead letters, work that cannot finish until a service comes back.
   */
  int retryingCompensation() {
    return retryingCompensation;
  }

  Map<String, Entry> orders() {
    return orders;
  }

  /** From placing an order to the customer's answer (confirmed, or cancelled and compensated). */
  LatencyRecorder answerLatency() {
    return answerLatency;
  }

  /** From placing an order to its saga's terminal state. */
  LatencyRecorder terminalLatency() {
    return terminalLatency;
  }

  /** Events the log acknowledged (choreography). */
  long published() {
    return published;
  }
}
