package dev.caplab.streaming.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.caplab.messaging.log.LogRecord;
import dev.caplab.messaging.log.PartitionedLog;
import dev.caplab.time.ManualTicker;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The embedding example of docs/streaming-pipeline.md runs and ends as its comments say. */
class PipelineDocExampleTest {

  @Test
  void embeddingExample() {
    ManualTicker ticker = new ManualTicker();
    // -- from here as in docs/streaming-pipeline.md
    PartitionedLog<String, Long> log = PartitionedLog.create(ticker);
    log.createTopic("clicks", 2);
    for (long i = 0; i < 1_000; i++) {
      log.append("clicks", "user-" + i % 10, i);   // key picks the partition
    }

    // running total per user, upserted by user: exactly-once after a restore
    IdempotentSink<String, Map.Entry<String, Long>> totals = new IdempotentSink<>(Map.Entry::getKey);
    Topology topology = Pipeline.from(Source.fromLog(log, "clicks", 0, 1, 0))
        .keyBy(LogRecord::key)
        .<Long, Map.Entry<String, Long>>process((user, rec, ts, state, out) -> {
          long total = (state.value() == null ? 0 : state.value()) + rec.value();
          state.update(total);
          out.collect(Map.entry(user, total));
        })
        .to(totals);

    CheckpointStore store = CheckpointStore.inMemory();
    PipelineConfig config = PipelineConfig.custom().bufferCapacity(16).build();
    Pipeline pipeline = Pipeline.builder(topology).config(config).ticker(ticker).checkpointStore(store).build();
    for (int round = 0; round < 20; round++) {
      pipeline.runRound();
    }
    pipeline.triggerCheckpoint();           // barrier 1 goes in behind what was read
    for (int round = 0; round < 10; round++) {
      pipeline.runRound();                  // the checkpoint completes on the way
    }
    // crash: drop the pipeline; rebuild it from the same topology and the store
    Pipeline restored = Pipeline.builder(topology).config(config).ticker(ticker).checkpointStore(store).restore();
    restored.runUntilIdle(10_000);
    // totals.table().get("user-3") == 49_800, as without the crash
    // -- to here
    assertEquals(49_800L, totals.table().get("user-3").getValue());
    assertEquals(1, restored.restoredFrom());
    assertEquals(10, totals.table().size());
  }
}
