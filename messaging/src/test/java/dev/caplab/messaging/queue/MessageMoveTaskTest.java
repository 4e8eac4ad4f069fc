package dev.caplab.messaging.queue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.caplab.time.ManualTicker;
import dev.caplab.time.Scheduler;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class MessageMoveTaskTest {

  final ManualTicker ticker = new ManualTicker();
  final QueueService service = QueueService.create(ticker);
  final MessageQueue dlq = service.createQueue("dlq");
  final MessageQueue source = service.createQueue("src", QueueConfig.custom()
      .visibilityTimeout(Duration.ZERO).redrivePolicy(RedrivePolicy.of("dlq", 1)).build());

  /** Sends {@code n} messages to the source and lets each fail into the DLQ. */
  void deadLetter(int n) {
    for (int i = 0; i < n; i++) {
      source.send("m" + i);
    }
    for (int i = 0; i < n; i++) {
      source.receive(1);
    }
    assertEquals(List.of(), source.receive(10));
    assertEquals(n, dlq.visibleCount());
  }

  @Test
  void movesAtMostTheRateEachSecondBackToTheOriginalQueue() {
    deadLetter(7);
    MessageMoveTask task = service.startMessageMoveTask("dlq", 3);
    assertEquals(7, task.toMove());
    assertEquals(3, task.run());
    assertEquals(0, task.run(), "this second's permits are spent");
    ticker.advance(Duration.ofSeconds(1).minusNanos(1));
    assertEquals(0, task.run());
    ticker.advance(1);
    assertEquals(3, task.run());
    ticker.advance(Duration.ofSeconds(1));
    assertEquals(1, task.run());
    assertEquals(MessageMoveTask.Status.COMPLETED, task.status());
    assertEquals(7, task.moved());
    assertEquals(7, source.visibleCount());
    assertEquals(0, dlq.size());
    assertEquals(List.of(), service.activeMessageMoveTasks());
  }

  @Test
  void aRedrivenMessageIsNewInItsDestination() {
    deadLetter(1);
    ticker.advance(Duration.ofSeconds(5));
    service.startMessageMoveTask("dlq", 10).run();
    ReceivedMessage m = source.receive(1).get(0);
    assertEquals("m0", m.body());
    assertNotEquals("src-1", m.messageId(), "a new id, as SQS's redrive");
    assertEquals(1, m.receiveCount());
    assertEquals(Duration.ofSeconds(5).toNanos(), m.sentNanos(), "a new enqueue time");
    assertNull(m.deadLetter());
    QueueStats s = source.stats();
    assertEquals(1, s.redrivenIn());
    assertEquals(1, dlq.stats().redrivenOut());
  }

  @Test
  void movesToAGivenDestinationOfTheSameType() {
    deadLetter(2);
    MessageQueue other = service.createQueue("other");
    MessageMoveTask task = service.startMessageMoveTask("dlq", "other", 500);
    assertEquals("other", task.destination().orElseThrow());
    assertEquals(2, task.run());
    assertEquals(2, other.visibleCount());
    assertEquals(0, source.visibleCount());
  }

  @Test
  void refusesADestinationOfAnotherType() {
    service.createQueue("fifo", QueueConfig.custom().type(QueueType.FIFO).build());
    assertEquals("destination must be a STANDARD queue like source dlq, got fifo (FIFO)",
        assertThrows(IllegalArgumentException.class, () -> service.startMessageMoveTask("dlq", "fifo", 1)).getMessage());
  }

  @Test
  void refusesASourceThatIsNoDeadLetterQueueAndBadRates() {
    assertEquals("source must be the dead-letter queue of another queue, got src (no redrive policy names it)",
        assertThrows(IllegalArgumentException.class, () -> service.startMessageMoveTask("src", 1)).getMessage());
    assertEquals("queue must be one of [dlq, src], got nope",
        assertThrows(IllegalArgumentException.class, () -> service.startMessageMoveTask("nope", 1)).getMessage());
    assertEquals("maxMessagesPerSecond must be between 1 and 500, got 501",
        assertThrows(IllegalArgumentException.class, () -> service.startMessageMoveTask("dlq", 501)).getMessage());
    assertEquals("maxMessagesPerSecond must be between 1 and 500, got 0",
        assertThrows(IllegalArgumentException.class, () -> service.startMessageMoveTask("dlq", 0)).getMessage());
    assertEquals("destination must differ from source, got dlq",
        assertThrows(IllegalArgumentException.class, () -> service.startMessageMoveTask("dlq", "dlq", 1)).getMessage());
  }

  @Test
  void oneTaskPerSourceAtATime() {
    deadLetter(2);
    MessageMoveTask task = service.startMessageMoveTask("dlq", 1);
    assertEquals(List.of(task), service.activeMessageMoveTasks());
    assertEquals("a message move task is already running on dlq: cancel it or let it complete first",
        assertThrows(IllegalStateException.class, () -> service.startMessageMoveTask("dlq", 1)).getMessage());
    task.cancel();
    assertEquals(MessageMoveTask.Status.CANCELLED, task.status());
    assertEquals(0, task.run(), "a cancelled task moves nothing");
    MessageMoveTask next = service.startMessageMoveTask("dlq", 1);
    assertEquals(2, next.toMove());
  }

  @Test
  void anEmptyDlqCompletesAtOnce() {
    MessageMoveTask task = service.startMessageMoveTask("dlq", 1);
    assertEquals(MessageMoveTask.Status.COMPLETED, task.status());
    assertEquals(List.of(), service.activeMessageMoveTasks());
  }

  @Test
  void aMessageWithNoOriginalQueueIsPutBackAndCountedFailed() {
    deadLetter(1);
    dlq.send("sent directly");
    MessageMoveTask task = service.startMessageMoveTask("dlq", 10);
    assertEquals(1, task.run());
    assertEquals(1, task.failed());
    assertEquals(MessageMoveTask.Status.COMPLETED, task.status());
    assertEquals("sent directly", dlq.receive(1).get(0).body());
  }

  @Test
  void messagesInFlightInTheDlqStay() {
    deadLetter(2);
    dlq.receive(1, Duration.ofMinutes(1));
    MessageMoveTask task = service.startMessageMoveTask("dlq", 10);
    assertEquals(1, task.toMove());
    assertEquals(1, task.run());
    assertEquals(1, dlq.inFlightCount());
  }

  @Test
  void startRunsOnceASecondUntilDone() {
    deadLetter(5);
    List<Long> delays = new ArrayList<>();
    List<Runnable> pending = new ArrayList<>();
    Scheduler scheduler = (delay, action) -> {
      delays.add(delay);
      pending.add(action);
      return () -> pending.remove(action);
    };
    MessageMoveTask task = service.startMessageMoveTask("dlq", 2);
    task.start(scheduler);
    assertEquals(2, task.moved());
    for (int second = 1; !pending.isEmpty(); second++) {
      ticker.advance(Duration.ofSeconds(1));
      pending.remove(0).run();
      assertEquals(Math.min(5, 2 * (second + 1)), task.moved(), "after second " + second);
    }
    assertEquals(List.of(1_000_000_000L, 1_000_000_000L), delays);
    assertEquals(MessageMoveTask.Status.COMPLETED, task.status());
  }

  @Test
  void cancellingTheScheduleStopsIt() {
    deadLetter(5);
    List<Runnable> pending = new ArrayList<>();
    Scheduler scheduler = (delay, action) -> {
      pending.add(action);
      return () -> pending.remove(action);
    };
    MessageMoveTask task = service.startMessageMoveTask("dlq", 1);
    Scheduler.Cancellable schedule = task.start(scheduler);
    schedule.cancel();
    assertTrue(pending.isEmpty());
    assertEquals(1, task.moved());
    assertEquals(MessageMoveTask.Status.RUNNING, task.status());
  }
}
