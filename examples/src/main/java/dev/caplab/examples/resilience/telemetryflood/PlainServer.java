package dev.caplab.examples.resilience.telemetryflood;

import dev.caplab.examples.resilience.telemetryflood.TelemetryMessage.Ack;
import dev.caplab.examples.resilience.telemetryflood.TelemetryMessage.Reading;
import dev.caplab.net.Envelope;
import dev.caplab.node.Node;
import dev.caplab.node.NodeContext;

/**
 * An ingest server that stores whatever reaches its handler. Its protection, or lack of it, is
 * the node's {@code Capacity}: workers and service time, and an inbox that is bounded (the
 * overflow is refused with {@code Overloaded}) or unbounded.
 *
 * <p>Not thread-safe, like every node.
 */
final class PlainServer implements Node {

  private final FloodLedger ledger;

  PlainServer(FloodLedger ledger) {
    this.ledger = ledger;
  }

  @Override
  public void onMessage(NodeContext ctx, Envelope e) {
    if (!(e.message() instanceof Reading r)) {
      throw new IllegalArgumentException("the ingest server understands Reading, got " + e.message());
    }
    ledger.stored(r.device(), r.seq(), r.createdAt(), ctx.now());
    ctx.reply(e, new Ack(r.seq()));
  }
}
