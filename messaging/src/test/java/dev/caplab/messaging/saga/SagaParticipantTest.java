package dev.caplab.messaging.saga;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.caplab.messaging.saga.SagaParticipant.Answer;
import dev.caplab.messaging.saga.SagaParticipant.StepStatus;
import org.junit.jupiter.api.Test;

/** A service applies each (saga, step) action and compensation at most once, crash or not. */
class SagaParticipantTest {

  private final MapStorage storage = new MapStorage();
  private int stock = 1;

  private String reserve() {
    if (stock == 0) {
      return "out of stock";
    }
    stock--;
    storage.put("stock", stock);
    return null;
  }

  private void release() {
    stock++;
    storage.put("stock", stock);
  }

  @Test
  void aRepeatedActionIsAnsweredFromItsRecordAndAppliedOnce() {
    SagaParticipant p = new SagaParticipant(storage);
    assertEquals(new Answer(true, null, false), p.act("o1", "reserve", this::reserve));
    assertEquals(new Answer(true, null, true), p.act("o1", "reserve", this::reserve));
    assertEquals(0, stock);
    assertEquals(1, p.applied());
    assertEquals(1, p.duplicates());
    assertEquals(StepStatus.APPLIED, p.status("o1", "reserve"));
  }

  @Test
  void aRefusalIsRecordedAndRepeatedWithItsReason() {
    stock = 0;
    SagaParticipant p = new SagaParticipant(storage);
    assertEquals(new Answer(false, "out of stock", false), p.act("o1", "reserve", this::reserve));
    stock = 5;
    assertEquals(new Answer(false, "out of stock", true), p.act("o1", "reserve", this::reserve));
    assertEquals(5, stock);
    assertEquals(0, p.applied());
    assertEquals(new Answer(true, null, true), p.compensate("o1", "reserve", this::release), "nothing to undo");
    assertEquals(5, stock);
  }

  @Test
  void aCompensationUndoesOnceAndThenAnswersFromItsRecord() {
    SagaParticipant p = new SagaParticipant(storage);
    p.act("o1", "reserve", this::reserve);
    assertEquals(new Answer(true, null, false), p.compensate("o1", "reserve", this::release));
    assertEquals(new Answer(true, null, true), p.compensate("o1", "reserve", this::release));
    assertEquals(1, stock);
    assertEquals(1, p.compensations());
    assertEquals(StepStatus.COMPENSATED, p.status("o1", "reserve"));
    assertEquals(new Answer(false, SagaParticipant.COMPENSATED_ALREADY, true), p.act("o1", "reserve", this::reserve));
    assertEquals(1, stock);
  }

  @Test
  void aCompensationThatOvertakesItsActionLeavesATombstoneThatRefusesTheAction() {
    SagaParticipant p = new SagaParticipant(storage);
    assertEquals(new Answer(true, null, false), p.compensate("o1", "reserve", this::release));
    assertEquals(1, stock, "nothing was reserved, nothing released");
    assertEquals(StepStatus.TOMBSTONE, p.status("o1", "reserve"));
    assertEquals(new Answer(false, SagaParticipant.COMPENSATED_ALREADY, true), p.act("o1", "reserve", this::reserve));
    assertEquals(1, stock, "the late reservation is not applied");
  }

  @Test
  void theRecordAndTheEffectSurviveACrashTogether() {
    SagaParticipant p = new SagaParticipant(storage);
    p.act("o1", "reserve", this::reserve);
    storage.crash();
    SagaParticipant restarted = new SagaParticipant(storage);
    assertEquals(0, storage.get("stock", Integer.class));
    assertEquals(new Answer(true, null, true), restarted.act("o1", "reserve", this::reserve));
    restarted.compensate("o1", "reserve", this::release);
    storage.crash();
    assertEquals(1, storage.get("stock", Integer.class));
    assertEquals(StepStatus.COMPENSATED, new SagaParticipant(storage).status("o1", "reserve"));
  }

  @Test
  void stepsAndSagasAreKeptApartAndPrefixesSeparateParticipants() {
    stock = 3;
    SagaParticipant a = new SagaParticipant(storage, "a/");
    SagaParticipant b = new SagaParticipant(storage, "b/");
    a.act("o1", "reserve", this::reserve);
    a.act("o2", "reserve", this::reserve);
    b.act("o1", "reserve", this::reserve);
    assertEquals(0, stock);
    assertNull(a.status("o3", "reserve"));
    assertNull(a.status("o1", "charge"));
    assertThrows(IllegalArgumentException.class, () -> new SagaParticipant(storage, ""));
  }
}
