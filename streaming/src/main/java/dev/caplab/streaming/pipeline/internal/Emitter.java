package dev.caplab.streaming.pipeline.internal;

/** Where an operator sends its output records. Not thread-safe. */
@FunctionalInterface
public interface Emitter {

  /** Emits {@code value} with event time {@code timestamp} (ms) and shedding {@code priority}. */
  void emit(Object value, long timestamp, int priority);
}
