package dev.caplab.streaming.pipeline.internal;

import dev.caplab.streaming.pipeline.Collector;
import dev.caplab.streaming.pipeline.KeyedProcessFunction;
import dev.caplab.streaming.pipeline.ValueState;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * Runs a {@link KeyedProcessFunction} with one {@link ValueState} per key, kept in insertion order
 * (a {@link LinkedHashMap}) so snapshots are deterministic; a snapshot is a copy of the map. Not
 * thread-safe.
 */
public final class ProcessOperator<K, T, S, R> implements Operator {

  private final Function<? super T, ? extends K> keyOf;
  private final KeyedProcessFunction<K, T, S, R> function;
  private final LinkedHashMap<K, S> states = new LinkedHashMap<>();
  private final State state = new State();
  private final Out out = new Out();

  /** Runs {@code function} keyed by {@code keyOf}. */
  public ProcessOperator(Function<? super T, ? extends K> keyOf, KeyedProcessFunction<K, T, S, R> function) {
    this.keyOf = keyOf;
    this.function = function;
  }

  @Override
  @SuppressWarnings("unchecked")
  public void processRecord(Rec rec, Emitter emitter) {
    T value = (T) rec.value;
    K key = keyOf.apply(value);
    state.key = key;
    out.emitter = emitter;
    out.rec = rec;
    function.processElement(key, value, rec.timestamp, state, out);
  }

  @Override
  public Object snapshot() {
    return Collections.unmodifiableMap(new LinkedHashMap<>(states));
  }

  @Override
  @SuppressWarnings("unchecked")
  public void restore(Object snapshot) {
    states.clear();
    states.putAll((Map<K, S>) snapshot);
  }

  /** Keys with state. */
  public int keys() {
    return states.size();
  }

  private final class State implements ValueState<S> {
    K key;

    @Override
    public S value() {
      return states.get(key);
    }

    @Override
    public void update(S value) {
      if (value == null) {
        states.remove(key);
      } else {
        states.put(key, value);
      }
    }
  }

  private final class Out implements Collector<R> {
    Emitter emitter;
    Rec rec;

    @Override
    public void collect(R value) {
      emitter.emit(value, rec.timestamp, rec.priority);
    }

    @Override
    public void collect(R value, long timestamp) {
      emitter.emit(value, timestamp, rec.priority);
    }
  }
}
