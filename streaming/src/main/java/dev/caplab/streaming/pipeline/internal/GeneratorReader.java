package dev.caplab.streaming.pipeline.internal;

import java.util.function.Consumer;
import java.util.function.LongFunction;

/**
 * Generates record {@code n} at {@code n / ratePerSecond} seconds after its first poll (on the
 * pipeline's ticker), up to {@code count} records. Records due but not yet read are its lag: they
 * are computed when read, so they take no memory. Its state is its start time and the number read.
 * Not thread-safe.
 */
public final class GeneratorReader implements SourceReader {

  private static final long NANOS_PER_SECOND = 1_000_000_000L;

  private final long ratePerSecond;
  private final long count;
  private final LongFunction<?> record;
  private boolean started;
  private long origin;
  private long read;

  /** A generator of {@code count} records at {@code ratePerSecond}. */
  public GeneratorReader(long ratePerSecond, long count, LongFunction<?> record) {
    this.ratePerSecond = ratePerSecond;
    this.count = count;
    this.record = record;
  }

  @Override
  public int poll(long nowNanos, int max, Consumer<Object> out) {
    int n = (int) Math.min(max, due(nowNanos) - read);
    for (int i = 0; i < n; i++) {
      out.accept(record.apply(read++));
    }
    return n;
  }

  @Override
  public boolean hasAvailable(long nowNanos) {
    return due(nowNanos) > read;
  }

  @Override
  public long lag(long nowNanos) {
    return due(nowNanos) - read;
  }

  @Override
  public boolean finished() {
    return read == count;
  }

  @Override
  public Object snapshot() {
    return new long[] {started ? 1 : 0, origin, read};
  }

  @Override
  public void restore(Object state) {
    long[] s = (long[]) state;
    started = s[0] == 1;
    origin = s[1];
    read = s[2];
  }

  /** Records due by {@code now}: {@code floor(elapsed * rate / 1 s)}, computed without overflow. */
  long due(long now) {
    if (!started) {
      started = true;
      origin = now;
    }
    long elapsed = now - origin;
    long due = elapsed / NANOS_PER_SECOND * ratePerSecond
        + elapsed % NANOS_PER_SECOND * ratePerSecond / NANOS_PER_SECOND;
    return Math.min(due, count);
  }
}
