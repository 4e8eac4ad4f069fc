package dev.caplab.streaming.pipeline.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.caplab.streaming.pipeline.Checkpoint;
import dev.caplab.streaming.pipeline.CheckpointStore;
import dev.caplab.time.ManualTicker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The coordinator: numbering, one at a time, completion only when every task reported. */
class CheckpointCoordinatorTest {

  private final ManualTicker ticker = new ManualTicker();
  private final CheckpointStore store = CheckpointStore.inMemory();
  private final List<Long> completed = new ArrayList<>();
  private final CheckpointCoordinator c = new CheckpointCoordinator(3, 1, store, ticker, completed::add);

  @Test
  void aCheckpointCompletesWhenTheSinkAcknowledgesAfterEveryTaskReported() {
    long id = c.trigger();
    assertEquals(1, id);
    ticker.advance(Duration.ofMillis(5));
    c.state(0, id, "offsets");
    c.state(1, id, null);
    assertEquals(List.of(), completed);
    c.sinkAck(2, id, 7L);
    assertEquals(List.of(1L), completed);
    Checkpoint cp = store.latest().orElseThrow();
    assertEquals(Arrays.asList("offsets", null, 7L), cp.taskStates());
    assertEquals(0, cp.triggeredNanos());
    assertEquals(Duration.ofMillis(5).toNanos(), cp.completedNanos());
    assertEquals(1, c.completed());
    assertEquals(1, c.lastCompletedId());
    assertEquals(-1, c.pendingId());
    assertEquals(2, c.trigger());
  }

  @Test
  void aTriggerWhileOneIsPendingIsSkippedAndCounted() {
    assertEquals(1, c.trigger());
    assertEquals(-1, c.trigger());
    assertEquals(-1, c.trigger());
    assertEquals(2, c.skipped());
    assertEquals(1, c.pendingId());
  }

  @Test
  void aSinkAckBeforeAnotherTaskReportedIsAnError() {
    long id = c.trigger();
    c.state(0, id, null);
    assertThrows(IllegalStateException.class, () -> c.sinkAck(2, id, null));
  }

  @Test
  void reportsForAnotherCheckpointOrTwiceAreErrors() {
    long id = c.trigger();
    assertThrows(IllegalStateException.class, () -> c.state(0, id + 1, null));
    c.state(0, id, null);
    assertThrows(IllegalStateException.class, () -> c.state(0, id, null));
  }

  @Test
  void afterARestoreNumberingContinues() {
    c.restoredFrom(41);
    assertEquals(41, c.lastCompletedId());
    assertEquals(42, c.trigger());
  }

  @Test
  void badSizesAreRefused() {
    assertThrows(IllegalArgumentException.class, () -> new CheckpointCoordinator(0, 1, store, ticker, x -> {}));
    assertThrows(IllegalArgumentException.class, () -> new CheckpointCoordinator(2, 3, store, ticker, x -> {}));
    assertThrows(IllegalArgumentException.class, () -> new CheckpointCoordinator(2, 0, store, ticker, x -> {}));
  }
}
