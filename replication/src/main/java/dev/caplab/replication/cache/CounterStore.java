package dev.caplab.replication.cache;

/**
 * Where a {@link WriteBackCache} flushes: a store that adds a delta to a key's count. One call is
 * one write to the store (one write per key per flush).
 *
 * <p>Contract: {@link #add} must not block, and must call {@code done} exactly once, on any thread,
 * possibly before {@code add} returns. {@code applied == false} promises that the delta did not
 * take effect and will not later: the cache buffers it again and retries it, so a store whose
 * writes may time out after landing must make its writes idempotent (for instance by writing the
 * key's running total rather than the delta) or it counts some increments twice.
 */
@FunctionalInterface
public interface CounterStore {

  /** Adds {@code delta} (>= 1) to {@code key}'s count and reports the outcome to {@code done}. */
  void add(String key, long delta, Completion done);

  /** The outcome of one {@link #add}; the cache passes a callback it allocated once per key. */
  @FunctionalInterface
  interface Completion {
    /** {@code applied}: the delta took effect; false: it did not and never will. */
    void complete(String key, long delta, boolean applied);
  }
}
