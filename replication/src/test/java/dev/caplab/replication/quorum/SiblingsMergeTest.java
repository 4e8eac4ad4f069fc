package dev.caplab.replication.quorum;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.caplab.replication.version.VersionVector;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Vector-clock merges where neither side covers the other, so every version of both is weighed:
 * a version an incoming one descends from is dropped, a version both sides hold is kept once, and
 * the sides may hold different numbers of siblings.
 */
class SiblingsMergeTest {

  private static Versioned v(String value, Map<String, Long> clock) {
    return new Versioned(value, new VectorClock(VersionVector.of(clock)));
  }

  private static final Versioned A2 = v("a2", Map.of("A", 2L));
  private static final Versioned A1 = v("a1", Map.of("A", 1L));
  private static final Versioned B1 = v("b1", Map.of("B", 1L));
  private static final Versioned C1 = v("c1", Map.of("C", 1L));

  @Test
  void aVersionSupersededByTheOtherSideIsDropped() {
    Siblings one = Siblings.of(A2);
    Siblings two = Siblings.canonical(List.of(A1, B1)); // a1 and b1 concurrent; a2 descends from a1
    Siblings expected = Siblings.canonical(List.of(A2, B1));
    assertEquals(expected, Siblings.merge(one, two));
    assertEquals(expected, Siblings.merge(two, one));
  }

  @Test
  void aVersionBothSidesHoldIsKeptOnce() {
    Siblings one = Siblings.canonical(List.of(A2, B1));
    Siblings two = Siblings.canonical(List.of(B1, C1));
    Siblings expected = Siblings.canonical(List.of(A2, B1, C1));
    assertEquals(expected, Siblings.merge(one, two));
    assertEquals(expected, Siblings.merge(two, one));
    assertEquals(List.of("a2", "b1", "c1"), Siblings.merge(one, two).values().stream().sorted().toList());
  }
}
