package dev.caplab.streaming.pipeline;

/**
 * The state a {@link KeyedProcessFunction} keeps for the current key, as Flink's {@code
 * ValueState}: checkpointed with the pipeline and restored after a crash. Values must be immutable
 * (the checkpoint keeps references). Not thread-safe.
 *
 * @param <S> the state type
 */
public interface ValueState<S> {

  /** The current key's value, or null if none. */
  S value();

  /** Sets the current key's value; null clears it. */
  void update(S value);

  /** Clears the current key's value. */
  default void clear() {
    update(null);
  }
}
