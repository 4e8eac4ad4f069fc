package dev.caplab.streaming.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.caplab.messaging.log.LogRecord;
import dev.caplab.messaging.log.PartitionedLog;
import dev.caplab.time.ManualTicker;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The switch-over: readers move to the new table exactly when the replay has caught up, and the old job stops. */
class ReprocessingTest {

  private final ManualTicker ticker = new ManualTicker();
  private final PartitionedLog<String, Long> log = PartitionedLog.create(ticker);
  private final PipelineConfig fivePerRound = PipelineConfig.custom().maxPollRecords(5).bufferCapacity(100).build();

  ReprocessingTest() {
    log.createTopic("usage", 1);
  }

  private Pipeline job(Source<LogRecord<String, Long>> source, long factor, CollectingSink<Long> out) {
    return Pipeline.builder(Pipeline.from(source).map(r -> r.value() * factor).to(out)).config(fivePerRound)
        .ticker(ticker).build();
  }

  private void append(int n) {
    for (int i = 0; i < n; i++) {
      log.append("usage", 0, "c", 1L);
    }
  }

  private void round(Reprocessing<?> k) {
    ticker.advance(Duration.ofMillis(1));
    k.runRound();
  }

  @Test
  void readersSwitchAtTheRoundTheReplayCatchesUpAndTheOldJobStops() {
    CollectingSink<Long> v1 = new CollectingSink<>();
    CollectingSink<Long> v2 = new CollectingSink<>();
    Pipeline live = job(Source.fromLog(log, "usage", 0, 0, 0), 1, v1);
    Reprocessing<CollectingSink<Long>> k = Reprocessing.serving(live, v1, ticker);
    append(20);
    for (int i = 0; i < 10; i++) {
      round(k);
    }
    assertEquals(20, v1.records().size());
    ticker.advance(Duration.ofMillis(7));
    long started = ticker.nanos();
    Reprocessing.Version<CollectingSink<Long>> replay = k.replay(job(Replay.fromOffset(log, "usage", 0, 0, 0), 10, v2), v2);
    assertEquals(2, replay.number());
    assertEquals(Reprocessing.Status.REPLAYING, replay.status());
    assertEquals(started, replay.startedNanos());
    // one new record before every round: the live job reads it, maps it a round later and writes it
    // the round after (the sink runs first, then the operator, then the source), so it holds two in
    // flight. The replay reads 5 a round: all 20 + 5 by round 5, then it drains its buffers while
    // reading one a round; by round 7 it holds two in flight like the live job: caught up
    for (int i = 1; i <= 6; i++) {
      append(1);
      round(k);
      assertSame(v1, k.current(), "round " + i + ": the old table serves until the replay has caught up");
    }
    assertEquals(2, live.bufferedRecords());
    assertEquals(0, replay.pipeline().sourceLag());
    assertEquals(6, replay.pipeline().bufferedRecords(), "5 read in round 5 now in the second buffer, 1 read in round 6");
    append(1);
    round(k);
    assertTrue(k.replayingVersion().isEmpty(), "caught up in round 7");
    assertSame(v2, k.current());
    assertSame(replay, k.servingVersion());
    assertEquals(Reprocessing.Status.SERVING, replay.status());
    assertEquals(Optional.of(Duration.ofMillis(7)), replay.catchUpTime());
    Reprocessing.Version<CollectingSink<Long>> old = k.versions().get(0);
    assertEquals(Reprocessing.Status.STOPPED, old.status());
    assertEquals(Optional.of(ticker.nanos()), old.stoppedNanos());
    assertEquals(Optional.of(ticker.nanos()), replay.servingSinceNanos());
    assertEquals(27, old.recordsProcessed());
    assertEquals(27, replay.recordsProcessed());
    assertEquals(Optional.empty(), old.catchUpTime(), "the first version never caught up from a replay");
    assertEquals(Optional.of(0L), old.servingSinceNanos(), "version 1 served from the start");
    append(3);
    round(k);
    assertEquals(27, old.recordsProcessed(), "the stopped job reads nothing more");
    assertEquals(25, v1.records().size(), "what it had written when it stopped");
    assertEquals(30, replay.recordsProcessed());
    live.runUntilIdle(100); // run by hand after its stop: the version's count stays what it was at the stop
    assertEquals(30, live.recordsRead());
    assertEquals(27, old.recordsProcessed());
    assertEquals(List.of(10L, 10L), v2.records().subList(0, 2));
  }

