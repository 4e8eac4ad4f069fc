package dev.caplab.messaging.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.caplab.time.ManualTicker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PartitionedLogTest {

  private final ManualTicker ticker = new ManualTicker(1_000);
  private final PartitionedLog<String, String> log = PartitionedLog.create(ticker);

  @Test
  void offsetsCountFromZeroPerPartitionAndRecordsCarryTheTickersTime() {
    log.createTopic("orders", 2);
    assertEquals(0, log.append("orders", 0, "a", "1"));
    ticker.advance(5);
    assertEquals(1, log.append("orders", 0, "b", "2"));
    assertEquals(0, log.append("orders", 1, "c", "3"));
    assertEquals(List.of(new LogRecord<>("orders", 0, 0, 1_000, "a", "1"), new LogRecord<>("orders", 0, 1, 1_005, "b", "2")),
        log.read("orders", 0, 0, 10));
    assertEquals(0, log.logStartOffset("orders", 0));
    assertEquals(2, log.logEndOffset("orders", 0));
    assertEquals(1, log.logEndOffset("orders", 1));
  }

  @Test
  void aKeyAlwaysGoesToTheSamePartitionKafkaWouldPick() {
    log.createTopic("orders", 6);
    int expected = (KeyHash.hash("customer-42") & 0x7fffffff) % 6;
    for (int i = 0; i < 5; i++) {
      RecordMetadata m = log.append("orders", "customer-42", "v" + i);
      assertEquals(expected, m.partition());
      assertEquals(i, m.offset());
      assertEquals("orders", m.topic());
      assertEquals(ticker.nanos(), m.timestamp());
    }
    assertEquals(expected, log.partitionFor("orders", "customer-42"));
  }

  @Test
  void recordsWithoutAKeyGoRoundRobinFromPartitionZero() {
    log.createTopic("orders", 3);
    List<Integer> partitions = new ArrayList<>();
    for (int i = 0; i < 7; i++) {
      partitions.add(log.append("orders", null, "v" + i).partition());
    }
    assertEquals(List.of(0, 1, 2, 0, 1, 2, 0), partitions);
  }

  @Test
  void aReadStopsAtMaxRecordsOrTheEndAndReturnsTheNextOffset() {
    log.createTopic("t", TopicConfig.custom().segmentRecords(3).build());
    for (int i = 0; i < 10; i++) {
      log.append("t", 0, "k", "v" + i);
    }
    List<Long> seen = new ArrayList<>();
    assertEquals(8, log.read("t", 0, 2, 6, (p, o, ts, k, v) -> seen.add(o)));
    assertEquals(List.of(2L, 3L, 4L, 5L, 6L, 7L), seen);
    assertEquals(10, log.read("t", 0, 8, 100, (p, o, ts, k, v) -> assertEquals("v" + o, v)));
    assertEquals(10, log.read("t", 0, 10, 5, (p, o, ts, k, v) -> { throw new AssertionError("no record at the end"); }));
    assertTrue(log.read("t", 0, 10, 5).isEmpty());
    assertEquals(1, log.read("t", 0, 9, 5).size());
  }

  @Test
  void anyRetainedOffsetCanBeReplayedAgain() {
    log.createTopic("t", 1);
    for (int i = 0; i < 5; i++) {
      log.append("t", 0, null, "v" + i);
    }
    assertEquals(log.read("t", 0, 1, 10), log.read("t", 0, 1, 10));
    assertEquals("v3", log.read("t", 0, 3, 1).get(0).value());
  }

  @Test
  void retentionByTimeDeletesASegmentOnlyWhenItsNewestRecordIsOlderThanTheRetention() {
    log.createTopic("t", TopicConfig.custom().segmentRecords(2).retentionTime(Duration.ofNanos(100)).build());
    log.append("t", 0, null, "a");
    ticker.advance(10);
    log.append("t", 0, null, "b"); // segment [0, 2) newest at 1010
    ticker.advance(10);
    log.append("t", 0, null, "c"); // segment [2, 3) at 1020
    ticker.advance(80); // 1100: the first segment is exactly 90 old, the oldest record 100
    log.enforceRetention();
    assertEquals(0, log.logStartOffset("t", 0));
    ticker.advance(10); // 1110: newest record of the first segment exactly 100 old: kept
    log.enforceRetention();
    assertEquals(0, log.logStartOffset("t", 0));
    ticker.advance(1); // 101 old: deleted
    log.enforceRetention();
    assertEquals(2, log.logStartOffset("t", 0));
    assertEquals(3, log.logEndOffset("t", 0));
  }

  @Test
  void retentionByTimeDeletesTheLastSegmentTooAndTheNextAppendContinuesTheOffsets() {
    log.createTopic("t", TopicConfig.custom().segmentRecords(10).retentionTime(Duration.ofNanos(100)).build());
    log.append("t", 0, null, "a");
    log.append("t", 0, null, "b");
    ticker.advance(101);
    assertTrue(log.read("t", 0, 2, 10).isEmpty()); // a read enforces retention too
    assertEquals(2, log.logStartOffset("t", 0));
    assertEquals(2, log.logEndOffset("t", 0));
    assertEquals(0, log.sizeInBytes("t", 0));
    assertEquals(2, log.append("t", 0, null, "c"));
    assertEquals("c", log.read("t", 0, 2, 10).get(0).value());
    assertEquals(2, log.logStartOffset("t", 0));
  }

  @Test
  void retentionBySizeDeletesHeadSegmentsWhileWhatRemainsIsStillAtLeastTheLimit() {
    // each record "xxxxx" with a null key counts 5 bytes; segments of 2 records: 10 bytes each
    log.createTopic("t", TopicConfig.custom().segmentRecords(2).retentionBytes(20).build());
    for (int i = 0; i < 4; i++) {
      log.append("t", 0, null, "xxxxx");
    }
    assertEquals(20, log.sizeInBytes("t", 0)); // at the limit: nothing to delete
    assertEquals(0, log.logStartOffset("t", 0));
    log.append("t", 0, null, "xxxxx"); // 25 bytes: deleting 10 would leave 15 < 20, so kept
    assertEquals(0, log.logStartOffset("t", 0));
    log.append("t", 0, null, "xxxxx"); // 30 bytes: deleting the first segment leaves 20
    assertEquals(2, log.logStartOffset("t", 0));
    assertEquals(20, log.sizeInBytes("t", 0));
    assertEquals(6, log.logEndOffset("t", 0));
  }

  @Test
  void retentionBySizeNeverDeletesTheLastSegment() {
    log.createTopic("t", TopicConfig.custom().segmentRecords(4).retentionBytes(1).build());
    log.append("t", 0, null, "xxxxx");
    log.append("t", 0, null, "xxxxx");
    assertEquals(0, log.logStartOffset("t", 0));
    assertEquals(10, log.sizeInBytes("t", 0));
  }

  @Test
  void readingBelowTheLogStartOrAboveTheEndIsOffsetOutOfRange() {
    log.createTopic("t", TopicConfig.custom().segmentRecords(1).retentionBytes(1).build());
    for (int i = 0; i < 3; i++) {
      log.append("t", 0, null, "x");
    }
    assertEquals(2, log.logStartOffset("t", 0));
    OffsetOutOfRangeException below = assertThrows(OffsetOutOfRangeException.class, () -> log.read("t", 0, 1, 1));
    assertEquals("offset must be between 2 and 3 (the log start and end offsets of t-0), got 1", below.getMessage());
    assertEquals(1, below.offset());
    assertEquals(2, below.logStartOffset());
    assertEquals(3, below.logEndOffset());
    assertEquals("t", below.topic());
    assertEquals(0, below.partition());
    OffsetOutOfRangeException above = assertThrows(OffsetOutOfRangeException.class, () -> log.read("t", 0, 4, 1));
    assertEquals(4, above.offset());
    assertEquals(1, log.read("t", 0, 2, 1).size());
  }

  @Test
  void badArgumentsNameTheParameterTheValueAndWhatIsAllowed() {
    log.createTopic("orders", 3);
    log.createTopic("audit", 1);
    assertEquals("topic must be one of [audit, orders], got 'payments'",
        assertThrows(IllegalArgumentException.class, () -> log.append("payments", null, "v")).getMessage());
    assertEquals("partition must be between 0 and 2 (topic orders has 3), got 3",
        assertThrows(IllegalArgumentException.class, () -> log.append("orders", 3, null, "v")).getMessage());
    assertEquals("partition must be between 0 and 2 (topic orders has 3), got -1",
        assertThrows(IllegalArgumentException.class, () -> log.read("orders", -1, 0, 1)).getMessage());
    assertEquals("offset must be >= 0, got -1",
        assertThrows(IllegalArgumentException.class, () -> log.read("orders", 0, -1, 1)).getMessage());
    assertEquals("maxRecords must be >= 1, got 0",
        assertThrows(IllegalArgumentException.class, () -> log.read("orders", 0, 0, 0)).getMessage());
    assertEquals("topic must match [a-zA-Z0-9._-]{1,249}, got 'a b'",
        assertThrows(IllegalArgumentException.class, () -> log.createTopic("a b", 1)).getMessage());
    assertThrows(IllegalArgumentException.class, () -> log.createTopic("", 1));
    assertThrows(IllegalArgumentException.class, () -> log.createTopic("x".repeat(250), 1));
    log.createTopic("x".repeat(249), 1);
    assertEquals("topic must be a new name, got 'orders', which exists",
        assertThrows(IllegalArgumentException.class, () -> log.createTopic("orders", 2)).getMessage());
    assertEquals("partitions must be between 1 and 10000, got 0",
        assertThrows(IllegalArgumentException.class, () -> log.createTopic("new", 0)).getMessage());
    assertThrows(NullPointerException.class, () -> log.partitionFor("orders", null));
    assertThrows(IllegalArgumentException.class, () -> log.logEndOffset("nope", 0));
    assertThrows(IllegalArgumentException.class, () -> log.logStartOffset("orders", 3));
    assertThrows(IllegalArgumentException.class, () -> log.sizeInBytes("orders", 3));
  }

  @Test
  void topicsAndTheirConfigurationsAreListed() {
    TopicConfig config = TopicConfig.custom().partitions(4).segmentRecords(8).build();
    log.createTopic("b", config);
    log.createTopic("a", 1);
    assertEquals(List.of("a", "b"), List.copyOf(log.topics()));
    assertEquals(config, log.config("b"));
    assertEquals(4, log.partitions("b"));
    assertEquals(1, log.partitions("a"));
    assertEquals(Set.of(), log.groups());
    assertTrue(log.ticker() == ticker);
  }

  @Test
  void aHandlerMayAppendToThePartitionItReadsWhileRetentionDeletesWhatItReads() {
    log.createTopic("t", TopicConfig.custom().segmentRecords(2).retentionBytes(2).build());
    log.append("t", 0, null, "a");
    log.append("t", 0, null, "b");
    List<Object> seen = new ArrayList<>();
    long next = log.read("t", 0, 0, 10, (p, o, ts, k, v) -> {
      seen.add(o + "=" + v);
      for (int i = 0; i < 4; i++) {
        log.append("t", 0, null, "n" + log.logEndOffset("t", 0));
      }
    });
    // the segment being read was deleted under the handler: it still saw what it was given
    assertEquals(List.of("0=a", "1=b"), seen);
    assertEquals(2, next);
    assertTrue(log.logStartOffset("t", 0) > 2);
    long start = log.logStartOffset("t", 0);
    for (LogRecord<String, String> r : log.read("t", 0, start, 100)) {
      assertEquals("n" + r.offset(), r.value());
    }
  }

  @Test
  void segmentsReusedAfterRetentionHoldOnlyTheirNewRecords() {
    log.createTopic("t", TopicConfig.custom().segmentRecords(3).retentionBytes(12).build());
    for (int i = 0; i < 100; i++) {
      log.append("t", 0, i % 2 == 0 ? null : "k" + i, "v" + i);
      long start = log.logStartOffset("t", 0);
      List<LogRecord<String, String>> all = log.read("t", 0, start, 100);
      assertEquals(log.logEndOffset("t", 0) - start, all.size());
      for (LogRecord<String, String> r : all) {
        assertEquals("v" + r.offset(), r.value());
        assertEquals(r.offset() % 2 == 0 ? null : "k" + r.offset(), r.key());
      }
    }
    // [96, 99) holds 12 bytes and [99, 100) 6: deleting [96, 99) would leave less than 12
    assertEquals(96, log.logStartOffset("t", 0));
  }

  @Test
  void theDefaultSizerCountsBytesAndCharactersAndOneForOtherObjects() {
    assertEquals(0, RecordSizer.DEFAULT.sizeOf(null, null));
    assertEquals(3, RecordSizer.DEFAULT.sizeOf(new byte[3], null));
    assertEquals(7, RecordSizer.DEFAULT.sizeOf("key", "valu"));
    assertEquals(2, RecordSizer.DEFAULT.sizeOf(42, List.of()));
    PartitionedLog<String, byte[]> bytes = PartitionedLog.create(ticker, (k, v) -> 100);
    bytes.createTopic("t", 1);
    bytes.append("t", 0, "k", new byte[1]);
    assertEquals(100, bytes.sizeInBytes("t", 0));
  }
}
