package dev.caplab.examples.streaming.realtimebilling;

import dev.caplab.streaming.window.AggregateFunction;

/**
 * The billing logic, two versions: {@code V1} charges every call the same; {@code V2}, the change
 * shipped part-way through the period and applied to the whole period, gives a volume discount
 * within a request. Each is also the window aggregation that sums a window's charges, in cents.
 * Stateless and thread-safe.
 */
enum Pricing implements AggregateFunction<Usage, long[], Long> {
  V1 {
    @Override
    long cents(long calls) {
      return CENTS_PER_CALL * calls;
    }
  },
  V2 {
    @Override
    long cents(long calls) {
      return CENTS_PER_CALL * Math.min(calls, DISCOUNT_AFTER) + DISCOUNTED_CENTS * Math.max(0, calls - DISCOUNT_AFTER);
    }
  };

  static final long CENTS_PER_CALL = 2;
  static final long DISCOUNT_AFTER = 10;
  static final long DISCOUNTED_CENTS = 1;

  /** What a request of {@code calls} calls costs. */
  abstract long cents(long calls);

  @Override
  public long[] createAccumulator() {
    return new long[1];
  }

  @Override
  public long[] add(Usage value, long[] acc) {
    acc[0] += cents(value.calls());
    return acc;
  }

  @Override
  public Long getResult(long[] acc) {
    return acc[0];
  }

  @Override
  public long[] merge(long[] a, long[] b) {
    a[0] += b[0];
    return a;
  }
}
