package dev.caplab.streaming.pipeline;

import dev.caplab.config.Require;
import dev.caplab.streaming.pipeline.internal.ProcessOperator;
import dev.caplab.streaming.pipeline.internal.WindowOperator;
import dev.caplab.streaming.window.Pane;
import dev.caplab.streaming.window.WindowedAggregator;
import java.util.function.Function;

/**
 * A flow keyed by a key selector (Flink's {@code KeyedStream}), ready for a keyed operator. Immutable.
 *
 * @param <K> the key type
 * @param <T> the record type
 */
public final class KeyedFlow<K, T> {

  private final Flow<T> flow;
  private final Function<? super T, ? extends K> keyOf;

  KeyedFlow(Flow<T> flow, Function<? super T, ? extends K> keyOf) {
    this.flow = flow;
    this.keyOf = keyOf;
  }

  /**
   * Windows the records with an aggregator from {@code windows} (one per pipeline, built with the
   * builder's settings): records are its elements at their event time, the inputs' combined
   * watermark advances it, its panes are the output, at the pane's timestamp.
   */
  public <OUT> Flow<Pane<K, OUT>> window(WindowedAggregator.Builder<K, T, OUT> windows) {
    Require.notNull(windows, "windows");
    return flow.then("window", () -> new WindowOperator<>(keyOf, windows));
  }

  /** Runs {@code function} on every record with its key's checkpointed state. */
  public <S, R> Flow<R> process(KeyedProcessFunction<K, T, S, R> function) {
    Require.notNull(function, "function");
    return flow.then("process", () -> new ProcessOperator<>(keyOf, function));
  }
}
