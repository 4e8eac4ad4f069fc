package dev.caplab.messaging.resilience;

import java.time.Duration;

/**
 * A {@link LoadShedder}'s answer to an arriving request: accept it, or shed it with a Retry-After
 * for the client (an HTTP 429). Use with {@code instanceof}: {@code if (a instanceof
 * Admission.Shed s) reply(429, s.retryAfter())}.
 *
 * <p>Immutable; thread-safe.
 */
public sealed interface Admission permits Admission.Accept, Admission.Shed {

  /** The one accept answer. */
  Accept ACCEPT = new Accept();

  default boolean accepted() {
    return this instanceof Accept;
  }

  /** Serve the request; then report it with {@code onSuccess} or {@code onDropped}. */
  record Accept() implements Admission {}

  /** Refuse the request; the client should wait {@code retryAfter}. */
  record Shed(Duration retryAfter, Reason reason) implements Admission {}

  /** Which limit was exceeded. */
  enum Reason {
    /** Requests in flight reached the (possibly adaptive) concurrency limit. */
    CONCURRENCY_LIMIT,
    /** The server's queue reached {@code maxQueueLength}. */
    QUEUE_LENGTH
  }
}
