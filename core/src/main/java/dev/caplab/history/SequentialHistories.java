package dev.caplab.history;

import dev.caplab.config.Require;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Linearizable-by-construction key-value histories of any size, for tests and benchmarks of the
 * checkers: a real sequential execution of reads and writes on a map of registers, whose
 * operations are then given overlapping real-time intervals around their linearization points.
 *
 * <p>Construction: operation {@code i} takes effect at time {@code SPACING * i} on a uniformly
 * random key (a read with probability 1/2, else a write of the unique value {@code i + 1}); a read
 * returns the key's value at that point ({@code null} before the key's first write). Operations
 * go round-robin to the processes, and each gets an interval reaching a random distance (below
 * half the gap between two operations of its process) before and after its point, so intervals of
 * different processes overlap (on average about half of {@code processes} operations are
 * concurrent at any time) while each process has one outstanding operation at most. Placing every operation at its point
 * is a legal linearization, so a correct checker must accept every such history.
 *
 * <p>Deterministic for a seed. Stateless and thread-safe.
 */
public final class SequentialHistories {

  /** Time between two consecutive linearization points. */
  public static final long SPACING = 10;

  private SequentialHistories() {}

  /**
   * A linearizable history of {@code ops} operations on keys {@code "k0"..} over {@code processes}
   * processes.
   *
   * @throws IllegalArgumentException if a count is below 1
   */
  public static History kv(int ops, int keys, int processes, long seed) {
    Require.atLeast("ops", ops, 1);
    Require.atLeast("keys", keys, 1);
    Require.atLeast("processes", processes, 1);
    SplittableRandom random = new SplittableRandom(seed);
    Long[] value = new Long[keys];
    String[] names = new String[keys];
    for (int k = 0; k < keys; k++) {
      names[k] = "k" + k;
    }
    long reach = Math.max(1, SPACING * processes / 2 - 1); // stays inside the process's slot
    List<Op> events = new ArrayList<>(2 * ops);
    for (int i = 0; i < ops; i++) {
      int k = random.nextInt(keys);
      int p = i % processes;
      long point = SPACING * i;
      long invoke = point - random.nextLong(reach);
      long complete = point + random.nextLong(reach);
      if (random.nextBoolean()) {
        events.add(Op.invoke(p, Op.Fn.READ, names[k], null, invoke));
        events.add(new Op(p, Op.Type.OK, Op.Fn.READ, names[k], value[k], complete));
      } else {
        long v = i + 1L;
        value[k] = v;
        events.add(Op.invoke(p, Op.Fn.WRITE, names[k], v, invoke));
        events.add(new Op(p, Op.Type.OK, Op.Fn.WRITE, names[k], v, complete));
      }
    }
    return History.of(events);
  }
}
