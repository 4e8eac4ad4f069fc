package dev.caplab.streaming.window;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;

class KeyTableTest {

  @Test
  void keysWithTheSameHashCodeAreToldApartByEquals() {
    KeyTable<String> table = new KeyTable<>();
    KeyWindows<String> aa = new KeyWindows<>("Aa", false);
    KeyWindows<String> bb = new KeyWindows<>("BB", false); // "Aa".hashCode() == "BB".hashCode()
    table.add(aa);
    assertNull(table.get("BB"));
    table.add(bb);
    assertSame(aa, table.get(new String("Aa")));
    assertSame(bb, table.get(new String("BB")));
    assertEquals(2, table.size());
  }

  @Test
  void growingAndDroppingIdleKeysKeepEveryActiveKeyFindable() {
    KeyTable<String> table = new KeyTable<>();
    for (int i = 0; i < 1_000; i++) {
      KeyWindows<String> kw = new KeyWindows<>("key-" + i, false);
      if (i % 3 == 0) {
        kw.add(i, i + 1);
      }
      table.add(kw);
    }
    assertEquals(1_000, table.size());
    for (int i = 0; i < 1_000; i++) {
      assertEquals("key-" + i, table.get("key-" + i).key);
    }
    table.removeIdle();
    assertEquals(334, table.size());
    for (int i = 0; i < 1_000; i++) {
      KeyWindows<String> kw = table.get("key-" + i);
      if (i % 3 == 0) {
        assertEquals(i, kw.w[KeyWindows.START]);
      } else {
        assertNull(kw);
      }
    }
  }
}
