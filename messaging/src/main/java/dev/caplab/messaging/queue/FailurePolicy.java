package dev.caplab.messaging.queue;

import dev.caplab.config.Require;
import dev.caplab.messaging.resilience.RetryConfig;
import dev.caplab.time.Durations;
import java.time.Duration;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * What a consumer does with a message whose handler failed, from a {@link RetryConfig}: a failure
 * that {@code retryOnException} refuses goes to the dead-letter queue at once (a poison pill); a
 * retryable one is released to come back after the backoff (retry number = the receive count), or
 * after the failure's Retry-After hint if that is longer (as {@code Retry} waits), until the
 * message has been received {@code maxAttempts} times, when it goes to the dead-letter queue too.
 * Without a dead-letter queue every failure is released.
 *
 * <p>Shared by the in-process {@link QueueConsumer} and the consumer node of the simulated broker,
 * so both decide alike.
 *
 * <p>Thread-safe if the random generator is (the consumer that owns one calls it under its lock).
 */
public final class FailurePolicy {

  /** What to do with the failed message. */
  public sealed interface Action {}

  /** Move the message to the dead-letter queue with {@code reason}. */
  public record DeadLetterIt(String reason) implements Action {}

  /** Release the message with {@code error}, hidden for {@code retryAfterNanos}. */
  public record Release(String error, long retryAfterNanos) implements Action {}

  private final RetryConfig retry;
  private final RandomGenerator random;

  private FailurePolicy(RetryConfig retry, RandomGenerator random) {
    this.retry = retry;
    this.random = random;
  }

  public static FailurePolicy of(RetryConfig retry, RandomGenerator random) {
    return new FailurePolicy(Require.notNull(retry, "retry"), Require.notNull(random, "random"));
  }

  public RetryConfig retry() {
    return retry;
  }

  /**
   * The action for {@code message}, whose handler threw {@code failure}.
   *
   * @param hasDeadLetterQueue whether the queue has a redrive policy
   * @param maxHiddenNanos the longest the message may still be hidden (what is left of the 12 h
   *     a receive may stay hidden); the backoff is capped at it
   */
  public Action onFailure(ReceivedMessage message, Exception failure, boolean hasDeadLetterQueue,
      long maxHiddenNanos) {
    Require.notNull(message, "message");
    Require.notNull(failure, "failure");
    String reason = describe(failure);
    if (hasDeadLetterQueue && !retry.retryOnException().test(failure)) {
      return new DeadLetterIt("non-retryable " + reason);
    }
    if (hasDeadLetterQueue && message.receiveCount() >= retry.maxAttempts()) {
      return new DeadLetterIt("gave up after " + message.receiveCount() + " attempts: " + reason);
    }
    long wait = retry.backoff().delayNanos(message.receiveCount(), 0, random);
    Optional<Duration> hint = retry.retryAfter().apply(failure);
    if (hint.isPresent()) {
      wait = Math.max(wait, Durations.saturatedNanos(hint.get())); // as Retry: max(Retry-After, backoff)
    }
    return new Release(reason, Math.max(0, Math.min(wait, maxHiddenNanos)));
  }

  /** "SimpleName: message", or the simple name alone. */
  static String describe(Exception e) {
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getClass().getSimpleName() + ": " + e.getMessage();
  }
}
