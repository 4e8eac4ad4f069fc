package dev.caplab.messaging.resilience;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.caplab.time.ManualTicker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * The asynchronous bulkhead layer when its caller gives up (a time limiter outside it cancels the
 * stage): the slot comes back at once and a call still queued for one never starts.
 */
class BulkheadLayerTest {

  private final ManualScheduler scheduler = new ManualScheduler(new ManualTicker());
  private final Bulkhead bulkhead = Bulkhead.of("b", BulkheadConfig.custom().maxConcurrentCalls(1)
      .maxWaitDuration(Duration.ofSeconds(1)).build(), scheduler.ticker);
  private final List<CompletableFuture<String>> started = new ArrayList<>();
  private final Supplier<CompletionStage<String>> call = Decorators.ofCompletionStage(() -> {
    CompletableFuture<String> running = new CompletableFuture<>();
    started.add(running);
    return running;
  }).withBulkhead(bulkhead, scheduler).decorate();

  @Test
  void cancellingTheStageCancelsTheCallAndFreesTheSlotAtOnce() {
    CompletableFuture<String> outer = call.get().toCompletableFuture();
    assertEquals(0, bulkhead.availableConcurrentCalls());
    outer.cancel(true);
    assertTrue(started.get(0).isCancelled(), "the call itself is cancelled");
    assertEquals(1, bulkhead.availableConcurrentCalls(), "the slot is free before the call ends");
  }

  @Test
  void aCallThatCannotBeCancelledStillGivesItsSlotBackWhenItsCallerGivesUp() {
    CompletableFuture<String> onTheWire = new CompletableFuture<>() {
      @Override
      public boolean cancel(boolean mayInterruptIfRunning) {
        return false; // already sent: it ends when it ends
      }
    };
    CompletableFuture<String> outer = Decorators.ofCompletionStage(() -> onTheWire)
        .withBulkhead(bulkhead, scheduler).get().toCompletableFuture();
    outer.cancel(true);
    assertEquals(1, bulkhead.availableConcurrentCalls(), "the caller no longer waits for it");
    onTheWire.complete("late");
    assertEquals(1, bulkhead.availableConcurrentCalls(), "released once, not twice");
  }

  @Test
  void aCallWhoseStageRefusesCancellationStillGivesItsSlotBack() {
    CompletableFuture<String> running = new CompletableFuture<>();
    CompletableFuture<String> outer = Decorators.ofCompletionStage(running::minimalCompletionStage)
        .withBulkhead(bulkhead, scheduler).get().toCompletableFuture();
    outer.cancel(true); // a minimal stage's cancel throws UnsupportedOperationException
    assertEquals(1, bulkhead.availableConcurrentCalls(), "the caller no longer waits for it");
    assertFalse(running.isDone(), "a stage that cannot be cancelled runs on");
    running.complete("late");
    assertEquals(1, bulkhead.availableConcurrentCalls(), "released once, not twice");
  }

  @Test
  void aCallCancelledWhileQueuedNeverStartsAndGivesTheSlotBack() {
    call.get();
    CompletableFuture<String> queued = call.get().toCompletableFuture();
    assertEquals(1, bulkhead.queuedCalls());
    queued.cancel(true);
    started.get(0).complete("done"); // hands the slot to the cancelled waiter
    assertEquals(1, started.size(), "the cancelled call did not start");
    assertEquals(1, bulkhead.availableConcurrentCalls());
  }
}
