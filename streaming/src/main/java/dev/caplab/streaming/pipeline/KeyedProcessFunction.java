package dev.caplab.streaming.pipeline;

/**
 * A per-key function with state, as Flink's {@code KeyedProcessFunction} without timers: for each
 * record it reads and updates the record's key's {@link ValueState} and emits any number of
 * results. The state is checkpointed and restored; the function itself should hold no state of its
 * own. Called on the pipeline's thread only.
 *
 * @param <K> the key type
 * @param <T> the input type
 * @param <S> the state type (immutable values)
 * @param <R> the output type
 */
@FunctionalInterface
public interface KeyedProcessFunction<K, T, S, R> {

  /** Processes {@code value} of {@code key} at event time {@code timestamp} (ms). */
  void processElement(K key, T value, long timestamp, ValueState<S> state, Collector<R> out);
}
