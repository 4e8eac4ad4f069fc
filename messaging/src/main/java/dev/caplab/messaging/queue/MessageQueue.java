package dev.caplab.messaging.queue;

import dev.caplab.config.Require;
import dev.caplab.time.Durations;
import dev.caplab.time.Ticker;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.ToDoubleFunction;

/**
 * One SQS-style queue: {@link #send}, {@link #receive} with a visibility timeout, {@link #delete}
 * with the receipt handle of the newest receive, {@link #changeVisibility} counted from the call,
 * an exact receive count per message, a retention period, and an optional {@link RedrivePolicy}
 * that moves a message to its dead-letter queue instead of handing it out a {@code
 * maxReceiveCount + 1}-th time. Queues are made by a {@link QueueService}, which resolves
 * dead-letter queues by name and runs redrives back from them.
 *
 * <p>Time comes only from the service's ticker, and the queue keeps no timers: a message whose
 * visibility timeout or delay ends becomes visible at the first operation at or after its deadline
 * (so, observably, exactly at it). Expired messages are dropped when a receive reaches them.
 *
 * <p>Costs: send, receive, delete and change of visibility are O(log n) in the messages in flight
 * (a deadline heap), and O(1) otherwise.
 *
 * <p>Thread-safe: every operation holds its service's lock, one lock for all the service's queues,
 * so that a move to a dead-letter queue or a redrive is atomic.
 */
public final class MessageQueue {

  /** The most messages one receive returns (SQS's bound). */
  public static final int MAX_MESSAGES_PER_RECEIVE = 10;
  /** The fewest messages one receive asks for. */
  public static final int MIN_MESSAGES_PER_RECEIVE = 1;
  /** Meter names start with this. */
  public static final String METER_PREFIX = "caplab.queue.";

  private final QueueService service;
  private final String name;
  private final QueueConfig config;
  private final ArrayDeque<Entry> visible = new ArrayDeque<>();
  private final DeadlineHeap inFlight = new DeadlineHeap();
  private final DeadlineHeap delayed = new DeadlineHeap();
  private final EntryTable bySequence = new EntryTable();
  private long nextSequence = 1;
  private int visibleCount;
  private long sent;
  private long deadLetteredIn;
  private long redrivenIn;
  private long receives;
  private long deleted;
  private long deadLetteredOut;
  private long expired;
  private long redrivenOut;

  MessageQueue(QueueService service, String name, QueueConfig config) {
    this.service = service;
    this.name = name;
    this.config = config;
  }

  public String name() {
    return name;
  }

  public QueueConfig config() {
    return config;
  }

  public QueueType type() {
    return config.type();
  }

  /** The dead-letter queue named by the redrive policy, if there is one. */
  public Optional<MessageQueue> deadLetterQueue() {
    return config.redrivePolicy().map(p -> service.queue(p.deadLetterQueue()));
  }

  /** Sends {@code body} with the queue's delivery delay; returns the message id. */
  public String send(String body) {
    synchronized (service) {
      return enqueue(body, config.delayNanos());
    }
  }

  /** Sends {@code body}, visible after {@code delay} (0 s to 15 min); returns the message id. */
  public String send(String body, Duration delay) {
    long delayNanos = QueueConfig.checkDelay(delay);
    synchronized (service) {
      return enqueue(body, delayNanos);
    }
  }

  /** Receives up to {@code maxMessages} (1 to 10) with the queue's visibility timeout. */
  public List<ReceivedMessage> receive(int maxMessages) {
    checkMaxMessages(maxMessages);
    synchronized (service) {
      return receiveLocked(maxMessages, config.visibilityTimeoutNanos());
    }
  }

  /**
   * Receives up to {@code maxMessages} (1 to 10) visible messages, oldest first, each hidden from
   * other receives for {@code visibilityTimeout} (0 s to 12 h) from now. A message already
   * received {@code maxReceiveCount} times is moved to the dead-letter queue instead.
   */
  public List<ReceivedMessage> receive(int maxMessages, Duration visibilityTimeout) {
    checkMaxMessages(maxMessages);
    long timeout = QueueConfig.checkVisibilityTimeout("visibilityTimeout", visibilityTimeout);
    synchronized (service) {
      return receiveLocked(maxMessages, timeout);
    }
  }

  /**
   * Deletes the message of {@code receipt} if the receipt belongs to its newest receive, even
   * after its visibility timeout ended, as long as nobody received it again. As in SQS, a stale
   * receipt is not an error: the message is simply not deleted.
   *
   * @return whether the message was deleted
   * @throws IllegalArgumentException if the receipt is from another queue
   */
  public boolean delete(ReceiptHandle receipt) {
    checkReceipt(receipt);
    synchronized (service) {
      tick();
      Entry e = current(receipt);
      if (e == null) {
        return false;
      }
      remove(e);
      deleted++;
      return true;
    }
  }

