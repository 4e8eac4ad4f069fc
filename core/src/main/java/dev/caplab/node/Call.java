package dev.caplab.node;

import dev.caplab.net.Envelope;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * A request awaiting its reply: set what happens when the reply comes or the call fails. Exactly
 * one of the two callbacks runs, at most once, on the calling node.
 *
 * <p>Callbacks may be set any time before the simulation processes its next event (replies and
 * timeouts are always later events). Not thread-safe: used on the node's thread.
 */
public final class Call {

  private final long id;
  private Consumer<Envelope> onReply = r -> {};
  private Consumer<CallFailure> onFailure = f -> {};
  private boolean done;

  Call(long id) {
    this.id = id;
  }

  /** The request's envelope id, which the reply carries as {@code inReplyTo}. */
  public long id() {
    return id;
  }

  /** What to do with the reply. */
  public Call onReply(Consumer<Envelope> action) {
    this.onReply = Objects.requireNonNull(action, "action");
    return this;
  }

  /** What to do if the call times out or the callee refuses it. */
  public Call onFailure(Consumer<CallFailure> action) {
    this.onFailure = Objects.requireNonNull(action, "action");
    return this;
  }

  /** Whether the call has completed either way. */
  public boolean isDone() {
    return done;
  }

  boolean complete(Envelope reply) {
    if (done) {
      return false;
    }
    done = true;
    onReply.accept(reply);
    return true;
  }

  boolean fail(CallFailure failure) {
    if (done) {
      return false;
    }
    done = true;
    onFailure.accept(failure);
    return true;
  }

  /** Marks the call finished without running callbacks (its node crashed). */
  void abandon() {
    done = true;
  }
}
