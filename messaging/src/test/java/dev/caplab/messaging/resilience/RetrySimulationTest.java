package dev.caplab.messaging.resilience;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.caplab.net.Envelope;
import dev.caplab.net.LatencyModel;
import dev.caplab.net.LinkProfile;
import dev.caplab.node.Cluster;
import dev.caplab.node.Node;
import dev.caplab.node.NodeContext;
import dev.caplab.sim.Simulation;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

/**
 * A client node retries with full jitter against a flaky server over the simulated network: the
 * event-driven life of {@link Retry}, with randomness from the node's seeded stream.
 */
class RetrySimulationTest {

  static final int REQUESTS = 50;
  static final int MAX_ATTEMPTS = 4;
  static final Duration CALL_TIMEOUT = Duration.ofMillis(100);
  static final Duration SERVER_RETRY_AFTER = Duration.ofMillis(300);

  sealed interface Rpc permits Get, Ok, Unavailable, Throttled {}

  record Get(int request, int attempt) implements Rpc {}

  record Ok(int request) implements Rpc {}

  record Unavailable(int request) implements Rpc {}

  record Throttled(int request, long retryAfterNanos) implements Rpc {}

  /** Answers 503 with probability 0.4, 429 + Retry-After with 0.1, drops (no answer) with 0.1. */
  static final class FlakyServer implements Node {
    @Override
    public void onMessage(NodeContext ctx, Envelope e) {
      if (e.message() instanceof Get g) {
        double p = ctx.random().nextDouble();
        if (p < 0.4) {
          ctx.reply(e, new Unavailable(g.request()));
        } else if (p < 0.5) {
          ctx.reply(e, new Throttled(g.request(), SERVER_RETRY_AFTER.toNanos()));
        } else if (p < 0.6) {
          return; // silently dropped: the client times out
        } else {
          ctx.reply(e, new Ok(g.request()));
        }
      }
    }
  }

  static final class Client implements Node {
    static final IOException UNAVAILABLE = new IOException("503");
    static final TimeoutException TIMED_OUT = new TimeoutException("call timed out");

    Retry retry;
    int succeeded;
    int gaveUp;
    int attemptsSent;
    int maxAttemptsSeen;
    long retryAfterHonoured;

    @Override
    public void onStart(NodeContext ctx) {
      retry = Retry.of("client", RetryConfig.custom().maxAttempts(MAX_ATTEMPTS)
          .backoff(Backoff.fullJitter(Duration.ofMillis(20), Duration.ofSeconds(1))).build(),
          ctx.random());
      retry.bindTo(ctx.metrics());
      for (int i = 0; i < REQUESTS; i++) {
        int request = i;
        ctx.schedule(Duration.ofMillis(10L * i), () -> attempt(ctx, request, retry.context()));
      }
    }

    void attempt(NodeContext ctx, int request, Retry.Context rc) {
      attemptsSent++;
      maxAttemptsSeen = Math.max(maxAttemptsSeen, rc.attempts());
      ctx.call(ctx.node("server"), new Get(request, rc.attempts()), CALL_TIMEOUT)
          .onReply(r -> {
            if (r.message() instanceof Ok) {
              rc.onSuccess();
              succeeded++;
            } else if (r.message() instanceof Throttled t) {
              RetryDecision d = rc.onError(UNAVAILABLE, Duration.ofNanos(t.retryAfterNanos()));
              if (d instanceof RetryDecision.RetryIn in && in.delayNanos() == t.retryAfterNanos()) {
                retryAfterHonoured++;
              }
              next(ctx, request, rc, d);
            } else {
              next(ctx, request, rc, rc.onError(UNAVAILABLE));
            }
          })
          .onFailure(f -> next(ctx, request, rc, rc.onError(TIMED_OUT)));
    }

    void next(NodeContext ctx, int request, Retry.Context rc, RetryDecision d) {
      if (d instanceof RetryDecision.RetryIn in) {
        assertTrue(in.delayNanos() >= in.retryAfterNanos());
        ctx.schedule(in.delay(), () -> attempt(ctx, request, rc));
      } else {
        gaveUp++;
      }
    }

    @Override
    public void onMessage(NodeContext ctx, Envelope envelope) {
      // late replies to timed-out calls: ignored
    }
  }

  record Run(long traceHash, int succeeded, int gaveUp, int attempts, int maxAttempts,
      long honoured, long now) {}

  static Run run(long seed) {
    Simulation sim = Simulation.withSeed(seed);
    Cluster cluster = Cluster.create(sim);
    cluster.network().setDefaultProfile(LinkProfile.custom()
        .latency(LatencyModel.constant(Duration.ofMillis(5))).build());
    cluster.add("server", FlakyServer::new);
    Client client = new Client();
    cluster.add("client", () -> client);
    sim.runUntilQuiescent();
    return new Run(sim.trace().hash(), client.succeeded, client.gaveUp, client.attemptsSent,
        client.maxAttemptsSeen, client.retryAfterHonoured, sim.now());
  }

  @Test
  void sameSeedSameTraceHashAndOutcomes() {
    for (long seed = 1; seed <= 20; seed++) {
      Run a = run(seed);
      Run b = run(seed);
      assertEquals(a, b, "seed " + seed);
      assertEquals(REQUESTS, a.succeeded() + a.gaveUp(), "seed " + seed + ": every request ends");
      assertTrue(a.maxAttempts() <= MAX_ATTEMPTS, "seed " + seed + ": " + a);
      assertTrue(a.attempts() <= REQUESTS * MAX_ATTEMPTS, "seed " + seed);
    }
  }

  @Test
  void retriesRecoverMostRequestsAndDifferentSeedsDiffer() {
    Run a = run(42);
    Run b = run(43);
    assertNotEquals(a.traceHash(), b.traceHash());
    // P(give up) = 0.6^4 ~ 0.13 per request; retries lift success from 40% to ~87%.
    assertTrue(a.succeeded() > REQUESTS * 0.7, a.toString());
    assertTrue(a.attempts() > REQUESTS, "some requests were retried: " + a);
    assertTrue(a.honoured() > 0, "some waits were the server's Retry-After: " + a);
  }
}
