package dev.caplab.messaging.log;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.caplab.messaging.docs.DocExample;
import dev.caplab.time.ManualTicker;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * docs/log.md's embedding example is this class's {@link #example} word for word, and the output
 * it quotes is what the example prints.
 */
class LogDocsTest {

  private static final Path DOC = Path.of("../docs/log.md");
  private static final Path SOURCE = Path.of("src/test/java/dev/caplab/messaging/log/LogDocsTest.java");

  @SuppressWarnings("unused")
  private static void example(PrintWriter out) {
    // example:begin
    ManualTicker ticker = new ManualTicker(); // or Ticker.system(), or simulation.ticker()
    PartitionedLog<String, String> log = PartitionedLog.create(ticker);
    log.createTopic("orders", TopicConfig.custom().partitions(3).retentionTime(Duration.ofDays(1)).build());

    IdempotentProducer<String, String> producer = IdempotentProducer.of(log);
    ProduceRequest<String, String> book = producer.prepare("orders", "alice", "book");
    out.println(producer.send(book));
    out.println(producer.send(book)); // a retry after a lost acknowledgement appends nothing
    producer.send("orders", "dave", "pen");
    producer.send("orders", "alice", "lamp");

    ConsumerGroup billing = log.group("billing", "orders");
    GroupConsumer<String, String> biller = GroupConsumer.join(log, billing, "biller", AutoOffsetReset.EARLIEST);
    for (int poll = 0; poll < 3; poll++) {
      biller.pollAtLeastOnce(10, (partition, offset, timestamp, key, value) ->
          out.println(key + " bought a " + value + " (partition " + partition + ", offset " + offset + ")"));
    }
    out.println("lag " + billing.totalLag() + ", next offset of partition 0: " + billing.committed(0).getAsLong());
    // example:end
  }

  @Test
  void theDocQuotesTheExampleAndItsOutput() throws IOException {
    assertEquals(DocExample.code(SOURCE), DocExample.block(DOC, "```java"),
        "docs/log.md's example is not LogDocsTest.example");
    StringWriter printed = new StringWriter();
    example(new PrintWriter(printed, true));
    assertEquals(printed.toString().lines().toList(), DocExample.block(DOC, "```text"), "docs/log.md's output");
  }
}
