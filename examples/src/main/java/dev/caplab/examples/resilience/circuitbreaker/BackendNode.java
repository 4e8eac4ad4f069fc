package dev.caplab.examples.resilience.circuitbreaker;

import dev.caplab.examples.resilience.circuitbreaker.BackendMessage.Failed;
import dev.caplab.examples.resilience.circuitbreaker.BackendMessage.Fetch;
import dev.caplab.examples.resilience.circuitbreaker.BackendMessage.Fetched;
import dev.caplab.net.Envelope;
import dev.caplab.net.LatencyModel;
import dev.caplab.node.Node;
import dev.caplab.node.NodeContext;
import java.time.Duration;
import java.util.Objects;

/**
 * A backend service: answers each {@link Fetch} after a sampled service time (many requests are
 * served at once, so nothing queues here). A backend with an outage follows the {@link Phase}
 * timeline by the time a request reaches it: slow answers take a fixed long time, failing
 * answers are errors sent at once.
 *
 * <p>Not thread-safe, like every node: the runtime calls its handlers one at a time.
 */
final class BackendNode implements Node {

  private final LatencyModel serviceTime;
  private final boolean followsOutage;
  private final Duration slowServiceTime;

  private BackendNode(LatencyModel serviceTime, boolean followsOutage, Duration slowServiceTime) {
    this.serviceTime = Objects.requireNonNull(serviceTime, "serviceTime");
    this.followsOutage = followsOutage;
    this.slowServiceTime = Objects.requireNonNull(slowServiceTime, "slowServiceTime");
  }

  /** A backend that stays healthy for the whole run. */
  static BackendNode healthy(LatencyModel serviceTime) {
    return new BackendNode(serviceTime, false, Duration.ZERO);
  }

  /** A backend that turns slow, then fails, then recovers, as {@link Phase} says. */
  static BackendNode withOutage(LatencyModel serviceTime, Duration slowServiceTime) {
    return new BackendNode(serviceTime, true, slowServiceTime);
  }

  @Override
  public void onStart(NodeContext ctx) {}

  @Override
  public void onMessage(NodeContext ctx, Envelope envelope) {
    if (!(envelope.message() instanceof Fetch fetch)) {
      throw new IllegalArgumentException("a backend only understands Fetch, got " + envelope.message());
    }
    Phase phase = followsOutage ? Phase.at(ctx.now()) : Phase.HEALTHY;
    switch (phase) {
      case SLOW -> ctx.schedule(slowServiceTime, () -> ctx.reply(envelope, new Fetched(fetch.request())));
      case FAILING -> ctx.reply(envelope, new Failed(fetch.request()));
      case HEALTHY, RECOVERED -> {
        Duration work = Duration.ofNanos(serviceTime.sampleNanos(ctx.random()));
        ctx.schedule(work, () -> ctx.reply(envelope, new Fetched(fetch.request())));
      }
      default -> throw new AssertionError(phase);
    }
  }
}
