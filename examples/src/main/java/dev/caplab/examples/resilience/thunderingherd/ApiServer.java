package dev.caplab.examples.resilience.thunderingherd;

import dev.caplab.examples.resilience.thunderingherd.ApiMessage.Request;
import dev.caplab.examples.resilience.thunderingherd.ApiMessage.Response;
import dev.caplab.net.Envelope;
import dev.caplab.node.Node;
import dev.caplab.node.NodeContext;

/**
 * The recovering service: answers every request it gets to. How many it can work on at once, how
 * long each takes and how many may wait are the node's {@code Capacity}; what does not fit in the
 * inbox is refused with {@code Overloaded}, which fails the caller's call at once.
 *
 * <p>Not thread-safe, like every node.
 */
final class ApiServer implements Node {

  @Override
  public void onMessage(NodeContext ctx, Envelope e) {
    if (!(e.message() instanceof Request r)) {
      throw new IllegalArgumentException("the service understands Request, got " + e.message());
    }
    ctx.reply(e, new Response(r.id()));
  }
}
