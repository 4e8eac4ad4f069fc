package dev.caplab.messaging.resilience;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * Exception classes given to a configuration builder ({@code recordExceptions}, {@code
 * retryExceptions}, {@code ignoreExceptions}) and the predicates made of them, one way for every
 * configuration in the package.
 *
 * <p>Thread-safe: stateless.
 */
final class ExceptionClasses {

  private ExceptionClasses() {}

  /** An immutable copy of {@code classes}; a null array or element names the setting. */
  @SafeVarargs
  static List<Class<? extends Throwable>> copyOf(
      String setting, Class<? extends Throwable>... classes) {
    Objects.requireNonNull(classes, setting);
    List<Class<? extends Throwable>> list = new ArrayList<>(classes.length);
    for (Class<? extends Throwable> c : classes) {
      list.add(Objects.requireNonNull(c, setting));
    }
    return List.copyOf(list);
  }

  /**
   * True for an instance of one of {@code classes} (or a subclass) or for what {@code predicate}
   * accepts; {@code fallback} when neither was given (no predicate, no class).
   */
  static Predicate<Throwable> anyOf(
      Predicate<Throwable> predicate,
      List<Class<? extends Throwable>> classes,
      Predicate<Throwable> fallback) {
    Predicate<Throwable> byClass =
        classes.isEmpty()
            ? null
            : throwable -> {
              for (Class<? extends Throwable> c : classes) {
                if (c.isInstance(throwable)) {
                  return true;
                }
              }
              return false;
            };
    if (predicate == null && byClass == null) {
      return fallback;
    }
    if (predicate == null) {
      return byClass;
    }
    return byClass == null ? predicate : predicate.or(byClass);
  }
}
