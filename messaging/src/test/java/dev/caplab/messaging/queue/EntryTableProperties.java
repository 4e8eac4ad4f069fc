package dev.caplab.messaging.queue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

class EntryTableProperties {

  /**
   * The table answers as a HashMap would over any mix of puts and removes, including removals in
   * the middle of probe runs (small key ranges collide often) and growth.
   */
  @Property(tries = 300)
  void behavesLikeAMap(@ForAll @Size(max = 2000) List<@IntRange(min = -300, max = 300) Integer> ops) {
    EntryTable table = new EntryTable();
    Map<Long, Entry> model = new HashMap<>();
    for (int op : ops) {
      long key = Math.abs(op) + 1;
      if (op >= 0) {
        if (!model.containsKey(key)) {
          Entry e = new Entry(key, "id", "b", 0, 0, null);
          table.put(e);
          model.put(key, e);
        }
      } else {
        table.remove(key);
        model.remove(key);
      }
      assertEquals(model.size(), table.size());
    }
    for (long key = 1; key <= 302; key++) {
      assertSame(model.get(key), table.get(key), "key " + key);
    }
  }
}
