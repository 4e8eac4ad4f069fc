package dev.caplab.replication.quorum;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.caplab.replication.version.VersionVector;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeSet;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * DVV against a reference model. Three replicas take writes (each replica mints its own dots and
 * applies the write to its own state, as a coordinating replica does), reads (a snapshot of one
 * replica's siblings and context), and one-way merges in random order. The model gives each write
 * its causal history as a set of write ids: itself plus everything the read it carried a context
 * from had seen. After every step each replica must hold exactly the writes it knows of that no
 * other write it knows of has in its history; after merging everything in a random order, every
 * replica holds exactly the writes not causally overwritten by any write.
 */
class DvvPropertiesTest {

  private static final int REPLICAS = 3;

  /** A read: the context it returns and the write ids it saw (with their histories). */
  private record Snapshot(VersionVector context, TreeSet<Integer> seen) {}

  @Property(tries = 500)
  void siblingsAreExactlyTheWritesNotCausallyOverwritten(
      @ForAll @Size(max = 80) List<@IntRange(min = 0, max = 100_000) Integer> ops, @ForAll long seed) {
    Siblings[] state = new Siblings[REPLICAS];
    long[] counter = new long[REPLICAS];
    List<TreeSet<Integer>> known = new ArrayList<>();
    for (int r = 0; r < REPLICAS; r++) {
      known.add(new TreeSet<>());
    }
    Map<Integer, TreeSet<Integer>> history = new HashMap<>();
    List<Snapshot> reads = new ArrayList<>();
    int nextWrite = 0;
    for (int op : ops) {
      int kind = op % 3;
      int i = (op / 3) % REPLICAS;
      int j = (op / 9) % REPLICAS;
      int pick = op / 27;
      if (kind == 0) {
        // A write at replica i with the context of an earlier read (or none: blind).
        int s = pick % (reads.size() + 1);
        Snapshot read = s == reads.size() ? new Snapshot(VersionVector.empty(), new TreeSet<>()) : reads.get(s);
        int id = nextWrite++;
        TreeSet<Integer> h = new TreeSet<>(read.seen());
        h.add(id);
        history.put(id, h);
        DottedVersion dot = new DottedVersion("r" + i, ++counter[i], read.context());
        state[i] = Siblings.write(state[i], new Versioned("w" + id, dot));
        known.get(i).addAll(h);
      } else if (kind == 1) {
        TreeSet<Integer> seen = new TreeSet<>();
        if (state[i] != null) {
          for (String v : state[i].values()) {
            seen.addAll(history.get(Integer.parseInt(v.substring(1))));
          }
        }
        reads.add(new Snapshot(state[i] == null ? VersionVector.empty() : state[i].context(), seen));
      } else {
        state[j] = Siblings.merge(state[j], state[i]);
        known.get(j).addAll(known.get(i));
      }
      for (int r = 0; r < REPLICAS; r++) {
        assertEquals(maximal(known.get(r), history), values(state[r]), "replica r" + r + " after op " + op);
      }
    }
    // Anti-entropy in a random order until every replica has heard from every other.
    SplittableRandom random = new SplittableRandom(seed);
    List<int[]> pairs = new ArrayList<>();
    for (int round = 0; round < 2; round++) {
      for (int a = 0; a < REPLICAS; a++) {
        for (int b = 0; b < REPLICAS; b++) {
          if (a != b) {
            pairs.add(new int[] {a, b});
          }
        }
      }
    }
    for (int k = pairs.size() - 1; k > 0; k--) {
      int m = random.nextInt(k + 1);
      int[] t = pairs.get(k);
      pairs.set(k, pairs.get(m));
      pairs.set(m, t);
    }
    // A full round in a fixed order afterwards guarantees every pair has met.
    for (int a = 0; a < REPLICAS; a++) {
      for (int b = 0; b < REPLICAS; b++) {
        if (a != b) {
          pairs.add(new int[] {a, b});
        }
      }
    }
    for (int[] p : pairs) {
      state[p[1]] = Siblings.merge(state[p[1]], state[p[0]]);
    }
    TreeSet<Integer> all = new TreeSet<>(history.keySet());
    for (int r = 0; r < REPLICAS; r++) {
      assertEquals(maximal(all, history), values(state[r]), "replica r" + r + " after every merge");
      assertEquals(state[0], state[r], "replicas r0 and r" + r + " converge to equal states");
      if (state[r] != null) {
        assertEquals(state[0].digest(), state[r].digest(), "equal states digest equally");
      }
    }
  }

  /** The writes of {@code known} that no other write of {@code known} has in its history. */
  private static TreeSet<Integer> maximal(TreeSet<Integer> known, Map<Integer, TreeSet<Integer>> history) {
    TreeSet<Integer> out = new TreeSet<>();
    for (int w : known) {
      boolean overwritten = false;
      for (int o : known) {
        if (o != w && history.get(o).contains(w)) {
          overwritten = true;
          break;
        }
      }
      if (!overwritten) {
        out.add(w);
      }
    }
    return out;
  }

  private static TreeSet<Integer> values(Siblings s) {
    TreeSet<Integer> out = new TreeSet<>();
    if (s != null) {
      for (String v : s.values()) {
        out.add(Integer.parseInt(v.substring(1)));
      }
    }
    return out;
  }
}
