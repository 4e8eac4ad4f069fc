package dev.caplab.examples.resilience.thunderingherd;

import dev.caplab.examples.resilience.thunderingherd.ApiMessage.Request;
import dev.caplab.messaging.resilience.Retry;
import dev.caplab.messaging.resilience.RetryBudget;
import dev.caplab.messaging.resilience.RetryConfig;
import dev.caplab.messaging.resilience.RetryDecision;
import dev.caplab.net.Envelope;
import dev.caplab.net.NodeId;
import dev.caplab.node.CallFailure;
import dev.caplab.node.Node;
import dev.caplab.node.NodeContext;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeoutException;

/**
 * A client application of the recovering service: requests arrive at the given times (the scenario
 * draws them from its workload stream, so every retry policy meets the same requests); each is a
 * call with a timeout, retried by a
 * {@link Retry} on a timeout or a refusal. With a budget, the client's calls share one
 * {@link RetryBudget} (the AWS SDK's per-client quota).
 *
 * <p>Not thread-safe, like every node.
 */
final class ApiClient implements Node {

  private static final TimeoutException TIMED_OUT = new TimeoutException("call timed out");
  private static final OverloadedException OVERLOADED = new OverloadedException();

  /** The server's inbox was full and it refused the call. */
  static final class OverloadedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    OverloadedException() {
      super("refused: the server's inbox is full", null, false, false);
    }
  }

  /**
   * The client's load and retry settings.
   *
   * @param arrivalNanos when each request arrives, ascending
   * @param callTimeout how long one call may take
   * @param retryConfig attempts and backoff
   * @param budgeted whether retries draw from a per-client budget
   */
  record Plan(long[] arrivalNanos, Duration callTimeout, RetryConfig retryConfig, boolean budgeted) {
    Plan {
      arrivalNanos = arrivalNanos.clone();
      Objects.requireNonNull(callTimeout, "callTimeout");
      Objects.requireNonNull(retryConfig, "retryConfig");
    }
  }

  private final Plan plan;
  private final RecoveryLedger ledger;
  private Retry retry;
  private RetryBudget budget;
  private NodeId server;
  private long nextId;

  ApiClient(Plan plan, RecoveryLedger ledger) {
    this.plan = Objects.requireNonNull(plan, "plan");
    this.ledger = Objects.requireNonNull(ledger, "ledger");
  }

  @Override
  public void onStart(NodeContext ctx) {
    server = ctx.node(ThunderingHerd.API);
    if (plan.budgeted()) {
      budget = RetryBudget.ofDefaults(ctx.id().name(), ctx::now);
      retry = Retry.of(ctx.id().name(), plan.retryConfig(), ctx.random(), budget);
    } else {
      retry = Retry.of(ctx.id().name(), plan.retryConfig(), ctx.random());
    }
    for (long at : plan.arrivalNanos()) {
      ctx.schedule(Duration.ofNanos(at - ctx.now()), () -> {
        ledger.requestStarted();
        attempt(ctx, nextId++, retry.context(), ctx.now());
      });
    }
  }

  private void attempt(NodeContext ctx, long id, Retry.Context rc, long startedAt) {
    long sentAt = ctx.now();
    ledger.attemptSent(sentAt);
    ctx.call(server, new Request(id), plan.callTimeout())
        .onReply(r -> {
          ledger.attemptOk(sentAt);
          rc.onSuccess();
          ledger.requestEnded(ctx.id().name(), startedAt, ctx.now(), true);
        })
        .onFailure(f -> {
          if (f == CallFailure.REJECTED) {
            ledger.onRejected();
            next(ctx, id, rc, rc.onError(OVERLOADED), startedAt);
          } else {
            ledger.onTimedOut();
            next(ctx, id, rc, rc.onError(TIMED_OUT), startedAt);
          }
        });
  }

  private void next(NodeContext ctx, long id, Retry.Context rc, RetryDecision d, long startedAt) {
    if (d instanceof RetryDecision.RetryIn in) {
      ctx.schedule(in.delay(), () -> attempt(ctx, id, rc, startedAt));
    } else {
      ledger.requestEnded(ctx.id().name(), startedAt, ctx.now(), false);
    }
  }

  @Override
  public void onMessage(NodeContext ctx, Envelope envelope) {
    ledger.lateReply(); // a reply to a call that had already timed out
  }

  /** Retries the budget refused (0 without a budget). */
  long budgetDenied() {
    return budget == null ? 0 : budget.retriesDenied();
  }
}
