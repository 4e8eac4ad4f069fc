package dev.caplab.history;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/**
 * The generated histories are what their documentation promises: a sequential execution placed at
 * points {@code SPACING * i}, round-robin over the processes, with intervals around each point that
 * stay inside the process's slot and overlap those of other processes.
 */
class SequentialHistoriesTest {

  @ParameterizedTest(name = "{0} ops, {1} keys, {2} processes, seed {3}")
  @CsvSource({"2000, 20, 8, 7", "500, 3, 1, 1", "1000, 1, 2, 99", "300, 20, 13, -5"})
  void everyOperationHappensAtItsPointInASequentialExecution(int n, int keys, int processes,
      long seed) {
    History h = SequentialHistories.kv(n, keys, processes, seed);
    assertEquals(n, h.operations().size());
    // Round-robin: the k-th operation of process p (in its own order) is operation p + k * processes.
    Operation[] ops = new Operation[n];
    int[] seen = new int[processes];
    for (Operation op : h.operations()) {
      assertTrue(op.process() < processes, op + " is not one of the " + processes + " processes");
      int i = op.process() + seen[op.process()]++ * processes;
      assertTrue(i < n, op + " is one operation too many for its process");
      ops[i] = op;
    }
    long half = SequentialHistories.SPACING * processes / 2;
    Map<String, Long> register = new HashMap<>();
    int reads = 0;
    for (int i = 0; i < n; i++) {
      Operation op = ops[i];
      String where = "operation " + i + ": " + op;
      long point = SequentialHistories.SPACING * i;
      assertEquals(Operation.Status.OK, op.status(), where);
      assertTrue(op.invokeTime() <= point && point <= op.completeTime(),
          where + " does not contain its point " + point);
      assertTrue(point - op.invokeTime() < half && op.completeTime() - point < half,
          where + " reaches half the gap " + half + " between its process's points");
      assertTrue(op.key().matches("k\\d+") && Integer.parseInt(op.key().substring(1)) < keys, where);
      if (op.f() == Op.Fn.WRITE) {
        assertEquals(i + 1L, op.input(), where + " writes the unique value i + 1");
        register.put(op.key(), i + 1L);
      } else {
        assertEquals(Op.Fn.READ, op.f(), where);
        reads++;
        assertTrue(Objects.equals(register.get(op.key()), op.output()),
            where + " should read " + register.get(op.key()));
      }
    }
    assertTrue(reads > n * 0.4 && reads < n * 0.6, reads + " reads of " + n + ", expected half");
    assertEquals(keys, h.keys().size(), "every key is used");
  }

  /**
   * Intervals of different processes overlap, in proportion to the number of processes: the time
   * covered by all intervals, over the span of the history, is how many operations are open at an
   * average moment.
   */
  @ParameterizedTest(name = "{0} processes")
  @CsvSource({"2", "8", "32"})
  void operationsOfDifferentProcessesOverlap(int processes) {
    List<Operation> ops = SequentialHistories.kv(4000, 10, processes, 11).operations();
    long covered = 0;
    int overlapping = 0;
    for (int i = 0; i < ops.size(); i++) {
      covered += ops.get(i).completeTime() - ops.get(i).invokeTime();
      if (i > 0 && ops.get(i).invokeTime() < ops.get(i - 1).completeTime()) {
        overlapping++;
      }
    }
    double open = (double) covered / (SequentialHistories.SPACING * ops.size());
    assertTrue(open >= processes / 4.0 && open <= processes,
        "on average " + open + " operations are open, expected about " + processes + " / 2");
    assertTrue(overlapping > ops.size() / 10, overlapping + " of " + ops.size()
        + " operations overlap the previous one");
  }

  @Test
  void theSameSeedGivesTheSameHistoryAndAnotherSeedAnother() {
    assertEquals(SequentialHistories.kv(200, 5, 4, 3), SequentialHistories.kv(200, 5, 4, 3));
    assertTrue(!SequentialHistories.kv(200, 5, 4, 3).equals(SequentialHistories.kv(200, 5, 4, 4)));
  }

  @Test
  void countsBelowOneAreRefusedByName() {
    assertEquals("ops must be >= 1, got 0",
        assertThrows(IllegalArgumentException.class, () -> SequentialHistories.kv(0, 1, 1, 0))
            .getMessage());
    assertThrows(IllegalArgumentException.class, () -> SequentialHistories.kv(1, 0, 1, 0));
    assertThrows(IllegalArgumentException.class, () -> SequentialHistories.kv(1, 1, 0, 0));
  }
}
