package dev.caplab.replication.crdt;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Tombstone growth: a million random adds and removes at 10 replicas with periodic full-state
 * merges leave ORSet metadata bounded by the replicas and the live elements, not the removes.
 */
class ORSetMetadataTest {

  static final int REPLICAS = 10;
  static final int OPERATIONS = 1_000_000;
  static final int ELEMENTS = 1_000;
  static final int MERGE_EVERY = 100;

  @Test
  void metadataStaysBoundedByReplicasAndLiveElements() {
    SplittableRandom random = new SplittableRandom(42);
    ReplicaId[] ids = new ReplicaId[REPLICAS];
    @SuppressWarnings("unchecked")
    ORSet<Integer>[] replicas = new ORSet[REPLICAS];
    for (int i = 0; i < REPLICAS; i++) {
      ids[i] = ReplicaId.of("r" + i);
      replicas[i] = ORSet.empty();
    }
    long removes = 0;
    for (int op = 1; op <= OPERATIONS; op++) {
      int at = random.nextInt(REPLICAS);
      int e = random.nextInt(ELEMENTS);
      if (random.nextBoolean()) {
        replicas[at] = replicas[at].add(ids[at], e);
      } else {
        removes += replicas[at].contains(e) ? 1 : 0;
        replicas[at] = replicas[at].remove(e);
      }
      if (op % MERGE_EVERY == 0) {
        int to = random.nextInt(REPLICAS);
        replicas[to] = replicas[to].merge(replicas[random.nextInt(REPLICAS)]);
      }
      if (op % 100_000 == 0) {
        for (ORSet<Integer> r : replicas) {
          assertBounded(r, op, removes);
        }
      }
    }
    ORSet<Integer> all = replicas[0];
    for (ORSet<Integer> r : replicas) {
      all = all.merge(r);
    }
    assertBounded(all, OPERATIONS, removes);
    System.out.printf(
        "ORSet after %,d ops (%,d effective removes) at %d replicas: %,d live elements, %,d dots, %,d metadata bytes (%.1f per live element)%n",
        OPERATIONS, removes, REPLICAS, all.size(), all.dotCount(), all.metadataBytes(),
        (double) all.metadataBytes() / Math.max(1, all.size()));
  }

  /**
   * The context holds one version-vector entry per replica (full-state merges leave no cloud) and
   * each live element one dot per replica that added it concurrently: at most {@code REPLICAS}
   * dots, and on average at most 2 in this workload.
   */
  private static void assertBounded(ORSet<Integer> set, int op, long removes) {
    long dotBytes = 2 + Metadata.COUNTER_BYTES; // "r0".."r9" plus the counter
    long hardBound = dotBytes * (REPLICAS + (long) REPLICAS * set.size());
    long tightBound = dotBytes * (REPLICAS + 2L * set.size());
    assertTrue(set.metadataBytes() <= hardBound,
        () -> "after " + op + " ops: " + set.metadataBytes() + " bytes > hard bound " + hardBound);
    assertTrue(set.metadataBytes() <= tightBound,
        () -> "after " + op + " ops: " + set.metadataBytes() + " bytes > " + tightBound
            + " = 10 * (replicas + 2 * live " + set.size() + "); removes so far " + removes);
  }
}
