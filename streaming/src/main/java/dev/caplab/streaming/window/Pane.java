package dev.caplab.streaming.window;

/**
 * One result of one window for one key. Its event timestamp is the window's {@link
 * TimeWindow#maxTimestamp() end - 1}, as Flink stamps a window's results.
 *
 * @param key the key
 * @param window the window
 * @param value the aggregate of the pane's contents
 * @param kind why it was emitted
 * @param <K> the key type
 * @param <V> the result type
 */
public record Pane<K, V>(K key, TimeWindow window, V value, PaneKind kind) {

  /** The pane's event timestamp: the window's end - 1. */
  public long timestamp() {
    return window.maxTimestamp();
  }
}
