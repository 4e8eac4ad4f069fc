package dev.caplab.replication.version;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.caplab.replication.version.VersionVector.Order;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class VersionVectorTest {

  private static final VersionVector A1B2 = VersionVector.of(Map.of("a", 1L, "b", 2L));

  @Test
  void absentActorsCountZero() {
    assertEquals(0, VersionVector.empty().get("a"));
    assertEquals(2, A1B2.get("b"));
    assertEquals(0, A1B2.get("c"));
    assertTrue(A1B2.contains("b", 2));
    assertFalse(A1B2.contains("b", 3));
    assertFalse(A1B2.contains("c", 1));
  }

  @Test
  void advanceMovesPastTheCurrentCounterAndToAtLeast() {
    assertEquals(3, A1B2.advance("b", 0).get("b"), "past the current counter");
    assertEquals(7, A1B2.advance("b", 7).get("b"), "to atLeast when it is higher");
    assertEquals(1, A1B2.advance("c", -5).get("c"), "a new actor starts at 1");
    assertEquals(3, A1B2.increment("b").get("b"));
    assertEquals("{a=1, b=2}", A1B2.toString(), "the original is unchanged");
  }

  @Test
  void compareTellsTheFourRelations() {
    VersionVector a = VersionVector.of("a", 1);
    VersionVector b = a.increment("b");
    VersionVector c = a.advance("a", 5);
    assertEquals(Order.BEFORE, a.compare(b));
    assertEquals(Order.AFTER, b.compare(a));
    assertEquals(Order.CONCURRENT, b.compare(c));
    assertEquals(Order.EQUAL, b.compare(VersionVector.of(b.entries())));
    assertEquals(Order.AFTER, b.merge(c).compare(c));
    assertTrue(b.dominates(b), "dominates is reflexive");
    assertFalse(b.dominates(c));
    assertTrue(b.dominates(VersionVector.empty()));
  }

  @Test
  void mergeReturnsAnInputThatIsAlreadyTheJoin() {
    VersionVector ahead = A1B2.increment("a");
    assertSame(ahead, ahead.merge(A1B2));
    assertSame(ahead, A1B2.merge(ahead));
    assertSame(A1B2, A1B2.merge(VersionVector.empty()));
    assertSame(A1B2, VersionVector.empty().merge(A1B2));
    assertSame(A1B2, A1B2.merge(VersionVector.of("a", 1)));
  }

  @Test
  void printsAsASortedMap() {
    assertEquals("{}", VersionVector.empty().toString());
    assertEquals("{c0=1, n0=3, n10=1, n2=2}",
        VersionVector.empty().advance("n2", 2).advance("n10", 1).advance("c0", 1).advance("n0", 3).toString());
  }

  @Test
  void badInputIsRejectedWithTheParameterAndValue() {
    IllegalArgumentException zero = assertThrows(IllegalArgumentException.class, () -> VersionVector.of("a", 0));
    assertEquals("counter of actor 'a' must be >= 1, got 0", zero.getMessage());
    IllegalArgumentException negative = assertThrows(IllegalArgumentException.class,
        () -> VersionVector.of(Map.of("x", -2L)));
    assertEquals("counter of actor 'x' must be >= 1, got -2", negative.getMessage());
    IllegalArgumentException dot = assertThrows(IllegalArgumentException.class, () -> A1B2.contains("a", 0));
    assertEquals("counter of actor 'a' must be >= 1, got 0", dot.getMessage());
    IllegalArgumentException empty = assertThrows(IllegalArgumentException.class, () -> A1B2.increment(""));
    assertEquals("actor must be a non-empty name, got ''", empty.getMessage());
    assertEquals("actor", assertThrows(NullPointerException.class, () -> A1B2.get(null)).getMessage());
    Map<String, Long> nullCounter = new HashMap<>();
    nullCounter.put("a", null);
    assertEquals("counter",
        assertThrows(NullPointerException.class, () -> VersionVector.of(nullCounter)).getMessage());
    assertThrows(ArithmeticException.class, () -> VersionVector.of("a", Long.MAX_VALUE).increment("a"));
  }
}
