package dev.caplab.examples.messaging.primeday;

import dev.caplab.messaging.queue.broker.QueueProtocol;
import dev.caplab.net.Envelope;
import dev.caplab.node.Node;
import dev.caplab.node.NodeContext;
import java.time.Duration;

/**
 * The web tier on Prime Day: each order arrives at its time and is sent to the queue at once, as
 * many at a time as arrive; the customer hears "order received" when the broker confirms the send.
 * A send that times out or is refused (the broker restarting) is sent again (at-least-once: a
 * send whose answer was lost is in the queue twice, which the workers' dedup absorbs).
 *
 * <p>Not thread-safe, like every node.
 */
final class Storefront implements Node {

  private final String broker;
  private final String queue;
  private final long[] arrivals;
  private final Duration callTimeout;
  private final OrderLedger ledger;

  Storefront(String broker, String queue, long[] arrivals, Duration callTimeout, OrderLedger ledger) {
    this.broker = broker;
    this.queue = queue;
    this.arrivals = arrivals;
    this.callTimeout = callTimeout;
    this.ledger = ledger;
  }

  @Override
  public void onStart(NodeContext ctx) {
    for (int i = 0; i < arrivals.length; i++) {
      int order = i;
      ctx.schedule(Duration.ofNanos(arrivals[i] - ctx.now()), () -> send(ctx, order));
    }
  }

  private void send(NodeContext ctx, int order) {
    ctx.call(ctx.node(broker), new QueueProtocol.Send(queue, ledger.body(order)), callTimeout)
        .onReply(r -> {
          if (r.message() instanceof QueueProtocol.Sent) {
            ledger.accepted(order, ctx.now());
          } else {
            send(ctx, order);
          }
        })
        .onFailure(f -> send(ctx, order));
  }

  @Override
  public void onMessage(NodeContext ctx, Envelope envelope) {
    // a late answer to a send that timed out: it was sent again
  }
}
