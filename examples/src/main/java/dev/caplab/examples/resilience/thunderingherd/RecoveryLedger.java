package dev.caplab.examples.resilience.thunderingherd;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The recovery run's measuring instrument: the clients report every call they send and how it
 * ended, and the ledger keeps them per window of send time, so that "recovered" can be read off
 * at the end as the first window from which calls keep succeeding; it also keeps every request's
 * span, for the report's diagram. It lives outside the nodes, so the server's crash does not lose
 * it.
 *
 * <p>Not thread-safe: used on the simulation thread only.
 */
final class RecoveryLedger {

  /** One request of {@code client}, from its arrival to the end of its last attempt. */
  record Request(String client, long startedAt, long endedAt, boolean succeeded) {}

  private final long windowNanos;
  private final long[] sent;
  private final long[] ok;
  private long requests;
  private long requestsSucceeded;
  private long requestsFailed;
  private long attempts;
  private long rejected;
  private long timedOut;
  private long lateReplies;
  private final List<Request> log = new ArrayList<>();

  RecoveryLedger(long windowNanos, long horizonNanos) {
    this.windowNanos = windowNanos;
    int windows = Math.toIntExact(horizonNanos / windowNanos + 1);
    this.sent = new long[windows];
    this.ok = new long[windows];
  }

  void requestStarted() {
    requests++;
  }

  void attemptSent(long now) {
    attempts++;
    sent[window(now)]++;
  }

  void attemptOk(long sentAt) {
    ok[window(sentAt)]++;
  }

  void onRejected() {
    rejected++;
  }

  void onTimedOut() {
    timedOut++;
  }

  /** A reply arrived after its call had timed out: the server did the work for nobody. */
  void lateReply() {
    lateReplies++;
  }

  void requestEnded(String client, long startedAt, long now, boolean succeeded) {
    log.add(new Request(client, startedAt, now, succeeded));
    if (succeeded) {
      requestsSucceeded++;
    } else {
      requestsFailed++;
    }
  }

  private int window(long nanos) {
    return (int) Math.min(sent.length - 1, nanos / windowNanos);
  }

  /**
   * The start of the first window at or after {@code fromNanos} from which, in every window that
   * starts before {@code untilNanos}, at least {@code ratio} of the calls sent succeeded; -1 if
   * there is none.
   */
  long recoveredAt(long fromNanos, long untilNanos, double ratio) {
    int first = (int) ((fromNanos + windowNanos - 1) / windowNanos);
    int last = (int) Math.min(sent.length, (untilNanos + windowNanos - 1) / windowNanos);
    long recovered = -1;
    for (int w = last - 1; w >= first; w--) {
      if (ok[w] < ratio * sent[w]) {
        break;
      }
      recovered = w * windowNanos;
    }
    return recovered;
  }

  long windowNanos() {
    return windowNanos;
  }

  /** Calls sent in each window, by send time; the last window also holds every later call. */
  long[] sentPerWindow() {
    return sent.clone();
  }

  /** Calls that succeeded in each window, by send time, like {@link #sentPerWindow()}. */
  long[] okPerWindow() {
    return ok.clone();
  }

  /** Every finished request, in the order they finished. */
  List<Request> requestLog() {
    return Collections.unmodifiableList(log);
  }

  long requests() {
    return requests;
  }

  long requestsSucceeded() {
    return requestsSucceeded;
  }

  long requestsFailed() {
    return requestsFailed;
  }

  long attempts() {
    return attempts;
  }

  long rejected() {
    return rejected;
  }

  long timedOut() {
    return timedOut;
  }

  long lateReplies() {
    return lateReplies;
  }
}
