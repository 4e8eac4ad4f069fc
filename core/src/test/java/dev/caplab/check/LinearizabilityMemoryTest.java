package dev.caplab.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.caplab.history.History;
import dev.caplab.history.Op;
import dev.caplab.history.Operation;
import dev.caplab.history.SequentialHistories;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The memo's memory is bounded by a budget in bytes, and a stored state is small. */
class LinearizabilityMemoryTest {

  /** One register, 100,000 operations over 10 processes: the search memoises one state per op. */
  private static final History LONG_REGISTER = SequentialHistories.kv(100_000, 1, 10, 42);

  @Test
  void aLongSingleRegisterHistoryChecksWithinASmallMemoryBudget() {
    // A copy of the whole linearized set per state (12.5 KB here) would need gigabytes for the
    // few hundred thousand states this search stores; the compact sets need tens of MB.
    LinearizabilityResult r = Linearizability.custom().maxMemory(64L << 20).build()
        .check(LONG_REGISTER, Models.kv(null));
    assertEquals(Verdict.TRUE, r.valid(), r::toString);
    assertTrue(r.states() >= 100_000, r::toString);
  }

  @Test
  void anExhaustedMemoryBudgetIsUnknownWithTheReason() {
    LinearizabilityResult r = Linearizability.custom().maxMemory(1L << 20).build()
        .check(LONG_REGISTER, Models.kv(null));
    assertEquals(Verdict.UNKNOWN, r.valid(), r::toString);
    assertTrue(r.note().startsWith("memory budget of 1 MiB exhausted after "), r.note());
  }

  @Test
  void anExhaustedHeapIsUnknownNotAnError() {
    Model<Object> register = Models.register();
    Model<Object> heapEater = new Model<>() {
      @Override public String name() {
        return "heap-eater";
      }

      @Override public Set<Op.Fn> functions() {
        return register.functions();
      }

      @Override public boolean perKey() {
        return false;
      }

      @Override public Object init() {
        return register.init();
      }

      @Override public Object step(Object state, Operation op) {
        throw new OutOfMemoryError("Java heap space");
      }
    };
    History h = SequentialHistories.kv(10, 1, 2, 1);
    LinearizabilityResult r = Linearizability.ofDefaults().check(h, heapEater);
    assertEquals(Verdict.UNKNOWN, r.valid());
    assertTrue(r.note().startsWith("Java heap exhausted after 0 states"), r.note());
  }

  @Test
  void theMemoryBudgetIsAtLeastOneMebibyte() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Linearizability.custom().maxMemory(1000));
    assertEquals("maxMemory must be >= 1048576, got 1000", e.getMessage());
    assertEquals(Linearizability.DEFAULT_MAX_MEMORY, Linearizability.ofDefaults().maxMemory());
  }

  @Test
  void bytesAreShownInTheLargestBinaryUnitThatDividesThem() {
    assertEquals("512 MiB", Linearizability.bytes(512L << 20));
    assertEquals("1536 KiB", Linearizability.bytes(1536L << 10));
    assertEquals("1000 bytes", Linearizability.bytes(1000));
  }
}
