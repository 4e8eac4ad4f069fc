package dev.caplab.streaming.window;

/**
 * The side output of elements too late for every window they belong to (Flink's {@code
 * sideOutputLateData}); a route to a dead-letter queue, for instance.
 *
 * @param <K> the key type
 * @param <IN> the element type
 */
@FunctionalInterface
public interface LateDataSink<K, IN> {

  /** Receives one late element with the watermark that made it late. */
  void accept(K key, IN value, long timestamp, long watermark);
}
