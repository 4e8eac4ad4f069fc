package dev.caplab.replication.crdt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class CausalContextTest {

  private static final ReplicaId A = ReplicaId.of("a");
  private static final ReplicaId B = ReplicaId.of("b");

  private static Dot dot(ReplicaId r, long counter) {
    return new Dot(r, counter);
  }

  @Test
  void dotsThatContinueAReplicasMaximumFoldIntoTheVectorAndTheRestStayInTheCloudOnce() {
    CausalContext c = CausalContext.of(List.of(dot(B, 4), dot(A, 2), dot(A, 1), dot(B, 4), dot(A, 3), dot(B, 2)));
    assertEquals("{a:1..3, b:2, b:4}", c.toString());
    assertEquals(2, c.cloudSize());
    assertTrue(c.contains(dot(A, 3)) && c.contains(dot(B, 4)));
    assertFalse(c.contains(dot(B, 1)) || c.contains(dot(B, 3)));
    assertEquals(dot(B, 5), c.nextDot(B));
  }

  @Test
  void addingTheMissingDotCompactsTheCloud() {
    CausalContext c = CausalContext.of(List.of(dot(A, 2), dot(A, 3))).add(dot(A, 1));
    assertEquals("{a:1..3}", c.toString());
    assertEquals(0, c.cloudSize());
    assertEquals(3, c.max(A));
  }

  @Test
  void mergeJoinsVectorsAndCloudsAndReturnsAnInputThatIsAlreadyTheJoin() {
    CausalContext full = CausalContext.of(List.of(dot(A, 1), dot(A, 2), dot(B, 1)));
    CausalContext delta = CausalContext.of(List.of(dot(A, 4)));
    CausalContext merged = full.merge(delta);
    assertEquals("{a:1..2, b:1..1, a:4}", merged.toString());
    assertEquals("{a:1..4, b:1..1}", merged.merge(CausalContext.of(List.of(dot(A, 3)))).toString());
    assertSame(merged, merged.merge(delta));
    assertSame(merged, merged.merge(full));
    assertTrue(delta.isSubsetOf(merged) && full.isSubsetOf(merged));
    assertFalse(merged.isSubsetOf(full));
  }

  /** Adding a dot the context has already seen changes nothing: a delta delivered twice is harmless. */
  @Test
  void addingADotAlreadySeenChangesNothing() {
    CausalContext c = CausalContext.of(List.of(dot(A, 1), dot(A, 2), dot(B, 3)));
    assertEquals(c, c.add(dot(A, 2)));
    assertEquals(c, c.add(dot(B, 3)));
    assertEquals("{a:1..2, b:3}", c.add(dot(A, 1)).toString());
  }
}
