package dev.caplab.messaging.resilience;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.util.Locale;
import java.util.Objects;

/**
 * The meters {@link CircuitBreaker#bindTo(MeterRegistry)} registers, mirroring Resilience4j's
 * {@code resilience4j.circuitbreaker.*} meters under {@code caplab.circuitbreaker.*}, each tagged
 * {@code name=<breaker>}:
 *
 * <ul>
 *   <li>{@code caplab.circuitbreaker.state} gauge per state (tag {@code state=closed|open|half_open|
 *       disabled|forced_open|metrics_only}): 1 for the current state, 0 for the others;
 *   <li>{@code caplab.circuitbreaker.calls} timer (tag {@code kind=successful|failed|ignored}): the
 *       recorded calls and their durations;
 *   <li>{@code caplab.circuitbreaker.not.permitted.calls} counter (tag {@code kind=not_permitted}):
 *       refused calls (a counter apart from the timer, as in Resilience4j 2, because one meter name
 *       cannot be both a timer and a counter);
 *   <li>{@code caplab.circuitbreaker.failure.rate} and {@code .slow.call.rate} gauges (percent, -1
 *       below the minimum number of calls);
 *   <li>{@code caplab.circuitbreaker.buffered.calls} and {@code .slow.calls} gauges (tag {@code
 *       kind=successful|failed}): the current window.
 * </ul>
 *
 * <p>The timer and counter are fed by the breaker's events, so they count what the breaker
 * publishes (like Resilience4j: nothing is counted in DISABLED or FORCED_OPEN); the gauges read the
 * breaker when the registry reads them. In a simulation, bind to a registry from {@code
 * SimulatedMeterRegistry.create(simulation.ticker())} so that its clock is simulated time.
 *
 * <p>Thread-safe: binding registers meters and one listener; the meters themselves are
 * Micrometer's thread-safe meters.
 */
final class CircuitBreakerMeters {

  /** Prefix of every meter name. */
  static final String PREFIX = "caplab.circuitbreaker.";

  private CircuitBreakerMeters() {}

  static void bind(CircuitBreaker breaker, MeterRegistry registry) {
    Objects.requireNonNull(registry, "registry");
    Tags tags = Tags.of("name", breaker.name());
    for (CircuitBreaker.State s : CircuitBreaker.State.values()) {
      Gauge.builder(PREFIX + "state", breaker, b -> b.state() == s ? 1 : 0)
          .description("The state of the circuit breaker: 1 for the current state")
          .tags(tags)
          .tag("state", s.name().toLowerCase(Locale.ROOT))
          .strongReference(true)
          .register(registry);
    }
    Gauge.builder(PREFIX + "failure.rate", breaker, b -> b.metrics().getFailureRate())
        .description("The failure rate of the circuit breaker, percent")
        .tags(tags)
        .strongReference(true)
        .register(registry);
    Gauge.builder(PREFIX + "slow.call.rate", breaker, b -> b.metrics().getSlowCallRate())
        .description("The slow call rate of the circuit breaker, percent")
        .tags(tags)
        .strongReference(true)
        .register(registry);
    Gauge.builder(
            PREFIX + "buffered.calls", breaker, b -> b.metrics().getNumberOfSuccessfulCalls())
        .description("The number of buffered successful calls in the sliding window")
        .tags(tags)
        .tag("kind", "successful")
        .strongReference(true)
        .register(registry);
    Gauge.builder(PREFIX + "buffered.calls", breaker, b -> b.metrics().getNumberOfFailedCalls())
        .description("The number of buffered failed calls in the sliding window")
        .tags(tags)
        .tag("kind", "failed")
        .strongReference(true)
        .register(registry);
    Gauge.builder(
            PREFIX + "slow.calls", breaker, b -> b.metrics().getNumberOfSlowSuccessfulCalls())
        .description("The number of slow successful calls in the sliding window")
        .tags(tags)
        .tag("kind", "successful")
        .strongReference(true)
        .register(registry);
    Gauge.builder(PREFIX + "slow.calls", breaker, b -> b.metrics().getNumberOfSlowFailedCalls())
        .description("The number of slow failed calls in the sliding window")
        .tags(tags)
        .tag("kind", "failed")
        .strongReference(true)
        .register(registry);

    Timer successful = callTimer(registry, tags, "successful");
    Timer failed = callTimer(registry, tags, "failed");
    Timer ignored = callTimer(registry, tags, "ignored");
    Counter notPermitted =
        Counter.builder(PREFIX + "not.permitted.calls")
            .description("The number of calls the circuit breaker refused")
            .tags(tags)
            .tag("kind", "not_permitted")
            .register(registry);
    breaker
        .eventPublisher()
        .onSuccess(e -> successful.record(e.elapsed()))
        .onError(e -> failed.record(e.elapsed()))
        .onIgnoredError(e -> ignored.record(e.elapsed()))
        .onCallNotPermitted(e -> notPermitted.increment());
  }

  private static Timer callTimer(MeterRegistry registry, Tags tags, String kind) {
    return Timer.builder(PREFIX + "calls")
        .description("Calls recorded by the circuit breaker, by outcome")
        .tags(tags)
        .tag("kind", kind)
        .register(registry);
  }
}
