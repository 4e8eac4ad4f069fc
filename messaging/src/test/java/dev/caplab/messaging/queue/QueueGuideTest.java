package dev.caplab.messaging.queue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.caplab.messaging.resilience.Backoff;
import dev.caplab.messaging.resilience.RetryConfig;
import dev.caplab.time.ManualTicker;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The embedding example of docs/queue.md, run: the output the guide quotes (the block after "It
 * prints:") is what this code prints, line for line, and the error messages it quotes are the ones
 * thrown, so the guide cannot drift from the code.
 */
class QueueGuideTest {

  static final Path GUIDE = Path.of("../docs/queue.md");

  boolean fixed;
  final List<String> out = new ArrayList<>();

  void process(String body) {
    if (!fixed && !body.endsWith("}")) {
      throw new IllegalArgumentException("malformed order " + body);
    }
  }

  void println(Object line) {
    out.add(String.valueOf(line));
  }

  @Test
  void theGuideQuotesWhatTheExamplePrints() throws IOException {
    // ---- the example, as in the guide ----
    ManualTicker ticker = new ManualTicker(); // Ticker.system() in production
    QueueService sqs = QueueService.create(ticker);
    sqs.createQueue("orders-dlq");
    MessageQueue orders = sqs.createQueue("orders", QueueConfig.custom()
        .visibilityTimeout(Duration.ofSeconds(30))
        .redrivePolicy(RedrivePolicy.of("orders-dlq", 3))
        .build());
    orders.send("{\"order\":1}");
    orders.send("{\"order\":2"); // malformed: a poison pill
    orders.send("{\"order\":3}");

    RetryConfig retry = RetryConfig.custom()
        .maxAttempts(3)
        .retryOnException(e -> !(e instanceof IllegalArgumentException))
        .backoff(Backoff.exponential(Duration.ofSeconds(1), 2.0))
        .build();
    IdempotentConsumer handler = IdempotentConsumer.of(m -> process(m.body()),
        IdempotencyConfig.ofDefaults(), ticker);
    QueueConsumer consumer = QueueConsumer.of(orders, handler, retry, new SplittableRandom(42));

    println(consumer.poll(10));
    MessageQueue dlq = sqs.queue("orders-dlq");
    DeadLetter why = dlq.receive(1, Duration.ZERO).get(0).deadLetter();
    println(why.reason() + " (from " + why.originalQueue() + ", received " + why.receiveCount() + "x)");

    fixed = true; // the consumer is fixed and deployed: redrive the pill, 10 messages a second
    MessageMoveTask redrive = sqs.startMessageMoveTask("orders-dlq", 10);
    redrive.run();
    println(redrive);
    println(consumer.poll(10));
    println(handler.stats());
    // ---- end of the example ----

    List<String> quoted = quotedOutput();
    assertEquals(quoted, out);
    String guide = Files.readString(GUIDE);
    assertTrue(guide.contains("sqs.startMessageMoveTask(\"orders-dlq\", 10);"), "the guide shows the redrive call");
  }

  @Test
  void theErrorMessagesTheGuideQuotesAreTheOnesThrown() throws IOException {
    String guide = Files.readString(GUIDE).replaceAll("\\s+", " "); // quotes may wrap
    QueueService sqs = QueueService.create(new ManualTicker());
    sqs.createQueue("orders-dlq");
    sqs.createQueue("orders-dlq.fifo", QueueConfig.custom().type(QueueType.FIFO).build());
    List<String> messages = List.of(
        assertThrows(IllegalArgumentException.class,
            () -> QueueConfig.custom().visibilityTimeout(Duration.ofHours(12).plusNanos(1))).getMessage(),
        assertThrows(IllegalArgumentException.class, () -> RedrivePolicy.of("orders-dlq", 0)).getMessage(),
        assertThrows(IllegalArgumentException.class, () -> sqs.createQueue("orders",
            QueueConfig.custom().redrivePolicy(RedrivePolicy.of("orders-dlq.fifo", 3)).build())).getMessage());
    QueueService two = QueueService.create(new ManualTicker());
    two.createQueue("orders-dlq");
    two.createQueue("orders");
    List<String> all = new ArrayList<>(messages);
    all.add(assertThrows(IllegalArgumentException.class, () -> two.queue("order")).getMessage());
    for (String message : all) {
      assertTrue(guide.contains("`" + message + "`"), "the guide does not quote: " + message);
    }
  }

  /** The lines of the first fenced block after the line that ends with "It prints:". */
  static List<String> quotedOutput() throws IOException {
    List<String> lines = Files.readAllLines(GUIDE);
    int i = 0;
    while (i < lines.size() && !lines.get(i).endsWith("It prints:")) {
      i++;
    }
    assertTrue(i < lines.size(), "docs/queue.md has no line ending with 'It prints:'");
    while (!lines.get(i).startsWith("```")) {
      i++;
    }
    List<String> block = new ArrayList<>();
    for (i++; !lines.get(i).startsWith("```"); i++) {
      block.add(lines.get(i));
    }
    return block;
  }
}
