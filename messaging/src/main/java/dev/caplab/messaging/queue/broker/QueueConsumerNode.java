package dev.caplab.messaging.queue.broker;

import dev.caplab.config.Require;
import dev.caplab.messaging.queue.FailurePolicy;
import dev.caplab.messaging.queue.MessageHandler;
import dev.caplab.messaging.queue.MessageQueue;
import dev.caplab.messaging.queue.QueueConfig;
import dev.caplab.messaging.queue.ReceivedMessage;
import dev.caplab.net.Envelope;
import dev.caplab.node.Node;
import dev.caplab.node.NodeContext;
import java.time.Duration;
import java.util.function.Function;

/**
 * Polls one queue of a {@link QueueBrokerNode} every {@code pollInterval}, runs a handler on each
 * message, deletes the ones it handled and, for the others, asks a {@link FailurePolicy} whether to
 * dead-letter them (a poison pill) or release them to come back after a backoff. Deletes, releases
 * and moves are fire-and-forget calls: one that is lost leaves the message in flight, and it comes
 * back when its visibility timeout ends (at-least-once).
 *
 * <p>The handler is built by {@code handlerFactory} in {@link #onStart}, so a crash loses what it
 * held (an idempotent consumer's memory of processed ids, for example) as a real consumer would.
 *
 * <p>Not thread-safe, like every node.
 */
public final class QueueConsumerNode implements Node {

  private final String broker;
  private final String queue;
  private final int maxMessages;
  private final Duration visibilityTimeout;
  private final Duration pollInterval;
  private final Duration callTimeout;
  private final boolean hasDeadLetterQueue;
  private final Function<NodeContext, MessageHandler> handlerFactory;
  private final Function<NodeContext, FailurePolicy> policyFactory;
  private MessageHandler handler;
  private FailurePolicy policy;

  /**
   * A consumer of {@code queue} on {@code broker}.
   *
   * @param hasDeadLetterQueue whether the queue has a redrive policy (then failures may be
   *     dead-lettered)
   */
  public QueueConsumerNode(String broker, String queue, int maxMessages, Duration visibilityTimeout,
      Duration pollInterval, Duration callTimeout, boolean hasDeadLetterQueue,
      Function<NodeContext, MessageHandler> handlerFactory, Function<NodeContext, FailurePolicy> policyFactory) {
    this.broker = Require.notNull(broker, "broker");
    this.queue = Require.notNull(queue, "queue");
    this.maxMessages = Require.between("maxMessages", maxMessages,
        MessageQueue.MIN_MESSAGES_PER_RECEIVE, MessageQueue.MAX_MESSAGES_PER_RECEIVE);
    this.visibilityTimeout = Require.between("visibilityTimeout", visibilityTimeout,
        QueueConfig.MIN_VISIBILITY_TIMEOUT, QueueConfig.MAX_VISIBILITY_TIMEOUT);
    this.pollInterval = Require.positive("pollInterval", pollInterval);
    this.callTimeout = Require.positive("callTimeout", callTimeout);
    this.hasDeadLetterQueue = hasDeadLetterQueue;
    this.handlerFactory = Require.notNull(handlerFactory, "handlerFactory");
    this.policyFactory = Require.notNull(policyFactory, "policyFactory");
  }

  @Override
  public void onStart(NodeContext ctx) {
    handler = handlerFactory.apply(ctx);
    policy = policyFactory.apply(ctx);
    ctx.schedule(pollInterval, () -> poll(ctx));
  }

  private void poll(NodeContext ctx) {
    long sentAt = ctx.now();
    ctx.call(ctx.node(broker),
            new QueueProtocol.Receive(queue, maxMessages, visibilityTimeout.toNanos()), callTimeout)
        .onReply(r -> {
          if (r.message() instanceof QueueProtocol.Received received) {
            received.messages().forEach(m -> handle(ctx, m, sentAt));
          }
          ctx.schedule(pollInterval, () -> poll(ctx));
        })
        .onFailure(f -> ctx.schedule(pollInterval, () -> poll(ctx)));
  }

  private void handle(NodeContext ctx, ReceivedMessage m, long receiveSentAt) {
    Exception failure = null;
    try {
      handler.handle(m);
    } catch (Exception e) {
      failure = e;
    }
    QueueProtocol.Command next;
    if (failure == null) {
      next = new QueueProtocol.Delete(m.receipt());
    } else {
      // what is left of the 12 h the receive may stay hidden, if the release arrives within its timeout
      long left = QueueConfig.MAX_VISIBILITY_TIMEOUT.toNanos() - (ctx.now() - receiveSentAt) - callTimeout.toNanos();
      FailurePolicy.Action action = policy.onFailure(m, failure, hasDeadLetterQueue, left);
      if (action instanceof FailurePolicy.DeadLetterIt d) {
        next = new QueueProtocol.DeadLetter(m.receipt(), d.reason());
      } else if (action instanceof FailurePolicy.Release rel) {
        next = new QueueProtocol.Release(m.receipt(), rel.error(), rel.retryAfterNanos());
      } else {
        throw new IllegalStateException("unknown action " + action);
      }
    }
    ctx.call(ctx.node(broker), next, callTimeout);
  }

  @Override
  public void onMessage(NodeContext ctx, Envelope envelope) {
    // late answers to timed-out calls: nothing to do, the queue's timeouts recover
  }
}
