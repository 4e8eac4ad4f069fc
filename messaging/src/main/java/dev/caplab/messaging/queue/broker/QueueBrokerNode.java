package dev.caplab.messaging.queue.broker;

import dev.caplab.config.Require;
import dev.caplab.messaging.queue.MessageQueue;
import dev.caplab.messaging.queue.QueueConfig;
import dev.caplab.messaging.queue.QueueService;
import dev.caplab.net.Envelope;
import dev.caplab.node.Node;
import dev.caplab.node.NodeContext;
import dev.caplab.node.Storage;
import dev.caplab.time.Ticker;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A queue broker for the simulation (or the real network): a {@link QueueService} behind the
 * {@link QueueProtocol}, made durable by a command log. Every command that succeeds is appended to
 * the node's storage with the time it ran at and synced before the answer goes out, so an answered
 * command survives a crash. A restarted broker rebuilds its queues by replaying the log on a
 * ticker that reads each command's time: the queue is deterministic, so the replay reproduces the
 * same messages, receive counts, receipt handles and deadlines, and receipts handed out before the
 * crash stay valid.
 *
 * <p>The log grows with every command (no snapshots: a miniature). Time is the simulation's
 * ({@code ctx.now()}), not the node's skewed local clock, because visibility timeouts are the
 * broker's own durations.
 *
 * <p>Not thread-safe, like every node: its handlers never run concurrently.
 */
public final class QueueBrokerNode implements Node {

  static final String LOG_SIZE = "queue-log-size";
  static final String LOG_PREFIX = "queue-log/";

  /** One logged command and the broker time it ran at. */
  record Logged(long nanos, QueueProtocol.Command command) {}

  private final Map<String, QueueConfig> definitions;
  private QueueService service;
  private Storage storage;
  private NodeContext ctx;
  private long replayNanos = -1;
  private long logSize;

  /**
   * A broker with {@code queues} (name to config, created in iteration order: list a dead-letter
   * queue before the queues that use it).
   */
  public QueueBrokerNode(Map<String, QueueConfig> queues) {
    Require.notNull(queues, "queues");
    this.definitions = new LinkedHashMap<>(queues);
  }

  @Override
  public void onStart(NodeContext ctx) {
    this.ctx = ctx;
    this.storage = ctx.storage();
    Ticker ticker = () -> replayNanos >= 0 ? replayNanos : this.ctx.now();
    this.service = QueueService.create(ticker);
    definitions.forEach(service::createQueue);
    Long size = storage.get(LOG_SIZE, Long.class);
    logSize = size == null ? 0 : size;
    for (long i = 0; i < logSize; i++) {
      Logged entry = storage.get(key(i), Logged.class);
      replayNanos = entry.nanos();
      apply(entry.command());
    }
    replayNanos = -1;
  }

  /** The queues, for tests and reports that look inside the broker. */
  public QueueService service() {
    return service;
  }

  @Override
  public void onMessage(NodeContext ctx, Envelope envelope) {
    if (!(envelope.message() instanceof QueueProtocol.Request request)) {
      throw new IllegalArgumentException("message must be a QueueProtocol.Request, got " + envelope.message());
    }
    QueueProtocol answer;
    try {
      if (request instanceof QueueProtocol.Command command) {
        answer = apply(command);
        storage.put(key(logSize), new Logged(ctx.now(), command));
        logSize++;
        storage.put(LOG_SIZE, logSize);
        storage.sync();
      } else if (request instanceof QueueProtocol.GetStats s) {
        answer = new QueueProtocol.Stats(service.queue(s.queue()).stats());
      } else {
        throw new IllegalArgumentException("unknown request " + request);
      }
    } catch (IllegalArgumentException | IllegalStateException bad) {
      answer = new QueueProtocol.Refused(bad.getMessage());
    }
    ctx.reply(envelope, answer);
  }

  private QueueProtocol apply(QueueProtocol.Command command) {
    if (command instanceof QueueProtocol.Send s) {
      return new QueueProtocol.Sent(service.queue(s.queue()).send(s.body()));
    } else if (command instanceof QueueProtocol.Receive r) {
      return new QueueProtocol.Received(service.queue(r.queue())
          .receive(r.maxMessages(), Duration.ofNanos(r.visibilityTimeoutNanos())));
    } else if (command instanceof QueueProtocol.Delete d) {
      return new QueueProtocol.Done(queueOf(d.receipt().queue()).delete(d.receipt()));
    } else if (command instanceof QueueProtocol.Release r) {
      return new QueueProtocol.Done(queueOf(r.receipt().queue())
          .release(r.receipt(), r.error(), Duration.ofNanos(r.retryAfterNanos())));
    } else if (command instanceof QueueProtocol.DeadLetter d) {
      return new QueueProtocol.Done(queueOf(d.receipt().queue()).deadLetter(d.receipt(), d.reason()));
    }
    throw new IllegalArgumentException("unknown command " + command);
  }

  private MessageQueue queueOf(String name) {
    return service.queue(name);
  }

  private static String key(long index) {
    return LOG_PREFIX + String.format(Locale.ROOT, "%012d", index);
  }
}
