package dev.caplab.replication.quorum;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.BitSet;
import java.util.SortedMap;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Where keys fall in a Merkle tree (spread over the leaves by their hash's top bits, all in the
 * root at depth 0, which the configuration allows) and which nodes a tree has.
 */
class MerkleTreeTest {

  private static final Siblings V = Siblings.of(new Versioned("v", new LwwStamp(1, "n0", 1)));

  @Test
  void keysSpreadOverTheLeavesByTheirHash() {
    BitSet used = new BitSet();
    for (int i = 0; i < 200; i++) {
      int leaf = MerkleTree.leafOf("key" + i, 4);
      assertTrue(leaf >= 0 && leaf < 16, "leaf " + leaf);
      used.set(leaf);
    }
    assertEquals(16, used.cardinality(), "200 keys use every one of 16 leaves");
  }

  @Test
  void aDepthZeroTreeHasOneLeafForEveryKey() {
    SortedMap<String, Siblings> entries = new TreeMap<>();
    for (int i = 0; i < 20; i++) {
      assertEquals(0, MerkleTree.leafOf("key" + i, 0));
      entries.put("key" + i, V);
    }
    MerkleTree tree = MerkleTree.build(entries, 0);
    assertNotEquals(0, tree.root());
    assertEquals(tree.root(), tree.hash(0, 0));
  }

  @Test
  void aNodeOutsideTheTreeIsRefused() {
    MerkleTree tree = MerkleTree.build(new TreeMap<>(), 2);
    assertEquals(0, tree.hash(2, 3));
    for (int[] at : new int[][] {{-1, 0}, {3, 0}, {1, -1}, {1, 2}}) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> tree.hash(at[0], at[1]));
      assertEquals("no Merkle node " + at[1] + " at level " + at[0] + " of a depth-2 tree", e.getMessage());
    }
  }
}
