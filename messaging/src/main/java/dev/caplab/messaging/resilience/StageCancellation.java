package dev.caplab.messaging.resilience;

import java.util.concurrent.CompletionStage;
import java.util.concurrent.Future;

/**
 * Cancelling a call's stage when its caller stopped waiting (a timeout, a cancelled layer): only a
 * stage that is also a {@link Future} can be cancelled, and a minimal stage
 * ({@code CompletableFuture.minimalCompletionStage()}) refuses with an exception that would
 * otherwise escape into a timer or a completion handler. Such a call runs on.
 *
 * <p>Thread-safe: stateless.
 */
final class StageCancellation {

  private StageCancellation() {}

  /** Asks {@code stage} to cancel (interrupting it) if it can; a refusal is not an error. */
  static void cancelIfPossible(CompletionStage<?> stage) {
    if (stage instanceof Future<?> f) {
      try {
        f.cancel(true);
      } catch (UnsupportedOperationException refused) {
        // it cannot be cancelled: it ends when it ends
      }
    }
  }
}
