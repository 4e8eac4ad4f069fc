package dev.caplab.node;

import dev.caplab.net.Envelope;
import java.util.function.Consumer;

/**
 * A request awaiting its reply: set what happens when the reply comes or the call fails. Exactly
 * one of the two callbacks runs, at most once, on the calling node; none runs after {@link
 * #cancel()} or a crash of the caller.
 *
 * <p>Callbacks may be set any time before the node's handler returns (replies and timeouts are
 * always later events). Made by {@link NodeContext#call}. Not thread-safe: used on the node's
 * thread.
 */
public interface Call {

  /** The request's id, unique among the calling node's messages; the reply carries it as {@code inReplyTo}. */
  long id();

  /** What to do with the reply. */
  Call onReply(Consumer<Envelope> action);

  /** What to do if the call times out or the callee refuses it. */
  Call onFailure(Consumer<CallFailure> action);

  /** Whether the call has completed either way, or was cancelled. */
  boolean isDone();

  /**
   * Stops waiting: neither callback will run, and a reply that still comes goes to {@link
   * Node#onMessage}. Does nothing if the call is done.
   */
  void cancel();
}
