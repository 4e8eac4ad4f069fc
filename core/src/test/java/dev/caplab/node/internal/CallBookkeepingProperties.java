package dev.caplab.node.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The two structures behind the call facility against plain reference models: the request table
 * behaves as a map, and the deadline heap expires exactly what is due, in (time, insertion) order,
 * with a wake-up pending at or before its earliest entry whenever it holds one, and no wake-up
 * armed that one already pending makes needless: each wake-up asked for is earlier than every
 * one pending, so the pending wake-ups fall in the order they were asked for and each one taken
 * is the last one asked for (the heap of wake-ups is used as a stack).
 */
class CallBookkeepingProperties {

  /** op: 0 put, 1 remove, 2 get; keys from a small range so that probe runs collide and wrap. */
  record TableOp(int op, long key) {}

  @Provide
  Arbitrary<List<TableOp>> tableOps() {
    return Arbitraries.integers().between(0, 2)
        .flatMap(op -> Arbitraries.longs().between(1, 200).map(k -> new TableOp(op, k)))
        .list().ofMaxSize(600);
  }

  @Property(tries = 300)
  void theRequestTableBehavesAsAMap(@ForAll("tableOps") List<TableOp> ops) {
    LongTable<String> table = new LongTable<>();
    Map<Long, String> model = new HashMap<>();
    int n = 0;
    for (TableOp o : ops) {
      switch (o.op()) {
        case 0 -> {
          if (!model.containsKey(o.key())) {
            String v = "v" + n++;
            table.put(o.key(), v);
            model.put(o.key(), v);
          } else {
            // a request id mapped twice is a runtime's mistake, never a second entry
            assertThrows(IllegalStateException.class, () -> table.put(o.key(), "again"));
          }
        }
        case 1 -> assertEquals(model.remove(o.key()), table.remove(o.key()));
        default -> assertEquals(model.get(o.key()), table.get(o.key()));
      }
      assertEquals(model.size(), table.size());
      assertEquals(model.isEmpty(), table.isEmpty());
    }
    for (long k = 1; k <= 200; k++) {
      assertEquals(model.get(k), table.get(k), "key " + k);
    }
    List<String> values = new ArrayList<>();
    table.forEachValue(values::add);
    values.sort(Comparator.naturalOrder());
    assertEquals(model.values().stream().sorted().toList(), values);
  }

  /**
   * The request table against a map, on a ring that starts at 4 slots and may grow to 16, so
   * clashes (the older entry moving to the overflow table), growth and lookups that fall through to
   * the overflow all happen; ids mostly increase, as a runtime numbers requests, with some jumps.
   */
  @Property(tries = 300)
  void theRingRequestTableBehavesAsAMap(@ForAll("requestOps") List<TableOp> ops) {
    RequestTable<String> table = new RequestTable<>(4, 16);
    Map<Long, String> model = new HashMap<>();
    int n = 0;
    for (TableOp o : ops) {
      switch (o.op()) {
        case 0 -> {
          if (!model.containsKey(o.key())) {
            String v = "v" + n++;
            table.put(o.key(), v);
            model.put(o.key(), v);
          } else {
            assertThrows(IllegalStateException.class, () -> table.put(o.key(), "again"));
          }
        }
        case 1 -> assertEquals(model.remove(o.key()), table.remove(o.key()));
        default -> assertEquals(model.get(o.key()), table.get(o.key()));
      }
      assertEquals(model.size(), table.size());
      assertEquals(model.isEmpty(), table.isEmpty());
      assertTrue(table.ringCapacity() <= 16);
    }
    for (long k : model.keySet()) {
      assertEquals(model.get(k), table.get(k), "key " + k);
    }
    List<String> values = new ArrayList<>();
    table.forEachValue(values::add);
    values.sort(Comparator.naturalOrder());
    assertEquals(model.values().stream().sorted().toList(), values);
  }

  @Provide
  Arbitrary<List<TableOp>> requestOps() {
    // Keys near a moving front (as sequence numbers are) or anywhere below 300.
    return Arbitraries.integers().between(0, 2)
        .flatMap(op -> Arbitraries.longs().between(1, 300).map(k -> new TableOp(op, k)))
        .list().ofMaxSize(600)
        .map(list -> {
          List<TableOp> out = new ArrayList<>(list.size());
          long front = 1;
          for (TableOp o : list) {
            long key = o.key() % 3 == 0 ? o.key() : front + o.key() % 7;
            if (o.op() == 0 && key == front) {
              front++;
            }
            out.add(new TableOp(o.op(), key));
          }
          return out;
        });
  }

