package dev.caplab.messaging.queue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.caplab.messaging.resilience.Backoff;
import dev.caplab.messaging.resilience.RetryAfterException;
import dev.caplab.messaging.resilience.RetryConfig;
import dev.caplab.time.ManualTicker;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class QueueConsumerTest {

  final ManualTicker ticker = new ManualTicker();
  final QueueService service = QueueService.create(ticker);
  final List<String> done = new ArrayList<>();

  /** Fails "pill" as malformed, "flaky" with an I/O error, and records the others. */
  final MessageHandler handler = m -> {
    if (m.body().equals("pill")) {
      throw new IllegalArgumentException("malformed: " + m.body());
    }
    if (m.body().equals("flaky")) {
      throw new IOException("timeout talking to the warehouse");
    }
    done.add(m.body());
  };

  final RetryConfig retry = RetryConfig.custom()
      .maxAttempts(3)
      .retryOnException(e -> !(e instanceof IllegalArgumentException))
      .backoff(Backoff.exponential(Duration.ofSeconds(1), 2.0))
      .build();

  MessageQueue withDlq() {
    service.createQueue("dlq");
    return service.createQueue("q", QueueConfig.custom().redrivePolicy(RedrivePolicy.of("dlq", 10)).build());
  }

  @Test
  void aPoisonPillGoesStraightToTheDlqAndTheRestIsProcessed() {
    MessageQueue q = withDlq();
    q.send("a");
    q.send("pill");
    q.send("b");
    QueueConsumer consumer = QueueConsumer.of(q, handler, retry, new SplittableRandom(1));
    ConsumerStats s = consumer.poll(10);
    assertEquals(new ConsumerStats(3, 2, 0, 0, 1), s);
    assertEquals(List.of("a", "b"), done);
    assertEquals(0, q.size());
    ReceivedMessage dead = service.queue("dlq").receive(1).get(0);
    assertEquals("pill", dead.body());
    assertEquals("non-retryable IllegalArgumentException: malformed: pill", dead.deadLetter().reason());
    assertEquals(1, dead.deadLetter().receiveCount());
  }

  @Test
  void aRetryableFailureWaitsInTheQueueForItsBackoffThenGivesUpAfterMaxAttempts() {
    MessageQueue q = withDlq();
    q.send("flaky");
    QueueConsumer consumer = QueueConsumer.of(q, handler, retry, new SplittableRandom(1));
    assertEquals(new ConsumerStats(1, 0, 0, 1, 0), consumer.poll(10));
    ticker.advance(Duration.ofSeconds(1).minusNanos(1));
    assertEquals(ConsumerStats.NONE, consumer.poll(10), "hidden for the first backoff, 1 s");
    ticker.advance(1);
    assertEquals(new ConsumerStats(1, 0, 0, 1, 0), consumer.poll(10));
    ticker.advance(Duration.ofSeconds(2).minusNanos(1));
    assertEquals(ConsumerStats.NONE, consumer.poll(10), "then 2 s");
    ticker.advance(1);
    assertEquals(new ConsumerStats(1, 0, 0, 0, 1), consumer.poll(10), "the third attempt is the last");
    assertEquals(new ConsumerStats(3, 0, 0, 2, 1), consumer.stats());
    ReceivedMessage dead = service.queue("dlq").receive(1).get(0);
    assertEquals("gave up after 3 attempts: IOException: timeout talking to the warehouse", dead.deadLetter().reason());
  }

  @Test
  void retryAfterHintsWinOverTheBackoff() {
    MessageQueue q = withDlq();
    q.send("busy");
    MessageHandler busy = m -> {
      throw new RetryAfterException("slow down", Duration.ofSeconds(7));
    };
    QueueConsumer consumer = QueueConsumer.of(q, busy, retry, new SplittableRandom(1));
    consumer.poll(1);
    ticker.advance(Duration.ofSeconds(7).minusNanos(1));
    assertEquals(0, q.visibleCount());
    ticker.advance(1);
    assertEquals(1, q.visibleCount());
  }

  @Test
  void withoutADlqAPoisonPillComesBackForever() {
    MessageQueue q = service.createQueue("q", QueueConfig.custom().messageRetentionPeriod(Duration.ofDays(14)).build());
    q.send("pill");
    q.send("a");
    QueueConsumer consumer = QueueConsumer.of(q, handler, retry, new SplittableRandom(1));
    for (int i = 0; i < 20; i++) {
      consumer.poll(10);
      ticker.advance(Duration.ofHours(12)); // the longest a backoff may hide it
    }
    assertEquals(List.of("a"), done);
    assertEquals(1, q.size(), "the pill is still there");
    assertEquals(20, consumer.stats().retried());
    assertEquals(0, consumer.stats().deadLettered());
  }

  @Test
  void aLateDeleteIsCountedStale() {
    MessageQueue q = service.createQueue("q", QueueConfig.custom().visibilityTimeout(Duration.ofSeconds(1)).build());
    q.send("slow");
    List<ReceivedMessage> second = new ArrayList<>();
    MessageHandler slow = m -> {
      ticker.advance(Duration.ofSeconds(2));
      second.addAll(q.receive(1));
    };
    ConsumerStats s = QueueConsumer.of(q, slow, retry, new SplittableRandom(1)).poll(1);
    assertEquals(new ConsumerStats(1, 1, 1, 0, 0), s);
    assertEquals(1, q.inFlightCount(), "the other receive still holds it");
    assertTrue(q.delete(second.get(0).receipt()));
  }

  @Test
  void theBackoffIsCappedAtTwelveHoursFromTheReceive() {
    MessageQueue q = service.createQueue("q");
    q.send("flaky");
    RetryConfig huge = RetryConfig.from(retry).backoff(Backoff.fixed(Duration.ofDays(1))).build();
    QueueConsumer.of(q, handler, huge, new SplittableRandom(1)).poll(1);
    ticker.advance(Duration.ofHours(12).minusNanos(1));
    assertEquals(0, q.visibleCount());
    ticker.advance(1);
    assertEquals(1, q.visibleCount());
  }
}
