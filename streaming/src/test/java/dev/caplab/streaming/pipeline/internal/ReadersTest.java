package dev.caplab.streaming.pipeline.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.caplab.messaging.log.LogRecord;
import dev.caplab.messaging.log.PartitionedLog;
import dev.caplab.time.ManualTicker;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The source readers: positions, lag, round-robin, snapshots. */
class ReadersTest {

  @Test
  void aGeneratorMakesRecordNAtNOverTheRate() {
    GeneratorReader g = new GeneratorReader(1_000, 5, n -> n);
    List<Object> out = new ArrayList<>();
    assertEquals(0, g.lag(100)); // the first look starts the clock at 100
    assertFalse(g.hasAvailable(100 + 999_999));
    assertEquals(1, g.lag(100 + 1_000_000));
    assertEquals(3, g.lag(100 + 3_999_999));
    assertEquals(4, g.lag(100 + 4_000_000));
    assertEquals(2, g.poll(100 + 3_000_000, 2, out::add));
    assertEquals(1, g.poll(100 + 3_000_000, 2, out::add));
    assertEquals(List.of(0L, 1L, 2L), out);
    Object snap = g.snapshot();
    assertEquals(2, g.poll(100 + 60_000_000_000L, 10, out::add), "at most count");
    assertTrue(g.finished());
    assertEquals(0, g.lag(100 + 60_000_000_000L));
    GeneratorReader again = new GeneratorReader(1_000, 5, n -> n);
    again.restore(snap);
    assertEquals(2, again.lag(100 + 5_000_000));
    assertFalse(again.finished());
  }

  @Test
  void aGeneratorDoesNotOverflowOnLongRuns() {
    GeneratorReader g = new GeneratorReader(1_000_000_000L, Long.MAX_VALUE, n -> n);
    g.lag(0);
    assertEquals(3_600L * 1_000_000_000L, g.due(3_600L * 1_000_000_000L));
    assertEquals(1_500_000_000L, g.due(1_500_000_000L));
  }

  @Test
  void aListReaderReadsInOrderAndRestoresItsPosition() {
    ListReader r = new ListReader(List.of("a", "b", "c"));
    List<Object> out = new ArrayList<>();
    assertEquals(2, r.poll(0, 2, out::add));
    Object snap = r.snapshot();
    assertEquals(1, r.poll(0, 5, out::add));
    assertTrue(r.finished());
    assertEquals(List.of("a", "b", "c"), out);
    r.restore(snap);
    assertEquals(1, r.lag(0));
    assertFalse(r.finished());
  }

  @Test
  void aLogReaderTakesThePartitionsInTurnAndSnapshotsItsOffsets() {
    PartitionedLog<String, Integer> log = PartitionedLog.create(new ManualTicker());
    log.createTopic("t", 3);
    for (int i = 0; i < 4; i++) {
      log.append("t", 1, "k", 10 + i);
      log.append("t", 2, "k", 20 + i);
    }
    LogReader<String, Integer> r = new LogReader<>(log, "t", 1, new long[] {0, 1});
    assertEquals(7, r.lag(0));
    List<Object> out = new ArrayList<>();
    assertEquals(2, r.poll(0, 2, out::add));
    assertEquals(2, r.poll(0, 2, out::add));
    List<Integer> values = new ArrayList<>();
    for (Object o : out) {
      values.add(((LogRecord<?, ?>) o).value() instanceof Integer v ? v : -1);
    }
    assertEquals(List.of(10, 11, 21, 22), values);
    assertEquals("[2, 3]", r.snapshot().toString());
    Object snap = r.snapshot();
    r.poll(0, 10, out::add);
    assertEquals(0, r.lag(0));
    assertFalse(r.hasAvailable(0));
    r.restore(snap);
    assertEquals(3, r.lag(0));
    assertTrue(r.hasAvailable(0));
    assertFalse(r.finished());
  }
}
