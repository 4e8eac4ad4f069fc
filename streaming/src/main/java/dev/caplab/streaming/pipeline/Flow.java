package dev.caplab.streaming.pipeline;

import dev.caplab.capacity.TokenBucketConfig;
import dev.caplab.config.Require;
import dev.caplab.streaming.pipeline.internal.Operator;
import dev.caplab.streaming.pipeline.internal.StatelessOperators;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * A pipeline under construction (Flink's {@code DataStream}): its sources and the chain of
 * operators so far. Each operator becomes one task with a buffer in front of it (no operator
 * chaining). Immutable: each step returns a new flow. Thread-safe if the functions it holds are.
 *
 * @param <T> the type of the records at this point
 */
public final class Flow<T> {

  private final List<Source<?>> sources;
  private final List<Supplier<Operator>> operators;
  private final List<String> names;

  private Flow(List<Source<?>> sources, List<Supplier<Operator>> operators, List<String> names) {
    this.sources = sources;
    this.operators = operators;
    this.names = names;
  }

  static <T> Flow<T> of(List<Source<T>> sources) {
    return new Flow<>(List.copyOf(Source.copyOf(sources)), List.of(), List.of());
  }

  <R> Flow<R> then(String name, Supplier<Operator> operator) {
    List<Supplier<Operator>> ops = new ArrayList<>(operators);
    ops.add(operator);
    List<String> n = new ArrayList<>(names);
    n.add(name);
    return new Flow<>(sources, List.copyOf(ops), List.copyOf(n));
  }

  /** Applies {@code f} to every record. */
  public <R> Flow<R> map(Function<? super T, ? extends R> f) {
    Require.notNull(f, "f");
    return then("map", () -> StatelessOperators.map(f));
  }

  /** Keeps the records {@code p} accepts. */
  public Flow<T> filter(Predicate<? super T> p) {
    Require.notNull(p, "p");
    return then("filter", () -> StatelessOperators.filter(p));
  }

  /** Keys the records by {@code keyOf} for a keyed operator (at parallelism 1, no repartitioning). */
  public <K> KeyedFlow<K, T> keyBy(Function<? super T, ? extends K> keyOf) {
    return new KeyedFlow<>(this, Require.notNull(keyOf, "keyOf"));
  }

  /** Ends the flow in {@code sink}, which takes records as fast as they come. */
  public Topology to(Sink<? super T> sink) {
    return new Topology(sources, operators, names, Require.notNull(sink, "sink"), null);
  }

  /** Ends the flow in {@code sink}, which takes at most as many records as {@code throughput} grants (a slow sink). */
  public Topology to(Sink<? super T> sink, TokenBucketConfig throughput) {
    return new Topology(sources, operators, names, Require.notNull(sink, "sink"),
        Require.notNull(throughput, "throughput"));
  }
}
