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
 * call itself is its timeout's entry in the node's {@link Deadlines}. A runtime numbers a node's
 * messages in sequence, so the requests of the first fan-out are usually consecutive: they are kept
 * as a first id and a count, and which were answered as bits, so a typical call is one object.
 * Not thread-safe: the node's thread.
 */
final class FanOutCall extends Deadlines.Deadline implements MultiCall {

  private static final Consumer<Envelope> NO_REPLY_ACTION = r -> {};
  private static final Consumer<NodeId> NO_REJECT_ACTION = n -> {};
  private static final Runnable NO_ACTION = () -> {};

  private final PendingCalls owner;
  private final long start;
  /** The id of request 0; the first {@link #consecutive()} requests have consecutive ids. */
  private long firstRequest;
  /** Bit i: request i was answered or refused (requests 0..63). */
  private long answeredBits;
  private int asked;
  private boolean done;
  private Consumer<Envelope> onReply = NO_REPLY_ACTION;
  private Runnable onTimeout = NO_ACTION;
  /** What few calls need: late requests, many requests, rejections, a quorum, a checkpoint (null until then). */
  private Extras extras;

  /** The parts of a call that most calls never use, kept out of the call object itself. */
  private static final class Extras {
    /** How many requests have consecutive ids, once one did not (then {@link #others} is set). */
    int consecutive;
    /** The ids of requests from {@code consecutive} on. */
    long[] others;
    /** Requests refused with {@code Overloaded}: answered, but not replies. */
    int rejected;
    /** Answered flags of requests 64 and on. */
    boolean[] answeredBeyond;
    Consumer<NodeId> onRejected = NO_REJECT_ACTION;
    Runnable onQuorum;
    int quorum;
    Checkpoint checkpoint;
  }

  /** The call starts at {@code start}; its deadline is set when the runtime schedules it. */
  FanOutCall(PendingCalls owner, long start) {
    this.owner = owner;
    this.start = start;
  }

  private Extras extras() {
    if (extras == null) {
      extras = new Extras();
    }
    return extras;
  }

  @Override
  public int asked() {
    return asked;
  }

  @Override
  public int replies() {
    int answered = Long.bitCount(answeredBits);
    if (extras == null) {
      return answered;
    }
    if (extras.answeredBeyond != null) {
      for (boolean a : extras.answeredBeyond) {
        answered += a ? 1 : 0;
      }
    }
    return answered - extras.rejected;
  }

  /** How many requests, from the first, have consecutive ids. */
  private int consecutive() {
    return extras == null || extras.others == null ? asked : extras.consecutive;
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
    extras().onRejected = Objects.requireNonNull(action, "action");
    return this;
  }

  @Override
  public MultiCall onQuorum(int k, Runnable action) {
    Objects.requireNonNull(action, "action");
    if (k < 1 || k > asked) {
      throw new IllegalArgumentException("quorum k must be between 1 and the " + asked
          + " requests asked, got " + k);
    }
    Extras x = extras();
    x.quorum = k;
    x.onQuorum = action;
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
    long timeoutNanos = at() - start;
    if (delay.isNegative() || delay.isZero() || delay.compareTo(Duration.ofNanos(timeoutNanos)) > 0) {
      throw new IllegalArgumentException("onElapsed delay must be > 0s and <= the call's timeout ("
          + Durations.exact(timeoutNanos) + "), got " + Durations.exact(delay));
    }
    if (extras != null && extras.checkpoint != null) {
      throw new IllegalStateException("onElapsed is already set for this call");
    }
    Checkpoint checkpoint = new Checkpoint(action);
    extras().checkpoint = checkpoint;
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
    long id = owner.send(to, request, this);
    int consecutive = consecutive();
    if (asked == 0) {
      firstRequest = id;
    } else if (asked == consecutive && id == firstRequest + consecutive) {
      // still consecutive: nothing to store
    } else {
      int k = asked - consecutive;
      Extras x = extras();
      if (x.others == null) {
        x.consecutive = consecutive;
        x.others = new long[4];
      } else if (k == x.others.length) {
        x.others = Arrays.copyOf(x.others, k * 2);
      }
      x.others[k] = id;
    }
    asked++;
  }

  private long request(int i) {
    int consecutive = consecutive();
    return i < consecutive ? firstRequest + i : extras.others[i - consecutive];
  }

  /** Marks request {@code i} answered; false if it already was. */
  private boolean markAnswered(int i) {
    if (i < Long.SIZE) {
      long bit = 1L << i;
      boolean first = (answeredBits & bit) == 0;
      answeredBits |= bit;
      return first;
    }
    int k = i - Long.SIZE;
    Extras x = extras();
    if (x.answeredBeyond == null || k >= x.answeredBeyond.length) {
      x.answeredBeyond = Arrays.copyOf(x.answeredBeyond == null ? new boolean[0] : x.answeredBeyond,
          Math.max(k + 1, asked - Long.SIZE));
    }
    boolean first = !x.answeredBeyond[k];
    x.answeredBeyond[k] = true;
    return first;
  }

  void onReply(Envelope reply) {
    if (!markAnswered(indexOf(reply.inReplyTo()))) {
      return; // a duplicate, or a second answer to the same request
    }
    if (reply.message() instanceof Overloaded) {
      Extras x = extras();
      x.rejected++;
      x.onRejected.accept(reply.from());
      return;
    }
    onReply.accept(reply);
    checkQuorum();
  }

  /** The deadline: a checkpoint due now runs first, then the timeout. */
  @Override
  void expire() {
    Checkpoint checkpoint = extras == null ? null : extras.checkpoint;
    if (checkpoint != null && checkpoint.isScheduled() && checkpoint.at() <= at()) {
      owner.deadlines().remove(checkpoint);
      checkpoint.action.run();
      if (done) {
        return;
      }
    }
    end();
    owner.timedOut(firstRequest);
    onTimeout.run();
  }

  /** Ends the call without running callbacks (its node crashed). */
  void abandon() {
    done = true;
  }

  private void checkQuorum() {
    if (!done && extras != null && extras.onQuorum != null && replies() >= extras.quorum) {
      Runnable action = extras.onQuorum;
      extras.onQuorum = null;
      action.run();
    }
  }

  private void end() {
    if (done) {
      return;
    }
    done = true;
    for (int i = 0; i < asked; i++) {
      owner.forget(request(i));
    }
    owner.deadlines().remove(this);
    if (extras != null && extras.checkpoint != null) {
      owner.deadlines().remove(extras.checkpoint);
    }
  }

  private int indexOf(long requestId) {
    int consecutive = consecutive();
    long offset = requestId - firstRequest;
    if (offset >= 0 && offset < consecutive) {
      return (int) offset;
    }
    for (int i = consecutive; i < asked; i++) {
      if (extras.others[i - consecutive] == requestId) {
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
