package dev.caplab.messaging.queue.broker;

import dev.caplab.config.Require;
import dev.caplab.net.Envelope;
import dev.caplab.node.Node;
import dev.caplab.node.NodeContext;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;

/**
 * Sends a fixed list of bodies to one queue of a {@link QueueBrokerNode}, one at a time, every
 * {@code interval}. A send that times out is sent again (at-least-once: if the first copy did
 * arrive, the queue now holds the body twice, under two message ids). The index of the next body is
 * durable, synced after each acknowledged send, so a restarted producer goes on where it was
 * (re-sending at most the body it was working on).
 *
 * <p>{@code onAcknowledged} hears each body the broker confirmed, once per confirmation; it stands
 * for the producer's caller (a web request answered "order accepted").
 *
 * <p>Not thread-safe, like every node.
 */
public final class QueueProducerNode implements Node {

  static final String NEXT = "producer-next";

  private final String broker;
  private final String queue;
  private final List<String> bodies;
  private final Duration interval;
  private final Duration callTimeout;
  private final Consumer<String> onAcknowledged;
  private int next;

  public QueueProducerNode(String broker, String queue, List<String> bodies, Duration interval,
      Duration callTimeout, Consumer<String> onAcknowledged) {
    this.broker = Require.notNull(broker, "broker");
    this.queue = Require.notNull(queue, "queue");
    this.bodies = List.copyOf(bodies);
    this.interval = Require.positive("interval", interval);
    this.callTimeout = Require.positive("callTimeout", callTimeout);
    this.onAcknowledged = Require.notNull(onAcknowledged, "onAcknowledged");
  }

  @Override
  public void onStart(NodeContext ctx) {
    Integer saved = ctx.storage().get(NEXT, Integer.class);
    next = saved == null ? 0 : saved;
    ctx.schedule(interval, () -> sendNext(ctx));
  }

  private void sendNext(NodeContext ctx) {
    if (next >= bodies.size()) {
      return;
    }
    String body = bodies.get(next);
    ctx.call(ctx.node(broker), new QueueProtocol.Send(queue, body), callTimeout)
        .onReply(r -> {
          if (r.message() instanceof QueueProtocol.Sent && next < bodies.size() && bodies.get(next).equals(body)) {
            onAcknowledged.accept(body);
            next++;
            ctx.storage().put(NEXT, next);
            ctx.storage().sync();
          }
          ctx.schedule(interval, () -> sendNext(ctx));
        })
        .onFailure(f -> ctx.schedule(interval, () -> sendNext(ctx)));
  }

  /** The number of bodies acknowledged so far. */
  public int acknowledged() {
    return next;
  }

  @Override
  public void onMessage(NodeContext ctx, Envelope envelope) {
    // a late answer to a send that timed out: that send is retried anyway
  }
}
