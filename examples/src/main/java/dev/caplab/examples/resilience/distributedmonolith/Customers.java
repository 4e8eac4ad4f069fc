package dev.caplab.examples.resilience.distributedmonolith;

import dev.caplab.examples.resilience.distributedmonolith.ShopMessage.OrderFailed;
import dev.caplab.examples.resilience.distributedmonolith.ShopMessage.OrderPlaced;
import dev.caplab.examples.resilience.distributedmonolith.ShopMessage.PlaceOrder;
import dev.caplab.net.Envelope;
import dev.caplab.node.Node;
import dev.caplab.node.NodeContext;
import java.time.Duration;
import java.util.Objects;

/**
 * The customers: place one order at each of the given times and record what the checkout answered
 * and how long it took, as a customer would see it.
 *
 * <p>Not thread-safe, like every node.
 */
final class Customers implements Node {

  /** What a failed order names as its cause when the checkout did not answer in time. */
  static final String TIMEOUT = "timeout";

  private final long[] arrivals;
  private final Duration timeout;
  private final ShopLedger ledger;

  Customers(long[] arrivals, Duration timeout, ShopLedger ledger) {
    this.arrivals = arrivals.clone();
    this.timeout = Objects.requireNonNull(timeout, "timeout");
    this.ledger = Objects.requireNonNull(ledger, "ledger");
  }

  @Override
  public void onStart(NodeContext ctx) {
    for (int i = 0; i < arrivals.length; i++) {
      long order = i;
      ctx.schedule(Duration.ofNanos(arrivals[i] - ctx.now()), () -> place(ctx, order));
    }
  }

  private void place(NodeContext ctx, long order) {
    long start = ctx.now();
    ledger.orderSent();
    ctx.call(ctx.node(DistributedMonolith.CHECKOUT), new PlaceOrder(order), timeout)
        .onReply(r -> {
          if (r.message() instanceof OrderPlaced) {
            ledger.orderPlaced(start, ctx.now());
          } else if (r.message() instanceof OrderFailed f) {
            ledger.orderFailed(f.service(), start, ctx.now());
          } else {
            throw new IllegalStateException("unexpected answer to an order: " + r.message());
          }
        })
        .onFailure(f -> ledger.orderFailed(TIMEOUT, start, ctx.now()));
  }

  @Override
  public void onMessage(NodeContext ctx, Envelope envelope) {
    // a late answer to an order that already timed out
  }
}
