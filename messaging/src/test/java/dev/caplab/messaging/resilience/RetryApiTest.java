package dev.caplab.messaging.resilience;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

/** Retry's construction without a random source, its exception classes and its events. */
class RetryApiTest {

  @Test
  void aRetryWithoutJitterNeedsNoRandomGenerator() {
    Retry retry = Retry.ofDefaults("plain");
    assertEquals(RetryConfig.ofDefaults().maxAttempts(), retry.config().maxAttempts());
    RetryDecision d = retry.context().onError(new IOException());
    assertEquals(500_000_000L, ((RetryDecision.RetryIn) d).delayNanos());

    Retry exponential = Retry.of("exp", RetryConfig.custom()
        .backoff(Backoff.exponential(Duration.ofMillis(10), 2.0, Duration.ofSeconds(1))).build());
    Retry.Context c = exponential.context();
    assertEquals(10_000_000L, ((RetryDecision.RetryIn) c.onError(new IOException())).delayNanos());
    assertEquals(20_000_000L, ((RetryDecision.RetryIn) c.onError(new IOException())).delayNanos());
  }

  @Test
  void aJitteredBackoffWithoutARandomGeneratorIsRefusedWhenBuilt() {
    RetryConfig jittered = RetryConfig.custom()
        .backoff(Backoff.fullJitter(Duration.ofMillis(10), Duration.ofSeconds(1))).build();
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Retry.of("j", jittered));
    assertEquals("retry 'j' has no RandomGenerator, but its backoff draws random numbers: build it "
        + "with Retry.of(name, config, random)", e.getMessage());
  }

  @Test
  void retryAndIgnoreClassesCombineAsInResilience4j() {
    RetryConfig config = RetryConfig.custom()
        .retryExceptions(IOException.class)
        .retryOnException(t -> t instanceof TimeoutException)
        .ignoreExceptions(FileNotFoundException.class)
        .build();
    assertTrue(config.retryOnException().test(new IOException()));
    assertTrue(config.retryOnException().test(new TimeoutException()), "classes or'ed with the predicate");
    assertFalse(config.retryOnException().test(new FileNotFoundException()), "ignoring wins");
    assertFalse(config.retryOnException().test(new IllegalStateException()));

    RetryConfig copy = RetryConfig.from(config).build();
    assertFalse(copy.retryOnException().test(new FileNotFoundException()));
    assertTrue(copy.retryOnException().test(new TimeoutException()));

    RetryConfig onlyIgnored = RetryConfig.custom().ignoreExceptions(IllegalArgumentException.class).build();
    assertTrue(onlyIgnored.retryOnException().test(new IOException()), "everything else is retried");
    assertFalse(onlyIgnored.retryOnException().test(new IllegalArgumentException()));

    assertThrows(NullPointerException.class,
        () -> RetryConfig.custom().retryExceptions(IOException.class, null));
  }

  @Test
  void listenerRegistrationsChain() {
    Retry retry = Retry.of("chain", RetryConfig.custom().maxAttempts(1).build());
    List<String> seen = new ArrayList<>();
    assertSame(retry, retry.onEvent(e -> seen.add("any")));
    Retry.EventPublisher p = retry.eventPublisher();
    assertSame(p, p.onEvent(e -> seen.add("event")));
    assertSame(p, p.onRetry(e -> seen.add("retry")));
    assertSame(p, p.onSuccess(e -> seen.add("success")));
    assertSame(p, p.onError(e -> seen.add("error")));
    assertSame(p, p.onIgnoredError(e -> seen.add("ignored")));
    retry.context().onError(new IOException());
    assertEquals(List.of("any", "event", "error"), seen);
  }

  @Test
  void listenersSeeRetriesSuccessesErrorsAndIgnoredErrors() {
    Retry retry = Retry.of("events", RetryConfig.custom().maxAttempts(2)
        .waitDuration(Duration.ofMillis(5)).ignoreExceptions(IllegalArgumentException.class).build());
    List<String> seen = new ArrayList<>();
    List<RetryEvent> all = new ArrayList<>();
    retry.onEvent(all::add);
    retry.eventPublisher()
        .onRetry(e -> seen.add("retry " + e.attempts() + " in " + e.delay().toMillis() + " ms"))
        .onSuccess(e -> seen.add("success after " + e.attempts()))
        .onError(e -> seen.add("error after " + e.attempts() + " " + e.reason()))
        .onIgnoredError(e -> seen.add("ignored " + e.throwable().getClass().getSimpleName()));

    retry.context().onSuccess(); // a first-attempt success publishes nothing
    Retry.Context twice = retry.context();
    twice.onError(new IOException());
    twice.onSuccess();
    Retry.Context exhausted = retry.context();
    exhausted.onError(new IOException());
    exhausted.onError(new IOException());
    retry.context().onError(new IllegalArgumentException());

    assertEquals(List.of("retry 1 in 5 ms", "success after 2", "retry 1 in 5 ms",
        "error after 2 ATTEMPTS_EXHAUSTED", "ignored IllegalArgumentException"), seen);
    assertEquals(5, all.size());
    assertEquals("events", all.get(0).retryName());
  }
}
