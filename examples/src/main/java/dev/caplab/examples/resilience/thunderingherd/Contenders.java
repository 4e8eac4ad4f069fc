package dev.caplab.examples.resilience.thunderingherd;

import dev.caplab.examples.resilience.thunderingherd.RowMessage.Conflict;
import dev.caplab.examples.resilience.thunderingherd.RowMessage.Read;
import dev.caplab.examples.resilience.thunderingherd.RowMessage.ReadOk;
import dev.caplab.examples.resilience.thunderingherd.RowMessage.Write;
import dev.caplab.examples.resilience.thunderingherd.RowMessage.Written;
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
 * An application node whose callers (think worker threads) each want to update the same row once:
 * read its version, write on that version, and on a conflict back off and start over, until the
 * write commits or the {@link Retry} gives up. The callers share one {@link Retry} (and, for the
 * budgeted strategy, one {@link RetryBudget}, as threads of one service share one SDK client).
 *
 * <p>Not thread-safe, like every node.
 */
final class Contenders implements Node {

  /** Why an attempt failed: the row moved between the read and the write. */
  static final class ConflictException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    ConflictException() {
      super("version conflict", null, false, false);
    }
  }

  private static final ConflictException CONFLICT = new ConflictException();
  private static final TimeoutException TIMED_OUT = new TimeoutException("call timed out");

  /**
   * What the callers do.
   *
   * @param startNanos when each caller starts, one entry per caller
   * @param retryConfig attempts and backoff
   * @param budgeted whether the callers share a retry budget
   * @param callTimeout how long a read or write may take
   */
  record Plan(long[] startNanos, RetryConfig retryConfig, boolean budgeted, Duration callTimeout) {
    Plan {
      startNanos = startNanos.clone();
      Objects.requireNonNull(retryConfig, "retryConfig");
      Objects.requireNonNull(callTimeout, "callTimeout");
    }
  }

  private final Plan plan;
  private Retry retry;
  private RetryBudget budget;
  private NodeId db;
  private long calls;
  private long attempts;
  private int succeeded;
  private int gaveUp;
  private long lastOutcomeNanos;
  private int finished;

  Contenders(Plan plan) {
    this.plan = Objects.requireNonNull(plan, "plan");
  }

  @Override
  public void onStart(NodeContext ctx) {
    db = ctx.node(ThunderingHerd.DB);
    if (plan.budgeted()) {
      budget = RetryBudget.ofDefaults("contenders", ctx::now);
      retry = Retry.of("contenders", plan.retryConfig(), ctx.random(), budget);
    } else {
      retry = Retry.of("contenders", plan.retryConfig(), ctx.random());
    }
    for (long start : plan.startNanos()) {
      Retry.Context rc = retry.context();
      ctx.schedule(Duration.ofNanos(start), () -> attempt(ctx, rc));
    }
  }

  private void attempt(NodeContext ctx, Retry.Context rc) {
    attempts++;
    calls++;
    ctx.call(db, new Read(), plan.callTimeout())
        .onReply(r -> write(ctx, rc, ((ReadOk) r.message()).version()))
        .onFailure(f -> failed(ctx, rc, f));
  }

  private void write(NodeContext ctx, Retry.Context rc, long version) {
    calls++;
    ctx.call(db, new Write(version), plan.callTimeout())
        .onReply(r -> {
          if (r.message() instanceof Written) {
            rc.onSuccess();
            succeeded++;
            finish(ctx);
          } else if (r.message() instanceof Conflict) {
            next(ctx, rc, rc.onError(CONFLICT));
          } else {
            throw new IllegalStateException("unexpected answer to a write: " + r.message());
          }
        })
        .onFailure(f -> failed(ctx, rc, f));
  }

  private void failed(NodeContext ctx, Retry.Context rc, CallFailure f) {
    next(ctx, rc, rc.onError(TIMED_OUT));
  }

  private void next(NodeContext ctx, Retry.Context rc, RetryDecision d) {
    if (d instanceof RetryDecision.RetryIn in) {
      ctx.schedule(in.delay(), () -> attempt(ctx, rc));
    } else {
      gaveUp++;
      finish(ctx);
    }
  }

  private void finish(NodeContext ctx) {
    finished++;
    lastOutcomeNanos = ctx.now();
  }

  @Override
  public void onMessage(NodeContext ctx, Envelope envelope) {
    // Only late replies to timed-out calls come here; the caller has already moved on.
  }

  /** Calls sent to the database: reads plus conditional writes. */
  long calls() {
    return calls;
  }

  /** Read-then-write attempts started (first tries and retries). */
  long attempts() {
    return attempts;
  }

  int succeeded() {
    return succeeded;
  }

  int gaveUp() {
    return gaveUp;
  }

  /** Whether every caller has committed or given up. */
  boolean allFinished() {
    return finished == plan.startNanos().length;
  }

  /** When the last caller committed or gave up. */
  long lastOutcomeNanos() {
    return lastOutcomeNanos;
  }

  /** Retries the budget refused (0 without a budget). */
  long budgetDenied() {
    return budget == null ? 0 : budget.retriesDenied();
  }
}
