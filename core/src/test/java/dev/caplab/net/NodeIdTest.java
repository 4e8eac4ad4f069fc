package dev.caplab.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** A node id: ordered by its index, equal by name and index, printed as its name. */
class NodeIdTest {

  @Test
  void idsSortByIndexNotByName() {
    List<NodeId> ids = new ArrayList<>(List.of(new NodeId("a", 2), new NodeId("c", 0), new NodeId("b", 1)));
    ids.sort(null);
    assertEquals(List.of("c", "b", "a"), ids.stream().map(NodeId::toString).toList());
    assertTrue(new NodeId("z", 0).compareTo(new NodeId("a", 1)) < 0);
    assertTrue(new NodeId("a", 1).compareTo(new NodeId("z", 0)) > 0);
    assertEquals(0, new NodeId("a", 1).compareTo(new NodeId("a", 1)));
  }

  @Test
  void equalNameAndIndexAreEqualAndDistinctIdsSpreadOverManyHashCodes() {
    assertEquals(new NodeId("n1", 1), new NodeId("n1", 1));
    assertNotEquals(new NodeId("n1", 1), new NodeId("n1", 2));
    assertNotEquals(new NodeId("n1", 1), new NodeId("n2", 1));
    assertNotEquals(new NodeId("n1", 1), "n1");
    Set<Integer> hashes = new HashSet<>();
    for (int i = 0; i < 500; i++) {
      hashes.add(new NodeId("node-" + i, i).hashCode());
      hashes.add(new NodeId("node-" + i, i + 1000).hashCode());
    }
    assertEquals(1000, hashes.size());
  }

  @Test
  void aNameMustMatchThePatternAndAnIndexBeNonNegative() {
    assertEquals("a.b_c-9", new NodeId("a.b_c-9", 0).name());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new NodeId("-a", 0));
    assertTrue(e.getMessage().contains("'-a'"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> new NodeId("", 0));
    assertThrows(IllegalArgumentException.class, () -> new NodeId("a".repeat(65), 0));
    assertEquals(64, new NodeId("a".repeat(64), 0).name().length());
    e = assertThrows(IllegalArgumentException.class, () -> new NodeId("a", -1));
    assertTrue(e.getMessage().contains("index") && e.getMessage().contains("-1"), e.getMessage());
  }
}
