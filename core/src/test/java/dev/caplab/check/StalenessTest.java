package dev.caplab.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.caplab.history.History;
import dev.caplab.history.Op;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StalenessTest {

  /** Builds histories one whole operation at a time, each on its own process. */
  static final class Ops {
    private final List<Op> events = new ArrayList<>();
    private int process;

    Ops op(Op.Fn f, String key, Object in, Op.Type end, Object out, long from, long to) {
      int p = process++;
      events.add(Op.invoke(p, f, key, in, from));
      if (end != null) {
        events.add(new Op(p, end, f, key, out, to));
      }
      return this;
    }

    Ops write(long value, long from, long to) {
      return op(Op.Fn.WRITE, null, value, Op.Type.OK, value, from, to);
    }

    Ops read(Object value, long from, long to) {
      return op(Op.Fn.READ, null, null, Op.Type.OK, value, from, to);
    }

    History history() {
      return History.of(events);
    }
  }

  static History example() {
    return new Ops()
        .write(1, 0, 10).write(2, 20, 30).write(3, 40, 50)
        .read(1L, 60, 70)     // two writes behind, 10 after the newest completed
        .read(3L, 60, 70)     // fresh
        .read(2L, 25, 35)     // concurrent with write 2: fresh
        .read(null, 5, 8)     // initial value, nothing completed yet: fresh
        .read(null, 15, 16)   // initial value after write 1 completed: k = 1, t = 5
        .op(Op.Fn.WRITE, null, 4L, null, null, 52, 0) // unknown outcome
        .read(4L, 55, 58)     // saw the unknown write: fresh
        .read(99L, 80, 90)    // nobody wrote 99
        .history();
  }

  @Test
  void measuresKAndTPerRead() {
    StalenessResult r = Staleness.custom().visibilityAt(0, 10, 20).build().analyze(example());
    assertEquals(7, r.reads());
    // in invocation order: null@5, null@15, 2@25, 4@55, 1@60, 3@60, 99@80
    List<Integer> ks = r.perRead().stream().map(StalenessResult.ReadStaleness::k).toList();
    assertEquals(List.of(0, 1, 0, 0, 2, 0, 0), ks);
    StalenessResult.ReadStaleness twoBehind = r.perRead().get(4);
    assertEquals(3, twoBehind.completedWrites());
    assertEquals(10L, twoBehind.tVisibility());
    assertEquals(5L, r.perRead().get(1).tVisibility());
    assertNull(r.perRead().get(0).sinceNewestWrite());
    assertNull(r.perRead().get(2).tVisibility());
    assertFalse(r.perRead().get(6).explained());
    assertEquals(2, r.staleReads());
    assertEquals(1, r.unexplainedReads());
    assertEquals(2.0 / 7, r.fractionStale());
    assertEquals(Map.of(0, 4L, 1, 1L, 2, 1L), r.kDistribution());
    assertEquals(2, r.maxK());
    assertFalse(r.valid());
  }

  @Test
  void visibilityCurveCountsReadsStartingAtLeastTAfterTheNewestCommit() {
    StalenessResult r = Staleness.custom().visibilityAt(0, 10, 20).build().analyze(example());
    // since newest completed write: 10, 10, 15, (none), 5, 5 -> t >= 0: 5 reads, 3 consistent
    assertEquals(new StalenessResult.VisibilityPoint(0, 5, 3), r.visibility().get(0));
    assertEquals(new StalenessResult.VisibilityPoint(10, 3, 2), r.visibility().get(1));
    assertEquals(2.0 / 3, r.visibility().get(1).probability());
    assertNull(r.visibility().get(2).probability());
    Map<String, Object> m = r.toMap();
    assertEquals(List.of("valid", "reads", "staleReads", "fractionStale", "unexplainedReads", "maxK",
        "kDistribution", "maxTVisibilityNanos", "visibility"), List.copyOf(m.keySet()));
    assertEquals(Map.of("0", 4L, "1", 1L, "2", 1L), m.get("kDistribution"));
    assertEquals(10L, m.get("maxTVisibilityNanos"));
  }

  @Test
  void keysAreIndependentAndCasWritesItsNewValue() {
    History h = new Ops()
        .op(Op.Fn.WRITE, "a", 1L, Op.Type.OK, 1L, 0, 10)
        .op(Op.Fn.WRITE, "b", 7L, Op.Type.OK, 7L, 0, 10)
        .op(Op.Fn.CAS, "a", Op.casValue(1L, 2L), Op.Type.OK, null, 20, 30)
        .op(Op.Fn.READ, "b", null, Op.Type.OK, 7L, 40, 41)
        .op(Op.Fn.READ, "a", null, Op.Type.OK, 1L, 40, 41)
        .history();
    StalenessResult r = Staleness.ofDefaults().analyze(h);
    assertEquals(List.of(0, 1), r.perRead().stream().map(StalenessResult.ReadStaleness::k).toList());
  }

  @Test
  void writesCompletingAtTheSameInstantAreNeitherNewerThanTheOther() {
    // Two concurrent writes acknowledged together (as constant latencies make common): either
    // may be the last one, so a later read of either is fresh; a third write makes both stale by 1.
    History h = new Ops().write(1, 0, 10).write(2, 5, 10)
        .read(1L, 20, 30).read(2L, 20, 30)
        .write(3, 40, 50)
        .read(1L, 60, 70).read(2L, 60, 70)
        .history();
    StalenessResult r = Staleness.ofDefaults().analyze(h);
    assertEquals(List.of(0, 0, 1, 1), r.perRead().stream().map(StalenessResult.ReadStaleness::k).toList());
    assertEquals(2, r.staleReads());
  }

  @Test
  void aLinearizableHistoryHasNoStaleReads() {
    History h = new Ops().write(1, 0, 10).read(1L, 5, 15).write(2, 12, 20).read(2L, 21, 22).history();
    StalenessResult r = Staleness.ofDefaults().analyze(h);
    assertTrue(r.valid());
    assertEquals(0.0, r.fractionStale());
  }

  @Test
  void valuesMustBeUniquePerKey() {
    IllegalArgumentException dup = assertThrows(IllegalArgumentException.class,
        () -> Staleness.ofDefaults().analyze(new Ops().write(1, 0, 10).write(1, 20, 30).history()));
    assertTrue(dup.getMessage().startsWith("staleness needs unique values per key: "), dup.getMessage());
    assertTrue(dup.getMessage().endsWith(" both write 1"), dup.getMessage());
    IllegalArgumentException init = assertThrows(IllegalArgumentException.class,
        () -> Staleness.custom().initial(0L).build().analyze(new Ops().write(0, 0, 10).history()));
    assertTrue(init.getMessage().contains("writes the initial value 0"), init.getMessage());
    // the same value on two keys is fine
    Staleness.ofDefaults().analyze(new Ops()
        .op(Op.Fn.WRITE, "a", 1L, Op.Type.OK, 1L, 0, 10)
        .op(Op.Fn.WRITE, "b", 1L, Op.Type.OK, 1L, 0, 10).history());
  }

  @Test
  void appendAndBadSettingsAreRejected() {
    History h = new Ops().op(Op.Fn.APPEND, null, "x", Op.Type.OK, "x", 0, 1).history();
    assertThrows(IllegalArgumentException.class, () -> Staleness.ofDefaults().analyze(h));
    assertEquals("visibility point must be >= 0, got -1",
        assertThrows(IllegalArgumentException.class, () -> Staleness.custom().visibilityAt(-1)).getMessage());
    assertThrows(IllegalArgumentException.class, () -> Staleness.custom().initial(1));
  }

  /** The messages quote string values and name the key only when the history has keys. */
  @Test
  void repeatedValueMessagesQuoteStringsAndNameKeys() {
    IllegalArgumentException init = assertThrows(IllegalArgumentException.class,
        () -> Staleness.custom().initial(0L).build().analyze(new Ops().write(0, 0, 10).history()));
    assertTrue(init.getMessage().endsWith(" writes the initial value 0"), init.getMessage());
    IllegalArgumentException keyed = assertThrows(IllegalArgumentException.class,
        () -> Staleness.ofDefaults().analyze(new Ops()
            .op(Op.Fn.WRITE, "a", "x", Op.Type.OK, "x", 0, 10)
            .op(Op.Fn.WRITE, "a", "x", Op.Type.OK, "x", 20, 30).history()));
    assertTrue(keyed.getMessage().endsWith(" both write \"x\" to key \"a\""), keyed.getMessage());
  }

  /** Without reads nothing is stale: the figures are zeros and an absent maximum, never NaN. */
  @Test
  void aHistoryWithoutReadsHasNothingStale() {
    for (History h : List.of(History.empty(), new Ops().write(1, 0, 10).history())) {
      StalenessResult r = Staleness.ofDefaults().analyze(h);
      assertEquals(0, r.reads());
      assertEquals(0.0, r.fractionStale());
      assertEquals(0, r.maxK());
      assertTrue(r.valid());
      Map<String, Object> m = r.toMap();
      assertEquals(0.0, m.get("fractionStale"));
      assertEquals(0, m.get("maxK"));
      assertTrue(m.containsKey("maxTVisibilityNanos"));
      assertNull(m.get("maxTVisibilityNanos"), "no stale read, no t-visibility");
    }
  }

  /** The JSON view rounds the stale fraction to six decimals (2 of 7 reads). */
  @Test
  void theJsonViewRoundsTheStaleFractionToSixDecimals() {
    Map<String, Object> m = Staleness.ofDefaults().analyze(example()).toMap();
    assertEquals(0.285714, m.get("fractionStale"));
    assertEquals(2, m.get("maxK"));
    assertEquals(7L, m.get("reads"));
  }
}
