package dev.caplab.node.internal;

import dev.caplab.net.Envelope;
import dev.caplab.net.NodeId;
import dev.caplab.node.MultiCall;
import dev.caplab.node.Overloaded;
import dev.caplab.time.Durations;
import java.time.Duration;
import java.util.Arrays;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * A {@link MultiCall}: its requests by id, which of them were answered, and its callbacks. The
 * call itself is its timeout's entry in the node's {@link Deadlines}, so a call costs one object
 * plus its two small arrays. Not thread-safe: the node's thread.
 */
final class FanOutCall extends Deadlines.Deadline implements MultiCall {

  private static final Consumer<Envelope> NO_REPLY_ACTION = r -> {};
  private static final Consumer<NodeId> NO_REJECT_ACTION = n -> {};
  private static final Runnable NO_ACTION = () -> {};

  private final PendingCalls owner;
  private final long start;
  private final long timeoutNanos;
  private long[] requests;
  private boolean[] answered;
  private int asked;
  private int replies;
  private boolean done;
  private Consumer<Envelope> onReply = NO_REPLY_ACTION;
  private Consumer<NodeId> onRejected = NO_REJECT_ACTION;
  private Runnable onTimeout = NO_ACTION;
  private Runnable onQuorum;
  private int quorum;
  private Checkpoint checkpoint;

  FanOutCall(PendingCalls owner, long start, long timeoutNanos, int expectedRequests) {
    this.owner = owner;
    this.start = start;
    this.timeoutNanos = timeoutNanos;
    this.requests = new long[expectedRequests];
    this.answered = new boolean[expectedRequests];
  }

  @Override
  public int asked() {
    return asked;
  }

  @Override
  public int replies() {
    return replies;
  }

  @Override
  public boolean isDone() {
    return done;
  }

  @Override
  public MultiCall onReply(Consumer<Envelope> action) {
    this.onReply = Objects.requireNonNull(action, "action");
    return this;
  }

  @Override
  public MultiCall onRejected(Consumer<NodeId> action) {
    this.onRejected = Objects.requireNonNull(action, "action");
    return this;
  }

  @Override
  public MultiCall onQuorum(int k, Runnable action) {
    Objects.requireNonNull(action, "action");
    if (k < 1 || k > asked) {
      throw new IllegalArgumentException("quorum k must be between 1 and the " + asked
          + " requests asked, got " + k);
    }
    this.quorum = k;
    this.onQuorum = action;
    checkQuorum();
    return this;
  }

  @Override
  public MultiCall onTimeout(Runnable action) {
    this.onTimeout = Objects.requireNonNull(action, "action");
    return this;
  }

  @Override
  public MultiCall onElapsed(Duration delay, Runnable action) {
    Objects.requireNonNull(delay, "delay");
    Objects.requireNonNull(action, "action");
    if (delay.isNegative() || delay.isZero() || delay.compareTo(Duration.ofNanos(timeoutNanos)) > 0) {
      throw new IllegalArgumentException("onElapsed delay must be > 0s and <= the call's timeout ("
          + Durations.exact(timeoutNanos) + "), got " + Durations.exact(delay));
    }
    if (checkpoint != null) {
      throw new IllegalStateException("onElapsed is already set for this call");
    }
    checkpoint = new Checkpoint(action);
    if (!done) {
      owner.deadlines().add(checkpoint, start + delay.toNanos());
    }
    return this;
  }

  @Override
  public MultiCall ask(NodeId to, Object request) {
    Objects.requireNonNull(to, "to");
    Objects.requireNonNull(request, "request");
    if (done) {
      throw new IllegalStateException("the call is over: it cannot ask " + to + " any more");
    }
    send(to, request);
    return this;
  }

  @Override
  public void finish() {
    end();
  }

  /** Sends one request of this call. */
  void send(NodeId to, Object request) {
    if (asked == requests.length) {
      int n = Math.max(4, asked * 2);
      requests = Arrays.copyOf(requests, n);
      answered = Arrays.copyOf(answered, n);
    }
    requests[asked] = owner.send(to, request, this);
    asked++;
  }

  void onReply(Envelope reply) {
    int i = indexOf(reply.inReplyTo());
    if (answered[i]) {
      return; // a duplicate, or a second answer to the same request
    }
    answered[i] = true;
    if (reply.message() instanceof Overloaded) {
      onRejected.accept(reply.from());
      return;
    }
    replies++;
    onReply.accept(reply);
    checkQuorum();
  }

  /** The deadline: a checkpoint due now runs first, then the timeout. */
  @Override
  void expire() {
    if (checkpoint != null && checkpoint.isScheduled() && checkpoint.at() <= at()) {
      owner.deadlines().remove(checkpoint);
      checkpoint.action.run();
      if (done) {
        return;
      }
    }
    end();
    owner.timedOut(requests[0]);
    onTimeout.run();
  }

  /** Ends the call without running callbacks (its node crashed). */
  void abandon() {
    done = true;
  }

  private void checkQuorum() {
    if (!done && onQuorum != null && replies >= quorum) {
      Runnable action = onQuorum;
      onQuorum = null;
      action.run();
    }
  }

  private void end() {
    if (done) {
      return;
    }
    done = true;
    for (int i = 0; i < asked; i++) {
      owner.forget(requests[i]);
    }
    owner.deadlines().remove(this);
    if (checkpoint != null) {
      owner.deadlines().remove(checkpoint);
    }
  }

  private int indexOf(long requestId) {
    for (int i = 0; i < asked; i++) {
      if (requests[i] == requestId) {
        return i;
      }
    }
    throw new IllegalStateException("request " + requestId + " is not part of this call");
  }

  /** The {@link #onElapsed} checkpoint. */
  private final class Checkpoint extends Deadlines.Deadline {
    final Runnable action;

    Checkpoint(Runnable action) {
      this.action = action;
    }

    @Override
    void expire() {
      if (!done) {
        action.run();
      }
    }
  }
}
