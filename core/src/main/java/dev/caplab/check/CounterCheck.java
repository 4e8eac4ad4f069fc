package dev.caplab.check;

import dev.caplab.history.Operation;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Counter bounds (Jepsen's counter check, extended to PN counters): after the increments stop,
 * every final read must lie between what certainly happened and what possibly happened.
 *
 * <p>With {@code initial} the starting value: the acknowledged ({@code ok}) increments certainly
 * applied; those of unknown outcome ({@code info}) may or may not have; failed ones did not. So
 * {@code lower = initial + sum(ok) + sum(negative info)} and {@code upper = initial + sum(ok) +
 * sum(positive info)}; with only positive increments that is "between the sum of acknowledged and
 * the sum of attempted (not failed) increments". A read outside {@code [lower, upper]} means a
 * lost acknowledged increment (below) or a double-applied or failed-but-applied one (above).
 * Sums use exact arithmetic and reject overflow. Stateless and thread-safe.
 */
public final class CounterCheck {

  private CounterCheck() {}

  /**
   * One increment (negative for a decrement) and how it ended.
   *
   * @param amount added to the counter
   * @param status ok, fail or info
   */
  public record Increment(long amount, Operation.Status status) {
    /** Checks the status is present. */
    public Increment {
      Objects.requireNonNull(status, "status");
    }
  }

  /**
   * Checks the final reads.
   *
   * @param initial the counter's value before the increments
   * @param increments every attempted increment
   * @param finalReads reader name (a replica) to the value it read; at least one
   * @throws IllegalArgumentException without final reads
   * @throws ArithmeticException if a bound overflows 64 bits
   */
  public static Result check(long initial, List<Increment> increments,
      Map<String, Long> finalReads) {
    Objects.requireNonNull(increments, "increments");
    Objects.requireNonNull(finalReads, "finalReads");
    if (finalReads.isEmpty()) {
      throw new IllegalArgumentException("finalReads must not be empty");
    }
    long lower = initial;
    long upper = initial;
    long acknowledged = 0;
    long unknown = 0;
    long failed = 0;
    for (Increment inc : increments) {
      switch (inc.status()) {
        case OK -> {
          acknowledged++;
          lower = Math.addExact(lower, inc.amount());
          upper = Math.addExact(upper, inc.amount());
        }
        case INFO -> {
          unknown++;
          if (inc.amount() < 0) {
            lower = Math.addExact(lower, inc.amount());
          } else {
            upper = Math.addExact(upper, inc.amount());
          }
        }
        case FAIL -> failed++;
        default -> throw new AssertionError(inc.status());
      }
    }
    List<String> outOfBounds = new ArrayList<>();
    for (Map.Entry<String, Long> r : finalReads.entrySet()) {
      long v = Objects.requireNonNull(r.getValue(), () -> "final read of " + r.getKey());
      if (v < lower || v > upper) {
        outOfBounds.add(r.getKey());
      }
    }
    return new Result(outOfBounds.isEmpty(), lower, upper, acknowledged, unknown, failed,
        finalReads, outOfBounds);
  }

  /**
   * The bounds and the reads outside them.
   *
   * @param valid every final read within {@code [lower, upper]}
   * @param lower the least value the counter can hold
   * @param upper the greatest value the counter can hold
   * @param acknowledged ok increments
   * @param unknown info increments
   * @param failed failed increments
   * @param reads the final reads, by reader
   * @param outOfBounds readers whose value is outside the bounds
   */
  public record Result(boolean valid, long lower, long upper, long acknowledged, long unknown,
      long failed, Map<String, Long> reads, List<String> outOfBounds) {

    /** Copies the collections (reads keep their order). */
    public Result {
      reads = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(reads));
      outOfBounds = List.copyOf(outOfBounds);
    }

    /** JSON-friendly view: valid, lower, upper, the counts, reads, outOfBounds. */
    public Map<String, Object> toMap() {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("valid", valid);
      m.put("lower", lower);
      m.put("upper", upper);
      m.put("acknowledged", acknowledged);
      m.put("unknown", unknown);
      m.put("failed", failed);
      m.put("reads", new LinkedHashMap<String, Object>(reads));
      m.put("outOfBounds", new ArrayList<Object>(outOfBounds));
      return m;
    }
  }
}
