package dev.caplab.streaming.window;

/**
 * The event-time timers of a {@link WindowedAggregator}, each naming a window by its key's state and
 * its start, handed out in order of (time, registration order) so that timers due at the same time
 * fire in the order they were set, deterministically. A fired timer is checked against the window's
 * current timer, so a timer made stale by a merge or a cleanup is skipped instead of deleted.
 *
 * <p>Not thread-safe.
 */
interface Timers<K> {

  boolean isEmpty();

  int size();

  /** The time of the first timer; only when not {@link #isEmpty()}. */
  long peekTime();

  /** The window start of the first timer. */
  long peekStart();

  /** The key state of the first timer. */
  KeyWindows<K> peekOwner();

  void push(long time, KeyWindows<K> owner, long start);

  /** Removes the first timer. */
  void pop();

  /** {@link #pop()}, then {@link #push}: the first timer, re-armed. */
  void replaceTop(long time, KeyWindows<K> owner, long start);

  /** An independent copy holding the same timers in the same order (for snapshots). */
  Timers<K> copy();
}
