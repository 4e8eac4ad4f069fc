package dev.caplab.streaming.state;

import dev.caplab.config.Require;
import dev.caplab.time.Ticker;
import java.util.function.ToLongFunction;

/**
 * A map per key whose entries expire one by one after a time-to-live of inactivity, as Flink's
 * {@code MapState} with a {@link StateTtlConfig} (TTL per user key, not per map), the key given with
 * each call instead of Flink's current key. The expiry rules are {@link TtlValueState}'s, for each
 * (key, user key) entry.
 *
 * <p>Not thread-safe: one thread (or the simulation) drives it.
 *
 * @param <K> the key type (equals and hashCode define keys)
 * @param <UK> the user key type of each key's map
 * @param <UV> the value type
 */
public final class TtlMapState<K, UK, UV> implements TtlState {

  /** One entry's address. */
  private record Slot<K, UK>(K key, UK userKey) {}

  private final TtlTable<Slot<K, UK>, UV> table;

  private TtlMapState(StateTtlConfig config, Ticker ticker, ToLongFunction<? super UV> sizer) {
    this.table = new TtlTable<>(config, ticker, sizer);
  }

  /** Map state expiring as {@code config} says, on {@code ticker}'s time. */
  public static <K, UK, UV> TtlMapState<K, UK, UV> create(StateTtlConfig config, Ticker ticker) {
    return new TtlMapState<>(config, ticker, null);
  }

  /**
   * Map state expiring as {@code config} says, on {@code ticker}'s time, whose {@link
   * #estimatedBytes()} sums {@code sizer} over the stored values.
   */
  public static <K, UK, UV> TtlMapState<K, UK, UV> create(StateTtlConfig config, Ticker ticker,
      ToLongFunction<? super UV> sizer) {
    return new TtlMapState<>(config, ticker, Require.notNull(sizer, "sizer"));
  }

  /** The value under {@code userKey} in {@code key}'s map, or null if none or expired. */
  public UV get(K key, UK userKey) {
    return table.get(slot(key, userKey));
  }

  /** Puts {@code value} under {@code userKey} in {@code key}'s map and restarts that entry's TTL. */
  public void put(K key, UK userKey, UV value) {
    table.put(slot(key, userKey), Require.notNull(value, "value"));
  }

  /**
   * Whether {@code key}'s map has {@code userKey}: what {@link #get} would return is not null.
   * Unlike {@link #get} it neither refreshes nor cleans up.
   */
  public boolean contains(K key, UK userKey) {
    return table.contains(slot(key, userKey));
  }

  /** Removes {@code userKey} from {@code key}'s map. */
  public void remove(K key, UK userKey) {
    table.delete(slot(key, userKey));
  }

  @Override
  public StateTtlConfig config() {
    return table.config();
  }

  @Override
  public long entries() {
    return table.entries();
  }

  @Override
  public long expiredCleaned() {
    return table.expiredCleaned();
  }

  @Override
  public long estimatedBytes() {
    return table.estimatedBytes();
  }

  private static <K, UK> Slot<K, UK> slot(K key, UK userKey) {
    return new Slot<>(Require.notNull(key, "key"), Require.notNull(userKey, "userKey"));
  }
}
