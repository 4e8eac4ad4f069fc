package dev.caplab.messaging.queue.broker;

import dev.caplab.config.Require;
import dev.caplab.messaging.queue.MessageMoveTask;
import dev.caplab.messaging.queue.MessageQueue;
import dev.caplab.messaging.queue.QueueConfig;
import dev.caplab.messaging.queue.QueueService;
import dev.caplab.net.Envelope;
import dev.caplab.node.Node;
import dev.caplab.node.NodeContext;
import dev.caplab.node.Storage;
import dev.caplab.node.Timer;
import dev.caplab.time.Ticker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
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
 * <p>Message-move tasks (SQS's redrive from a dead-letter queue) run inside the broker: {@link
 * QueueProtocol.StartMessageMoveTask} starts one and moves the first second's share at once; a
 * broker timer then runs one cycle a second (each moving what the task's rate limit permits), and
 * every cycle goes into the command log as a {@link RedriveCycle} with its time before the next
 * answer leaves, synced with its moves. A restarted broker replays the start and the cycles, so the
 * task's progress and its rate limiter are as they were: no moved message is lost or moved twice,
 * and a task still running goes on at its next one-second boundary. Tasks stay listed after they
 * end, as SQS lists recent tasks.
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
  static final int LOG_KEY_DIGITS = 12;

  /** One logged entry (a {@link QueueProtocol.Command} or a {@link RedriveCycle}) and the broker time it ran at. */
  record Logged(long nanos, Object entry) {}

  /** One cycle of a message-move task, run by the broker's timer. */
  record RedriveCycle(String taskHandle) {}

  /** A message-move task the broker started, with its handle and start time. */
  private record MoveTask(String handle, MessageMoveTask task, long startedNanos) {}

  private static final long CYCLE_NANOS = Duration.ofSeconds(1).toNanos();

  private final Map<String, QueueConfig> definitions;
  private QueueService service;
  private Storage storage;
  private NodeContext ctx;
  private long replayNanos = -1;
  private long logSize;
  private final Map<String, MoveTask> moveTasks = new LinkedHashMap<>();
  private final Map<String, Timer> cycleTimers = new LinkedHashMap<>();

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
      if (entry.entry() instanceof RedriveCycle c) {
        cycle(c.taskHandle());
      } else {
        apply((QueueProtocol.Command) entry.entry());
      }
    }
    replayNanos = -1;
    for (MoveTask t : moveTasks.values()) {
      if (t.task().status() == MessageMoveTask.Status.RUNNING) {
        long intoCycle = Math.floorMod(ctx.now() - t.startedNanos(), CYCLE_NANOS);
        scheduleCycle(t.handle(), CYCLE_NANOS - intoCycle);
      }
    }
  }

  /**
   * The message-move tasks of dead-letter queue {@code source}, newest first (all of them, not only
   * the {@link QueueProtocol#MAX_LISTED_MOVE_TASKS} a {@link QueueProtocol.ListMessageMoveTasks}
   * answers with), for tests and reports.
   */
  public List<QueueProtocol.MoveTaskStatus> messageMoveTasks(String source) {
    service.queue(source);
    List<QueueProtocol.MoveTaskStatus> out = new ArrayList<>();
    for (MoveTask t : moveTasks.values()) {
      if (t.task().source().equals(source)) {
        MessageMoveTask m = t.task();
        out.add(0, new QueueProtocol.MoveTaskStatus(t.handle(), source, m.destination().orElse(null),
            m.maxMessagesPerSecond(), m.status(), m.moved(), m.toMove(), m.failed(), t.startedNanos()));
      }
    }
    return out;
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
        log(command);
        if (answer instanceof QueueProtocol.MoveTaskStarted started) {
          scheduleCycle(started.taskHandle(), CYCLE_NANOS);
        } else if (answer instanceof QueueProtocol.MoveTaskCancelled cancelled) {
          Timer timer = cycleTimers.remove(cancelled.taskHandle());
          if (timer != null) {
            timer.cancel();
          }
        }
      } else if (request instanceof QueueProtocol.ListMessageMoveTasks list) {
        List<QueueProtocol.MoveTaskStatus> all = messageMoveTasks(list.source());
        answer = new QueueProtocol.MoveTasks(all.subList(0, Math.min(all.size(), QueueProtocol.MAX_LISTED_MOVE_TASKS)));
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
    } else if (command instanceof QueueProtocol.StartMessageMoveTask s) {
      return startMoveTask(s);
    } else if (command instanceof QueueProtocol.CancelMessageMoveTask c) {
      MoveTask t = moveTasks.get(Require.notNull(c.taskHandle(), "taskHandle"));
      Require.requireArgument(t != null, "taskHandle must be one of %s, got %s", moveTasks.keySet(), c.taskHandle());
      Require.requireState(t.task().status() == MessageMoveTask.Status.RUNNING,
          "message move task %s is %s: only a running task can be cancelled", c.taskHandle(), t.task().status());
      t.task().cancel();
      return new QueueProtocol.MoveTaskCancelled(c.taskHandle(), t.task().moved());
    }
    throw new IllegalArgumentException("unknown command " + command);
  }

  private QueueProtocol.MoveTaskStarted startMoveTask(QueueProtocol.StartMessageMoveTask s) {
    MessageMoveTask task = s.destination() == null
        ? service.startMessageMoveTask(s.source(), s.maxMessagesPerSecond())
        : service.startMessageMoveTask(s.source(), s.destination(), s.maxMessagesPerSecond());
    String handle = s.source() + "/move-" + (moveTasks.size() + 1);
    moveTasks.put(handle, new MoveTask(handle, task, service.ticker().nanos()));
    task.run(); // the first second's share moves at once, as the task's own schedule would
    return new QueueProtocol.MoveTaskStarted(handle, task.toMove());
  }

  /** Runs one cycle of a task: moves what its rate limit permits now. */
  private void cycle(String handle) {
    moveTasks.get(handle).task().run();
  }

  private void scheduleCycle(String handle, long delayNanos) {
    if (moveTasks.get(handle).task().status() != MessageMoveTask.Status.RUNNING) {
      cycleTimers.remove(handle);
      return;
    }
    cycleTimers.put(handle, ctx.schedule(Duration.ofNanos(delayNanos), () -> {
      cycle(handle);
      log(new RedriveCycle(handle));
      scheduleCycle(handle, CYCLE_NANOS);
    }));
  }

  /** Appends an entry to the command log and syncs it, with everything it changed. */
  private void log(Object entry) {
    storage.put(key(logSize), new Logged(ctx.now(), entry));
    logSize++;
    storage.put(LOG_SIZE, logSize);
    storage.sync();
  }

  private MessageQueue queueOf(String name) {
    return service.queue(name);
  }

  /** The log key of entry {@code index}: zero-padded to 12 digits, so the keys sort in log order. */
  static String key(long index) {
    String digits = Long.toString(index);
    return LOG_PREFIX + "0".repeat(Math.max(0, LOG_KEY_DIGITS - digits.length())) + digits;
  }
}
