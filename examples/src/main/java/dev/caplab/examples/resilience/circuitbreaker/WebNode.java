package dev.caplab.examples.resilience.circuitbreaker;

import dev.caplab.examples.resilience.circuitbreaker.BackendMessage.Failed;
import dev.caplab.examples.resilience.circuitbreaker.BackendMessage.Fetch;
import dev.caplab.examples.resilience.circuitbreaker.BackendMessage.Fetched;
import dev.caplab.messaging.resilience.Bulkhead;
import dev.caplab.messaging.resilience.BulkheadConfig;
import dev.caplab.messaging.resilience.CircuitBreaker;
import dev.caplab.messaging.resilience.CircuitBreakerConfig;
import dev.caplab.messaging.resilience.TimeLimiter;
import dev.caplab.messaging.resilience.TimeLimiterConfig;
import dev.caplab.net.Envelope;
import dev.caplab.net.NodeId;
import dev.caplab.node.CallFailure;
import dev.caplab.node.Node;
import dev.caplab.node.NodeContext;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeoutException;

/**
 * The caller: a web service that answers the {@link Workload}'s user requests, each by one call
 * to a backend. It has a fixed number of request slots (a {@link Bulkhead} with no wait: a
 * request that finds every slot busy is turned away at once) and gives each backend call a {@link
 * TimeLimiter} deadline. Optionally a {@link CircuitBreaker}, on the simulated clock, guards the
 * calls to the recommendations backend; when it refuses a call the request is answered at once
 * with a fallback (for example, yesterday's popular items).
 *
 * <p>The layers nest as the resilience package documents, {@code CircuitBreaker(TimeLimiter(
 * Bulkhead(call)))}: an open breaker refuses before a slot is taken; a request turned away for
 * want of a slot gives its breaker permit back (the backend was never called, so the breaker has
 * learned nothing about it); a timeout is recorded as a failure that took the whole timeout.
 *
 * <p>Not thread-safe, like every node: the runtime calls its handlers one at a time.
 */
final class WebNode implements Node {

  /**
   * How the web service is set up.
   *
   * @param slots request slots (concurrent backend calls)
   * @param timeout how long a backend call may take
   * @param breaker the breaker's settings, or {@code null} for no breaker
   * @param recommendations the node name of the recommendations backend
   * @param catalog the node name of the catalog backend
   */
  record Plan(int slots, Duration timeout, CircuitBreakerConfig breaker, String recommendations, String catalog) {}

  private final Plan plan;
  private final Workload workload;
  private final Ledger ledger;
  private final TimeoutException timedOut = new TimeoutException("no answer within the timeout");
  private final IllegalStateException backendError = new IllegalStateException("the backend answered with an error");
  private Bulkhead slots;
  private TimeLimiter limiter;
  private CircuitBreaker breaker;
  private NodeId recommendations;
  private NodeId catalog;

  WebNode(Plan plan, Workload workload, Ledger ledger) {
    this.plan = Objects.requireNonNull(plan, "plan");
    this.workload = Objects.requireNonNull(workload, "workload");
    this.ledger = Objects.requireNonNull(ledger, "ledger");
  }

  @Override
  public void onStart(NodeContext ctx) {
    recommendations = ctx.node(plan.recommendations());
    catalog = ctx.node(plan.catalog());
    slots = Bulkhead.of(ctx.id().name() + "-slots",
        BulkheadConfig.custom().maxConcurrentCalls(plan.slots()).maxWaitDuration(Duration.ZERO).build(), ctx::now);
    limiter = TimeLimiter.of(ctx.id().name() + "-timeout",
        TimeLimiterConfig.custom().timeoutDuration(plan.timeout()).build(), ctx::now);
    if (plan.breaker() != null) {
      breaker = CircuitBreaker.of(ctx.id().name() + "-recommendations", plan.breaker(), ctx::now);
      breaker.eventPublisher().onStateTransition(e -> ledger.transition(e.nanos(), e.from(), e.to()));
    }
    if (workload.size() > 0) {
      ctx.schedule(Duration.ofNanos(workload.arrivalNanos(0) - ctx.now()), () -> arrive(ctx, 0));
    }
  }

  @Override
  public void onMessage(NodeContext ctx, Envelope envelope) {
    if (!envelope.isReply()) {
      throw new IllegalArgumentException("the web service expects only replies to its calls, got " + envelope.message());
    }
    // A reply to a call that already timed out: the user got their answer, the work was wasted.
    ledger.lateReply();
  }

  /** The breaker's state now, or {@code null} without a breaker. */
  CircuitBreaker.State breakerState() {
    return breaker == null ? null : breaker.state();
  }

  private void arrive(NodeContext ctx, int request) {
    if (request + 1 < workload.size()) {
      long gap = workload.arrivalNanos(request + 1) - ctx.now();
      ctx.schedule(Duration.ofNanos(gap), () -> arrive(ctx, request + 1));
    }
    boolean toRecommendations = workload.needsRecommendations(request);
    CircuitBreaker gate = toRecommendations ? breaker : null;
    if (gate != null && !gate.tryAcquirePermission()) {
      ledger.answered(request, Answer.FALLBACK, ctx.now());
      return;
    }
    if (!slots.tryAcquirePermission()) {
      if (gate != null) {
        gate.releasePermission();
      }
      ledger.answered(request, Answer.NO_SLOT, ctx.now());
      return;
    }
    if (toRecommendations) {
      ledger.calledRecommendations();
    }
    long start = ctx.now();
    ctx.call(toRecommendations ? recommendations : catalog, new Fetch(request), limiter.timeoutDuration())
        .onReply(reply -> replied(ctx, request, gate, start, reply))
        .onFailure(failure -> failed(ctx, request, gate, start, failure));
  }

  private void replied(NodeContext ctx, int request, CircuitBreaker gate, long start, Envelope reply) {
    slots.releasePermission();
    long took = ctx.now() - start;
    if (reply.message() instanceof Fetched) {
      limiter.onSuccess();
      if (gate != null) {
        gate.onSuccess(took);
      }
      ledger.answered(request, Answer.OK, ctx.now());
    } else if (reply.message() instanceof Failed) {
      limiter.onError();
      if (gate != null) {
        gate.onError(took, backendError);
      }
      ledger.answered(request, Answer.ERROR, ctx.now());
    } else {
      throw new IllegalArgumentException("unexpected reply to a Fetch: " + reply.message());
    }
  }

  private void failed(NodeContext ctx, int request, CircuitBreaker gate, long start, CallFailure failure) {
    slots.releasePermission();
    long took = ctx.now() - start;
    Answer answer;
    if (failure == CallFailure.TIMEOUT) {
      limiter.onTimeout();
      answer = Answer.TIMEOUT;
    } else {
      limiter.onError();
      answer = Answer.ERROR;
    }
    if (gate != null) {
      gate.onError(took, answer == Answer.TIMEOUT ? timedOut : backendError);
    }
    ledger.answered(request, answer, ctx.now());
  }
}