  /**
   * Hides the message of {@code receipt} for {@code visibilityTimeout} (0 s to 12 h) counted from
   * now, not from the receive; 0 makes it visible at once. A receive may be kept hidden for at
   * most 12 h in all, counted from the receive.
   *
   * @return whether the visibility changed: false if the receipt is stale or the message is no
   *     longer in flight (its timeout ended), as SQS's {@code MessageNotInflight}
   * @throws IllegalArgumentException for a timeout out of bounds or past the 12 h from the
   *     receive, or a receipt from another queue
   */
  public boolean changeVisibility(ReceiptHandle receipt, Duration visibilityTimeout) {
    checkReceipt(receipt);
    long timeout = QueueConfig.checkVisibilityTimeout("visibilityTimeout", visibilityTimeout);
    synchronized (service) {
      long now = tick();
      Entry e = inFlight(receipt);
      if (e == null) {
        return false;
      }
      setVisibility(e, now, timeout);
      return true;
    }
  }

  /**
   * Gives up this receive of the message, recording {@code error} as the reason a dead-letter
   * queue will carry, and makes it visible again at once.
   *
   * @return whether the message was in flight under this receipt
   */
  public boolean release(ReceiptHandle receipt, String error) {
    return release(receipt, error, Duration.ZERO);
  }

  /**
   * Gives up this receive of the message, recording {@code error}, and makes it visible again
   * after {@code retryAfter} (a change of visibility: 0 s to 12 h, within 12 h of the receive).
   *
   * @return whether the message was in flight under this receipt
   */
  public boolean release(ReceiptHandle receipt, String error, Duration retryAfter) {
    checkReceipt(receipt);
    Require.notNull(error, "error");
    long timeout = QueueConfig.checkVisibilityTimeout("retryAfter", retryAfter);
    synchronized (service) {
      long now = tick();
      Entry e = inFlight(receipt);
      if (e == null) {
        return false;
      }
      setVisibility(e, now, timeout); // checks the 12 h bound before anything changes
      e.lastError = error;
      return true;
    }
  }

  /**
   * Moves the message of {@code receipt} to the dead-letter queue now, with {@code reason}, without
   * waiting for {@code maxReceiveCount} receives: for a message no retry can fix (a poison pill).
   * SQS has no such call (a consumer sends the message to the dead-letter queue itself and deletes
   * it); here the move keeps the message's id and history.
   *
   * @return whether the message was in flight under this receipt
   * @throws IllegalStateException if the queue has no redrive policy
   */
  public boolean deadLetter(ReceiptHandle receipt, String reason) {
    checkReceipt(receipt);
    Require.notNull(reason, "reason");
    Require.requireState(config.redrivePolicy().isPresent(),
        "queue %s has no redrive policy: there is no dead-letter queue to move the message to", name);
    synchronized (service) {
      long now = tick();
      Entry e = inFlight(receipt);
      if (e == null) {
        return false;
      }
      e.lastError = reason;
      remove(e);
      moveToDeadLetterQueue(e, now);
      return true;
    }
  }

  /** Messages a receive may take now (SQS's {@code ApproximateNumberOfMessages}). */
  public int visibleCount() {
    synchronized (service) {
      tick();
      return visibleCount;
    }
  }

  /** Received messages still hidden ({@code ApproximateNumberOfMessagesNotVisible}). */
  public int inFlightCount() {
    synchronized (service) {
      tick();
      return inFlight.size();
    }
  }

  /** Sent messages still delayed ({@code ApproximateNumberOfMessagesDelayed}). */
  public int delayedCount() {
    synchronized (service) {
      tick();
      return delayed.size();
    }
  }

  /** Messages held: visible, in flight or delayed. */
  public int size() {
    synchronized (service) {
      tick();
      return visibleCount + inFlight.size() + delayed.size();
    }
  }

  /** The counters and depths now. */
  public QueueStats stats() {
    synchronized (service) {
      tick();
      return new QueueStats(sent, deadLetteredIn, redrivenIn, receives, deleted, deadLetteredOut,
          expired, redrivenOut, visibleCount, inFlight.size(), delayed.size());
    }
  }

