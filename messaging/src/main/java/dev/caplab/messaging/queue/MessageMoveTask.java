package dev.caplab.messaging.queue;

import dev.caplab.messaging.resilience.RateLimiter;
import dev.caplab.messaging.resilience.RateLimiterConfig;
import dev.caplab.time.Scheduler;
import java.time.Duration;
import java.util.Optional;

/**
 * A redrive: moves the messages that were visible in a dead-letter queue when the task started
 * back to their original queues (or to one destination), at most {@code maxMessagesPerSecond} a
 * second, as SQS's message-move task. Each moved message is a new message there: a new id, a new
 * enqueue time (its retention starts again) and no receives, as SQS does.
 *
 * <p>The rate is a {@link RateLimiter} with {@code maxMessagesPerSecond} permits per one-second
 * cycle, the cycles starting when the task starts. The task keeps no timer of its own: {@link
 * #run()} moves what the current cycle still permits; {@link #start(Scheduler)} calls it now and
 * at the start of every later cycle until the task completes or is cancelled.
 *
 * <p>A message with no original queue (sent to the dead-letter queue directly) and no destination
 * is put back at the tail and counted as failed. Messages in flight in the dead-letter queue are not
 * moved; the task completes when it has handled as many messages as were visible at its start, or
 * when the dead-letter queue has no visible message left.
 *
 * <p>Thread-safe: runs under its service's lock.
 */
public final class MessageMoveTask {

  /** The life of a task. */
  public enum Status {
    RUNNING,
    COMPLETED,
    CANCELLED
  }

  private static final Duration CYCLE = Duration.ofSeconds(1);

  private final QueueService service;
  private final MessageQueue source;
  private final MessageQueue destination;
  private final int maxMessagesPerSecond;
  private final long toMove;
  private final RateLimiter limiter;
  private long moved;
  private long failed;
  private Status status = Status.RUNNING;

  MessageMoveTask(QueueService service, MessageQueue source, MessageQueue destination,
      int maxMessagesPerSecond, long toMove) {
    this.service = service;
    this.source = source;
    this.destination = destination;
    this.maxMessagesPerSecond = maxMessagesPerSecond;
    this.toMove = toMove;
    this.limiter = RateLimiter.of("redrive-" + source.name(),
        RateLimiterConfig.custom()
            .limitForPeriod(maxMessagesPerSecond)
            .limitRefreshPeriod(CYCLE)
            .timeoutDuration(Duration.ZERO)
            .build(),
        service.ticker());
    if (toMove == 0) {
      finish(Status.COMPLETED);
    }
  }

  public String source() {
    return source.name();
  }

  /** The one destination, or empty for "each message's original queue". */
  public Optional<String> destination() {
    return Optional.ofNullable(destination).map(MessageQueue::name);
  }

  public int maxMessagesPerSecond() {
    return maxMessagesPerSecond;
  }

  /** Messages visible in the source when the task started (SQS's {@code ApproximateNumberOfMessagesToMove}). */
  public long toMove() {
    return toMove;
  }

  public long moved() {
    synchronized (service) {
      return moved;
    }
  }

  /** Messages that could not be moved (no original queue and no destination). */
  public long failed() {
    synchronized (service) {
      return failed;
    }
  }

  public Status status() {
    synchronized (service) {
      return status;
    }
  }

  /**
   * Moves as many messages as the current second still permits.
   *
   * @return the messages moved by this call
   */
  public int run() {
    synchronized (service) {
      int movedNow = 0;
      while (status == Status.RUNNING) {
        if (moved + failed >= toMove) {
          finish(Status.COMPLETED);
          break;
        }
        long now = source.tick();
        if (source.visibleCount() == 0) {
          finish(Status.COMPLETED);
          break;
        }
        if (!limiter.tryAcquirePermission()) {
          break;
        }
        Entry e = source.takeForRedrive(now);
        MessageQueue to = destinationOf(e);
        if (to == null) {
          source.putBack(e);
          failed++;
          continue;
        }
        to.acceptRedriven(e.body, now);
        moved++;
        movedNow++;
      }
      return movedNow;
    }
  }

  /**
   * Runs now and at the start of every later one-second cycle until the task is done.
   *
   * @return a handle that stops the schedule (the task itself stays as it is)
   */
  public Scheduler.Cancellable start(Scheduler scheduler) {
    Repeating repeating = new Repeating(scheduler);
    repeating.fire();
    return repeating;
  }

  /** Stops the task; messages already moved stay moved. */
  public void cancel() {
    synchronized (service) {
      if (status == Status.RUNNING) {
        finish(Status.CANCELLED);
      }
    }
  }

  @Override
  public String toString() {
    synchronized (service) {
      return "MessageMoveTask[" + source.name() + " -> "
          + (destination == null ? "original queues" : destination.name())
          + ", " + maxMessagesPerSecond + "/s, moved " + moved + "/" + toMove + ", " + status + "]";
    }
  }

  private MessageQueue destinationOf(Entry e) {
    if (destination != null) {
      return destination;
    }
    return e.deadLetter == null ? null : service.queue(e.deadLetter.originalQueue());
  }

  private void finish(Status end) {
    status = end;
    service.finished(this);
  }

  /** The schedule of {@link #start}: one pending timer at a time. */
  private final class Repeating implements Scheduler.Cancellable {
    private final Scheduler scheduler;
    private Scheduler.Cancellable pending;
    private boolean stopped;

    Repeating(Scheduler scheduler) {
      this.scheduler = scheduler;
    }

    void fire() {
      synchronized (service) {
        if (stopped) {
          return;
        }
        run();
        if (status == Status.RUNNING) {
          pending = scheduler.schedule(CYCLE.toNanos(), this::fire);
        }
      }
    }

    @Override
    public void cancel() {
      synchronized (service) {
        stopped = true;
        if (pending != null) {
          pending.cancel();
        }
      }
    }
  }
}
