package dev.caplab.streaming.pipeline.internal;

import java.util.function.Function;
import java.util.function.Predicate;

/** The stateless operators: map and filter. Thread-safe if the user functions are. */
public final class StatelessOperators {

  private StatelessOperators() {}

  /** Applies {@code f} to every record; event time and priority are kept. */
  @SuppressWarnings("unchecked")
  public static Operator map(Function<?, ?> f) {
    Function<Object, Object> fn = (Function<Object, Object>) f;
    return (rec, out) -> out.emit(fn.apply(rec.value), rec.timestamp, rec.priority);
  }

  /** Keeps the records {@code p} accepts. */
  @SuppressWarnings("unchecked")
  public static Operator filter(Predicate<?> p) {
    Predicate<Object> pred = (Predicate<Object>) p;
    return (rec, out) -> {
      if (pred.test(rec.value)) {
        out.emit(rec.value, rec.timestamp, rec.priority);
      }
    };
  }
}
