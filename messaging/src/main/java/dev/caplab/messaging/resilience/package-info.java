/**
 * Resilience primitives for synchronous and asynchronous calls: {@link
 * dev.caplab.messaging.resilience.Retry} with {@link dev.caplab.messaging.resilience.Backoff}
 * functions, a {@link dev.caplab.messaging.resilience.RetryBudget} and Retry-After; {@link
 * dev.caplab.messaging.resilience.RateLimiter}; {@link dev.caplab.messaging.resilience.Bulkhead};
 * {@link dev.caplab.messaging.resilience.TimeLimiter}; the server-side {@link
 * dev.caplab.messaging.resilience.LoadShedder}; and {@link
 * dev.caplab.messaging.resilience.Decorators}, which composes them as {@code
 * Retry(CircuitBreaker(RateLimiter(TimeLimiter(Bulkhead(call)))))}, the circuit-breaker slot being
 * any {@link dev.caplab.messaging.resilience.CallGate}, such as the {@link
 * dev.caplab.messaging.resilience.CircuitBreaker} (Resilience4j's state machine, semantics and
 * defaults; configured by {@link dev.caplab.messaging.resilience.CircuitBreakerConfig}).
 *
 * <p>Every primitive has two lives: embedded on real time and inside the simulation. Embedded, the synchronous methods ({@code
 * execute...}, blocking {@code acquirePermission}) wait with a {@link
 * dev.caplab.time.Sleeper} or run on an executor the caller passes. In the
 * simulation, the event-driven methods return decisions instead of waiting: a {@link
 * dev.caplab.messaging.resilience.RetryDecision} (retry after N ns, or give up and why), a
 * rate-limiter reservation in nanoseconds, a bulkhead wait queue timed by a {@link
 * dev.caplab.time.Scheduler}, a time limiter's deadline, an {@link
 * dev.caplab.messaging.resilience.Admission}; the node schedules what follows with its own
 * timers. Time comes only from a {@link dev.caplab.time.Ticker}, randomness only from a {@link
 * java.util.random.RandomGenerator}, and no class starts a thread.
 *
 * <p>Configurations follow Resilience4j ({@code custom()}, {@code from(base)}, {@code
 * ofDefaults()}, one {@code DEFAULT_*} constant per default, the same defaults); every primitive
 * binds Micrometer meters with {@code bindTo(registry)}, tagged {@code name}.
 */
package dev.caplab.messaging.resilience;
