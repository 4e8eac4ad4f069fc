package dev.caplab.streaming.state;

import dev.caplab.config.Require;
import dev.caplab.time.Ticker;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.ToLongFunction;

/**
 * The entries of a state with a time-to-live, in a {@link LinkedHashMap} kept in timestamp order:
 * an entry whose timestamp is refreshed moves to the tail, so the head is always the oldest and
 * incremental cleanup finds the expired entries there without scanning live ones. Iteration order
 * depends only on the order of accesses, never on hash codes, so runs are deterministic.
 *
 * <p>An entry stamped at {@code t} is expired at {@code now} when {@code now - t >= ttl} (Flink's
 * {@code expirationTimestamp <= currentTimestamp}): alive one nanosecond before the TTL has passed,
 * expired at exactly the TTL.
 *
 * <p>Not thread-safe.
 *
 * @param <K> the entry key (equals and hashCode define it)
 * @param <V> the value
 */
final class TtlTable<K, V> {

  /** A stored value and the time its TTL counts from. */
  private static final class Cell<V> {
    V value;
    long stamp;

    Cell(V value, long stamp) {
      this.value = value;
      this.stamp = stamp;
    }
  }

  private final StateTtlConfig config;
  private final Ticker ticker;
  private final long ttl;
  private final boolean refreshOnRead;
  private final boolean returnExpired;
  private final int cleanupSize;
  private final ToLongFunction<? super V> sizer;
  private final LinkedHashMap<K, Cell<V>> cells = new LinkedHashMap<>();
  private long expiredCleaned;
  private long bytes;
  private Consumer<? super K> onExpiredRemoved = k -> {};

  TtlTable(StateTtlConfig config, Ticker ticker, ToLongFunction<? super V> sizer) {
    this.config = Require.notNull(config, "config");
    this.ticker = Require.notNull(ticker, "ticker");
    this.sizer = sizer;
    this.ttl = config.ttlNanos();
    this.refreshOnRead = config.updateType() == StateTtlConfig.UpdateType.ON_READ_AND_WRITE;
    this.returnExpired = config.stateVisibility() == StateTtlConfig.StateVisibility.RETURN_EXPIRED_IF_NOT_CLEANED_UP;
    this.cleanupSize = config.cleanupSize();
  }

  StateTtlConfig config() {
    return config;
  }

  /** Tells {@code listener} of every entry removed because it expired (an index over the keys stays exact). */
  void onExpiredRemoved(Consumer<? super K> listener) {
    this.onExpiredRemoved = Require.notNull(listener, "listener");
  }

  /**
   * The value of {@code key}: null if absent; if expired, cleaned up and returned only with {@code
   * RETURN_EXPIRED_IF_NOT_CLEANED_UP}; otherwise returned, refreshing it with {@code
   * ON_READ_AND_WRITE}. Then incremental cleanup runs.
   */
  V get(K key) {
    long now = ticker.nanos();
    Cell<V> c = cells.get(key);
    V result = null;
    if (c != null) {
      if (expired(c, now)) {
        remove(key, c);
        expiredCleaned++;
        onExpiredRemoved.accept(key);
        result = returnExpired ? c.value : null;
      } else {
        if (refreshOnRead) {
          refresh(key, c, now);
        }
        result = c.value;
      }
    }
    cleanUpIncrementally(now);
    return result;
  }

  /** Whether {@code key} has a value a read would return now (a read without its effects). */
  boolean contains(K key) {
    Cell<V> c = cells.get(key);
    return c != null && (returnExpired || !expired(c, ticker.nanos()));
  }

  /** Sets {@code key}'s value and stamps it now; then incremental cleanup runs. */
  void put(K key, V value) {
    long now = ticker.nanos();
    Cell<V> c = cells.remove(key);
    if (c == null) {
      c = new Cell<>(value, now);
    } else {
      bytes -= size(c.value);
      c.value = value;
      c.stamp = now;
    }
    cells.put(key, c);
    bytes += size(value);
    cleanUpIncrementally(now);
  }

  /** Removes {@code key}'s value, if any; then incremental cleanup runs. */
  void delete(K key) {
    long now = ticker.nanos();
    Cell<V> c = cells.get(key);
    if (c != null) {
      remove(key, c);
    }
    cleanUpIncrementally(now);
  }

  long entries() {
    return cells.size();
  }

  long expiredCleaned() {
    return expiredCleaned;
  }

  long estimatedBytes() {
    return bytes;
  }

  private boolean expired(Cell<V> c, long now) {
    return now - c.stamp >= ttl;
  }

  private void refresh(K key, Cell<V> c, long now) {
    c.stamp = now;
    cells.remove(key);
    cells.put(key, c);
  }

  private void remove(K key, Cell<V> c) {
    cells.remove(key);
    bytes -= size(c.value);
  }

  private long size(V value) {
    return sizer == null ? 0 : sizer.applyAsLong(value);
  }

  /**
   * Flink's incremental cleanup: checks up to {@code cleanupSize} entries and removes the expired
   * ones. Entries are in timestamp order, so it checks the oldest and stops at the first live one.
   */
  private void cleanUpIncrementally(long now) {
    Iterator<Map.Entry<K, Cell<V>>> it = cells.entrySet().iterator();
    for (int checked = 0; checked < cleanupSize && it.hasNext(); checked++) {
      Map.Entry<K, Cell<V>> e = it.next();
      Cell<V> c = e.getValue();
      if (!expired(c, now)) {
        return;
      }
      it.remove();
      bytes -= size(c.value);
      expiredCleaned++;
      onExpiredRemoved.accept(e.getKey());
    }
  }
}
