package dev.caplab.streaming.state;

import dev.caplab.config.Require;
import dev.caplab.time.Ticker;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.function.ToLongFunction;

/**
 * A map per key whose entries expire one by one after a time-to-live of inactivity, as Flink's
 * {@code MapState} with a {@link StateTtlConfig} (TTL per user key, not per map), the key given with
 * each call instead of Flink's current key. The expiry rules are {@link TtlValueState}'s, for each
 * (key, user key) entry.
 *
 * <p>Iteration over a key's map ({@link #entries}, {@link #keys}, {@link #values}, {@link
 * #iterator}) is Flink's {@code TtlMapState} iteration: each entry is read as {@link #get} reads
 * it, so an expired entry is cleaned up as it is met and shown only with {@code
 * RETURN_EXPIRED_IF_NOT_CLEANED_UP} (this once), and with {@code ON_READ_AND_WRITE} every entry
 * returned is refreshed. Entries come in the order their user keys were first put (Flink's heap
 * map state has no defined order; this one is deterministic), as a snapshot taken when called.
 * {@link #isEmpty} is Flink's: whether iteration would return nothing, asked without effects.
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
  /** Each key's stored user keys, in the order first put (kept exact through cleanup). */
  private final Map<K, LinkedHashSet<UK>> userKeys = new LinkedHashMap<>();

  private TtlMapState(StateTtlConfig config, Ticker ticker, ToLongFunction<? super UV> sizer) {
    this.table = new TtlTable<>(config, ticker, sizer);
    table.onExpiredRemoved(slot -> forget(slot.key(), slot.userKey()));
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
    userKeys.computeIfAbsent(key, k -> new LinkedHashSet<>()).add(userKey);
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
    forget(key, userKey);
  }

  private void forget(K key, UK userKey) {
    LinkedHashSet<UK> mine = userKeys.get(key);
    if (mine != null) {
      mine.remove(userKey);
      if (mine.isEmpty()) {
        userKeys.remove(key);
      }
    }
  }

  /**
   * The entries of {@code key}'s map, each read as {@link #get} reads it (expired ones cleaned up,
   * and returned only with {@code RETURN_EXPIRED_IF_NOT_CLEANED_UP}; live ones refreshed with {@code
   * ON_READ_AND_WRITE}), in the order their user keys were first put. A snapshot: later changes do
   * not show in it.
   */
  public List<Map.Entry<UK, UV>> entries(K key) {
    Require.notNull(key, "key");
    LinkedHashSet<UK> mine = userKeys.get(key);
    if (mine == null) {
      return List.of();
    }
    List<Map.Entry<UK, UV>> out = new ArrayList<>(mine.size());
    for (UK userKey : new ArrayList<>(mine)) { // a copy: reading may clean entries up, which forgets them
      UV value = table.get(new Slot<>(key, userKey));
      if (value != null) {
        out.add(new AbstractMap.SimpleImmutableEntry<>(userKey, value));
      }
    }
    return Collections.unmodifiableList(out);
  }

  /** The user keys {@link #entries} returns, in its order (with its effects). */
  public List<UK> keys(K key) {
    return entries(key).stream().map(Map.Entry::getKey).toList();
  }

  /** The values {@link #entries} returns, in its order (with its effects). */
  public List<UV> values(K key) {
    return entries(key).stream().map(Map.Entry::getValue).toList();
  }

  /** An iterator over {@link #entries} (with its effects when called); it does not remove. */
  public Iterator<Map.Entry<UK, UV>> iterator(K key) {
    return entries(key).iterator();
  }

  /**
   * Whether {@code key}'s map has no entry a read would return now: {@link #entries} would be
   * empty. Unlike it, neither refreshes nor cleans up.
   */
  public boolean isEmpty(K key) {
    Require.notNull(key, "key");
    LinkedHashSet<UK> mine = userKeys.get(key);
    if (mine == null) {
      return true;
    }
    for (UK userKey : mine) {
      if (table.contains(new Slot<>(key, userKey))) {
        return false;
      }
    }
    return true;
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