  @Example
  void theRingGrowsWhileHalfFullThenMovesClashesToTheOverflow() {
    RequestTable<String> table = new RequestTable<>(4, 8);
    table.put(1, "a");
    table.put(2, "b");
    table.put(5, "c"); // slot 1 of 4 is taken and the ring is half full: it grows to 8
    assertEquals(8, table.ringCapacity());
    table.put(9, "d"); // slot 1 of 8 is taken, the ring is under half full and at its largest: "a" moves aside
    assertEquals(8, table.ringCapacity());
    assertEquals("a", table.get(1));
    assertEquals("d", table.get(9));
    assertEquals(4, table.size());
    assertEquals("a", table.remove(1));
    assertNull(table.get(1));
    assertEquals("d", table.remove(9));
    assertEquals(2, table.size());
    table.clear();
    assertTrue(table.isEmpty());
    assertNull(table.get(2));
    assertThrows(IllegalArgumentException.class, () -> table.put(0, "zero"));
    assertThrows(IllegalArgumentException.class, () -> new RequestTable<String>(3, 8));
    assertThrows(IllegalArgumentException.class, () -> new RequestTable<String>(16, 8));
  }

  @Example
  void removingKeyZeroRemovesNothing() {
    // 0 marks a free slot: removing it must not count a free slot as a removed mapping.
    RequestTable<String> ring = new RequestTable<>(4, 8);
    ring.put(1, "a");
    assertNull(ring.remove(0));
    assertEquals(1, ring.size());
    assertEquals("a", ring.get(1));
    LongTable<String> table = new LongTable<>();
    table.put(1, "a");
    assertNull(table.remove(0));
    assertEquals(1, table.size());
    assertEquals("a", table.get(1));
  }

  /**
   * A cleared table holds nothing: no key is found, no value visited, and 0 (the mark of a free
   * slot, never a key) finds nothing either, whichever slot the cleared key had taken.
   */
  @Example
  void aClearedTableFindsNothingNotEvenUnderTheFreeSlotMark() {
    for (long k = 1; k <= 200; k++) {
      LongTable<String> table = new LongTable<>();
      RequestTable<String> ring = new RequestTable<>();
      table.put(k, "old");
      ring.put(k, "old");
      table.clear();
      ring.clear();
      assertNull(table.get(0), "key " + k);
      assertNull(ring.get(0), "key " + k);
      assertNull(table.get(k));
      assertNull(ring.get(k));
      List<String> visited = new ArrayList<>();
      table.forEachValue(visited::add);
      ring.forEachValue(visited::add);
      assertEquals(List.of(), visited, "key " + k);
      // filled again with another key, the tables still find nothing under 0
      table.put(k + 1, "new");
      ring.put(k + 1, "new");
      assertNull(table.get(0), "key " + k);
      assertNull(ring.get(0), "key " + k);
      ring.put(k, "new");
      assertEquals(2, ring.size());
      assertEquals("new", ring.remove(k));
      assertEquals(1, ring.size());
    }
  }

  @Example
  void aRingWhoseFirstSizeIsItsLargestNeverGrows() {
    RequestTable<String> table = new RequestTable<>(8, 8);
    table.put(1, "a");
    table.put(9, "b"); // slot 1 of 8 again: "a" moves to the overflow table
    assertEquals(8, table.ringCapacity());
    assertEquals("a", table.get(1));
    assertEquals("b", table.get(9));
    assertEquals(2, table.size());
  }

  /**
   * Equal times expire in insertion order also after a removal moves the heap's last entry up
   * past a later-inserted entry due at the same time.
   */
  @Example
  void equalTimesKeepInsertionOrderAfterARemovalMovesTheLastEntryUp() {
    List<String> expired = new ArrayList<>();
    Deadlines deadlines = new Deadlines(at -> {});
    long[] times = {1, 3, 2, 2, 3, 1};
    List<Entry> made = new ArrayList<>();
    for (int i = 0; i < times.length; i++) {
      Entry e = new Entry("d" + i, i, expired);
      deadlines.add(e, times[i]);
      made.add(e);
    }
    deadlines.remove(made.get(1));
    deadlines.add(new Entry("d6", 6, expired), 3);
    deadlines.expire(10);
    assertEquals(List.of("d0", "d5", "d2", "d3", "d4", "d6"), expired);
  }

  /**
   * A removal sifts the heap's last entry down past a child due at the same time but inserted
   * later: the child must stay below it.
   */
  @Example
  void anEqualTimeChildInsertedLaterStaysBelowTheEntryMovedDown() {
    List<String> expired = new ArrayList<>();
    Deadlines deadlines = new Deadlines(at -> {});
    deadlines.add(new Entry("d0", 0, expired), 4);
    deadlines.add(new Entry("d1", 1, expired), 4);
    deadlines.add(new Entry("d2", 2, expired), 2); // the new root; d0 becomes the last entry
    deadlines.expire(4);
    assertEquals(List.of("d2", "d0", "d1"), expired);
  }

