package dev.caplab.benchmarks;

import dev.caplab.messaging.queue.MessageQueue;
import dev.caplab.messaging.queue.QueueConfig;
import dev.caplab.messaging.queue.QueueService;
import dev.caplab.messaging.queue.ReceivedMessage;
import dev.caplab.messaging.queue.RedrivePolicy;
import dev.caplab.time.Ticker;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Messages per second through one SQS-style {@link MessageQueue} on one thread: each operation
 * sends a message, receives the oldest one (with a visibility timeout, so it goes through the
 * in-flight deadline heap and gets a receipt handle) and deletes it by that handle. The queue has a
 * redrive policy, as a production queue would, and holds a standing backlog of {@code backlog}
 * messages, so the in-flight heap and the message map are not trivially empty.
 *
 * <p>{@code queue} reads a fixed ticker (as inside a simulation, where reading virtual time is a
 * field read); {@code queueSystemTicker} reads {@code System.nanoTime()} at each of the three
 * calls, as embedded code would. {@code arrayDeque} is the physical reference in the same run: a
 * plain {@code ArrayDeque} producer/consumer loop (offer one body, poll one), which has no
 * visibility timeout, receipt, receive count or dead-letter queue; the ratio of the two scores is
 * what those semantics cost. Each benchmark returns what it took, so nothing is dropped.
 *
 * <p>Score: operations (send + receive + delete) per second, higher is better. Allocation per
 * message: {@code -prof gc}, {@code gc.alloc.rate.norm}.
 *
 * <p>The warm-up is long (5 x 3 s) because on a loaded machine the JIT takes seconds to compile
 * the queue's path; shorter warm-ups measure the interpreter.
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar QueueSendReceiveDelete -prof gc}.
 */
@BenchmarkMode(Mode.Throughput)
@Warmup(iterations = 5, time = 3)
@Measurement(iterations = 5, time = 2)
@Fork(2)
@OutputTimeUnit(TimeUnit.SECONDS)
@State(Scope.Thread)
public class QueueSendReceiveDelete {

  /** The body every message carries: preallocated, so the score is the queue's own work. */
  static final String BODY = "{\"order\":42}";
  /** A fixed virtual time, as a simulation's ticker between two events. */
  static final Ticker FIXED = () -> 1_000_000_000L;

  @Param({"1000"})
  int backlog;

  MessageQueue queue;
  MessageQueue queueSystemTicker;
  ArrayDeque<String> deque;

  @Setup
  public void setUp() {
    queue = newQueue(FIXED);
    queueSystemTicker = newQueue(Ticker.system());
    deque = new ArrayDeque<>();
    for (int i = 0; i < backlog; i++) {
      deque.offer(BODY);
    }
  }

  private MessageQueue newQueue(Ticker ticker) {
    QueueService service = QueueService.create(ticker);
    service.createQueue("orders-dlq");
    MessageQueue q = service.createQueue("orders", QueueConfig.custom()
        .visibilityTimeout(Duration.ofSeconds(30))
        .redrivePolicy(RedrivePolicy.of("orders-dlq", 5))
        .build());
    for (int i = 0; i < backlog; i++) {
      q.send(BODY);
    }
    return q;
  }

  @Benchmark
  public boolean queue() {
    return sendReceiveDelete(queue);
  }

  @Benchmark
  public boolean queueSystemTicker() {
    return sendReceiveDelete(queueSystemTicker);
  }

  @Benchmark
  public String arrayDeque() {
    deque.offer(BODY);
    return deque.poll();
  }

  private static boolean sendReceiveDelete(MessageQueue q) {
    q.send(BODY);
    List<ReceivedMessage> got = q.receive(1);
    return q.delete(got.get(0).receipt());
  }
}
