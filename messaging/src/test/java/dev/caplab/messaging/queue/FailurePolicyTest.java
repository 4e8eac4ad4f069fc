package dev.caplab.messaging.queue;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.caplab.messaging.resilience.Backoff;
import dev.caplab.messaging.resilience.RetryAfterException;
import dev.caplab.messaging.resilience.RetryConfig;
import java.io.IOException;
import java.time.Duration;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class FailurePolicyTest {

  static final long SECOND = 1_000_000_000L;
  static final long NO_CAP = Long.MAX_VALUE;

  final FailurePolicy policy = FailurePolicy.of(RetryConfig.custom()
      .maxAttempts(3)
      .retryOnException(e -> !(e instanceof IllegalArgumentException))
      .backoff(Backoff.exponential(Duration.ofSeconds(1), 2.0))
      .build(), new SplittableRandom(1));

  static ReceivedMessage received(int count) {
    return new ReceivedMessage("q-1", "b", new ReceiptHandle("q", 1, count), count, 0, 0, null);
  }

  @Test
  void nonRetryableGoesToTheDlqOnlyIfThereIsOne() {
    Exception bad = new IllegalArgumentException("malformed");
    assertEquals(new FailurePolicy.DeadLetterIt("non-retryable IllegalArgumentException: malformed"),
        policy.onFailure(received(1), bad, true, NO_CAP));
    assertEquals(new FailurePolicy.Release("IllegalArgumentException: malformed", SECOND),
        policy.onFailure(received(1), bad, false, NO_CAP));
  }

  @Test
  void retryableBacksOffByReceiveCountUntilMaxAttempts() {
    Exception io = new IOException();
    assertEquals(new FailurePolicy.Release("IOException", SECOND), policy.onFailure(received(1), io, true, NO_CAP));
    assertEquals(new FailurePolicy.Release("IOException", 2 * SECOND), policy.onFailure(received(2), io, true, NO_CAP));
    assertEquals(new FailurePolicy.DeadLetterIt("gave up after 3 attempts: IOException"),
        policy.onFailure(received(3), io, true, NO_CAP));
    assertEquals(new FailurePolicy.Release("IOException", 4 * SECOND), policy.onFailure(received(3), io, false, NO_CAP));
  }

  @Test
  void retryAfterCountsOnlyWhenLongerAndTheWaitIsCapped() {
    Exception shortHint = new RetryAfterException("busy", Duration.ofMillis(10));
    Exception longHint = new RetryAfterException("busy", Duration.ofSeconds(9));
    assertEquals(SECOND, ((FailurePolicy.Release) policy.onFailure(received(1), shortHint, true, NO_CAP)).retryAfterNanos());
    assertEquals(9 * SECOND, ((FailurePolicy.Release) policy.onFailure(received(1), longHint, true, NO_CAP)).retryAfterNanos());
    assertEquals(5, ((FailurePolicy.Release) policy.onFailure(received(1), longHint, true, 5)).retryAfterNanos());
    assertEquals(0, ((FailurePolicy.Release) policy.onFailure(received(1), longHint, true, -5)).retryAfterNanos());
  }
}
