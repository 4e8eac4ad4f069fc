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
 * a stable sort by time. The queue chains consecutive pushes of equal time into runs; schedules
 * with bursts of one time, interrupted by other times and by polls, split a time into several runs,
 * and the order must hold all the same.
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

  @Property(tries = 300)
  void popsInOrderWhenPushesOfOneTimeComeInRuns(@ForAll("runsOfEqualTimes") List<Op> ops) {
    check(ops);
  }

  @Example
  void aTimeWhoseRunWasInterruptedStillPopsInPushOrder() {
    EventQueue q = new EventQueue();
    q.push(5, 0, 0, "a1");
    q.push(7, 0, 0, "b1"); // interrupts a's run
    q.push(5, 0, 0, "a2"); // a second run of time 5, after the first
    q.push(5, 0, 0, "a3"); // joins the second run
    q.push(7, 0, 0, "b2"); // a second run of time 7
    q.push(5, 0, 0, "a4");
    assertEquals(List.of("a1", "a2", "a3", "a4", "b1", "b2"), drain(q));
  }

  @Example
  void aPushAfterItsRunEmptiedStartsANewRun() {
    EventQueue q = new EventQueue();
    q.push(5, 0, 0, "x");
    assertEquals("x", q.poll());
    // x's slot is free again, and the next push takes it: it must not join x's finished run.
    q.push(5, 0, 0, "y");
    q.push(3, 0, 0, "w");
    q.push(5, 0, 0, "z");
    assertEquals(List.of("w", "y", "z"), drain(q));
  }

  @Example
  void aRunKeepsGrowingWhileItsFirstEntriesArePopped() {
    EventQueue q = new EventQueue();
    q.push(5, 1, 10, "a");
    q.push(5, 2, 20, "b");
    assertEquals("a", q.poll());
    q.push(5, 3, 30, "c"); // b, the latest push, is still queued: c joins its run
    q.push(9, 4, 40, "d");
    assertEquals("b", q.poll());
    assertEquals(2, q.polledSinkKind());
    assertEquals(20, q.polledAux());
    assertEquals("c", q.poll());
    assertEquals(3, q.polledSinkKind());
    assertEquals(30, q.polledAux());
    assertEquals(5, q.polledTime());
    assertEquals(List.of("d"), drain(q));
  }

  @Example
  void aRunMovedUpAfterARemovalStaysAheadOfALaterRunOfItsTime() {
    // Two runs of time 1 end up with the older one last in the heap; removing the root sifts it
    // up past the newer one, which an equal time alone must not stop.
    List<Op> ops = new ArrayList<>();
    for (String step : "push@1 push@1 push@0 poll poll push@1 push@0 poll poll".split(" ")) {
      ops.add(step.equals("poll") ? new Op(false, 0) : new Op(true, Long.parseLong(step.substring(5))));
    }
    check(ops);
  }

  @Example
  void clearForgetsEveryRun() {
    EventQueue q = new EventQueue();
    q.push(5, 0, 0, "old1");
    q.push(5, 0, 0, "old2"); // joins old1's run
    q.push(9, 0, 0, "old3"); // a second run: the free-slot part of the slot array now repeats a slot
    q.clear();
    assertTrue(q.isEmpty());
    q.push(5, 0, 0, "b"); // must not join the run of the entries cleared away
    q.push(9, 0, 0, "a");
    q.push(5, 0, 0, "c");
    assertEquals(3, q.size());
    assertEquals(List.of("b", "c", "a"), drain(q));
  }

  private static List<Object> drain(EventQueue q) {
    List<Object> out = new ArrayList<>();
    while (!q.isEmpty()) {
      out.add(q.poll());
    }
    return out;
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
  Arbitrary<List<Op>> runsOfEqualTimes() {
    // Bursts of pushes of one time (as fixed latencies make), polls between, few distinct times.
    Arbitrary<List<Op>> burst =
        Combinators.combine(Arbitraries.longs().between(0, 6), Arbitraries.integers().between(1, 12),
                Arbitraries.integers().between(0, 8))
            .as((time, pushes, polls) -> {
              List<Op> b = new ArrayList<>();
              for (int i = 0; i < pushes; i++) {
                b.add(new Op(true, time));
              }
              for (int i = 0; i < polls; i++) {
                b.add(new Op(false, 0));
              }
              return b;
            });
    return burst.list().ofMaxSize(60).map(bursts -> {
      List<Op> ops = new ArrayList<>();
      bursts.forEach(ops::addAll);
      return ops;
    });
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
