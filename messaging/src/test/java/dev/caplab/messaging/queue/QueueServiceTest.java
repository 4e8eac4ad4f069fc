package dev.caplab.messaging.queue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.caplab.time.ManualTicker;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class QueueServiceTest {

  final QueueService service = QueueService.create(new ManualTicker());

  @Test
  void queuesAreFoundByNameAndUnknownNamesListTheKnownOnes() {
    MessageQueue a = service.createQueue("a");
    service.createQueue("b");
    assertSame(a, service.queue("a"));
    assertEquals(List.of("a", "b"), service.queueNames());
    assertEquals("queue must be one of [a, b], got c",
        assertThrows(IllegalArgumentException.class, () -> service.queue("c")).getMessage());
    assertEquals("name must be a new queue name, got a (exists)",
        assertThrows(IllegalArgumentException.class, () -> service.createQueue("a")).getMessage());
    assertEquals("name must not be empty",
        assertThrows(IllegalArgumentException.class, () -> service.createQueue("")).getMessage());
  }

  @Test
  void aRedrivePolicyMustNameAnExistingOtherQueue() {
    service.createQueue("a");
    QueueConfig toMissing = QueueConfig.custom().redrivePolicy(RedrivePolicy.of("dlq", 3)).build();
    assertEquals("redrivePolicy.deadLetterQueue must be one of [a], got dlq",
        assertThrows(IllegalArgumentException.class, () -> service.createQueue("q", toMissing)).getMessage());
    QueueConfig toSelf = QueueConfig.custom().redrivePolicy(RedrivePolicy.of("q", 3)).build();
    assertEquals("redrivePolicy.deadLetterQueue must be another queue than q, got q",
        assertThrows(IllegalArgumentException.class, () -> service.createQueue("q", toSelf)).getMessage());
  }

  @Test
  void aDeadLetterQueueOfAnotherTypeIsRefused() {
    service.createQueue("dlq.fifo", QueueConfig.custom().type(QueueType.FIFO).build());
    QueueConfig config = QueueConfig.custom().redrivePolicy(RedrivePolicy.of("dlq.fifo", 3)).build();
    assertEquals("redrivePolicy.deadLetterQueue must be a STANDARD queue like q, got dlq.fifo (FIFO)",
        assertThrows(IllegalArgumentException.class, () -> service.createQueue("q", config)).getMessage());
  }

  @Test
  void theRedriveAllowPolicyOfTheDlqDecides() {
    service.createQueue("deny", QueueConfig.custom().redriveAllowPolicy(RedriveAllowPolicy.denyAll()).build());
    service.createQueue("only-a", QueueConfig.custom().redriveAllowPolicy(RedriveAllowPolicy.byQueue("a")).build());
    assertEquals("redrivePolicy.deadLetterQueue deny must allow source q, but its redrive allow policy is "
            + "RedriveAllowPolicy[DENY_ALL]",
        assertThrows(IllegalArgumentException.class, () -> service.createQueue("q",
            QueueConfig.custom().redrivePolicy(RedrivePolicy.of("deny", 1)).build())).getMessage());
    assertEquals("redrivePolicy.deadLetterQueue only-a must allow source q, but its redrive allow policy is "
            + "RedriveAllowPolicy[byQueue [a]]",
        assertThrows(IllegalArgumentException.class, () -> service.createQueue("q",
            QueueConfig.custom().redrivePolicy(RedrivePolicy.of("only-a", 1)).build())).getMessage());
    MessageQueue a = service.createQueue("a", QueueConfig.custom().redrivePolicy(RedrivePolicy.of("only-a", 1)).build());
    assertEquals("only-a", a.deadLetterQueue().orElseThrow().name());
  }

  @Test
  void redriveAllowPolicyBounds() {
    assertEquals("sourceQueues.length must be between 1 and 10, got 0",
        assertThrows(IllegalArgumentException.class, RedriveAllowPolicy::byQueue).getMessage());
    String[] eleven = new String[11];
    java.util.Arrays.setAll(eleven, i -> "q" + i);
    assertThrows(IllegalArgumentException.class, () -> RedriveAllowPolicy.byQueue(eleven));
    assertEquals(List.of("a", "b"), RedriveAllowPolicy.byQueue("b", "a").sourceQueues());
    assertTrue(RedriveAllowPolicy.allowAll().allows("anything"));
  }

  @Test
  void configDefaultsAreSqsDefaults() {
    QueueConfig c = QueueConfig.ofDefaults();
    assertEquals(QueueType.STANDARD, c.type());
    assertEquals(Duration.ofSeconds(30), c.visibilityTimeout());
    assertEquals(Duration.ofDays(4), c.messageRetentionPeriod());
    assertEquals(Duration.ZERO, c.delay());
    assertTrue(c.redrivePolicy().isEmpty());
    assertSame(RedriveAllowPolicy.allowAll(), c.redriveAllowPolicy());
    QueueConfig copy = QueueConfig.from(QueueConfig.custom().type(QueueType.FIFO)
        .redrivePolicy(RedrivePolicy.of("d", 2)).visibilityTimeout(Duration.ofSeconds(3)).build()).build();
    assertEquals(QueueType.FIFO, copy.type());
    assertEquals(Duration.ofSeconds(3), copy.visibilityTimeout());
    assertEquals(RedrivePolicy.of("d", 2), copy.redrivePolicy().orElseThrow());
    assertTrue(QueueConfig.from(copy).noRedrivePolicy().build().redrivePolicy().isEmpty());
  }

  @Test
  void configBoundsNameTheSettingTheValueAndTheRange() {
    assertEquals("visibilityTimeout must be between 0s and 43200s, got 43201s",
        assertThrows(IllegalArgumentException.class,
            () -> QueueConfig.custom().visibilityTimeout(Duration.ofSeconds(43201))).getMessage());
    assertEquals("messageRetentionPeriod must be between 60s and 1209600s, got 59s",
        assertThrows(IllegalArgumentException.class,
            () -> QueueConfig.custom().messageRetentionPeriod(Duration.ofSeconds(59))).getMessage());
    assertThrows(IllegalArgumentException.class,
        () -> QueueConfig.custom().messageRetentionPeriod(Duration.ofDays(14).plusNanos(1)));
    QueueConfig.custom().messageRetentionPeriod(Duration.ofDays(14)).messageRetentionPeriod(Duration.ofSeconds(60));
    assertEquals("delay must be between 0s and 900s, got -1s",
        assertThrows(IllegalArgumentException.class, () -> QueueConfig.custom().delay(Duration.ofSeconds(-1))).getMessage());
    assertEquals("maxReceiveCount must be between 1 and 1000, got 0",
        assertThrows(IllegalArgumentException.class, () -> RedrivePolicy.of("d", 0)).getMessage());
    assertEquals("maxReceiveCount must be between 1 and 1000, got 1001",
        assertThrows(IllegalArgumentException.class, () -> RedrivePolicy.of("d", 1001)).getMessage());
    assertEquals(1000, RedrivePolicy.of("d", 1000).maxReceiveCount());
    assertEquals(1, RedrivePolicy.of("d", 1).maxReceiveCount());
    assertThrows(IllegalArgumentException.class, () -> RedrivePolicy.of("", 1));
  }
}
