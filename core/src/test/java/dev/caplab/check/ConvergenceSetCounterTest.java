package dev.caplab.check;

import static dev.caplab.history.Operation.Status.FAIL;
import static dev.caplab.history.Operation.Status.INFO;
import static dev.caplab.history.Operation.Status.OK;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.caplab.check.CounterCheck.Increment;
import dev.caplab.check.SetCheck.Attempt;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConvergenceSetCounterTest {

  static <V> Map<String, Map<String, V>> replicas(Object... nameAndMap) {
    Map<String, Map<String, V>> m = new LinkedHashMap<>();
    for (int i = 0; i < nameAndMap.length; i += 2) {
      @SuppressWarnings("unchecked")
      Map<String, V> r = (Map<String, V>) nameAndMap[i + 1];
      m.put((String) nameAndMap[i], r);
    }
    return m;
  }

  @Test
  void equalReplicasConverge() {
    ConvergenceCheck.Result<String, Long> r = ConvergenceCheck.check(
        replicas("a", Map.of("x", 1L, "y", 2L), "b", Map.of("y", 2L, "x", 1L)));
    assertTrue(r.valid());
    assertEquals(2, r.keys());
    assertEquals(List.of(), r.differences());
  }

  @Test
  void differingAndMissingKeysAreNamedWithEachReplicasValue() {
    Map<String, Long> a = new LinkedHashMap<>();
    a.put("x", 1L);
    a.put("y", 2L);
    ConvergenceCheck.Result<String, Long> r = ConvergenceCheck.check(
        replicas("a", a, "b", Map.of("x", 1L, "y", 3L), "c", Map.of("x", 1L)));
    assertFalse(r.valid());
    assertEquals(1, r.differences().size());
    ConvergenceCheck.Difference<String, Long> d = r.differences().get(0);
    assertEquals("y", d.key());
    Map<String, Long> expected = new LinkedHashMap<>();
    expected.put("a", 2L);
    expected.put("b", 3L);
    expected.put("c", null);
    assertEquals(expected, d.values());
    Map<String, Object> m = r.toMap();
    assertEquals(List.of("valid", "replicas", "keys", "differingKeys", "differences"),
        List.copyOf(m.keySet()));
    assertEquals(1, m.get("differingKeys"));
    assertThrows(IllegalArgumentException.class, () -> ConvergenceCheck.check(Map.of()));
  }

  @Test
  void setFindsLostUnexpectedRecoveredAndResurrected() {
    List<Attempt<Long>> attempts = List.of(
        Attempt.add(1L, OK), Attempt.add(2L, OK), Attempt.add(3L, INFO), Attempt.add(4L, INFO),
        Attempt.add(5L, FAIL), Attempt.add(6L, OK), Attempt.add(7L, OK), Attempt.add(8L, OK),
        Attempt.remove(6L, OK), Attempt.remove(7L, OK), Attempt.remove(8L, INFO));
    Map<String, List<Long>> reads = new LinkedHashMap<>();
    reads.put("n1", List.of(1L, 2L, 3L, 5L, 7L, 9L));
    reads.put("n2", List.of(1L, 3L, 5L, 7L, 9L));
    SetCheck.Result<Long> r = SetCheck.check(attempts, reads);
    assertFalse(r.valid());
    assertEquals(List.of(2L), r.lost()); // missing from n2
    assertEquals(List.of(5L, 9L), r.unexpected()); // a failed add, and one never attempted
    assertEquals(List.of(3L), r.recovered());
    assertEquals(List.of(7L), r.resurrected()); // 6 stayed removed, 8's remove is unknown
    assertEquals(8, r.attemptedAdds());
    assertEquals(5, r.acknowledgedAdds());
    assertEquals(2, r.unknownAdds());
    assertEquals(1, r.failedAdds());
    assertEquals(List.of(2L), r.toMap().get("lost"));
  }

  @Test
  void setIsValidWhenEveryAcknowledgedAddSurvives() {
    SetCheck.Result<String> r = SetCheck.check(
        List.of(Attempt.add("a", OK), Attempt.add("b", INFO), Attempt.add("c", FAIL)),
        Map.of("final", List.of("a")));
    assertTrue(r.valid());
    assertThrows(IllegalArgumentException.class,
        () -> SetCheck.check(List.of(Attempt.add("a", OK), Attempt.add("a", OK)), Map.of("r", List.of())));
    assertThrows(IllegalArgumentException.class,
        () -> SetCheck.check(List.of(Attempt.remove("a", OK)), Map.of("r", List.of())));
    assertThrows(IllegalArgumentException.class,
        () -> SetCheck.check(List.of(Attempt.add("a", OK)), Map.of()));
  }

  @Test
  void counterBoundsWithUnknownAndNegativeIncrements() {
    List<Increment> incs = List.of(new Increment(5, OK), new Increment(3, INFO),
        new Increment(-2, INFO), new Increment(-1, OK), new Increment(100, FAIL));
    Map<String, Long> reads = new LinkedHashMap<>();
    reads.put("n1", 10L); // initial 2 + 5 - 1 + 3 = 9 at most... 10 is over
    reads.put("n2", 4L);  // 2 + 5 - 1 - 2 = 4: the least
    reads.put("n3", 9L);
    CounterCheck.Result r = CounterCheck.check(2, incs, reads);
    assertEquals(4, r.lower());
    assertEquals(9, r.upper());
    assertFalse(r.valid());
    assertEquals(List.of("n1"), r.outOfBounds());
    assertEquals(List.of("valid", "lower", "upper", "acknowledged", "unknown", "failed", "reads",
        "outOfBounds"), List.copyOf(r.toMap().keySet()));
    assertTrue(CounterCheck.check(0, List.of(new Increment(1, OK)), Map.of("n", 1L)).valid());
    assertFalse(CounterCheck.check(0, List.of(new Increment(1, OK)), Map.of("n", 0L)).valid());
    assertThrows(ArithmeticException.class, () -> CounterCheck.check(Long.MAX_VALUE,
        List.of(new Increment(1, OK)), Map.of("n", 0L)));
  }

  /**
   * The counts say how the increments ended (the evidence behind the bounds), and a check
   * without a final read is refused rather than called valid.
   */
  @Test
  void counterCountsEachOutcomeAndNeedsAFinalRead() {
    List<Increment> incs = List.of(new Increment(1, OK), new Increment(2, OK), new Increment(3, INFO),
        new Increment(4, FAIL), new Increment(5, FAIL), new Increment(6, FAIL));
    CounterCheck.Result r = CounterCheck.check(0, incs, Map.of("n", 3L));
    assertEquals(List.of(2L, 1L, 3L), List.of(r.acknowledged(), r.unknown(), r.failed()));
    assertEquals(2L, r.toMap().get("acknowledged"));
    assertTrue(r.valid());
    assertEquals("finalReads must not be empty", assertThrows(IllegalArgumentException.class,
        () -> CounterCheck.check(0, incs, Map.of())).getMessage());
  }

  /**
   * A key one replica holds with the value null and another lacks is a difference: the key
   * itself has not converged, whatever its value.
   */
  @Test
  void aKeyHeldAsNullAndAKeyMissingDiffer() {
    Map<String, Long> holds = new LinkedHashMap<>();
    holds.put("x", null);
    ConvergenceCheck.Result<String, Long> r =
        ConvergenceCheck.check(replicas("a", holds, "b", Map.of()));
    assertFalse(r.valid());
    assertEquals(List.of("x"), r.differences().stream().map(ConvergenceCheck.Difference::key).toList());
    assertTrue(ConvergenceCheck.check(replicas("a", holds, "b", new LinkedHashMap<>(holds))).valid());
  }

  /** Replicas that hold the same keys with different values have not converged. */
  @Test
  void theSameKeysWithDifferentValuesDiffer() {
    ConvergenceCheck.Result<String, Long> r = ConvergenceCheck.check(
        replicas("a", Map.of("x", 1L, "y", 2L), "b", Map.of("x", 1L, "y", 3L)));
    assertFalse(r.valid());
    assertEquals(1, r.differences().size());
    assertEquals("y", r.differences().get(0).key());
  }
}
