package dev.caplab.examples.messaging.primeday;

import dev.caplab.messaging.queue.ReceivedMessage;
import dev.caplab.messaging.queue.broker.QueueProtocol;
import dev.caplab.net.Envelope;
import dev.caplab.node.Node;
import dev.caplab.node.NodeContext;
import java.time.Duration;
import java.util.List;

/**
 * One order-processing instance: while its {@link Fleet} has it in service, it receives up to
 * {@code batch} orders, spends {@code processTime} of CPU on each (so its throughput is bounded),
 * deletes each processed order, and asks again at once; an empty receive makes it wait {@code
 * idleWait} (long polling). A malformed order is moved to the dead-letter queue with its reason.
 * Out of service it finishes its batch and stops asking, as an instance taken out of an
 * auto-scaling group drains. Its CPU time goes to the fleet, which is what the CPU-based scaler
 * reads.
 *
 * <p>Not thread-safe, like every node.
 */
final class Worker implements Node {

  private final String broker;
  private final String queue;
  private final int index;
  private final Fleet fleet;
  private final OrderLedger ledger;

  Worker(String broker, String queue, int index, Fleet fleet, OrderLedger ledger) {
    this.broker = broker;
    this.queue = queue;
    this.index = index;
    this.fleet = fleet;
    this.ledger = ledger;
  }

  @Override
  public void onStart(NodeContext ctx) {
    next(ctx);
  }

  private void next(NodeContext ctx) {
    if (!fleet.inService(index)) {
      ctx.schedule(PrimeDayOrders.IDLE_WAIT, () -> next(ctx));
      return;
    }
    ctx.call(ctx.node(broker), new QueueProtocol.Receive(queue, PrimeDayOrders.BATCH,
            PrimeDayOrders.VISIBILITY_TIMEOUT.toNanos()), PrimeDayOrders.CALL_TIMEOUT)
        .onReply(r -> {
          List<ReceivedMessage> got = r.message() instanceof QueueProtocol.Received received
              ? received.messages() : List.of();
          if (got.isEmpty()) {
            ctx.schedule(PrimeDayOrders.IDLE_WAIT, () -> next(ctx));
          } else {
            process(ctx, got, 0);
          }
        })
        .onFailure(f -> ctx.schedule(PrimeDayOrders.IDLE_WAIT, () -> next(ctx)));
  }

  /** Processes {@code got[i]} after its CPU time, then the rest, then asks again. */
  private void process(NodeContext ctx, List<ReceivedMessage> got, int i) {
    if (i == got.size()) {
      next(ctx);
      return;
    }
    Duration cpu = PrimeDayOrders.PROCESS_TIME;
    fleet.busy(index, cpu.toNanos());
    ctx.schedule(cpu, () -> {
      ReceivedMessage m = got.get(i);
      Object done;
      if (OrderLedger.isMalformed(m.body())) {
        done = new QueueProtocol.DeadLetter(m.receipt(), "malformed order " + m.body());
      } else {
        ledger.processed(m.body(), ctx.now());
        done = new QueueProtocol.Delete(m.receipt());
      }
      ctx.call(ctx.node(broker), done, PrimeDayOrders.CALL_TIMEOUT);
      process(ctx, got, i + 1);
    });
  }

  @Override
  public void onMessage(NodeContext ctx, Envelope envelope) {
    // late answers to timed-out deletes: the visibility timeout recovers those messages
  }
}
