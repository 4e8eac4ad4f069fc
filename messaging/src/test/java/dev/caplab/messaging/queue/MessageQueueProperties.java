package dev.caplab.messaging.queue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.caplab.time.ManualTicker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Size;

class MessageQueueProperties {

  static final long MAX_VISIBILITY = Duration.ofHours(12).toNanos();

  /**
   * A received message is hidden for exactly its visibility timeout: not receivable one nanosecond
   * before the deadline, receivable at it; a change of visibility moves the deadline to the time of
   * the call plus the new timeout.
   */
  @Property(tries = 300)
  void visibleAgainExactlyWhenTheTimeoutEnds(
      @ForAll @LongRange(min = 0, max = 1_000_000_000_000L) long start,
      @ForAll @LongRange(min = 0, max = 43_200_000_000_000L) long timeout,
      @ForAll @LongRange(min = 0, max = 43_200_000_000_000L) long changeAfter,
      @ForAll @LongRange(min = 0, max = 43_200_000_000_000L) long newTimeout,
      @ForAll boolean change) {
    ManualTicker ticker = new ManualTicker(start);
    MessageQueue q = QueueService.create(ticker).createQueue("q");
    q.send("x");
    ReceivedMessage m = q.receive(1, Duration.ofNanos(timeout)).get(0);
    long deadline = start + timeout;
    if (change && changeAfter < timeout && changeAfter + newTimeout <= MAX_VISIBILITY) {
      ticker.set(start + changeAfter);
      assertTrue(q.changeVisibility(m.receipt(), Duration.ofNanos(newTimeout)));
      deadline = start + changeAfter + newTimeout;
    }
    if (deadline > ticker.nanos()) {
      ticker.set(deadline - 1);
      assertEquals(0, q.visibleCount(), "visible 1 ns before the deadline");
      assertEquals(List.of(), q.receive(1));
    }
    ticker.set(deadline);
    List<ReceivedMessage> again = q.receive(1);
    assertEquals(1, again.size(), "not visible at the deadline");
    assertEquals(2, again.get(0).receiveCount());
  }

  /**
   * Whatever happens between receives (timeouts running out, releases with a delay), a message is
   * handed out exactly maxReceiveCount times and then appears in the dead-letter queue with that
   * count, its id, its original queue and a reason.
   */
  @Property(tries = 300)
  void movesToTheDlqExactlyAfterMaxReceiveCountReceives(
      @ForAll @IntRange(min = 1, max = 30) int maxReceiveCount,
      @ForAll @Size(min = 30, max = 30) List<@IntRange(min = 0, max = 2) Integer> howEachReceiveEnds) {
    ManualTicker ticker = new ManualTicker();
    QueueService service = QueueService.create(ticker);
    MessageQueue dlq = service.createQueue("dlq");
    MessageQueue q = service.createQueue("q", QueueConfig.custom().visibilityTimeout(Duration.ofSeconds(5))
        .redrivePolicy(RedrivePolicy.of("dlq", maxReceiveCount)).build());
    String id = q.send("x");
    int receives = 0;
    for (int i = 0; i < 40; i++) {
      List<ReceivedMessage> got = q.receive(10);
      if (got.isEmpty()) {
        break;
      }
      receives++;
      assertEquals(receives, got.get(0).receiveCount());
      int end = howEachReceiveEnds.get(i % howEachReceiveEnds.size());
      if (end == 1) {
        q.release(got.get(0).receipt(), "error " + receives);
      } else if (end == 2) {
        q.release(got.get(0).receipt(), "error " + receives, Duration.ofSeconds(1));
        ticker.advance(Duration.ofSeconds(1));
      } else {
        ticker.advance(Duration.ofSeconds(5));
      }
    }
    assertEquals(maxReceiveCount, receives);
    assertEquals(0, q.size());
    ReceivedMessage dead = dlq.receive(1).get(0);
    assertEquals(id, dead.messageId());
    assertEquals(maxReceiveCount, dead.deadLetter().receiveCount());
    assertEquals("q", dead.deadLetter().originalQueue());
    assertNotNull(dead.deadLetter().reason());
  }

  static final int SEND = 0;
  static final int RECEIVE = 1;
  static final int DELETE = 2;
  static final int FAIL = 3;
  static final int POISON = 4;
  static final int CHANGE_VISIBILITY = 5;
  static final int ADVANCE = 6;
  static final int REDRIVE = 7;

