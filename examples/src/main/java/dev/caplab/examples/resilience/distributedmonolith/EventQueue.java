package dev.caplab.examples.resilience.distributedmonolith;

import dev.caplab.examples.resilience.distributedmonolith.ShopMessage.Deliver;
import dev.caplab.examples.resilience.distributedmonolith.ShopMessage.Event;
import dev.caplab.examples.resilience.distributedmonolith.ShopMessage.Processed;
import dev.caplab.examples.resilience.distributedmonolith.ShopMessage.Publish;
import dev.caplab.examples.resilience.distributedmonolith.ShopMessage.PublishFailed;
import dev.caplab.examples.resilience.distributedmonolith.ShopMessage.Published;
import dev.caplab.net.Envelope;
import dev.caplab.node.Node;
import dev.caplab.node.NodeContext;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Objects;

/**
 * A queue between the checkout and the deferred services: it stores published events (failing a
 * publish with probability {@code 1 - availability}), hands them to the worker with at most
 * {@code maxInFlight} outstanding, forgets an event once the worker reports it processed, and
 * delivers it again after {@code redeliveryDelay} if the worker gave up on it or did not answer.
 * Delivery is therefore at least once; the services' work is assumed idempotent.
 *
 * <p>Not thread-safe, like every node.
 */
final class EventQueue implements Node {

  /**
   * The queue's settings.
   *
   * @param availability probability that a publish succeeds
   * @param maxInFlight events handed out and not yet answered
   * @param deliveryTimeout how long the worker may take with one event
   * @param redeliveryDelay wait before an unprocessed event is delivered again
   */
  record Plan(double availability, int maxInFlight, Duration deliveryTimeout, Duration redeliveryDelay) {
    Plan {
      Objects.requireNonNull(deliveryTimeout, "deliveryTimeout");
      Objects.requireNonNull(redeliveryDelay, "redeliveryDelay");
    }
  }

  private final Plan plan;
  private final ShopLedger ledger;
  private final ArrayDeque<Event> pending = new ArrayDeque<>();
  private int inFlight;

  EventQueue(Plan plan, ShopLedger ledger) {
    this.plan = Objects.requireNonNull(plan, "plan");
    this.ledger = Objects.requireNonNull(ledger, "ledger");
  }

  @Override
  public void onMessage(NodeContext ctx, Envelope e) {
    if (!(e.message() instanceof Publish p)) {
      return; // a late answer from the worker after its delivery timed out: it is redelivered anyway
    }
    if (ctx.random().nextDouble() >= plan.availability()) {
      ctx.reply(e, new PublishFailed(p.order()));
      return;
    }
    for (String service : p.services()) {
      pending.addLast(new Event(p.order(), service, ctx.now()));
      ledger.eventPublished();
    }
    ctx.reply(e, new Published(p.order()));
    pump(ctx);
  }

  private void pump(NodeContext ctx) {
    while (inFlight < plan.maxInFlight() && !pending.isEmpty()) {
      Event event = pending.pollFirst();
      inFlight++;
      ctx.call(ctx.node(DistributedMonolith.WORKER), new Deliver(event), plan.deliveryTimeout())
          .onReply(r -> {
            inFlight--;
            if (r.message() instanceof Processed) {
              ledger.eventProcessed(ctx.now() - event.publishedAt());
            } else {
              redeliverLater(ctx, event);
            }
            pump(ctx);
          })
          .onFailure(f -> {
            inFlight--;
            redeliverLater(ctx, event);
            pump(ctx);
          });
    }
  }

  private void redeliverLater(NodeContext ctx, Event event) {
    ledger.redelivery();
    ctx.schedule(plan.redeliveryDelay(), () -> {
      pending.addLast(event);
      pump(ctx);
    });
  }
}
