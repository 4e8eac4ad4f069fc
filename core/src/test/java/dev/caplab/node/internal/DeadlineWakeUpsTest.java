package dev.caplab.node.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Many wake-ups pending at once: each deadline earlier than every pending wake-up asks for one
 * of its own, so the wake-ups form a heap of their own. Every deadline must still expire exactly
 * at its time, in (time, insertion) order, however the wake-ups and the deadlines interleave.
 */
class DeadlineWakeUpsTest {

  /** A timer of wake-ups, as a runtime would keep it: time -> how many were asked for then. */
  private final TreeMap<Long, Integer> timer = new TreeMap<>();
  private int asked;
  private final Deadlines deadlines = new Deadlines(at -> {
    asked++;
    timer.merge(at, 1, Integer::sum);
  });
  private final List<String> expired = new ArrayList<>();
  private long now;

  private final class Named extends Deadlines.Deadline {
    final String name;

    Named(String name) {
      this.name = name;
    }

    @Override
    void expire() {
      expired.add(name + "@" + now);
    }
  }

  private Named add(String name, long at) {
    Named d = new Named(name);
    deadlines.add(d, at);
    return d;
  }

  /** Runs the timer's wake-ups up to {@code until}, each at its own time. */
  private void runUntil(long until) {
    while (!timer.isEmpty() && timer.firstKey() <= until) {
      now = timer.firstKey();
      if (timer.merge(now, -1, Integer::sum) == 0) {
        timer.remove(now);
      }
      deadlines.expire(now);
    }
    now = until;
  }

  @Test
  void deadlinesAddedEarliestLastEachExpireAtTheirTime() {
    List<String> expected = new ArrayList<>();
    for (int i = 12; i >= 1; i--) {
      add("d" + i, 10L * i);
    }
    for (int i = 1; i <= 12; i++) {
      expected.add("d" + i + "@" + 10L * i);
    }
    runUntil(1000);
    assertEquals(expected, expired);
    assertEquals(0, deadlines.size());
    assertEquals(0, timer.size(), "no wake-up left over");
    assertEquals(12, asked, "one wake-up per deadline, each earlier than all pending, and no other");
  }

  @Test
  void wakeUpsThatFindNothingDueStillLeaveOneForEveryDeadline() {
    Named[] removed = new Named[6];
    for (int i = 6; i >= 1; i--) {
      removed[i - 1] = add("gone" + i, 10L * i + 5);
    }
    add("x", 100);
    add("y", 33);
    add("z", 33);
    for (Named d : removed) {
      deadlines.remove(d);
    }
    add("w", 47);
    runUntil(40);
    add("v", 41);
    add("u", 90);
    add("t", 41);
    runUntil(1000);
    assertEquals(List.of("y@33", "z@33", "v@41", "t@41", "w@47", "u@90", "x@100"), expired);
    assertEquals(0, timer.size(), "no wake-up left over");
  }

  @Test
  void interleavedAddsAndExpiriesKeepEveryDeadlineOnTime() {
    List<String> expected = new ArrayList<>();
    long next = 1000;
    // rounds of deadlines added in falling order, each round starting after the last ran a while
    for (int round = 0; round < 5; round++) {
      long base = now + 500;
      for (int i = 7; i >= 0; i--) {
        add("r" + round + "d" + i, base + 13L * i + (i % 3));
      }
      List<Long> times = new ArrayList<>();
      for (int i = 0; i <= 7; i++) {
        times.add(base + 13L * i + (i % 3));
      }
      runUntil(base + 40);
      for (int i = 0; i <= 7; i++) {
        if (times.get(i) <= base + 40) {
          expected.add("r" + round + "d" + i + "@" + times.get(i));
        }
      }
      assertEquals(expected, expired, "round " + round);
      runUntil(base + 400);
      for (int i = 0; i <= 7; i++) {
        if (times.get(i) > base + 40) {
          expected.add("r" + round + "d" + i + "@" + times.get(i));
        }
      }
      assertEquals(expected, expired, "round " + round);
      next += 1000;
    }
  }
}