  /**
   * Conservation: over any sequence of sends, receives, deletes, failures, dead-lettering, changes
   * of visibility, time and redrives, every message sent is at the end exactly once either deleted,
   * still in the queue, or in the dead-letter queue with its reason; none disappears and none is
   * duplicated. Each queue's counters balance: entered = left + held.
   */
  @Property(tries = 400)
  void everyMessageSentIsDeletedHeldOrDeadLetteredExactlyOnce(
      @ForAll @IntRange(min = 1, max = 5) int maxReceiveCount,
      @ForAll long seed,
      @ForAll @Size(max = 400) List<@IntRange(min = 0, max = 7) Integer> ops) {
    SplittableRandom random = new SplittableRandom(seed);
    ManualTicker ticker = new ManualTicker();
    QueueService service = QueueService.create(ticker);
    MessageQueue dlq = service.createQueue("dlq", QueueConfig.custom().visibilityTimeout(Duration.ofSeconds(3)).build());
    MessageQueue q = service.createQueue("q", QueueConfig.custom().visibilityTimeout(Duration.ofSeconds(5))
        .redrivePolicy(RedrivePolicy.of("dlq", maxReceiveCount)).build());
    List<ReceivedMessage> held = new ArrayList<>();
    Map<String, Integer> deleted = new LinkedHashMap<>();
    int sent = 0;
    MessageMoveTask task = null;
    for (int op : ops) {
      switch (op) {
        case SEND -> q.send("m" + sent++, Duration.ofMillis(random.nextInt(3) * 500L));
        case RECEIVE -> {
          MessageQueue from = random.nextInt(4) == 0 ? dlq : q;
          held.addAll(from.receive(1 + random.nextInt(10), Duration.ofMillis(random.nextInt(8000))));
        }
        case DELETE, FAIL, POISON, CHANGE_VISIBILITY -> {
          if (held.isEmpty()) {
            break;
          }
          ReceivedMessage m = held.remove(random.nextInt(held.size()));
          MessageQueue from = service.queue(m.receipt().queue());
          if (op == DELETE) {
            if (from.delete(m.receipt())) {
              deleted.merge(m.body(), 1, Integer::sum);
            }
          } else if (op == FAIL) {
            from.release(m.receipt(), "failed", Duration.ofMillis(random.nextInt(2000)));
          } else if (op == POISON && from == q) {
            from.deadLetter(m.receipt(), "poison");
          } else if (op == CHANGE_VISIBILITY) {
            if (from.changeVisibility(m.receipt(), Duration.ofMillis(random.nextInt(4000)))) {
              held.add(m);
            }
          }
        }
        case ADVANCE -> ticker.advance(Duration.ofMillis(random.nextInt(6000)));
        case REDRIVE -> {
          if (task == null || task.status() != MessageMoveTask.Status.RUNNING) {
            task = service.startMessageMoveTask("dlq", 1 + random.nextInt(3));
          }
          task.run();
        }
        default -> throw new AssertionError(op);
      }
    }
    for (int body : deleted.values()) {
      assertEquals(1, body, "a message deleted twice: " + deleted);
    }
    ticker.advance(Duration.ofHours(13)); // every receive's timeout has ended, nothing expired (4 days)
    List<String> inQueue = drain(q, 1000);
    List<ReceivedMessage> inDlq = new ArrayList<>();
    for (List<ReceivedMessage> got = dlq.receive(10); !got.isEmpty(); got = dlq.receive(10)) {
      inDlq.addAll(got);
    }
    Set<String> seen = new HashSet<>();
    List<String> all = new ArrayList<>(deleted.keySet());
    all.addAll(inQueue);
    for (ReceivedMessage m : inDlq) {
      all.add(m.body());
      assertNotNull(m.deadLetter(), "a DLQ message without its reason");
      assertEquals("q", m.deadLetter().originalQueue());
    }
    for (String body : all) {
      assertTrue(seen.add(body), "duplicated: " + body);
    }
    assertEquals(sent, seen.size(), "messages lost: sent " + sent + ", found " + seen.size());
    for (MessageQueue each : List.of(q, dlq)) {
      QueueStats s = each.stats();
      assertEquals(s.entered(), s.left() + s.held(), each.name() + " " + s);
    }
  }

  /**
   * Receives everything from {@code q} with a long visibility timeout (messages past
   * maxReceiveCount go to the dead-letter queue on the way); returns the bodies.
   */
  static List<String> drain(MessageQueue q, int maxRounds) {
    List<String> bodies = new ArrayList<>();
    for (int i = 0; i < maxRounds; i++) {
      List<ReceivedMessage> got = q.receive(10, Duration.ofHours(12));
      if (got.isEmpty() && q.visibleCount() == 0) {
        break;
      }
      got.forEach(m -> bodies.add(m.body()));
    }
    return bodies;
  }
}
