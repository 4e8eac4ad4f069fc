package dev.caplab.streaming.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.caplab.streaming.state.StateTtlConfig.StateVisibility;
import dev.caplab.streaming.state.StateTtlConfig.UpdateType;
import dev.caplab.time.ManualTicker;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * {@link TtlMapState} iteration against the TTL model of {@link TtlStateProperties}, per (key, user
 * key): with {@code NEVER_RETURN_EXPIRED} a key's entries are exactly the model's live entries of
 * that key and {@code isEmpty} says whether there are none; {@code isEmpty} is always whether the
 * iteration that follows returns nothing; with {@code
 * RETURN_EXPIRED_IF_NOT_CLEANED_UP} they are the live entries plus expired ones not yet cleaned up
 * (each with its last value), and iterating again at once shows only the live ones, because the
 * first iteration cleaned the expired ones up. With {@code ON_READ_AND_WRITE} iteration refreshes
 * what it returns. Random operations come from a seed; a failure prints it.
 */
class TtlMapStateIterationProperties {

  private static final long TTL = 50;

  private record Stamped(int value, long stamp) {}

  @Property(tries = 300)
  void iterationShowsExactlyWhatReadsWouldShow(@ForAll long seed, @ForAll @IntRange(min = 0, max = 8) int cleanupSize,
      @ForAll boolean refreshOnRead, @ForAll boolean returnExpired) {
    ManualTicker ticker = new ManualTicker();
    TtlMapState<Integer, Integer, Integer> s = TtlMapState.create(StateTtlConfig.custom().ttl(Duration.ofNanos(TTL))
        .updateType(refreshOnRead ? UpdateType.ON_READ_AND_WRITE : UpdateType.ON_CREATE_AND_WRITE)
        .stateVisibility(returnExpired ? StateVisibility.RETURN_EXPIRED_IF_NOT_CLEANED_UP
            : StateVisibility.NEVER_RETURN_EXPIRED).cleanupSize(cleanupSize).build(), ticker);
    Map<Integer, Map<Integer, Stamped>> model = new TreeMap<>();
    SplittableRandom r = new SplittableRandom(seed);
    for (int step = 0; step < 400; step++) {
      ticker.advance(r.nextInt(4) == 0 ? r.nextInt((int) TTL + 1) : r.nextInt(3));
      long now = ticker.nanos();
      int key = r.nextInt(3);
      int userKey = r.nextInt(6);
      Map<Integer, Stamped> mine = model.computeIfAbsent(key, k -> new TreeMap<>());
      int op = r.nextInt(10);
      String at = "seed " + seed + " step " + step + " key " + key;
      if (op < 4) {
        s.put(key, userKey, step);
        mine.put(userKey, new Stamped(step, now));
      } else if (op == 4) {
        s.remove(key, userKey);
        mine.remove(userKey);
      } else {
        Map<Integer, Integer> live = live(mine, now);
        boolean empty = s.isEmpty(key);
        if (!returnExpired) {
          assertEquals(live.isEmpty(), empty, at + ": isEmpty");
        }
        Map<Integer, Integer> got = new TreeMap<>();
        List<Map.Entry<Integer, Integer>> entries = op < 7 ? s.entries(key) : List.copyOf(iterate(s, key));
        assertEquals(empty, entries.isEmpty(), at + ": isEmpty is whether iteration returns nothing");
        for (Map.Entry<Integer, Integer> e : entries) {
          assertTrue(got.put(e.getKey(), e.getValue()) == null, at + ": user key " + e.getKey() + " twice");
        }
        for (Map.Entry<Integer, Integer> e : got.entrySet()) {
          Stamped m = mine.get(e.getKey());
          assertTrue(m != null && m.value() == e.getValue(), at + ": " + e + " was never the last value put");
          assertTrue(live.containsKey(e.getKey()) || returnExpired, at + ": expired " + e + " shown");
        }
        assertTrue(got.keySet().containsAll(live.keySet()), at + ": live " + live + ", got " + got);
        assertEquals(live, toMap(s.entries(key)), at + ": iterating again at once shows only the live entries");
        assertEquals(List.copyOf(live.keySet()), s.keys(key).stream().sorted().toList(), at + ": keys");
        assertEquals(live.size(), s.values(key).size(), at + ": values");
        if (refreshOnRead) {
          for (Integer uk : live.keySet()) {
            mine.put(uk, new Stamped(mine.get(uk).value(), now));
          }
        }
        mine.keySet().retainAll(live.keySet()); // the expired ones are gone from the state now
      }
    }
  }

  private static Map<Integer, Integer> live(Map<Integer, Stamped> mine, long now) {
    Map<Integer, Integer> out = new TreeMap<>();
    mine.forEach((uk, m) -> {
      if (now - m.stamp() < TTL) {
        out.put(uk, m.value());
      }
    });
    return out;
  }

  private static Map<Integer, Integer> toMap(List<Map.Entry<Integer, Integer>> entries) {
    Map<Integer, Integer> out = new TreeMap<>();
    entries.forEach(e -> out.put(e.getKey(), e.getValue()));
    return out;
  }

  private static List<Map.Entry<Integer, Integer>> iterate(TtlMapState<Integer, Integer, Integer> s, int key) {
    java.util.ArrayList<Map.Entry<Integer, Integer>> out = new java.util.ArrayList<>();
    s.iterator(key).forEachRemaining(out::add);
    return out;
  }
}
