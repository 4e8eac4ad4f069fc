package dev.caplab.examples.messaging.poisonpill;

import dev.caplab.messaging.queue.ReceivedMessage;
import dev.caplab.messaging.queue.broker.QueueProtocol;
import dev.caplab.net.Envelope;
import dev.caplab.node.Node;
import dev.caplab.node.NodeContext;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;

/**
 * The on-call engineer after the fix is deployed: looks into the dead-letter queue (a receive with
 * a zero visibility timeout, which leaves the messages visible), then asks the broker to redrive
 * it back to the source queue at a rate limit. Each request is asked again after a timeout until
 * the broker answers.
 *
 * <p>Not thread-safe, like every node.
 */
final class RedriveOperator implements Node {

  private static final Duration INSPECT_BEFORE = Duration.ofMillis(500);
  private static final Duration RETRY_EVERY = Duration.ofMillis(200);

  private final String broker;
  private final String deadLetterQueue;
  private final Duration redriveAt;
  private final int rate;
  private final Duration callTimeout;
  private final Consumer<List<ReceivedMessage>> onInspected;
  private final Consumer<Object> onRedriveAnswer;

  RedriveOperator(String broker, String deadLetterQueue, Duration redriveAt, int rate, Duration callTimeout,
      Consumer<List<ReceivedMessage>> onInspected, Consumer<Object> onRedriveAnswer) {
    this.broker = broker;
    this.deadLetterQueue = deadLetterQueue;
    this.redriveAt = redriveAt;
    this.rate = rate;
    this.callTimeout = callTimeout;
    this.onInspected = onInspected;
    this.onRedriveAnswer = onRedriveAnswer;
  }

  @Override
  public void onStart(NodeContext ctx) {
    long now = ctx.now();
    if (now < redriveAt.toNanos()) {
      ctx.schedule(Duration.ofNanos(Math.max(0, redriveAt.minus(INSPECT_BEFORE).toNanos() - now)), () -> inspect(ctx));
    }
  }

  private void inspect(NodeContext ctx) {
    ctx.call(ctx.node(broker), new QueueProtocol.Receive(deadLetterQueue, 10, 0), callTimeout)
        .onReply(r -> {
          if (r.message() instanceof QueueProtocol.Received received) {
            onInspected.accept(received.messages());
          }
          ctx.schedule(Duration.ofNanos(Math.max(0, redriveAt.toNanos() - ctx.now())), () -> redrive(ctx));
        })
        .onFailure(f -> ctx.schedule(RETRY_EVERY, () -> inspect(ctx)));
  }

  private void redrive(NodeContext ctx) {
    ctx.call(ctx.node(broker), new QueueProtocol.StartMessageMoveTask(deadLetterQueue, null, rate), callTimeout)
        .onReply(r -> onRedriveAnswer.accept(r.message()))
        .onFailure(f -> ctx.schedule(RETRY_EVERY, () -> redrive(ctx)));
  }

  @Override
  public void onMessage(NodeContext ctx, Envelope envelope) {
    // a late answer to a request that timed out: it was asked again
  }
}
