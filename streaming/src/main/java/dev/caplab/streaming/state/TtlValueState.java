package dev.caplab.streaming.state;

import dev.caplab.config.Require;
import dev.caplab.time.Ticker;
import java.util.function.ToLongFunction;

/**
 * One value per key that expires after a time-to-live of inactivity, as Flink's {@code ValueState}
 * with a {@link StateTtlConfig}, the key given with each call instead of Flink's current key.
 *
 * <p>A value's timestamp is set when it is written ({@link #update}) and, with {@link
 * StateTtlConfig.UpdateType#ON_READ_AND_WRITE}, when {@link #value} returns it; it expires once
 * {@code ttl} has passed since (at exactly {@code ttl}, not a nanosecond before). A read of an
 * expired value removes it and returns null, or, with {@link
 * StateTtlConfig.StateVisibility#RETURN_EXPIRED_IF_NOT_CLEANED_UP}, returns it this once. Every
 * access then checks up to {@link StateTtlConfig#cleanupSize()} of the oldest entries and removes
 * those expired (incremental cleanup), so keys that are never read again do not stay forever.
 *
 * <p>Time is processing time from the {@link Ticker} (in a simulation, {@code simulation.ticker()}):
 * nothing runs by itself, entries expire only as they are looked at.
 *
 * <p>Not thread-safe: one thread (or the simulation) drives it.
 *
 * @param <K> the key type (equals and hashCode define keys)
 * @param <V> the value type
 */
public final class TtlValueState<K, V> implements TtlState {

  private final TtlTable<K, V> table;

  private TtlValueState(StateTtlConfig config, Ticker ticker, ToLongFunction<? super V> sizer) {
    this.table = new TtlTable<>(config, ticker, sizer);
  }

  /** Value state expiring as {@code config} says, on {@code ticker}'s time. */
  public static <K, V> TtlValueState<K, V> create(StateTtlConfig config, Ticker ticker) {
    return new TtlValueState<>(config, ticker, null);
  }

  /**
   * Value state expiring as {@code config} says, on {@code ticker}'s time, whose {@link
   * #estimatedBytes()} sums {@code sizer} over the stored values.
   */
  public static <K, V> TtlValueState<K, V> create(StateTtlConfig config, Ticker ticker,
      ToLongFunction<? super V> sizer) {
    return new TtlValueState<>(config, ticker, Require.notNull(sizer, "sizer"));
  }

  /** {@code key}'s value, or null if it has none or it expired (see the class comment). */
  public V value(K key) {
    return table.get(Require.notNull(key, "key"));
  }

  /** Sets {@code key}'s value and restarts its TTL; a null {@code value} clears it, as in Flink. */
  public void update(K key, V value) {
    Require.notNull(key, "key");
    if (value == null) {
      table.delete(key);
    } else {
      table.put(key, value);
    }
  }

  /** Removes {@code key}'s value. */
  public void clear(K key) {
    table.delete(Require.notNull(key, "key"));
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
}
