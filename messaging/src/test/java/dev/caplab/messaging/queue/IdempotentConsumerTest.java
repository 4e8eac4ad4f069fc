package dev.caplab.messaging.queue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.caplab.time.ManualTicker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class IdempotentConsumerTest {

  final ManualTicker ticker = new ManualTicker();
  final List<String> handled = new ArrayList<>();

  static ReceivedMessage message(String id, String body) {
    return new ReceivedMessage(id, body, new ReceiptHandle("q", 1, 1), 1, 0, 0, null);
  }

  IdempotentConsumer consumer(IdempotencyConfig config) {
    return IdempotentConsumer.of(m -> handled.add(m.body()), config, ticker);
  }

  @Test
  void aDuplicateWithinTheWindowIsSuppressed() throws Exception {
    IdempotentConsumer c = consumer(IdempotencyConfig.ofDefaults());
    c.handle(message("1", "a"));
    c.handle(message("1", "a"));
    c.handle(message("2", "b"));
    assertEquals(List.of("a", "b"), handled);
    IdempotencyStats s = c.stats();
    assertEquals(new IdempotencyStats(2, 1, 0, 0, 2), s);
  }

  @Test
  void aKeyIsForgottenExactlyAtTheEndOfTheWindowAndTheAuditCountsIt() throws Exception {
    IdempotentConsumer c = consumer(IdempotencyConfig.custom().window(Duration.ofSeconds(10))
        .auditMissedDuplicates(true).build());
    c.handle(message("1", "a"));
    ticker.advance(Duration.ofSeconds(10).minusNanos(1));
    assertTrue(c.remembers("1"));
    c.handle(message("1", "a"));
    assertEquals(1, c.stats().suppressed());
    ticker.advance(1);
    assertFalse(c.remembers("1"));
    c.handle(message("1", "a"));
    assertEquals(List.of("a", "a"), handled);
    assertEquals(new IdempotencyStats(2, 1, 1, 0, 1), c.stats());
  }

  @Test
  void aKeyEvictedBySizeWithinTheWindowIsCountedEvicted() throws Exception {
    IdempotentConsumer c = consumer(IdempotencyConfig.custom().maximumSize(1).auditMissedDuplicates(true).build());
    for (int i = 0; i < 50; i++) {
      c.handle(message("k" + i, "m" + i));
    }
    for (int i = 0; i < 50; i++) {
      c.handle(message("k" + i, "m" + i));
    }
    IdempotencyStats s = c.stats();
    assertEquals(0, s.letThroughExpired());
    assertTrue(s.letThroughEvicted() >= 48, "a one-key memory lets nearly every duplicate through: " + s);
    assertEquals(100, s.processed() + s.suppressed());
    assertEquals(s.processed() - 50, s.letThrough());
    assertTrue(s.remembered() <= 1);
  }

  @Test
  void withoutTheAuditMissedDuplicatesAreNotCounted() throws Exception {
    IdempotentConsumer c = consumer(IdempotencyConfig.custom().window(Duration.ofSeconds(1)).build());
    c.handle(message("1", "a"));
    ticker.advance(Duration.ofSeconds(1));
    c.handle(message("1", "a"));
    assertEquals(new IdempotencyStats(2, 0, 0, 0, 1), c.stats());
  }

  @Test
  void aFailedMessageIsNotRememberedSoItsRetryRuns() throws Exception {
    int[] calls = {0};
    IdempotentConsumer c = IdempotentConsumer.of(m -> {
      if (calls[0]++ == 0) {
        throw new IllegalStateException("first try fails");
      }
    }, IdempotencyConfig.ofDefaults(), ticker);
    assertThrows(IllegalStateException.class, () -> c.handle(message("1", "a")));
    c.handle(message("1", "a"));
    c.handle(message("1", "a"));
    assertEquals(2, calls[0]);
    assertEquals(new IdempotencyStats(1, 1, 0, 0, 1), c.stats());
  }

  @Test
  void aBusinessKeyDedupsAcrossMessageIds() throws Exception {
    IdempotentConsumer c = consumer(IdempotencyConfig.custom().key(ReceivedMessage::body).build());
    c.handle(message("1", "order-7"));
    c.handle(message("2", "order-7"));
    assertEquals(List.of("order-7"), handled);
  }

  @Test
  void configBoundsAndDefaults() {
    IdempotencyConfig d = IdempotencyConfig.ofDefaults();
    assertEquals(Duration.ofMinutes(5), d.window());
    assertEquals(100_000, d.maximumSize());
    assertFalse(d.auditMissedDuplicates());
    assertEquals("window must be > 0s, got 0s",
        assertThrows(IllegalArgumentException.class, () -> IdempotencyConfig.custom().window(Duration.ZERO)).getMessage());
    assertEquals("maximumSize must be >= 1, got 0",
        assertThrows(IllegalArgumentException.class, () -> IdempotencyConfig.custom().maximumSize(0)).getMessage());
    IdempotencyConfig copy = IdempotencyConfig.from(IdempotencyConfig.custom().maximumSize(3)
        .window(Duration.ofSeconds(2)).auditMissedDuplicates(true).build()).build();
    assertEquals(3, copy.maximumSize());
    assertEquals(Duration.ofSeconds(2), copy.window());
    assertTrue(copy.auditMissedDuplicates());
  }
}
