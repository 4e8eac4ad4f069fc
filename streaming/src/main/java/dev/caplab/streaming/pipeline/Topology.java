package dev.caplab.streaming.pipeline;

import dev.caplab.capacity.TokenBucketConfig;
import dev.caplab.streaming.pipeline.internal.Operator;
import java.util.List;
import java.util.function.Supplier;

/**
 * A complete pipeline description: sources, a chain of operators, one sink. Run it with {@link
 * Pipeline#builder(Topology)}; the same topology rebuilds the pipeline after a crash, and its
 * tasks are numbered the same way, so a checkpoint's states fit. Immutable.
 */
public final class Topology {

  private final List<Source<?>> sources;
  private final List<Supplier<Operator>> operators;
  private final List<String> names;
  private final Sink<?> sink;
  private final TokenBucketConfig sinkThroughput;

  Topology(List<Source<?>> sources, List<Supplier<Operator>> operators, List<String> names, Sink<?> sink,
      TokenBucketConfig sinkThroughput) {
    this.sources = sources;
    this.operators = operators;
    this.names = names;
    this.sink = sink;
    this.sinkThroughput = sinkThroughput;
  }

  List<Source<?>> sources() {
    return sources;
  }

  List<Supplier<Operator>> operators() {
    return operators;
  }

  Sink<?> sink() {
    return sink;
  }

  TokenBucketConfig sinkThroughput() {
    return sinkThroughput;
  }

  /** The number of tasks: sources, operators and the sink; a checkpoint holds one state for each. */
  public int tasks() {
    return sources.size() + operators.size() + 1;
  }

  @Override
  public String toString() {
    StringBuilder b = new StringBuilder();
    for (Source<?> s : sources) {
      b.append(b.length() == 0 ? "" : " + ").append(s.name());
    }
    for (String n : names) {
      b.append(" -> ").append(n);
    }
    return b.append(" -> sink").toString();
  }
}
