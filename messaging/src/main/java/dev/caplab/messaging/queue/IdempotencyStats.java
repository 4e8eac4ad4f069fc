package dev.caplab.messaging.queue;

/**
 * What an {@link IdempotentConsumer} did.
 *
 * @param processed messages passed to the handler that completed
 * @param suppressed duplicates recognised and skipped (the handler did not run)
 * @param letThroughExpired duplicates processed again because their key had outlived the window
 *     (counted only with the audit on)
 * @param letThroughEvicted duplicates processed again because their key had been evicted by the
 *     size bound within the window (counted only with the audit on)
 * @param remembered keys in the dedup cache now (an estimate, as Caffeine's)
 */
public record IdempotencyStats(
    long processed, long suppressed, long letThroughExpired, long letThroughEvicted, long remembered) {

  /** Duplicates that reached the handler. */
  public long letThrough() {
    return letThroughExpired + letThroughEvicted;
  }
}
