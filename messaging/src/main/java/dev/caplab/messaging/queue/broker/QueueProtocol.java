package dev.caplab.messaging.queue.broker;

import dev.caplab.messaging.queue.MessageMoveTask;
import dev.caplab.messaging.queue.QueueStats;
import dev.caplab.messaging.queue.ReceiptHandle;
import dev.caplab.messaging.queue.ReceivedMessage;
import java.util.List;

/**
 * Every message between queue clients and a {@link QueueBrokerNode}. Requests are sent with {@code
 * NodeContext.call} and answered with {@code reply}; each has its own record class, so a link
 * profile can give each its own latency.
 */
public sealed interface QueueProtocol {

  /** A request to the broker. */
  sealed interface Request extends QueueProtocol {}

  /** A request that changes a queue: the broker logs it durably before it answers. */
  sealed interface Command extends Request {}

  /** Send {@code body} to {@code queue}; answered with {@link Sent}. */
  record Send(String queue, String body) implements Command {}

  /** Receive up to {@code maxMessages} with a visibility timeout; answered with {@link Received}. */
  record Receive(String queue, int maxMessages, long visibilityTimeoutNanos) implements Command {}

  /** Delete (acknowledge) a received message; answered with {@link Done}. */
  record Delete(ReceiptHandle receipt) implements Command {}

  /** Give a received message up with {@code error}, visible again after a while; answered with {@link Done}. */
  record Release(ReceiptHandle receipt, String error, long retryAfterNanos) implements Command {}

  /** Move a received message to the dead-letter queue with {@code reason}; answered with {@link Done}. */
  record DeadLetter(ReceiptHandle receipt, String reason) implements Command {}

  /**
   * Start moving the messages now visible in dead-letter queue {@code source} back, at most {@code
   * maxMessagesPerSecond} (1 to 500) a second, to each message's original queue ({@code
   * destination} null) or to {@code destination}, as SQS's {@code StartMessageMoveTask}; the broker
   * runs it on its own timers. Answered with {@link MoveTaskStarted}, or {@link Refused} if a task
   * is already running on {@code source}.
   */
  record StartMessageMoveTask(String source, String destination, int maxMessagesPerSecond) implements Command {}

  /**
   * Stop the running message-move task {@code taskHandle}; what it moved stays moved, as SQS's
   * {@code CancelMessageMoveTask}. Answered with {@link MoveTaskCancelled}, or {@link Refused} for
   * an unknown handle or a task that is no longer running.
   */
  record CancelMessageMoveTask(String taskHandle) implements Command {}

  /**
   * The most recent message-move tasks (at most {@link QueueProtocol#MAX_LISTED_MOVE_TASKS}) of
   * dead-letter queue {@code source}, newest first, as SQS's {@code ListMessageMoveTasks}; answered
   * with {@link MoveTasks}. Not logged.
   */
  record ListMessageMoveTasks(String source) implements Request {}

  /** How many tasks {@link ListMessageMoveTasks} lists at most (SQS's bound). */
  int MAX_LISTED_MOVE_TASKS = 10;

  /** Read a queue's counters; answered with {@link Stats}. Not logged. */
  record GetStats(String queue) implements Request {}

  /** The id given to a sent message. */
  record Sent(String messageId) implements QueueProtocol {}

  /** The received messages (possibly none). */
  record Received(List<ReceivedMessage> messages) implements QueueProtocol {
    public Received {
      messages = List.copyOf(messages);
    }
  }

  /** Whether a delete, release or dead-lettering applied (false: a stale receipt). */
  record Done(boolean applied) implements QueueProtocol {}

  /** The handle of a started message-move task and the messages it is to move. */
  record MoveTaskStarted(String taskHandle, long toMove) implements QueueProtocol {}

  /** A cancelled message-move task and the messages it had moved. */
  record MoveTaskCancelled(String taskHandle, long moved) implements QueueProtocol {}

  /**
   * One message-move task as {@link ListMessageMoveTasks} reports it.
   *
   * @param taskHandle the handle {@link MoveTaskStarted} gave
   * @param source the dead-letter queue it moves messages out of
   * @param destination the one destination, or null for each message's original queue
   * @param maxMessagesPerSecond its rate limit
   * @param status running, completed or cancelled
   * @param moved messages moved so far
   * @param toMove messages visible in the source when it started
   * @param failed messages it could not move (no original queue and no destination)
   * @param startedNanos when it started, on the broker's time
   */
  record MoveTaskStatus(String taskHandle, String source, String destination, int maxMessagesPerSecond,
      MessageMoveTask.Status status, long moved, long toMove, long failed, long startedNanos) {}

  /** Message-move tasks, newest first. */
  record MoveTasks(List<MoveTaskStatus> tasks) implements QueueProtocol {
    public MoveTasks {
      tasks = List.copyOf(tasks);
    }
  }

  /** A queue's counters. */
  record Stats(QueueStats stats) implements QueueProtocol {}

  /** The request was invalid (an unknown queue, a bad timeout): the broker's error message. */
  record Refused(String reason) implements QueueProtocol {}
}
