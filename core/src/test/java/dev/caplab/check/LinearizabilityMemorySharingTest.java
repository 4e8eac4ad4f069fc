package dev.caplab.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.caplab.history.History;
import dev.caplab.history.Operation;
import dev.caplab.history.SequentialHistories;
import dev.caplab.time.Ticker;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The memory budget bounds the memos held at once by the keys whose search is still running: a
 * key found linearizable gives its memo back, and a key may use only what the paused keys leave.
 */
class LinearizabilityMemorySharingTest {

  private static final long MIB = 1L << 20;

  /** Each key's search alone, run to its end: its outcome and the most memo bytes it held. */
  private record Alone(Verdict verdict, long peakBytes) {}

  private static List<Alone> eachKeyAlone(History history) {
    Map<String, List<Operation>> byKey = new LinkedHashMap<>();
    for (Operation op : history.operations()) {
      byKey.computeIfAbsent(op.key(), k -> new ArrayList<>()).add(op);
    }
    List<Alone> alone = new ArrayList<>();
    for (Map.Entry<String, List<Operation>> key : byKey.entrySet()) {
      WglSearch<Object> search =
          new WglSearch<>(key.getValue(), Models.kv(null), key.getKey(), history.processNames());
      long peak = 0;
      WglSearch.Outcome out;
      // one state at a time, to see the memo's size before the search drops it at the end
      do {
        out = search.run(Ticker.system(), Long.MAX_VALUE, search.states() + 1, Long.MAX_VALUE);
        peak = Math.max(peak, search.bytes());
      } while (out == null);
      alone.add(new Alone(out.verdict(), peak));
    }
    return alone;
  }

  /**
   * Three keys of about 6,000 states each: after the first round (4,096 states each) every key's
   * memo has doubled its table, so the three memos held at once would pass 1 MiB. Each key that
   * finishes in the second round releases its memo for the next one, so the check answers in two
   * rounds, not after one state per key per round nor with a budget that looks used up.
   */
  @Test
  void aKeyFoundLinearizableGivesItsMemoryToTheKeysAfterIt() {
    History history = SequentialHistories.kv(15_000, 3, 10, 1);
    List<Alone> alone = eachKeyAlone(history);
    long sum = 0;
    for (Alone a : alone) {
      assertEquals(Verdict.TRUE, a.verdict());
      sum += a.peakBytes();
    }
    assertTrue(sum > MIB, "the memos together would pass the budget: " + alone);

    List<String> rounds = new ArrayList<>();
    LinearizabilityResult r = Linearizability.custom().maxMemory(MIB)
        .progress((done, keys, states) -> rounds.add(done + "/" + keys)).build()
        .check(history, Models.kv(null));
    assertEquals(Verdict.TRUE, r.valid(), r::toString);
    assertEquals(List.of("0/3", "3/3"), rounds);
  }

  /**
   * Two keys of about 9,000 states each; either alone fits in 1 MiB, but while one key's search
   * is paused holding its first round's memo, the other may use only the rest of the budget and
   * passes it. Letting it use the whole budget would let the memos held at once pass it by the
   * paused key's share, the heap the budget is there to protect.
   */
  @Test
  void aKeyMayUseOnlyTheMemoryThePausedKeysLeave() {
    History history = SequentialHistories.kv(12_000, 2, 10, 1);
    for (Alone a : eachKeyAlone(history)) {
      assertEquals(Verdict.TRUE, a.verdict());
      assertTrue(a.peakBytes() <= MIB, "each key alone fits: " + a);
    }

    LinearizabilityResult shared = Linearizability.custom().maxMemory(MIB).build()
        .check(history, Models.kv(null));
    assertEquals(Verdict.UNKNOWN, shared.valid(), shared::toString);
    assertNotNull(shared.note());
    assertTrue(shared.note().startsWith("memory budget of 1 MiB exhausted after "), shared.note());

    LinearizabilityResult roomy = Linearizability.custom().maxMemory(2 * MIB).build()
        .check(history, Models.kv(null));
    assertEquals(Verdict.TRUE, roomy.valid(), roomy::toString);
  }

  /** The largest unit is TiB: a budget of 1024 TiB is named in TiB, not past the unit names. */
  @Test
  void bytesBeyondTheLargestUnitStayInIt() {
    assertEquals("1024 TiB", Linearizability.bytes(1L << 50));
    assertEquals("3072 TiB", Linearizability.bytes(3L << 50));
  }
}
