package dev.caplab.node.internal;

import dev.caplab.net.Envelope;
import dev.caplab.node.Call;
import dev.caplab.node.CallFailure;
import java.util.Objects;
import java.util.function.Consumer;

/** A {@link Call} to one node. Not thread-safe: the node's thread. */
final class SingleCall implements Call {

  private static final Consumer<Envelope> NO_REPLY_ACTION = r -> {};
  private static final Consumer<CallFailure> NO_FAILURE_ACTION = f -> {};

  private final PendingCalls owner;
  private final long id;
  private Consumer<Envelope> onReply = NO_REPLY_ACTION;
  private Consumer<CallFailure> onFailure = NO_FAILURE_ACTION;
  private boolean done;

  SingleCall(PendingCalls owner, long id) {
    this.owner = owner;
    this.id = id;
  }

  @Override
  public long id() {
    return id;
  }

  @Override
  public Call onReply(Consumer<Envelope> action) {
    this.onReply = Objects.requireNonNull(action, "action");
    return this;
  }

  @Override
  public Call onFailure(Consumer<CallFailure> action) {
    this.onFailure = Objects.requireNonNull(action, "action");
    return this;
  }

  @Override
  public boolean isDone() {
    return done;
  }

  @Override
  public void cancel() {
    if (!done) {
      done = true;
      owner.forget(id);
    }
  }

  void complete(Envelope reply) {
    if (!done) {
      done = true;
      onReply.accept(reply);
    }
  }

  void fail(CallFailure failure) {
    if (!done) {
      done = true;
      onFailure.accept(failure);
    }
  }

  /** Ends the call without running callbacks (its node crashed). */
  void abandon() {
    done = true;
  }
}
