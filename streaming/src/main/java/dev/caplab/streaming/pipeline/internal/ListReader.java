package dev.caplab.streaming.pipeline.internal;

import java.util.List;
import java.util.function.Consumer;

/** Reads a list in order; its position is its state. A bounded source. Not thread-safe. */
public final class ListReader implements SourceReader {

  private final List<?> values;
  private int position;

  /** Reads {@code values}. */
  public ListReader(List<?> values) {
    this.values = values;
  }

  @Override
  public int poll(long nowNanos, int max, Consumer<Object> out) {
    int n = Math.min(max, values.size() - position);
    for (int i = 0; i < n; i++) {
      out.accept(values.get(position++));
    }
    return n;
  }

  @Override
  public boolean hasAvailable(long nowNanos) {
    return position < values.size();
  }

  @Override
  public long lag(long nowNanos) {
    return values.size() - position;
  }

  @Override
  public boolean finished() {
    return position == values.size();
  }

  @Override
  public Object snapshot() {
    return position;
  }

  @Override
  public void restore(Object state) {
    position = (Integer) state;
  }
}
