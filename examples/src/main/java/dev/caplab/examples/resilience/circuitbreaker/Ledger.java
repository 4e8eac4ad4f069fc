package dev.caplab.examples.resilience.circuitbreaker;

import dev.caplab.messaging.resilience.CircuitBreaker;
import dev.caplab.metrics.LatencyRecorder;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The measuring instrument of one variant: how and when each user request was answered, how many
 * calls reached the backends, and the breaker's state changes. The web node reports to it and
 * never reads from it.
 *
 * <p>Not thread-safe: written on the simulation thread, read after the run.
 */
final class Ledger {

  /** One state change of the breaker. */
  record Transition(long atNanos, CircuitBreaker.State from, CircuitBreaker.State to) {}

  private final Workload workload;
  private final Answer[] answers;
  private final long[] latencyNanos;
  private final LatencyRecorder latency = new LatencyRecorder();
  private final List<Transition> transitions = new ArrayList<>();
  private final Map<Answer, Integer> counts = new EnumMap<>(Answer.class);
  private long recommendationCalls;
  private long lateReplies;
  private int answered;

  Ledger(Workload workload) {
    this.workload = workload;
    this.answers = new Answer[workload.size()];
    this.latencyNanos = new long[workload.size()];
    for (Answer a : Answer.values()) {
      counts.put(a, 0);
    }
  }

  void answered(int request, Answer answer, long nowNanos) {
    if (answers[request] != null) {
      throw new IllegalStateException("request " + request + " answered twice: " + answers[request] + ", then " + answer);
    }
    long took = nowNanos - workload.arrivalNanos(request);
    answers[request] = answer;
    latencyNanos[request] = took;
    latency.record(took);
    counts.merge(answer, 1, Integer::sum);
    answered++;
  }

  void lateReply() {
    lateReplies++;
  }

  /** Backend answers that arrived after their call had timed out, and were thrown away. */
  long lateReplies() {
    return lateReplies;
  }

  void calledRecommendations() {
    recommendationCalls++;
  }

  void transition(long atNanos, CircuitBreaker.State from, CircuitBreaker.State to) {
    transitions.add(new Transition(atNanos, from, to));
  }

  int requests() {
    return workload.size();
  }

  int answered() {
    return answered;
  }

  int count(Answer answer) {
    return counts.get(answer);
  }

  /** Successful answers over all requests, in [0, 1]. */
  double successRate() {
    return workload.size() == 0 ? 1.0 : (double) count(Answer.OK) / workload.size();
  }

  /** Time from arrival to answer of every answered request, whatever the answer. */
  LatencyRecorder latency() {
    return latency;
  }

  /** Calls the web service actually sent to the recommendations backend. */
  long recommendationCalls() {
    return recommendationCalls;
  }

  List<Transition> transitions() {
    return Collections.unmodifiableList(transitions);
  }

  /** How request {@code request} was answered, or null if it was not (yet). */
  Answer answer(int request) {
    return answers[request];
  }

  /** When request {@code request} was answered; meaningful only once it was. */
  long answeredAt(int request) {
    return workload.arrivalNanos(request) + latencyNanos[request];
  }

  /** Requests that arrived in {@code phase} and got {@code answer}. */
  int count(Phase phase, Answer answer) {
    int n = 0;
    for (int i = 0; i < answers.length; i++) {
      if (answers[i] == answer && Phase.at(workload.arrivalNanos(i)) == phase) {
        n++;
      }
    }
    return n;
  }

  /** Catalog requests (which never touch the failing backend) that found no free slot. */
  int catalogTurnedAway() {
    int n = 0;
    for (int i = 0; i < answers.length; i++) {
      if (answers[i] == Answer.NO_SLOT && !workload.needsRecommendations(i)) {
        n++;
      }
    }
    return n;
  }

  /** Requests that arrived in {@code phase}. */
  int arrivals(Phase phase) {
    int n = 0;
    for (int i = 0; i < answers.length; i++) {
      if (Phase.at(workload.arrivalNanos(i)) == phase) {
        n++;
      }
    }
    return n;
  }

  /**
   * How long after {@code fromNanos} the service was back: the earliest arrival time {@code t >=
   * fromNanos} such that, of the requests arriving in {@code [t, t + windowNanos)}, more than
   * {@code threshold} succeeded, minus {@code fromNanos}; -1 if no such window fits before the
   * last arrival.
   */
  long recoveryNanos(long fromNanos, long windowNanos, double threshold) {
    int n = workload.size();
    if (n == 0) {
      return -1;
    }
    long lastArrival = workload.arrivalNanos(n - 1);
    int end = 0;
    int ok = 0;
    for (int start = 0; start < n; start++) {
      long t = workload.arrivalNanos(start);
      while (end < n && workload.arrivalNanos(end) < t + windowNanos) {
        if (answers[end] == Answer.OK) {
          ok++;
        }
        end++;
      }
      if (t >= fromNanos && t + windowNanos <= lastArrival) {
        int inWindow = end - start;
        if (inWindow > 0 && ok > threshold * inWindow) {
          return t - fromNanos;
        }
      }
      if (answers[start] == Answer.OK) {
        ok--;
      }
    }
    return -1;
  }
}
