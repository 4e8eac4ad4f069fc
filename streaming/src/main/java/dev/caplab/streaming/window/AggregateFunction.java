package dev.caplab.streaming.window;

/**
 * A user aggregation with an accumulator, as Flink's {@code AggregateFunction}: the window keeps
 * one accumulator, folds each element into it, and computes a pane's result from it. {@link #merge}
 * is needed by session windows, whose windows merge.
 *
 * @param <IN> the element type
 * @param <ACC> the accumulator type
 * @param <OUT> the result type
 */
public interface AggregateFunction<IN, ACC, OUT> {

  /** A new, empty accumulator. */
  ACC createAccumulator();

  /** Folds {@code value} into {@code accumulator}; returns the accumulator (the same or a new one). */
  ACC add(IN value, ACC accumulator);

  /** The result of the accumulator; must not change it. */
  OUT getResult(ACC accumulator);

  /** The accumulator of the union of two windows' contents. */
  ACC merge(ACC a, ACC b);
}
