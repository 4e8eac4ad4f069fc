package dev.caplab.messaging.resilience;

/**
 * A {@link Bulkhead} had no free slot within its max wait.
 *
 * <p>Immutable; thread-safe.
 */
public final class BulkheadFullException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  BulkheadFullException(String bulkheadName) {
    super("Bulkhead '" + bulkheadName + "' is full and does not permit further calls");
  }
}