  /**
   * Binds, tagged {@code queue=<name>}: the gauge {@code caplab.queue.messages} with {@code
   * state=visible|in_flight|delayed}; {@code caplab.queue.dead.letter.messages}, the size of the
   * dead-letter queue, if there is a redrive policy; and the function counters {@code
   * caplab.queue.sent}, {@code .receives}, {@code .deleted}, {@code .dead.lettered} and {@code
   * .expired}. In a simulation, bind to a registry on the simulated clock.
   */
  public void bindTo(MeterRegistry registry) {
    Require.notNull(registry, "registry");
    gauge(registry, "visible", q -> q.visibleCount());
    gauge(registry, "in_flight", q -> q.inFlightCount());
    gauge(registry, "delayed", q -> q.delayedCount());
    deadLetterQueue().ifPresent(dlq ->
        Gauge.builder(METER_PREFIX + "dead.letter.messages", dlq, MessageQueue::size)
            .description("Messages in the dead-letter queue")
            .tag("queue", name)
            .tag("dead_letter_queue", dlq.name())
            .strongReference(true)
            .register(registry));
    counter(registry, "sent", s -> s.sent());
    counter(registry, "receives", s -> s.receives());
    counter(registry, "deleted", s -> s.deleted());
    counter(registry, "dead.lettered", s -> s.deadLetteredOut());
    counter(registry, "expired", s -> s.expired());
  }

  @Override
  public String toString() {
    return "MessageQueue[" + name + ", " + config + "]";
  }

  // ---- under the service's lock ----

  Ticker ticker() {
    return service.ticker();
  }

  /** Reads the ticker and brings the queue up to that time. */
  long tick() {
    long now = service.ticker().nanos();
    advance(now);
    return now;
  }

  /** Makes due delayed and in-flight messages visible and drops expired ones at the head. */
  private void advance(long now) {
    makeVisible(delayed, now);
    makeVisible(inFlight, now);
    Entry head;
    while ((head = visible.peekFirst()) != null && (head.state == Entry.State.GONE || isExpired(head, now))) {
      visible.pollFirst();
      if (head.state != Entry.State.GONE) {
        head.state = Entry.State.GONE;
        visibleCount--;
        bySequence.remove(head.sequence);
        expired++;
      }
    }
  }

  /** The oldest visible, unexpired message, taken out of the queue for a redrive; null if none. */
  Entry takeForRedrive(long now) {
    Entry e = pollVisible(now);
    if (e != null) {
      bySequence.remove(e.sequence);
      redrivenOut++;
    }
    return e;
  }

  /** Puts a message a redrive could not move back at the tail. */
  void putBack(Entry e) {
    e.state = Entry.State.VISIBLE;
    visible.addLast(e);
    visibleCount++;
    bySequence.put(e);
    redrivenOut--;
  }

  /** Accepts a redriven message as a new message (new id, new enqueue time, no receives). */
  String acceptRedriven(String body, long now) {
    Entry e = newEntry(body, now, now, null);
    redrivenIn++;
    makeVisibleNow(e);
    return e.messageId;
  }

  private String enqueue(String body, long delayNanos) {
    Require.notNull(body, "body");
    long now = tick();
    Entry e = newEntry(body, now, now, null);
    sent++;
    if (delayNanos > 0) {
      e.state = Entry.State.DELAYED;
      e.deadlineNanos = now + delayNanos;
      delayed.add(e);
    } else {
      makeVisibleNow(e);
    }
    return e.messageId;
  }

  private Entry newEntry(String body, long now, long retentionStart, DeadLetter deadLetter) {
    long sequence = nextSequence++;
    Entry e = new Entry(sequence, name + "-" + sequence, body, now, retentionStart, deadLetter);
    bySequence.put(e);
    return e;
  }

  private List<ReceivedMessage> receiveLocked(int maxMessages, long timeout) {
    long now = tick();
    List<ReceivedMessage> out = new ArrayList<>(Math.min(maxMessages, visibleCount));
    RedrivePolicy policy = config.redrivePolicy().orElse(null);
    while (out.size() < maxMessages) {
      Entry e = pollVisible(now);
      if (e == null) {
        break;
      }
      if (policy != null && e.receiveCount >= policy.maxReceiveCount()) {
        moveToDeadLetterQueue(e, now);
        continue;
      }
      e.receiveCount++;
      if (e.firstReceivedNanos < 0) {
        e.firstReceivedNanos = now;
      }
      e.lastReceivedNanos = now;
      e.state = Entry.State.IN_FLIGHT;
      e.deadlineNanos = now + timeout;
      inFlight.add(e);
      receives++;
      out.add(new ReceivedMessage(e.messageId, e.body, new ReceiptHandle(name, e.sequence, e.receiveCount),
          e.receiveCount, e.enqueuedNanos, e.firstReceivedNanos, e.deadLetter));
    }
    return out;
  }

