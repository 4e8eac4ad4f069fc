package dev.caplab.messaging.queue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.caplab.time.ManualTicker;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class MessageQueueTest {

  final ManualTicker ticker = new ManualTicker();
  final QueueService service = QueueService.create(ticker);

  MessageQueue withDlq(int maxReceiveCount) {
    service.createQueue("dlq");
    return service.createQueue("q", QueueConfig.custom()
        .visibilityTimeout(Duration.ofSeconds(10))
        .redrivePolicy(RedrivePolicy.of("dlq", maxReceiveCount))
        .build());
  }

  ReceivedMessage one(MessageQueue q) {
    List<ReceivedMessage> got = q.receive(1);
    assertEquals(1, got.size(), "expected one message in " + q.name());
    return got.get(0);
  }

  @Test
  void sendReceiveDeleteEmptiesTheQueue() {
    MessageQueue q = service.createQueue("q");
    String id = q.send("hello");
    assertEquals("q-1", id);
    ReceivedMessage m = one(q);
    assertEquals(id, m.messageId());
    assertEquals("hello", m.body());
    assertEquals(1, m.receiveCount());
    assertEquals(new ReceiptHandle("q", 1, 1), m.receipt());
    assertEquals(0, q.visibleCount());
    assertEquals(1, q.inFlightCount());
    assertTrue(q.delete(m.receipt()));
    assertEquals(0, q.size());
    assertFalse(q.delete(m.receipt()), "a second delete finds nothing");
    QueueStats s = q.stats();
    assertEquals(1, s.sent());
    assertEquals(1, s.receives());
    assertEquals(1, s.deleted());
    assertEquals(s.entered(), s.left() + s.held());
  }

  @Test
  void receiveTakesOldestFirstUpToMax() {
    MessageQueue q = service.createQueue("q");
    for (int i = 0; i < 5; i++) {
      q.send("m" + i);
    }
    List<ReceivedMessage> got = q.receive(3);
    assertEquals(List.of("m0", "m1", "m2"), got.stream().map(ReceivedMessage::body).toList());
    assertEquals(2, q.visibleCount());
    assertEquals(3, q.inFlightCount());
    assertEquals(List.of(), service.createQueue("empty").receive(10));
  }

  @Test
  void aMessageIsVisibleAgainExactlyWhenItsTimeoutEnds() {
    MessageQueue q = service.createQueue("q");
    q.send("x");
    ReceivedMessage first = q.receive(1, Duration.ofSeconds(5)).get(0);
    ticker.advance(Duration.ofSeconds(5).minusNanos(1));
    assertEquals(List.of(), q.receive(1));
    ticker.advance(1);
    ReceivedMessage second = one(q);
    assertEquals(2, second.receiveCount());
    assertEquals(first.messageId(), second.messageId());
    assertEquals(first.firstReceivedNanos(), second.firstReceivedNanos());
  }

  @Test
  void theQueueDefaultVisibilityTimeoutApplies() {
    MessageQueue q = service.createQueue("q", QueueConfig.custom().visibilityTimeout(Duration.ofSeconds(7)).build());
    q.send("x");
    one(q);
    ticker.advance(Duration.ofSeconds(7).minusNanos(1));
    assertEquals(0, q.visibleCount());
    ticker.advance(1);
    assertEquals(1, q.visibleCount());
  }

  @Test
  void aStaleReceiptNeitherDeletesNorChangesVisibility() {
    MessageQueue q = service.createQueue("q");
    q.send("x");
    ReceivedMessage first = q.receive(1, Duration.ofSeconds(1)).get(0);
    ticker.advance(Duration.ofSeconds(1));
    ReceivedMessage second = one(q);
    assertFalse(q.delete(first.receipt()), "SQS: an old receipt handle succeeds without deleting");
    assertFalse(q.changeVisibility(first.receipt(), Duration.ZERO));
    assertEquals(1, q.inFlightCount());
    assertTrue(q.delete(second.receipt()));
  }

  @Test
  void theNewestReceiptDeletesEvenAfterTheTimeoutEnded() {
    MessageQueue q = service.createQueue("q");
    q.send("x");
    ReceivedMessage m = q.receive(1, Duration.ofSeconds(1)).get(0);
    ticker.advance(Duration.ofSeconds(2));
    assertEquals(1, q.visibleCount());
    assertTrue(q.delete(m.receipt()));
    assertEquals(0, q.visibleCount());
    assertEquals(List.of(), q.receive(10), "the deleted message is not handed out");
    q.send("y");
    assertEquals("y", one(q).body());
  }

  @Test
  void changeVisibilityCountsFromTheCall() {
    MessageQueue q = service.createQueue("q");
    q.send("x");
    ReceivedMessage m = q.receive(1, Duration.ofSeconds(60)).get(0);
    ticker.advance(Duration.ofSeconds(15));
    assertTrue(q.changeVisibility(m.receipt(), Duration.ofSeconds(10)));
    ticker.advance(Duration.ofSeconds(10).minusNanos(1));
    assertEquals(0, q.visibleCount());
    ticker.advance(1);
    assertEquals(1, q.visibleCount(), "visible at 15 s + 10 s, not at 60 s");
    assertFalse(q.changeVisibility(m.receipt(), Duration.ofSeconds(10)), "no longer in flight");
  }

  @Test
  void changeVisibilityToZeroMakesItVisibleNow() {
    MessageQueue q = service.createQueue("q");
    q.send("x");
    ReceivedMessage m = one(q);
    assertTrue(q.changeVisibility(m.receipt(), Duration.ZERO));
    assertEquals(2, one(q).receiveCount());
  }

  @Test
  void aReceiveStaysHiddenAtMostTwelveHoursInAll() {
    MessageQueue q = service.createQueue("q");
    q.send("x");
    ReceivedMessage m = q.receive(1, Duration.ofHours(2)).get(0);
    ticker.advance(Duration.ofHours(1));
    assertTrue(q.changeVisibility(m.receipt(), Duration.ofHours(11)));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> q.changeVisibility(m.receipt(), Duration.ofHours(11).plusNanos(1)));
    assertEquals("visibilityTimeout must be <= 39600s (12h from the receive at 0s), got 39600.000000001s",
        e.getMessage());
  }

  @Test
  void visibilityTimeoutsOutOfRangeNameTheSettingAndTheRange() {
    MessageQueue q = service.createQueue("q");
    q.send("x");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> q.receive(1, Duration.ofHours(12).plusNanos(1)));
    assertEquals("visibilityTimeout must be between 0s and 43200s, got 43200.000000001s", e.getMessage());
    assertEquals("visibilityTimeout must be between 0s and 43200s, got -1ns",
        assertThrows(IllegalArgumentException.class, () -> q.receive(1, Duration.ofNanos(-1))).getMessage());
    assertEquals(1, q.receive(1, Duration.ofHours(12)).size(), "12 h itself is allowed");
    assertEquals("maxMessages must be between 1 and 10, got 11",
        assertThrows(IllegalArgumentException.class, () -> q.receive(11)).getMessage());
    assertEquals("maxMessages must be between 1 and 10, got 0",
        assertThrows(IllegalArgumentException.class, () -> q.receive(0)).getMessage());
    assertEquals(0, q.receive(10).size());
  }

  @Test
  void aReceiptFromAnotherQueueIsRefused() {
    MessageQueue a = service.createQueue("a");
    MessageQueue b = service.createQueue("b");
    a.send("x");
    ReceiptHandle r = one(a).receipt();
    assertEquals("receipt must be from queue b, got a/1#1",
        assertThrows(IllegalArgumentException.class, () -> b.delete(r)).getMessage());
  }

  @Test
  void aMessageMovesToTheDlqExactlyAfterMaxReceiveCountReceives() {
    MessageQueue q = withDlq(3);
    MessageQueue dlq = service.queue("dlq");
    q.send("pill");
    ticker.advance(Duration.ofSeconds(1));
    for (int i = 1; i <= 3; i++) {
      ReceivedMessage m = one(q);
      assertEquals(i, m.receiveCount());
      ticker.advance(Duration.ofSeconds(10));
    }
    assertEquals(1, q.visibleCount(), "moved lazily, by the receive that would exceed the limit");
    assertEquals(List.of(), q.receive(10));
    assertEquals(0, q.size());
    ReceivedMessage dead = one(dlq);
    assertEquals("q-1", dead.messageId(), "the id is kept");
    assertEquals("pill", dead.body());
    DeadLetter why = dead.deadLetter();
    assertEquals(new DeadLetter("q", "received 3 times, maxReceiveCount is 3", 3,
        0, Duration.ofSeconds(1).toNanos(), Duration.ofSeconds(31).toNanos()), why);
    assertEquals(1, q.stats().deadLetteredOut());
    assertEquals(1, dlq.stats().deadLetteredIn());
  }

  @Test
  void maxReceiveCountOneMovesAtTheSecondReceive() {
    MessageQueue q = withDlq(1);
    q.send("x");
    one(q);
    ticker.advance(Duration.ofSeconds(10));
    assertEquals(List.of(), q.receive(1));
    assertEquals(1, service.queue("dlq").visibleCount());
  }

  @Test
  void theDeadLetterCarriesTheLastError() {
    MessageQueue q = withDlq(2);
    q.send("x");
    assertTrue(q.release(one(q).receipt(), "boom 1"));
    assertTrue(q.release(one(q).receipt(), "boom 2"));
    assertEquals(List.of(), q.receive(1));
    assertEquals("boom 2", one(service.queue("dlq")).deadLetter().reason());
  }

  @Test
  void releaseWithADelayHidesForThatLong() {
    MessageQueue q = service.createQueue("q");
    q.send("x");
    assertTrue(q.release(one(q).receipt(), "later", Duration.ofSeconds(3)));
    ticker.advance(Duration.ofSeconds(3).minusNanos(1));
    assertEquals(0, q.visibleCount());
    ticker.advance(1);
    assertEquals(1, q.visibleCount());
    ReceivedMessage m = one(q);
    assertTrue(q.delete(m.receipt()));
    assertFalse(q.release(m.receipt(), "late"), "not in flight any more");
  }

  @Test
  void deadLetterMovesAtOnceWithTheReason() {
    MessageQueue q = withDlq(5);
    q.send("a");
    q.send("pill");
    q.send("c");
    List<ReceivedMessage> got = q.receive(3);
    assertTrue(q.deadLetter(got.get(1).receipt(), "malformed"));
    assertFalse(q.deadLetter(got.get(1).receipt(), "again"), "already moved");
    assertEquals(2, q.inFlightCount());
    ReceivedMessage dead = one(service.queue("dlq"));
    assertEquals("malformed", dead.deadLetter().reason());
    assertEquals(1, dead.deadLetter().receiveCount());
  }

  @Test
  void deadLetterWithoutARedrivePolicyIsAStateError() {
    MessageQueue q = service.createQueue("q");
    q.send("x");
    ReceiptHandle r = one(q).receipt();
    assertEquals("queue q has no redrive policy: there is no dead-letter queue to move the message to",
        assertThrows(IllegalStateException.class, () -> q.deadLetter(r, "x")).getMessage());
  }

  @Test
  void retentionDropsMessagesAtTheEndOfTheirPeriod() {
    MessageQueue q = service.createQueue("q", QueueConfig.custom().messageRetentionPeriod(Duration.ofMinutes(1)).build());
    q.send("old");
    ticker.advance(Duration.ofSeconds(30));
    q.send("young");
    ticker.advance(Duration.ofSeconds(30).minusNanos(1));
    assertEquals(2, q.visibleCount());
    ticker.advance(1);
    assertEquals(1, q.visibleCount());
    assertEquals("young", one(q).body());
    assertEquals(1, q.stats().expired());
  }

  @Test
  void anInFlightMessageExpiresWhenItComesBack() {
    MessageQueue q = service.createQueue("q", QueueConfig.custom().messageRetentionPeriod(Duration.ofMinutes(1)).build());
    q.send("x");
    q.receive(1, Duration.ofMinutes(2));
    ticker.advance(Duration.ofMinutes(2));
    assertEquals(List.of(), q.receive(1));
    QueueStats s = q.stats();
    assertEquals(1, s.expired());
    assertEquals(0, s.held());
  }

  @Test
  void aStandardDlqCountsRetentionFromTheOriginalEnqueue() {
    service.createQueue("dlq", QueueConfig.custom().messageRetentionPeriod(Duration.ofMinutes(10)).build());
    MessageQueue q = service.createQueue("q", QueueConfig.custom().visibilityTimeout(Duration.ZERO)
        .redrivePolicy(RedrivePolicy.of("dlq", 1)).build());
    q.send("x");
    ticker.advance(Duration.ofMinutes(9));
    one(q);
    q.receive(1);
    MessageQueue dlq = service.queue("dlq");
    assertEquals(1, dlq.visibleCount());
    ticker.advance(Duration.ofMinutes(1));
    assertEquals(0, dlq.visibleCount(), "sent at 0, retention 10 min: gone at 10 min");
    assertEquals(1, dlq.stats().expired());
  }

  @Test
  void aFifoDlqCountsRetentionFromTheMove() {
    service.createQueue("dlq", QueueConfig.custom().type(QueueType.FIFO)
        .messageRetentionPeriod(Duration.ofMinutes(10)).build());
    MessageQueue q = service.createQueue("q", QueueConfig.custom().type(QueueType.FIFO)
        .visibilityTimeout(Duration.ZERO).redrivePolicy(RedrivePolicy.of("dlq", 1)).build());
    q.send("x");
    ticker.advance(Duration.ofMinutes(9));
    one(q);
    q.receive(1);
    MessageQueue dlq = service.queue("dlq");
    ticker.advance(Duration.ofMinutes(10).minusNanos(1));
    assertEquals(1, dlq.visibleCount());
    ticker.advance(1);
    assertEquals(0, dlq.visibleCount());
  }

  @Test
  void aDelayedMessageAppearsWhenItsDelayEnds() {
    MessageQueue q = service.createQueue("q", QueueConfig.custom().delay(Duration.ofSeconds(2)).build());
    q.send("queue delay");
    q.send("own delay", Duration.ofSeconds(1));
    q.send("no delay", Duration.ZERO);
    assertEquals(2, q.delayedCount());
    assertEquals("no delay", one(q).body());
    ticker.advance(Duration.ofSeconds(1));
    assertEquals("own delay", one(q).body());
    ticker.advance(Duration.ofSeconds(1).minusNanos(1));
    assertEquals(List.of(), q.receive(1));
    ticker.advance(1);
    assertEquals("queue delay", one(q).body());
    assertEquals("delay must be between 0s and 900s, got 900.000000001s",
        assertThrows(IllegalArgumentException.class, () -> q.send("x", Duration.ofMinutes(15).plusNanos(1))).getMessage());
  }

  @Test
  void heapOrderHandsBackEarliestDeadlinesFirst() {
    MessageQueue q = service.createQueue("q");
    q.send("a");
    q.send("b");
    q.send("c");
    q.receive(1, Duration.ofSeconds(3));
    q.receive(1, Duration.ofSeconds(1));
    q.receive(1, Duration.ofSeconds(2));
    ticker.advance(Duration.ofSeconds(3));
    assertEquals(List.of("b", "c", "a"), q.receive(10).stream().map(ReceivedMessage::body).toList());
  }

  @Test
  void deletingFromTheMiddleOfTheInFlightHeapKeepsItsOrder() {
    MessageQueue q = service.createQueue("q");
    for (int i = 0; i < 8; i++) {
      q.send("m" + i);
    }
    List<ReceivedMessage> got = new java.util.ArrayList<>();
    for (int i = 0; i < 8; i++) {
      got.addAll(q.receive(1, Duration.ofSeconds(8 - i)));
    }
    assertTrue(q.delete(got.get(3).receipt()));
    assertTrue(q.delete(got.get(0).receipt()));
    assertTrue(q.changeVisibility(got.get(7).receipt(), Duration.ofSeconds(20)));
    ticker.advance(Duration.ofSeconds(8));
    assertEquals(List.of("m6", "m5", "m4", "m2", "m1"), q.receive(10).stream().map(ReceivedMessage::body).toList());
    ticker.advance(Duration.ofSeconds(12));
    assertEquals("m7", one(q).body());
  }

  @Test
  void metricsShowDepthsAndTheDlqSize() {
    MessageQueue q = withDlq(1);
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    q.bindTo(registry);
    q.send("a");
    q.send("b");
    q.send("c", Duration.ofSeconds(1));
    ReceivedMessage m = one(q);
    assertEquals(1.0, gauge(registry, "visible"));
    assertEquals(1.0, gauge(registry, "in_flight"));
    assertEquals(1.0, gauge(registry, "delayed"));
    q.deadLetter(m.receipt(), "bad");
    assertEquals(1.0, registry.get("caplab.queue.dead.letter.messages").tag("queue", "q").gauge().value());
    assertEquals(3.0, registry.get("caplab.queue.sent").tag("queue", "q").functionCounter().count());
    assertEquals(1.0, registry.get("caplab.queue.dead.lettered").tag("queue", "q").functionCounter().count());
    assertEquals(1.0, registry.get("caplab.queue.receives").tag("queue", "q").functionCounter().count());
    assertEquals(0.0, registry.get("caplab.queue.deleted").tag("queue", "q").functionCounter().count());
    assertEquals(0.0, registry.get("caplab.queue.expired").tag("queue", "q").functionCounter().count());
  }

  static double gauge(SimpleMeterRegistry registry, String state) {
    return registry.get("caplab.queue.messages").tag("queue", "q").tag("state", state).gauge().value();
  }

  @Test
  void receivedMessageOffersItsDeadLetterAsAnOptional() {
    MessageQueue q = service.createQueue("q");
    q.send("x");
    ReceivedMessage m = one(q);
    assertNull(m.deadLetter());
    assertTrue(m.deadLetterInfo().isEmpty());
  }
}
