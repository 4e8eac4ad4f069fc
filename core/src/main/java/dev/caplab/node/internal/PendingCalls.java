package dev.caplab.node.internal;

import dev.caplab.config.Require;
import dev.caplab.net.Envelope;
import dev.caplab.net.NodeId;
import dev.caplab.node.Call;
import dev.caplab.node.CallFailure;
import dev.caplab.node.MultiCall;
import dev.caplab.node.Overloaded;
import dev.caplab.time.Durations;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.RandomAccess;

/**
 * The request/response facility of one node incarnation, shared by every runtime: the calls in
 * flight by request id, and the deadlines of multi-calls on one timer ({@link Deadlines}). A
 * runtime sends requests and arms timers through its {@link CallRuntime}, hands every reply to
 * {@link #onReply}, and drops the whole object when the node crashes ({@link #abandonAll}).
 *
 * <p>A single {@link Call} gets its own runtime timer, exactly when it is made; the deadlines of
 * {@link MultiCall}s share one timer, armed for the earliest of them.
 *
 * <p>Not thread-safe: the node's thread.
 */
public final class PendingCalls {

  private final CallRuntime runtime;
  /** Request id -> the {@link SingleCall} or {@link FanOutCall} waiting for its reply. */
  private final RequestTable<Object> byRequest = new RequestTable<>();
  private final Deadlines deadlines;

  public PendingCalls(CallRuntime runtime) {
    this.runtime = Objects.requireNonNull(runtime, "runtime");
    this.deadlines = new Deadlines(runtime::wakeAt);
  }

  /** Whether no call is waiting for a reply. */
  public boolean isEmpty() {
    return byRequest.isEmpty();
  }

  /** Sends a request to one node; see {@link dev.caplab.node.NodeContext#call}. */
  public Call call(NodeId to, Object request, Duration timeout) {
    long timeoutNanos = Require.positiveNanos("timeout", timeout);
    Objects.requireNonNull(to, "to");
    Objects.requireNonNull(request, "request");
    SingleCall c = new SingleCall(this, runtime.sendRequest(to, request));
    byRequest.put(c.id(), c);
    runtime.scheduleCallTimeout(timeoutNanos, c);
    return c;
  }

  /** Sends a request to several nodes; see {@link dev.caplab.node.NodeContext#callAll}. */
  public MultiCall callAll(Collection<NodeId> targets, Object request, Duration timeout) {
    Objects.requireNonNull(targets, "targets");
    Objects.requireNonNull(request, "request");
    long timeoutNanos = Require.positiveNanos("timeout", timeout);
    int n = targets.size();
    Require.requireArgument(n > 0, "targets must name at least one node, got none");
    // Indexed access where the list allows it: an operation's fan-out allocates no iterator. The
    // copy of any other collection keeps a null, so the check below names it for every collection.
    List<NodeId> list = targets instanceof List<NodeId> l && l instanceof RandomAccess ? l : new ArrayList<>(targets);
    for (int i = 0; i < n; i++) {
      Objects.requireNonNull(list.get(i), "targets must not contain null");
    }
    long now = runtime.now();
    if (timeoutNanos > Long.MAX_VALUE - now) {
      throw new IllegalArgumentException("timeout must be <= " + Durations.exact(Long.MAX_VALUE - now)
          + " (the end of virtual time), got " + Durations.exact(timeout));
    }
    FanOutCall c = new FanOutCall(this, now);
    for (int i = 0; i < n; i++) {
      c.send(list.get(i), request);
    }
    deadlines.add(c, now + timeoutNanos);
    return c;
  }

  /**
   * Routes a reply to the call waiting for it.
   *
   * @return false if no call is waiting for it (it goes to the node's {@code onMessage})
   */
  public boolean onReply(Envelope reply) {
    Object c = byRequest.get(reply.inReplyTo());
    if (c == null) {
      return false;
    }
    if (c instanceof SingleCall single) {
      byRequest.remove(single.id());
      if (reply.message() instanceof Overloaded) {
        single.fail(CallFailure.REJECTED);
      } else {
        single.complete(reply);
      }
    } else {
      ((FanOutCall) c).onReply(reply);
    }
    return true;
  }

  /** A single call's timer fired: fails it with {@link CallFailure#TIMEOUT} unless it is done. */
  public void timeout(Call call) {
    SingleCall c = (SingleCall) call;
    if (byRequest.get(c.id()) == c) {
      byRequest.remove(c.id());
      runtime.onCallTimeout(c.id());
      c.fail(CallFailure.TIMEOUT);
    }
  }

  /** The multi-call timer fired: runs every checkpoint and timeout that is due. */
  public void expireDeadlines() {
    deadlines.expire(runtime.now());
  }

  /** The node crashed: every call ends without running a callback. */
  public void abandonAll() {
    byRequest.forEachValue(c -> {
      if (c instanceof SingleCall single) {
        single.abandon();
      } else {
        ((FanOutCall) c).abandon();
      }
    });
    byRequest.clear();
  }

  // ---- for the call classes ---------------------------------------------------------------------

  long send(NodeId to, Object request, Object call) {
    long id = runtime.sendRequest(to, request);
    byRequest.put(id, call);
    return id;
  }

  void forget(long requestId) {
    byRequest.remove(requestId);
  }

  Deadlines deadlines() {
    return deadlines;
  }

  void timedOut(long firstRequestId) {
    runtime.onCallTimeout(firstRequestId);
  }
}