  @Example
  void aClearedTableTakesTheSameKeysAgain() {
    LongTable<String> table = new LongTable<>();
    for (long k = 1; k <= 40; k++) {
      table.put(k, "old" + k);
    }
    table.clear();
    assertEquals(0, table.size());
    assertNull(table.get(7));
    for (long k = 1; k <= 40; k++) {
      table.put(k, "new" + k);
    }
    assertEquals("new7", table.get(7));
    assertEquals("new40", table.remove(40));
    assertEquals(39, table.size());
  }

  @Example
  void aKeyThatIsNotPositiveOrADeadlineScheduledTwiceIsRefused() {
    LongTable<String> table = new LongTable<>();
    assertThrows(IllegalArgumentException.class, () -> table.put(0, "zero")); // 0 marks an empty slot
    assertEquals(0, table.size());
    Deadlines deadlines = new Deadlines(at -> {});
    Entry e = new Entry("d", 0, new ArrayList<>());
    deadlines.add(e, 5);
    assertThrows(IllegalStateException.class, () -> deadlines.add(e, 7));
    assertEquals(5, e.at());
    assertEquals(1, deadlines.size());
  }

  /**
   * op: 0 add at now+delta, 1 remove the i-th live deadline, 2 advance time by delta and expire,
   * 3 add just before the earliest live deadline (which asks for one more wake-up while the others
   * wait, so runs of op 3 pile wake-ups up many deep).
   */
  record DeadlineOp(int op, int delta, int index) {}

  @Provide
  Arbitrary<List<DeadlineOp>> deadlineOps() {
    return Arbitraries.integers().between(0, 3).flatMap(op -> Arbitraries.integers().between(0, 20)
        .flatMap(d -> Arbitraries.integers().between(0, 50).map(i -> new DeadlineOp(op, d, i))))
        .list().ofMaxSize(400);
  }

  @Property(tries = 300)
  void deadlinesExpireInTimeThenInsertionOrderAndAlwaysHaveAWakeUp(@ForAll("deadlineOps") List<DeadlineOp> ops) {
    long[] now = {0};
    TreeMap<Long, Long> wakeups = new TreeMap<>(); // time -> count, the model of pending wake-ups
    List<String> expired = new ArrayList<>();
    Deadlines deadlines = new Deadlines(at -> {
      // one timer event per deadline that comes due before every wake-up pending, no more
      assertTrue(wakeups.isEmpty() || wakeups.firstKey() > at, "armed " + at + " with " + wakeups + " pending");
      wakeups.merge(at, 1L, Long::sum);
    });
    List<Entry> live = new ArrayList<>(); // the model: by (time, insertion)
    int made = 0;
    for (DeadlineOp o : ops) {
      switch (o.op()) {
        case 0, 3 -> {
          Entry e = new Entry("d" + made, made++, expired);
          long earliest = live.stream().mapToLong(Entry::at).min().orElse(Long.MAX_VALUE);
          deadlines.add(e, o.op() == 0 || earliest == Long.MAX_VALUE ? now[0] + o.delta()
              : Math.max(now[0], earliest - 1 - o.delta() % 3));
          live.add(e);
        }
        case 1 -> {
          if (!live.isEmpty()) {
            Entry e = live.remove(o.index() % live.size());
            deadlines.remove(e);
          }
        }
        default -> {
          now[0] += o.delta();
          // Fire every wake-up due, earliest first, as the runtime would.
          while (!wakeups.isEmpty() && wakeups.firstKey() <= now[0]) {
            long at = wakeups.firstKey();
            if (wakeups.merge(at, -1L, Long::sum) == 0) {
              wakeups.remove(at);
            }
            List<Entry> due = live.stream().filter(x -> x.at() <= at)
                .sorted(Comparator.comparingLong(Entry::at).thenComparingInt(x -> x.made)).toList();
            expired.clear();
            deadlines.expire(at);
            assertEquals(due.stream().map(x -> x.name).toList(), expired, "expired at " + at);
            live.removeAll(due);
          }
        }
      }
      assertEquals(live.size(), deadlines.size());
      if (!live.isEmpty()) {
        long earliest = live.stream().mapToLong(Entry::at).min().orElseThrow();
        assertEquals(true, !wakeups.isEmpty() && wakeups.firstKey() <= earliest,
            "a wake-up must be pending at or before " + earliest + ", pending " + wakeups);
      }
    }
  }

  private static final class Entry extends Deadlines.Deadline {
    final String name;
    final int made;
    final List<String> log;

    Entry(String name, int made, List<String> log) {
      this.name = name;
      this.made = made;
      this.log = log;
    }

    @Override
    void expire() {
      log.add(name);
    }
  }
}