  @Test
  void aReplayIsNotCaughtUpWhileItLagsOrHoldsMoreInFlightThanTheServingJob() {
    append(3);
    Pipeline serving = Pipeline.builder(Pipeline.from(Source.fromLog(log, "usage", 0, 0, 0)).map(LogRecord::value)
        .to(new CollectingSink<>())).ticker(ticker).build();
    Pipeline p = Pipeline.builder(Pipeline.from(Source.fromLog(log, "usage", 0, 0, 0)).map(LogRecord::value)
        .to(new CollectingSink<>())).ticker(ticker).build();
    serving.runUntilIdle(100);
    assertFalse(Reprocessing.caughtUp(p, serving), "lag 3");
    p.runRound(); // the sink runs first: the source's records are in the buffer now
    assertEquals(0, p.sourceLag());
    assertFalse(Reprocessing.caughtUp(p, serving), "read, not yet written");
    p.runUntilIdle(100);
    assertTrue(Reprocessing.caughtUp(p, serving));
    append(1);
    assertTrue(Reprocessing.caughtUp(p, serving), "both lag 1");
    serving.runRound();
    assertFalse(Reprocessing.caughtUp(p, serving), "lag 1, the serving job none");
    p.runRound();
    assertTrue(Reprocessing.caughtUp(p, serving), "one in flight each");
  }

  @Test
  void oneReplayAtATimeAlwaysIntoANewTableAndAnAbandonedOneNeverServes() {
    CollectingSink<Long> v1 = new CollectingSink<>();
    CollectingSink<Long> v2 = new CollectingSink<>();
    CollectingSink<Long> v3 = new CollectingSink<>();
    append(30);
    Pipeline live = job(Source.fromLog(log, "usage", 0, 0, 0), 1, v1);
    live.runUntilIdle(100);
    Reprocessing<CollectingSink<Long>> k = Reprocessing.serving(live, v1, ticker);
    assertThrows(IllegalStateException.class, () -> k.replay(job(Replay.fromEarliest(log, "usage", 0, 0), 1, v1), v1));
    assertThrows(IllegalStateException.class, () -> k.replay(live, v2));
    assertEquals(Optional.empty(), k.abandon());
    k.replay(job(Replay.fromEarliest(log, "usage", 0, 0), 2, v2), v2);
    IllegalStateException twice = assertThrows(IllegalStateException.class,
        () -> k.replay(job(Replay.fromEarliest(log, "usage", 0, 0), 3, v3), v3));
    assertTrue(twice.getMessage().contains("version 2 is still replaying"), twice.getMessage());
    round(k);
    Reprocessing.Version<CollectingSink<Long>> abandoned = k.abandon().orElseThrow();
    assertEquals(Reprocessing.Status.STOPPED, abandoned.status());
    assertEquals(Optional.empty(), abandoned.catchUpTime());
    assertEquals(5, abandoned.recordsProcessed());
    for (int i = 0; i < 20; i++) {
      round(k);
    }
    assertSame(v1, k.current());
    assertEquals(1, k.servingVersion().number());
    assertFalse(k.checkSwitch());
    Reprocessing.Version<CollectingSink<Long>> third = k.replay(job(Replay.fromEarliest(log, "usage", 0, 0), 3, v3), v3);
    assertEquals(3, third.number());
    assertEquals(3, k.versions().size());
  }

  @Test
  void aSelfRunningReplayNeedsOnlyTheCheck() {
    append(4);
    CollectingSink<Long> v1 = new CollectingSink<>();
    CollectingSink<Long> v2 = new CollectingSink<>();
    Pipeline live = job(Source.fromLog(log, "usage", 0, 0, 0), 1, v1);
    live.runUntilIdle(100);
    Reprocessing<CollectingSink<Long>> k = Reprocessing.serving(live, v1, ticker);
    Pipeline replay = job(Replay.fromEarliest(log, "usage", 0, 0), 2, v2);
    k.replay(replay, v2);
    assertFalse(k.checkSwitch());
    replay.runUntilIdle(100);
    assertTrue(k.checkSwitch());
    assertSame(v2, k.current());
    assertFalse(k.checkSwitch(), "nothing left to switch to");
  }

  @Test
  void nullsAreRefusedByName() {
    CollectingSink<Long> v1 = new CollectingSink<>();
    Pipeline live = job(Source.fromLog(log, "usage", 0, 0, 0), 1, v1);
    assertTrue(assertThrows(NullPointerException.class, () -> Reprocessing.serving(null, v1, ticker)).getMessage().contains("live"));
    assertThrows(NullPointerException.class, () -> Reprocessing.serving(live, null, ticker));
    assertThrows(NullPointerException.class, () -> Reprocessing.serving(live, v1, null));
  }
}
