package dev.caplab.messaging.resilience;

import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * How futures wrap the failure of a call: what the predicates of a breaker or a retry judge is the
 * failure inside, not the wrapper.
 *
 * <p>Thread-safe: stateless.
 */
final class AsyncFailures {

  private AsyncFailures() {}

  /**
   * The failure inside a {@link CompletionException} or {@link ExecutionException} (how futures
   * wrap what the call threw), else {@code t}.
   */
  static Throwable unwrap(Throwable t) {
    boolean wrapper = t instanceof CompletionException || t instanceof ExecutionException;
    return wrapper && t.getCause() != null ? t.getCause() : t;
  }
}
