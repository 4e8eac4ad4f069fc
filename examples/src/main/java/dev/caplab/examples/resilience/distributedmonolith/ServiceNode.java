package dev.caplab.examples.resilience.distributedmonolith;

import dev.caplab.examples.resilience.distributedmonolith.ShopMessage.Work;
import dev.caplab.examples.resilience.distributedmonolith.ShopMessage.WorkDone;
import dev.caplab.examples.resilience.distributedmonolith.ShopMessage.WorkFailed;
import dev.caplab.net.Envelope;
import dev.caplab.node.Node;
import dev.caplab.node.NodeContext;

/**
 * A downstream service that is up {@code availability} of the time: each request fails (a 503)
 * with probability {@code 1 - availability}, drawn from the node's own seeded stream, so failures
 * are independent across services and requests. How long a request takes is the node's
 * {@code Capacity} service time.
 *
 * <p>Not thread-safe, like every node.
 */
final class ServiceNode implements Node {

  private final double availability;

  ServiceNode(double availability) {
    this.availability = availability;
  }

  @Override
  public void onMessage(NodeContext ctx, Envelope e) {
    if (!(e.message() instanceof Work w)) {
      throw new IllegalArgumentException("a service understands Work, got " + e.message());
    }
    if (ctx.random().nextDouble() < availability) {
      ctx.reply(e, new WorkDone(w.order()));
    } else {
      ctx.reply(e, new WorkFailed(w.order()));
    }
  }
}