  /** Takes the oldest visible unexpired message out of the visible deque (still in bySequence). */
  private Entry pollVisible(long now) {
    Entry e;
    while ((e = visible.pollFirst()) != null) {
      if (e.state == Entry.State.GONE) {
        continue;
      }
      visibleCount--;
      if (isExpired(e, now)) {
        e.state = Entry.State.GONE;
        bySequence.remove(e.sequence);
        expired++;
        continue;
      }
      return e;
    }
    return null;
  }

  private void moveToDeadLetterQueue(Entry e, long now) {
    RedrivePolicy policy = config.redrivePolicy().orElseThrow();
    MessageQueue dlq = service.queue(policy.deadLetterQueue());
    String reason = e.lastError != null
        ? e.lastError
        : "received " + e.receiveCount + " times, maxReceiveCount is " + policy.maxReceiveCount();
    DeadLetter why = new DeadLetter(name, reason, e.receiveCount, e.enqueuedNanos, e.firstReceivedNanos, now);
    e.state = Entry.State.GONE;
    bySequence.remove(e.sequence);
    deadLetteredOut++;
    dlq.acceptDeadLetter(e, why, now);
  }

  private void acceptDeadLetter(Entry from, DeadLetter why, long now) {
    long retentionStart = type() == QueueType.STANDARD ? from.retentionStartNanos : now;
    long sequence = nextSequence++;
    Entry e = new Entry(sequence, from.messageId, from.body, now, retentionStart, why);
    bySequence.put(e);
    deadLetteredIn++;
    makeVisibleNow(e);
  }

  private void makeVisibleNow(Entry e) {
    e.state = Entry.State.VISIBLE;
    visible.addLast(e);
    visibleCount++;
  }

  private void makeVisible(DeadlineHeap heap, long now) {
    Entry e;
    while ((e = heap.peek()) != null && e.deadlineNanos <= now) {
      heap.poll();
      makeVisibleNow(e);
    }
  }

  private void setVisibility(Entry e, long now, long timeout) {
    long limit = e.lastReceivedNanos + QueueConfig.MAX_VISIBILITY_TIMEOUT.toNanos();
    long longest = limit - now;
    Require.requireArgument(timeout <= longest,
        "visibilityTimeout must be <= %s (12h from the receive at %s), got %s",
        Durations.exact(longest), Durations.exact(e.lastReceivedNanos), Durations.exact(timeout));
    e.deadlineNanos = now + timeout;
    inFlight.update(e);
  }

  private void remove(Entry e) {
    if (e.state == Entry.State.IN_FLIGHT) {
      inFlight.remove(e);
    } else if (e.state == Entry.State.VISIBLE) {
      visibleCount--; // the deque keeps it as GONE until it reaches the head
    }
    e.state = Entry.State.GONE;
    bySequence.remove(e.sequence);
  }

  /** The message of {@code receipt} if the receipt is its newest, or null. */
  private Entry current(ReceiptHandle receipt) {
    Entry e = bySequence.get(receipt.sequence());
    return e != null && e.receiveCount == receipt.receive() ? e : null;
  }

  /** The message of {@code receipt} if the receipt is its newest and it is in flight, or null. */
  private Entry inFlight(ReceiptHandle receipt) {
    Entry e = current(receipt);
    return e != null && e.state == Entry.State.IN_FLIGHT ? e : null;
  }

  private boolean isExpired(Entry e, long now) {
    return now - e.retentionStartNanos >= config.messageRetentionPeriodNanos();
  }

  private void checkReceipt(ReceiptHandle receipt) {
    Require.notNull(receipt, "receipt");
    Require.requireArgument(receipt.queue().equals(name),
        "receipt must be from queue %s, got %s", name, receipt);
  }

  private static void checkMaxMessages(int maxMessages) {
    Require.between("maxMessages", maxMessages, MIN_MESSAGES_PER_RECEIVE, MAX_MESSAGES_PER_RECEIVE);
  }

  private void gauge(MeterRegistry registry, String state, ToDoubleFunction<MessageQueue> f) {
    Gauge.builder(METER_PREFIX + "messages", this, f)
        .description("Messages in the queue by state")
        .tag("queue", name)
        .tag("state", state)
        .strongReference(true)
        .register(registry);
  }

  private void counter(MeterRegistry registry, String what, ToDoubleFunction<QueueStats> f) {
    FunctionCounter.builder(METER_PREFIX + what, this, q -> f.applyAsDouble(q.stats()))
        .tag("queue", name)
        .register(registry);
  }
}
