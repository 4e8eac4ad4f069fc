package dev.caplab.examples.resilience.distributedmonolith;

import dev.caplab.examples.resilience.distributedmonolith.ShopMessage.OrderFailed;
import dev.caplab.examples.resilience.distributedmonolith.ShopMessage.OrderPlaced;
import dev.caplab.examples.resilience.distributedmonolith.ShopMessage.PlaceOrder;
import dev.caplab.examples.resilience.distributedmonolith.ShopMessage.Publish;
import dev.caplab.examples.resilience.distributedmonolith.ShopMessage.Published;
import dev.caplab.examples.resilience.distributedmonolith.ShopMessage.Work;
import dev.caplab.examples.resilience.distributedmonolith.ShopMessage.WorkDone;
import dev.caplab.net.Envelope;
import dev.caplab.node.Node;
import dev.caplab.node.NodeContext;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * The checkout: for each order it calls the design's synchronous services one after the other,
 * while the customer waits, and fails the order at the first one that does not answer yes (no
 * retries, so the measured availability is the product law's). In the event-driven design it then
 * publishes events for the remaining services to the queue, and the order is placed once the queue
 * has stored them.
 *
 * <p>Not thread-safe, like every node.
 */
final class Checkout implements Node {

  private final Design design;
  private final Duration callTimeout;
  private List<String> synchronous;

  Checkout(Design design, Duration callTimeout) {
    this.design = Objects.requireNonNull(design, "design");
    this.callTimeout = Objects.requireNonNull(callTimeout, "callTimeout");
  }

  @Override
  public void onStart(NodeContext ctx) {
    synchronous = design.synchronous();
  }

  @Override
  public void onMessage(NodeContext ctx, Envelope e) {
    if (e.message() instanceof PlaceOrder p) {
      step(ctx, e, p.order(), 0);
    }
    // Anything else is a late reply to a call that already timed out: the order has its answer.
  }

  private void step(NodeContext ctx, Envelope request, long order, int next) {
    if (next == synchronous.size()) {
      publish(ctx, request, order);
      return;
    }
    String service = synchronous.get(next);
    ctx.call(ctx.node(service), new Work(order), callTimeout)
        .onReply(r -> {
          if (r.message() instanceof WorkDone) {
            step(ctx, request, order, next + 1);
          } else {
            ctx.reply(request, new OrderFailed(order, service));
          }
        })
        .onFailure(f -> ctx.reply(request, new OrderFailed(order, service)));
  }

  private void publish(NodeContext ctx, Envelope request, long order) {
    if (design.deferred().isEmpty()) {
      ctx.reply(request, new OrderPlaced(order));
      return;
    }
    ctx.call(ctx.node(DistributedMonolith.QUEUE), new Publish(order, design.deferred()), callTimeout)
        .onReply(r -> ctx.reply(request, r.message() instanceof Published
            ? new OrderPlaced(order)
            : new OrderFailed(order, DistributedMonolith.QUEUE)))
        .onFailure(f -> ctx.reply(request, new OrderFailed(order, DistributedMonolith.QUEUE)));
  }
}
