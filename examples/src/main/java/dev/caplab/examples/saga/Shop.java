package dev.caplab.examples.saga;

import dev.caplab.examples.saga.CheckoutMessage.Accepted;
import dev.caplab.examples.saga.CheckoutMessage.PlaceOrder;
import dev.caplab.net.Envelope;
import dev.caplab.node.Node;
import dev.caplab.node.NodeContext;
import java.time.Duration;
import java.util.List;

/**
 * The customers: places each order at its arrival time with the entry node (the orchestrator, or
 * the orders service) and sends it again until it is accepted, so that no order is lost to a crash
 * or a lost message. It never crashes in the scenario.
 *
 * <p>Not thread-safe: a node.
 */
final class Shop implements Node {

  static final Duration TIMEOUT = Duration.ofMillis(300);
  static final Duration RETRY = Duration.ofMillis(200);

  private final String entry;
  private final List<Order> orders;
  private final long[] arrivals;
  private final SagaLedger ledger;

  Shop(String entry, List<Order> orders, long[] arrivals, SagaLedger ledger) {
    this.entry = entry;
    this.orders = orders;
    this.arrivals = arrivals;
    this.ledger = ledger;
  }

  @Override
  public void onStart(NodeContext ctx) {
    for (int i = 0; i < orders.size(); i++) {
      Order o = orders.get(i);
      ctx.schedule(Duration.ofNanos(arrivals[i] - ctx.now()), () -> {
        ledger.placed(o.id(), ctx.now());
        place(ctx, o);
      });
    }
  }

  private void place(NodeContext ctx, Order o) {
    ctx.call(ctx.node(entry), new PlaceOrder(o), TIMEOUT)
        .onReply(r -> ledger.accepted(((Accepted) r.message()).orderId()))
        .onFailure(f -> ctx.schedule(RETRY, () -> place(ctx, o)));
  }

  @Override
  public void onMessage(NodeContext ctx, Envelope envelope) {
    // a late acceptance of an order sent again: it was counted when the first one came
  }
}
