package dev.caplab.messaging.resilience;

import java.util.random.RandomGenerator;

/**
 * The random source of something built without one: drawing from it is a configuration error,
 * reported with what to do instead. It lets a deterministic {@link Backoff} run where no
 * {@link RandomGenerator} was given, and a jittered one fail with a clear message.
 *
 * <p>Immutable; thread-safe.
 */
final class NoRandomness implements RandomGenerator {

  private final String message;

  NoRandomness(String message) {
    this.message = message;
  }

  @Override
  public long nextLong() {
    throw new IllegalStateException(message);
  }

  /**
   * Whether {@code backoff} draws a random number for its first retry.
   *
   * @throws IllegalArgumentException with this source's message if it does
   */
  void requireDeterministicFirstDelay(Backoff backoff) {
    try {
      backoff.delayNanos(Backoff.FIRST_RETRY, 0L, this);
    } catch (IllegalStateException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
  }
}
