package dev.caplab.replication.ring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class ConsistentHashRingTest {

  private static final int KEYS = 20_000;

  private static ConsistentHashRing<String> ring(int nodes, int vnodes) {
    ConsistentHashRing<String> r = ConsistentHashRing.ofNames(vnodes);
    for (int i = 0; i < nodes; i++) {
      r.add("node" + i);
    }
    return r;
  }

  private static List<String> keys() {
    List<String> keys = new ArrayList<>(KEYS);
    for (int i = 0; i < KEYS; i++) {
      keys.add("key-" + i);
    }
    return keys;
  }

  @Property(tries = 20)
  void preferenceListsHaveNDistinctNodes(@ForAll @IntRange(min = 1, max = 12) int nodes,
      @ForAll @IntRange(min = 1, max = 12) int n, @ForAll @IntRange(min = 1, max = 64) int vnodes) {
    if (n > nodes) {
      return;
    }
    ConsistentHashRing<String> r = ring(nodes, vnodes);
    for (int k = 0; k < 500; k++) {
      List<String> pl = r.preferenceList("k" + k, n);
      assertEquals(n, pl.size());
      assertEquals(n, new HashSet<>(pl).size(), () -> "duplicates in " + pl);
      assertEquals(r.primary("k" + k), pl.get(0));
      assertEquals(pl, r.walk("k" + k).subList(0, n), "the walk starts with the preference list");
    }
  }

  @Test
  void addingANodeMovesOnlyKeysWhosePreferenceListNowIncludesIt() {
    int nodes = 10;
    int n = 3;
    ConsistentHashRing<String> r = ring(nodes, 128);
    List<String> keys = keys();
    List<List<String>> before = new ArrayList<>();
    for (String k : keys) {
      before.add(r.preferenceList(k, n));
    }
    r.add("new");
    int movedPrimary = 0;
    for (int i = 0; i < keys.size(); i++) {
      List<String> after = r.preferenceList(keys.get(i), n);
      if (!after.equals(before.get(i))) {
        assertTrue(after.contains("new"), "key " + keys.get(i) + " moved from " + before.get(i) + " to " + after
            + " without the new node");
        // The new node is inserted; the rest keep their order and the last one drops off.
        List<String> rest = new ArrayList<>(after);
        rest.remove("new");
        assertEquals(before.get(i).subList(0, n - 1), rest);
      }
      if (!after.get(0).equals(before.get(i).get(0))) {
        assertEquals("new", after.get(0));
        movedPrimary++;
      }
    }
    double share = movedPrimary / (double) keys.size();
    double expected = 1.0 / (nodes + 1);
    assertTrue(share > expected * 0.6 && share < expected * 1.5,
        "primary share moved to the new node " + share + ", expected about " + expected);
  }

  @Test
  void removingANodeMovesOnlyItsShare() {
    int n = 3;
    ConsistentHashRing<String> r = ring(10, 128);
    List<String> keys = keys();
    List<List<String>> before = new ArrayList<>();
    for (String k : keys) {
      before.add(r.preferenceList(k, n));
    }
    r.remove("node4");
    int moved = 0;
    for (int i = 0; i < keys.size(); i++) {
      List<String> after = r.preferenceList(keys.get(i), n);
      assertFalse(after.contains("node4"));
      if (!before.get(i).contains("node4")) {
        assertEquals(before.get(i), after, "a key node4 did not replicate must not move");
      } else {
        moved++;
      }
      if (!after.get(0).equals(before.get(i).get(0))) {
        assertEquals("node4", before.get(i).get(0), "only node4's primary keys change primary");
      }
    }
    double share = moved / (double) keys.size();
    assertTrue(share > 0.3 * 0.6 && share < 0.3 * 1.5, "node4 replicated " + share + " of keys, expected about 0.3");
  }

  @Test
  void placementIsPinnedAcrossRuns() {
    // Pinned values: a change here means every stored key would move (and runs stop reproducing).
    assertEquals(RING_HASH_OF_HELLO, RingHash.hash64("hello"));
    assertEquals(RING_HASH_OF_EMPTY, RingHash.hash64(""));
    ConsistentHashRing<String> r = ring(5, 16);
    assertEquals(PINNED_LIST, r.preferenceList("user:42", 3));
    // Insertion order does not matter, only names.
    ConsistentHashRing<String> reversed = ConsistentHashRing.ofNames(16);
    for (int i = 4; i >= 0; i--) {
      reversed.add("node" + i);
    }
    for (int k = 0; k < 1000; k++) {
      assertEquals(r.preferenceList("k" + k, 3), reversed.preferenceList("k" + k, 3));
    }
  }

  @Test
  void hashSpreadsEveryTailLength() {
    HashSet<Long> seen = new HashSet<>();
    StringBuilder s = new StringBuilder();
    for (int len = 0; len < 40; len++) {
      assertTrue(seen.add(RingHash.hash64(s.toString())), "collision at length " + len);
      s.append('x');
    }
  }

  @Test
  void neighboursShareRanges() {
    ConsistentHashRing<String> r = ring(6, 32);
    List<String> nb = r.neighbours("node0", 3);
    assertFalse(nb.contains("node0"));
    for (int k = 0; k < 2000; k++) {
      List<String> pl = r.preferenceList("k" + k, 3);
      if (pl.contains("node0")) {
        for (String other : pl) {
          assertTrue(other.equals("node0") || nb.contains(other), other + " shares key k" + k + " but is no neighbour");
        }
      }
    }
  }

  @Test
  void badInputIsRejectedWithTheSettingAndRange() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ConsistentHashRing.ofNames(0));
    assertEquals("vnodes must be >= 1, got 0", e.getMessage());
    ConsistentHashRing<String> r = ring(3, 4);
    e = assertThrows(IllegalArgumentException.class, () -> r.preferenceList("k", 4));
    assertEquals("preference list length n must be between 1 and the number of nodes (3), got 4", e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> r.add("node1"));
    assertThrows(IllegalArgumentException.class, () -> r.remove("nope"));
    assertThrows(IllegalStateException.class, () -> ConsistentHashRing.ofNames(1).primary("k"));
  }

  static final long RING_HASH_OF_HELLO = 985943122500262273L;
  static final long RING_HASH_OF_EMPTY = -8874732503539748038L;
  static final List<String> PINNED_LIST = List.of("node2", "node3", "node0");
}
