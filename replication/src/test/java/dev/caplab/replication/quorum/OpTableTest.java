package dev.caplab.replication.quorum;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class OpTableTest {

  record E(long id) implements OpTable.Entry {}

  @Test
  void findsWhatWasPutAndNothingElse() {
    OpTable<E> t = new OpTable<>();
    E a = new E(1_000_001);
    t.put(a);
    assertSame(a, t.get(1_000_001));
    assertNull(t.get(1_000_001 + 64), "same slot, other id");
    t.remove(1_000_001 + 64);
    assertEquals(1, t.size());
    t.remove(1_000_001);
    assertFalse(t.contains(1_000_001));
    assertEquals(0, t.size());
    t.put(a);
    assertThrows(IllegalStateException.class, () -> t.put(new E(1_000_001)));
  }

  @Test
  void aLongLivedEntryMakesTheTableGrowInsteadOfBeingOverwritten() {
    OpTable<E> t = new OpTable<>();
    E old = new E(5);
    t.put(old);
    for (long id = 6; id < 10_000; id++) {
      t.put(new E(id));
      t.remove(id); // short-lived operations come and go
    }
    t.put(new E(5 + 4096)); // the slot of 5 in a table of 4096 or less
    assertSame(old, t.get(5));
    assertEquals(5 + 4096, t.get(5 + 4096).id());
  }

  @Test
  void randomOperationsAgreeWithAModel() {
    SplittableRandom random = new SplittableRandom(3);
    OpTable<E> t = new OpTable<>();
    List<E> live = new ArrayList<>();
    long next = 777;
    for (int step = 0; step < 100_000; step++) {
      if (live.isEmpty() || random.nextInt(3) > 0) {
        E e = new E(next++);
        t.put(e);
        live.add(e);
      } else {
        E e = live.remove(random.nextInt(live.size()));
        t.remove(e.id());
        assertNull(t.get(e.id()));
      }
      assertEquals(live.size(), t.size());
    }
    for (E e : live) {
      assertSame(e, t.get(e.id()));
    }
    assertTrue(t.size() > 1000);
  }
}
