package dev.caplab.streaming.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.caplab.streaming.state.StateTtlConfig.StateVisibility;
import dev.caplab.streaming.state.StateTtlConfig.UpdateType;
import dev.caplab.time.ManualTicker;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * {@link TtlValueState} against a model that keeps every write forever with its timestamp and
 * decides expiry only when asked: with {@code NEVER_RETURN_EXPIRED} a read returns exactly the
 * model's live value whatever the cleanup size, so cleanup never loses a live value nor shows an
 * expired one; and every write is accounted for (stored, cleared, overwritten or cleaned up).
 * Random operation sequences come from a seed; a failure prints it.
 */
class TtlStateProperties {

  private static final long TTL = 50;

  /** The model's entry. */
  private record Stamped(int value, long stamp) {}

  @Property(tries = 300)
  void readsReturnExactlyTheLiveValues(@ForAll long seed, @ForAll @IntRange(min = 0, max = 8) int cleanupSize,
      @ForAll boolean refreshOnRead) {
    ManualTicker ticker = new ManualTicker();
    UpdateType type = refreshOnRead ? UpdateType.ON_READ_AND_WRITE : UpdateType.ON_CREATE_AND_WRITE;
    TtlValueState<Integer, Integer> s = TtlValueState.create(StateTtlConfig.custom().ttl(Duration.ofNanos(TTL))
        .updateType(type).stateVisibility(StateVisibility.NEVER_RETURN_EXPIRED).cleanupSize(cleanupSize).build(),
        ticker);
    Map<Integer, Stamped> model = new HashMap<>();
    SplittableRandom r = new SplittableRandom(seed);
    long removedByUser = 0;
    long overwritten = 0;
    long writes = 0;
    for (int step = 0; step < 400; step++) {
      ticker.advance(r.nextInt(4) == 0 ? r.nextInt((int) TTL + 1) : r.nextInt(3));
      long now = ticker.nanos();
      int key = r.nextInt(12);
      int op = r.nextInt(10);
      Stamped m = model.get(key);
      boolean live = m != null && now - m.stamp() < TTL;
      if (op < 4) {
        writes++;
        if (s.entries() > 0 && m != null && live) {
          overwritten++;
        }
        s.update(key, step);
        model.put(key, new Stamped(step, now));
      } else if (op == 4) {
        if (live) {
          removedByUser++;
        }
        s.clear(key);
        model.remove(key);
      } else {
        Integer got = s.value(key);
        assertEquals(live ? Integer.valueOf(m.value()) : null, got, "seed " + seed + " step " + step + " key " + key);
        if (live && refreshOnRead) {
          model.put(key, new Stamped(m.value(), now));
        }
      }
      assertTrue(s.entries() <= model.size(), "seed " + seed + ": more entries than keys written");
    }
    assertTrue(s.entries() + s.expiredCleaned() + removedByUser + overwritten <= writes, "seed " + seed);
  }
}
