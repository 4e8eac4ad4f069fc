package dev.caplab.examples.resilience.distributedmonolith;

import dev.caplab.examples.resilience.distributedmonolith.ShopMessage.Deliver;
import dev.caplab.examples.resilience.distributedmonolith.ShopMessage.Event;
import dev.caplab.examples.resilience.distributedmonolith.ShopMessage.NotProcessed;
import dev.caplab.examples.resilience.distributedmonolith.ShopMessage.Processed;
import dev.caplab.examples.resilience.distributedmonolith.ShopMessage.Work;
import dev.caplab.examples.resilience.distributedmonolith.ShopMessage.WorkDone;
import dev.caplab.messaging.resilience.Retry;
import dev.caplab.messaging.resilience.RetryConfig;
import dev.caplab.messaging.resilience.RetryDecision;
import dev.caplab.net.Envelope;
import dev.caplab.node.Node;
import dev.caplab.node.NodeContext;
import java.io.IOException;
import java.time.Duration;
import java.util.Objects;

/**
 * Processes the queue's events: calls the event's service, retrying with full jitter, and tells
 * the queue whether the event is done. Nobody waits on it but the queue, so its retries cost the
 * customer nothing.
 *
 * <p>Not thread-safe, like every node.
 */
final class Worker implements Node {

  private static final IOException FAILED = new IOException("503 from the service");

  private final RetryConfig retryConfig;
  private final Duration callTimeout;
  private final ShopLedger ledger;
  private Retry retry;

  Worker(RetryConfig retryConfig, Duration callTimeout, ShopLedger ledger) {
    this.retryConfig = Objects.requireNonNull(retryConfig, "retryConfig");
    this.callTimeout = Objects.requireNonNull(callTimeout, "callTimeout");
    this.ledger = Objects.requireNonNull(ledger, "ledger");
  }

  @Override
  public void onStart(NodeContext ctx) {
    retry = Retry.of("worker", retryConfig, ctx.random());
  }

  @Override
  public void onMessage(NodeContext ctx, Envelope e) {
    if (e.message() instanceof Deliver d) {
      attempt(ctx, e, d.event(), retry.context());
    }
    // Anything else is a late reply to a timed-out call; the retry has moved on.
  }

  private void attempt(NodeContext ctx, Envelope delivery, Event event, Retry.Context rc) {
    ledger.workerCall();
    ctx.call(ctx.node(event.service()), new Work(event.order()), callTimeout)
        .onReply(r -> {
          if (r.message() instanceof WorkDone) {
            rc.onSuccess();
            ctx.reply(delivery, new Processed(event));
          } else {
            next(ctx, delivery, event, rc, rc.onError(FAILED));
          }
        })
        .onFailure(f -> next(ctx, delivery, event, rc, rc.onError(FAILED)));
  }

  private void next(NodeContext ctx, Envelope delivery, Event event, Retry.Context rc, RetryDecision d) {
    if (d instanceof RetryDecision.RetryIn in) {
      ctx.schedule(in.delay(), () -> attempt(ctx, delivery, event, rc));
    } else {
      ctx.reply(delivery, new NotProcessed(event));
    }
  }
}
