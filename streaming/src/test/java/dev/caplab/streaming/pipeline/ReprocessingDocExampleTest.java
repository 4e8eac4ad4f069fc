package dev.caplab.streaming.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.caplab.messaging.log.LogRecord;
import dev.caplab.messaging.log.PartitionedLog;
import dev.caplab.time.ManualTicker;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The embedding example of docs/kappa-replay.md runs, ends as its comments say, and is the page's first java block. */
class ReprocessingDocExampleTest {

  private static final Path SOURCE = Path.of("src/test/java/dev/caplab/streaming/pipeline/ReprocessingDocExampleTest.java");
  private static final Path DOC = Path.of("../docs/kappa-replay.md");

  @Test
  void embeddingExample() {
    ManualTicker ticker = new ManualTicker();
    // example:begin
    PartitionedLog<String, Long> log = PartitionedLog.create(ticker);
    log.createTopic("calls", 1);
    for (long i = 0; i < 1_000; i++) {
      log.append("calls", "customer-" + i % 4, 3L);   // 3 calls a request
    }
    // version 1: 2 cents a call, upserted per customer
    IdempotentSink<String, Map.Entry<String, Long>> v1 = new IdempotentSink<>(Map.Entry::getKey);
    Pipeline live = Pipeline.builder(charges(Source.fromLog(log, "calls", 0, 0, 0), 2, v1)).ticker(ticker).build();
    live.runUntilIdle(10_000);
    Reprocessing<IdempotentSink<String, Map.Entry<String, Long>>> billing = Reprocessing.serving(live, v1, ticker);

    // version 2: 1 cent a call, replaying the retained log from offset 0 into a new table
    IdempotentSink<String, Map.Entry<String, Long>> v2 = new IdempotentSink<>(Map.Entry::getKey);
    billing.replay(Pipeline.builder(charges(Replay.fromOffset(log, "calls", 0, 0, 0), 1, v2)).ticker(ticker).build(), v2);
    while (billing.replayingVersion().isPresent()) {
      ticker.advance(Duration.ofMillis(1));
      billing.runRound();                     // both versions run; readers read v1 until v2 catches up
    }
    // billing.current() == v2; v2.table().get("customer-1").getValue() == 750 (250 requests, 3 calls, 1 cent)
    // billing.versions().get(0).recordsProcessed() == 1000, billing.servingVersion().recordsProcessed() == 1000
    // example:end
    assertSame(v2, billing.current());
    assertEquals(750L, v2.table().get("customer-1").getValue());
    assertEquals(1_500L, v1.table().get("customer-1").getValue());
    assertEquals(1_000, billing.versions().get(0).recordsProcessed());
    assertEquals(1_000, billing.servingVersion().recordsProcessed());
    assertTrue(billing.servingVersion().catchUpTime().orElseThrow().toMillis() > 0);
  }

  /** Charges per customer at {@code centsPerCall}: a running total upserted by customer. */
  static Topology charges(Source<LogRecord<String, Long>> calls, long centsPerCall,
      IdempotentSink<String, Map.Entry<String, Long>> table) {
    return Pipeline.from(calls).keyBy(LogRecord::key)
        .<Long, Map.Entry<String, Long>>process((customer, rec, ts, state, out) -> {
          long total = (state.value() == null ? 0 : state.value()) + rec.value() * centsPerCall;
          state.update(total);
          out.collect(Map.entry(customer, total));
        }).to(table);
  }

  @Test
  void thePageQuotesTheExample() throws IOException {
    assertEquals(between(Files.readAllLines(SOURCE, StandardCharsets.UTF_8), "    // example:begin", "    // example:end")
        .stream().map(l -> l.startsWith("    ") ? l.substring(4) : l).toList(),
        between(Files.readAllLines(DOC, StandardCharsets.UTF_8), "```java", "```"));
  }

  private static List<String> between(List<String> lines, String begin, String end) {
    int from = lines.indexOf(begin);
    assertTrue(from >= 0, "found " + begin);
    List<String> out = new ArrayList<>();
    for (int i = from + 1; i < lines.size() && !lines.get(i).equals(end); i++) {
      out.add(lines.get(i));
    }
    return out;
  }
}
