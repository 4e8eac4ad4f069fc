package dev.caplab.node;

import dev.caplab.net.Envelope;
import dev.caplab.net.NodeId;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * One request sent to several nodes at once, with one deadline for all of them: the shape of a
 * quorum read or write, a Raft round of AppendEntries or votes, or a saga step that waits for a
 * set of acknowledgements. Replies come one by one to {@link #onReply}; {@link #onQuorum} fires
 * once enough have come; {@link #onTimeout} fires if the call is still open at its deadline.
 *
 * <p>Each request's first reply counts once: a duplicated reply, or a second reply to the same
 * request, is swallowed. A target whose inbox is full refuses the request with {@link
 * Overloaded}, which goes to {@link #onRejected} and does not count as a reply. More requests can
 * join the call later with {@link #ask} (a fallback node, a second phase); they share its
 * deadline. The caller decides when the operation is over and calls {@link #finish()}: from then
 * on no callback runs, and a reply that still comes goes to {@link Node#onMessage}.
 *
 * <p>Callbacks may be set any time before the node's handler returns; each kind can be set once
 * (setting it again replaces it). Made by {@link NodeContext#callAll}. Not thread-safe: used on
 * the node's thread.
 */
public interface MultiCall {

  /** How many requests the call has sent, its initial targets and every {@link #ask} after them. */
  int asked();

  /** How many of them have been answered (each request counts at most once). */
  int replies();

  /** Whether the call is over: finished, timed out, or its node crashed. */
  boolean isDone();

  /** What to do with each request's first reply, as it arrives. */
  MultiCall onReply(Consumer<Envelope> action);

  /** What to do when a target refuses its request because its inbox is full. */
  MultiCall onRejected(Consumer<NodeId> action);

  /**
   * Runs {@code action} once, when {@code k} requests have been answered (after the reply that
   * makes k has gone to {@link #onReply}); at once if k have been answered already.
   *
   * @throws IllegalArgumentException unless {@code 1 <= k <= asked()}
   */
  MultiCall onQuorum(int k, Runnable action);

  /** Runs {@code action} if the call is still open at its deadline; the call is then over. */
  MultiCall onTimeout(Runnable action);

  /**
   * Runs {@code action} once {@code delay} after the call started, unless it is over by then: a
   * second, earlier checkpoint under the same deadline, such as "replicas silent this long are
   * presumed down". A checkpoint due at the deadline itself runs before {@link #onTimeout}.
   *
   * @throws IllegalArgumentException unless {@code 0 < delay <= } the call's timeout
   * @throws IllegalStateException if a checkpoint is already set
   */
  MultiCall onElapsed(Duration delay, Runnable action);

  /**
   * Sends one more request as part of this call, to {@code to}; its reply counts like the
   * others'.
   *
   * @throws IllegalStateException if the call is over
   */
  MultiCall ask(NodeId to, Object request);

  /** Ends the call: no callback runs after this. Does nothing if it is over already. */
  void finish();
}
