package dev.caplab.streaming.pipeline;

/**
 * Where a {@link KeyedProcessFunction} sends its output, as Flink's {@code Collector}. Not
 * thread-safe.
 *
 * @param <R> the output type
 */
public interface Collector<R> {

  /** Emits {@code value} with the input record's event time. */
  void collect(R value);

  /** Emits {@code value} with event time {@code timestamp} (ms). */
  void collect(R value, long timestamp);
}
