package dev.caplab.messaging.queue;

import dev.caplab.config.Require;
import dev.caplab.time.Ticker;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A set of named {@link MessageQueue}s on one ticker, the miniature of an SQS region: it creates
 * queues (checking that a redrive policy names an existing dead-letter queue of the same type that
 * allows the source), finds them by name, and starts the message-move tasks that redrive messages
 * back from a dead-letter queue.
 *
 * <p>Two lives: embedded with {@link Ticker#system()}, or in a simulation with the simulation's
 * ticker (inside a broker node, with the node's clock). It starts no thread; a redrive runs when
 * its {@link MessageMoveTask#run()} is called, or on a {@code Scheduler} passed to {@link
 * MessageMoveTask#start}.
 *
 * <p>Thread-safe: its queues and tasks share this service's lock.
 */
public final class QueueService {

  /** The fastest redrive (SQS's bound for {@code MaxNumberOfMessagesPerSecond}). */
  public static final int MAX_MESSAGES_PER_SECOND = 500;
  /** The slowest redrive. */
  public static final int MIN_MESSAGES_PER_SECOND = 1;

  private final Ticker ticker;
  private final Map<String, MessageQueue> queues = new LinkedHashMap<>();
  private final Map<String, MessageMoveTask> activeTasks = new LinkedHashMap<>();

  private QueueService(Ticker ticker) {
    this.ticker = ticker;
  }

  /** A service with no queues, reading time from {@code ticker}. */
  public static QueueService create(Ticker ticker) {
    return new QueueService(Require.notNull(ticker, "ticker"));
  }

  public Ticker ticker() {
    return ticker;
  }

  /**
   * Creates the queue {@code name}.
   *
   * @throws IllegalArgumentException if the name is empty or taken, or the redrive policy names an
   *     unknown queue, the queue itself, a queue of another type, or a queue whose redrive allow
   *     policy does not allow this one
   */
  public synchronized MessageQueue createQueue(String name, QueueConfig config) {
    Require.notNull(name, "name");
    Require.notNull(config, "config");
    Require.requireArgument(!name.isEmpty(), "name must not be empty");
    Require.requireArgument(!queues.containsKey(name), "name must be a new queue name, got %s (exists)", name);
    config.redrivePolicy().ifPresent(policy -> checkDeadLetterQueue(name, config.type(), policy));
    MessageQueue queue = new MessageQueue(this, name, config);
    queues.put(name, queue);
    return queue;
  }

  /** Creates the queue {@code name} with the default settings. */
  public MessageQueue createQueue(String name) {
    return createQueue(name, QueueConfig.ofDefaults());
  }

  /**
   * The queue {@code name}.
   *
   * @throws IllegalArgumentException naming the known queues if there is none by that name
   */
  public synchronized MessageQueue queue(String name) {
    Require.notNull(name, "name");
    MessageQueue queue = queues.get(name);
    Require.requireArgument(queue != null, "queue must be one of %s, got %s", queues.keySet(), name);
    return queue;
  }

  /** The queue names in creation order. */
  public synchronized List<String> queueNames() {
    return List.copyOf(queues.keySet());
  }

  /**
   * Starts moving the messages now in dead-letter queue {@code source} back, at most {@code
   * maxMessagesPerSecond} (1 to 500) a second, to each message's original queue, as SQS's {@code
   * StartMessageMoveTask} without a destination.
   */
  public MessageMoveTask startMessageMoveTask(String source, int maxMessagesPerSecond) {
    return start(source, null, maxMessagesPerSecond);
  }

  /**
   * Starts moving the messages now in dead-letter queue {@code source} to {@code destination}, a
   * queue of the same type, at most {@code maxMessagesPerSecond} (1 to 500) a second.
   *
   * @throws IllegalArgumentException for an unknown queue, a source that is no queue's dead-letter
   *     queue, a destination of another type, or a rate out of bounds
   * @throws IllegalStateException if a task is already moving messages out of {@code source}
   */
  public MessageMoveTask startMessageMoveTask(String source, String destination, int maxMessagesPerSecond) {
    return start(source, Require.notNull(destination, "destination"), maxMessagesPerSecond);
  }

  /** The tasks still running, in start order. */
  public synchronized List<MessageMoveTask> activeMessageMoveTasks() {
    return new ArrayList<>(activeTasks.values());
  }

  private synchronized MessageMoveTask start(String source, String destination, int maxMessagesPerSecond) {
    Require.between("maxMessagesPerSecond", maxMessagesPerSecond, MIN_MESSAGES_PER_SECOND, MAX_MESSAGES_PER_SECOND);
    MessageQueue from = queue(source);
    Require.requireArgument(isDeadLetterQueue(source),
        "source must be the dead-letter queue of another queue, got %s (no redrive policy names it)", source);
    MessageQueue to = destination == null ? null : queue(destination);
    if (to != null) {
      Require.requireArgument(to.type() == from.type(),
          "destination must be a %s queue like source %s, got %s (%s)", from.type(), source, destination, to.type());
      Require.requireArgument(to != from, "destination must differ from source, got %s", destination);
    }
    MessageMoveTask running = activeTasks.get(source);
    Require.requireState(running == null,
        "a message move task is already running on %s: cancel it or let it complete first", source);
    MessageMoveTask task = new MessageMoveTask(this, from, to, maxMessagesPerSecond, from.visibleCount());
    if (task.status() == MessageMoveTask.Status.RUNNING) {
      activeTasks.put(source, task);
    }
    return task;
  }

  /** Called by a task that completed or was cancelled. */
  void finished(MessageMoveTask task) {
    activeTasks.remove(task.source(), task);
  }

  private boolean isDeadLetterQueue(String name) {
    for (MessageQueue q : queues.values()) {
      if (q.config().redrivePolicy().filter(p -> p.deadLetterQueue().equals(name)).isPresent()) {
        return true;
      }
    }
    return false;
  }

  private void checkDeadLetterQueue(String source, QueueType type, RedrivePolicy policy) {
    String dlqName = policy.deadLetterQueue();
    Require.requireArgument(!dlqName.equals(source),
        "redrivePolicy.deadLetterQueue must be another queue than %s, got %s", source, dlqName);
    Require.requireArgument(queues.containsKey(dlqName),
        "redrivePolicy.deadLetterQueue must be one of %s, got %s", queues.keySet(), dlqName);
    MessageQueue dlq = queues.get(dlqName);
    Require.requireArgument(dlq.type() == type,
        "redrivePolicy.deadLetterQueue must be a %s queue like %s, got %s (%s)", type, source, dlqName, dlq.type());
    Require.requireArgument(dlq.config().redriveAllowPolicy().allows(source),
        "redrivePolicy.deadLetterQueue %s must allow source %s, but its redrive allow policy is %s",
        dlqName, source, dlq.config().redriveAllowPolicy());
  }
}
