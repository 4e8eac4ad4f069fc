package dev.caplab.examples.resilience.thunderingherd;

/**
 * The recovery run's measuring instrument: the clients report every call they send and how it
 * ended, and the ledger keeps them per window of send time, so that "recovered" can be read off
 * at the end as the first window from which calls keep succeeding. It lives outside the nodes,
 * so the server's crash does not lose it.
 *
 * <p>Not thread-safe: used on the simulation thread only.
 */
final class RecoveryLedger {

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

  void requestEnded(boolean succeeded) {
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
