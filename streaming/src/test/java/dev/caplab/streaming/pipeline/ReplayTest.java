package dev.caplab.streaming.pipeline;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.caplab.messaging.log.LogRecord;
import dev.caplab.messaging.log.PartitionedLog;
import dev.caplab.messaging.log.TopicConfig;
import dev.caplab.time.ManualTicker;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Replays reach back exactly as far as the log's retention, and no further. */
class ReplayTest {

  private final ManualTicker ticker = new ManualTicker();
  private final PartitionedLog<String, Long> log = PartitionedLog.create(ticker);

  /** Two partitions, segments of 4 records, records kept 10 s: 12 records a second apart, then 5 s more. */
  private void trimmedLog() {
    log.createTopic("usage", TopicConfig.custom().partitions(2).segmentRecords(4)
        .retentionTime(Duration.ofSeconds(10)).build());
    for (int i = 0; i < 12; i++) {
      ticker.advance(Duration.ofSeconds(1));
      log.append("usage", 0, "c", (long) i);
      log.append("usage", 1, "d", (long) i);
    }
    ticker.advance(Duration.ofSeconds(5));
  }

  private static List<Long> readAll(Source<LogRecord<String, Long>> source) {
    CollectingSink<Long> out = new CollectingSink<>();
    Pipeline p = Pipeline.builder(Pipeline.from(source).map(LogRecord::value).to(out)).ticker(new ManualTicker()).build();
    p.runUntilIdle(1_000);
    return out.records();
  }

  @Test
  void theEarliestRetainedOffsetIsWhereRetentionLeftTheLog() {
    trimmedLog();
    // segments [0,4) [4,8) [8,12), record i appended at i + 1 s; at 17 s a segment goes when its newest
    // record is older than 10 s (Kafka's rule): [0,4) (newest at 4 s) goes, [4,8) (newest at 8 s) stays
    assertArrayEquals(new long[] {4, 4}, Replay.earliestRetained(log, "usage", 0, 1));
    assertEquals(List.of(4L, 5L, 6L, 7L, 8L, 9L, 10L, 11L, 4L, 5L, 6L, 7L, 8L, 9L, 10L, 11L),
        readAll(Replay.fromEarliest(log, "usage", 0, 1)), "partition 0's retained records, then partition 1's");
  }

  @Test
  void aReplayFromATrimmedOffsetIsRefusedNamingTheOffsetAndTheEarliestRetained() {
    trimmedLog();
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Replay.fromOffset(log, "usage", 0, 1, 0));
    assertTrue(e.getMessage().contains("offset 0 of usage-0 was deleted by retention"), e.getMessage());
    assertTrue(e.getMessage().contains("earliest retained offset, 4 (the log keeps usage-0 from offset 4 to 12)"), e.getMessage());
    IllegalArgumentException oneBelow = assertThrows(IllegalArgumentException.class,
        () -> Replay.fromOffset(log, "usage", 1, 1, 3));
    assertTrue(oneBelow.getMessage().contains("offset 3 of usage-1"), oneBelow.getMessage());
    assertEquals(List.of(4L, 5L, 6L, 7L, 8L, 9L, 10L, 11L, 4L, 5L, 6L, 7L, 8L, 9L, 10L, 11L),
        readAll(Replay.fromOffset(log, "usage", 0, 1, 4)));
    assertEquals(List.of(11L), readAll(Replay.fromOffset(log, "usage", 1, 1, 11)));
    assertEquals(List.of(), readAll(Replay.fromOffset(log, "usage", 1, 1, 12)));
  }

  @Test
  void aReplayFromAnUntrimmedLogStartsAtOffsetZero() {
    log.createTopic("usage", 1);
    log.append("usage", 0, "c", 5L);
    log.append("usage", 0, "c", 6L);
    assertEquals(List.of(5L, 6L), readAll(Replay.fromOffset(log, "usage", 0, 0, 0)));
    assertEquals(List.of(5L, 6L), readAll(Replay.fromEarliest(log, "usage", 0, 0)));
  }

  @Test
  void badOffsetsAndPartitionsAreRefused() {
    log.createTopic("usage", 2);
    log.append("usage", 0, "c", 5L);
    IllegalArgumentException past = assertThrows(IllegalArgumentException.class, () -> Replay.fromOffset(log, "usage", 0, 0, 2));
    assertTrue(past.getMessage().contains("offset"), past.getMessage());
    assertThrows(IllegalArgumentException.class, () -> Replay.fromOffset(log, "usage", 0, 0, -1));
    assertThrows(IllegalArgumentException.class, () -> Replay.fromOffset(log, "usage", 0, 2, 0));
    assertThrows(IllegalArgumentException.class, () -> Replay.fromOffset(log, "usage", 1, 0, 0));
    assertThrows(IllegalArgumentException.class, () -> Replay.earliestRetained(log, "other", 0, 0));
  }

  @Test
  void aReplayFromATimeStartsAtTheFirstRecordAppendedThenAndRefusesTimesRetentionMayHaveCut() {
    trimmedLog();
    // retained: offsets 4..11 appended at 5..12 s
    assertEquals(List.of(10L, 11L), readAll(Replay.fromTime(log, "usage", 0, 0, 10_500)));
    assertEquals(List.of(9L, 10L, 11L), readAll(Replay.fromTime(log, "usage", 0, 0, 9_001)));
    assertEquals(List.of(), readAll(Replay.fromTime(log, "usage", 0, 0, 12_001)));
    assertEquals(List.of(5L, 6L, 7L, 8L, 9L, 10L, 11L), readAll(Replay.fromTime(log, "usage", 0, 0, 5_001)));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Replay.fromTime(log, "usage", 0, 0, 5_000));
    assertTrue(e.getMessage().contains("timestampMillis 5000 of usage-0 reaches before the earliest retained record"
        + " (offset 4, appended at 5000 ms)"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> Replay.fromTime(log, "usage", 0, 0, 0));
  }

  @Test
  void aTimeReplayOfAnUntrimmedLogMayStartBeforeItsFirstRecord() {
    log.createTopic("usage", 1);
    ticker.advance(Duration.ofSeconds(3));
    log.append("usage", 0, "c", 5L);
    assertEquals(List.of(5L), readAll(Replay.fromTime(log, "usage", 0, 0, 0)));
    assertEquals(List.of(5L), readAll(Replay.fromTime(log, "usage", 0, 0, 3_000)));
    assertEquals(List.of(), readAll(Replay.fromTime(log, "usage", 0, 0, 3_001)));
  }

  @Test
  void aTimeReplayScansPastOneBatch() {
    log.createTopic("usage", 1);
    for (int i = 0; i < Replay.SCAN_BATCH + 3; i++) {
      ticker.advance(Duration.ofMillis(1));
      log.append("usage", 0, "c", (long) i);
    }
    assertEquals(List.of((long) Replay.SCAN_BATCH + 1, (long) Replay.SCAN_BATCH + 2),
        readAll(Replay.fromTime(log, "usage", 0, 0, Replay.SCAN_BATCH + 2)));
  }
}
