package dev.caplab.sim.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Size;

/**
 * The event queue pops in (time, insertion sequence) order for any schedule: checked against a
 * reference model that keeps the pushed entries in a list and pops the first minimum by time, i.e.
 * a stable sort by time.
 */
class EventQueueProperties {

  /** One step of a schedule: a push at {@code time}, or a poll. */
  record Op(boolean push, long time) {
    @Override
    public String toString() {
      return push ? "push@" + time : "poll";
    }
  }

  /** What the reference model remembers of a push; the payload is the push's ordinal. */
  record Entry(long time, int ordinal) {}

  @Property(tries = 300)
  void popsInTimeThenInsertionOrder(@ForAll("schedules") List<Op> ops) {
    check(ops);
  }

  @Property(tries = 20)
  void growsPastInitialCapacityKeepingOrder(
      @ForAll @Size(min = 1025, max = 3000) List<@LongRange(min = 0, max = 200) Long> times,
      @ForAll @IntRange(min = 0, max = 500) int pollsBetween) {
    // Push everything (forcing at least one grow), poll some, push the same times again, drain.
    List<Op> ops = new ArrayList<>();
    for (long t : times) {
      ops.add(new Op(true, t));
    }
    for (int i = 0; i < pollsBetween; i++) {
      ops.add(new Op(false, 0));
    }
    for (long t : times) {
      ops.add(new Op(true, t));
    }
    check(ops);
  }

  @Example
  void equalTimesPopInPushOrderAcrossSeveralGrows() {
    EventQueue q = new EventQueue();
    int n = 10_000; // 1024 -> 2048 -> 4096 -> 8192 -> 16384
    for (int i = 0; i < n; i++) {
      q.push(i % 2 == 0 ? 7 : 3, 0, i, i);
    }
    for (int expected = 1; expected < n; expected += 2) {
      Object payload = q.poll();
      assertEquals(3, q.polledTime());
      assertEquals(expected, payload);
    }
    for (int expected = 0; expected < n; expected += 2) {
      Object payload = q.poll();
      assertEquals(7, q.polledTime());
      assertEquals(expected, payload);
    }
    assertTrue(q.isEmpty());
  }

  @Provide
  Arbitrary<List<Op>> schedules() {
    // Few distinct times make many ties; a wide range checks ordering of large values too.
    Arbitrary<Long> times =
        Arbitraries.oneOf(
            Arbitraries.longs().between(0, 20),
            Arbitraries.longs().between(0, Long.MAX_VALUE));
    Arbitrary<Op> op =
        Combinators.combine(Arbitraries.integers().between(0, 9), times)
            .as((dice, time) -> new Op(dice >= 3, time));
    return op.list().ofMaxSize(400);
  }

  private static void check(List<Op> ops) {
    EventQueue q = new EventQueue();
    List<Entry> model = new ArrayList<>();
    int ordinal = 0;
    for (Op op : ops) {
      if (op.push()) {
        int o = ordinal++;
        q.push(op.time(), sinkKindOf(o), auxOf(o), o);
        model.add(new Entry(op.time(), o));
      } else if (!model.isEmpty()) {
        pollAndCompare(q, model);
      }
      assertEquals(model.size(), q.size(), "size");
      if (!model.isEmpty()) {
        assertEquals(model.get(firstIndex(model)).time(), q.peekTime(), "peekTime");
      }
    }
    while (!model.isEmpty()) {
      pollAndCompare(q, model);
    }
    assertTrue(q.isEmpty());
  }

  private static void pollAndCompare(EventQueue q, List<Entry> model) {
    Entry expected = model.remove(firstIndex(model));
    assertFalse(q.isEmpty());
    Object payload = q.poll();
    assertEquals(expected.time(), q.polledTime(), "time of the popped entry");
    assertEquals(expected.ordinal(), payload, "payload (push ordinal) of the popped entry");
    assertEquals(auxOf(expected.ordinal()), q.polledAux(), "aux travels with its entry");
    assertEquals(sinkKindOf(expected.ordinal()), q.polledSinkKind(), "sinkKind travels with its entry");
  }

  /** The index of the earliest entry; among equal times the first pushed (list order is push order). */
  private static int firstIndex(List<Entry> model) {
    int best = 0;
    for (int i = 1; i < model.size(); i++) {
      if (model.get(i).time() < model.get(best).time()) {
        best = i;
      }
    }
    return best;
  }

  private static long auxOf(int ordinal) {
    return ordinal * 0x9E3779B97F4A7C15L;
  }

  private static int sinkKindOf(int ordinal) {
    return (ordinal * 31) & 0x7FFFFFFF;
  }
}
