package dev.caplab.messaging.resilience;

import dev.caplab.time.Ticker;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Composes the resilience primitives around one synchronous call in a fixed order, whatever order
 * the {@code with...} methods are called in (each at most once):
 *
 * <pre>
 * Retry( CircuitBreaker( RateLimiter( TimeLimiter( Bulkhead( call ) ) ) ) )
 * </pre>
 *
 * <p>This is Resilience4j's documented aspect order, and why each layer sits where it does:
 *
 * <ul>
 *   <li><b>Retry outermost</b>: every attempt goes through all other layers afresh, so the
 *       breaker counts each attempt, each attempt needs its own rate-limit permit and its own
 *       bulkhead slot, and each gets the full timeout. A retry inside the breaker would hide a
 *       failing dependency from it (only the last attempt would count), and inside the rate
 *       limiter would let retries exceed the rate.
 *   <li><b>CircuitBreaker next</b>: when it is open, calls fail fast before they take a rate-limit
 *       permit or a bulkhead slot, and it sees timeouts (from the time limiter) and full
 *       bulkheads as failures, which is what "the dependency is in trouble" looks like from the
 *       caller. Rate-limit refusals come from the caller's own limit, not from the dependency;
 *       configure the breaker to ignore {@link RequestNotPermitted} if it should not count them.
 *   <li><b>RateLimiter</b> outside the TimeLimiter: waiting for a permit is the caller's own
 *       throttling and must not eat into the call's timeout.
 *   <li><b>TimeLimiter</b> outside the Bulkhead: the timeout covers waiting for a slot as well as
 *       the call, so a caller never hangs past its deadline on a full bulkhead.
 *   <li><b>Bulkhead innermost</b>: a slot is held only while the call actually runs, not while
 *       waiting for a permit or sleeping between retries.
 * </ul>
 *
 * <p>The circuit-breaker slot takes any {@link CallGate}; the CircuitBreaker of issue 6 is one.
 * Everything here is the embedded, synchronous life: it waits with the {@link Sleeper}s and runs
 * timed calls on the executor the caller passes. The event-driven life composes the same
 * primitives by hand in the same order (see the package documentation).
 *
 * <p>Thread-safe once built: the decorated {@link Callable} may be called from many threads if
 * the primitives and the call are; a builder is not thread-safe.
 */
public final class Decorators {

  /** The layers, outermost first. */
  public enum Layer {
    RETRY,
    CIRCUIT_BREAKER,
    RATE_LIMITER,
    TIME_LIMITER,
    BULKHEAD
  }

  /** The composition order, outermost first. */
  public static final List<Layer> ORDER = List.of(Layer.values());

  private Decorators() {}

  public static <T> DecorateCallable<T> ofCallable(Callable<T> callable) {
    return new DecorateCallable<>(Checks.notNull(callable, "callable"));
  }

  public static <T> DecorateCallable<T> ofSupplier(Supplier<T> supplier) {
    Checks.notNull(supplier, "supplier");
    return new DecorateCallable<>(supplier::get);
  }

  public static DecorateCallable<Void> ofRunnable(Runnable runnable) {
    Checks.notNull(runnable, "runnable");
    return new DecorateCallable<>(() -> {
      runnable.run();
      return null;
    });
  }

  /** Collects the layers; not thread-safe. */
  public static final class DecorateCallable<T> {
    private final Callable<T> callable;
    private final Map<Layer, Wrapper> layers = new EnumMap<>(Layer.class);
    private Consumer<Layer> observer = layer -> {};

    private DecorateCallable(Callable<T> callable) {
      this.callable = callable;
    }

    public DecorateCallable<T> withRetry(Retry retry, Sleeper sleeper) {
      Checks.notNull(retry, "retry");
      Checks.notNull(sleeper, "sleeper");
      return add(Layer.RETRY, inner -> () -> retry.executeCallable(inner, sleeper));
    }

    /** The circuit-breaker slot: any {@link CallGate}, its call durations read from {@code ticker}. */
    public DecorateCallable<T> withCallGate(CallGate gate, Ticker ticker) {
      Checks.notNull(gate, "gate");
      Checks.notNull(ticker, "ticker");
      return add(Layer.CIRCUIT_BREAKER, inner -> () -> {
        if (!gate.tryAcquirePermission()) {
          throw gate.notPermitted();
        }
        long start = ticker.nanos();
        Object result;
        try {
          result = inner.call();
        } catch (Exception e) {
          gate.onError(ticker.nanos() - start, e);
          throw e;
        }
        gate.onSuccess(ticker.nanos() - start);
        return result;
      });
    }

    public DecorateCallable<T> withRateLimiter(RateLimiter rateLimiter, Sleeper sleeper) {
      Checks.notNull(rateLimiter, "rateLimiter");
      Checks.notNull(sleeper, "sleeper");
      return add(Layer.RATE_LIMITER, inner -> () -> rateLimiter.executeCallable(inner, sleeper));
    }

    /** The timed call runs on {@code executor}, which the caller owns. */
    public DecorateCallable<T> withTimeLimiter(TimeLimiter timeLimiter, ExecutorService executor) {
      Checks.notNull(timeLimiter, "timeLimiter");
      Checks.notNull(executor, "executor");
      return add(Layer.TIME_LIMITER, inner -> () -> timeLimiter.executeCallable(executor, inner));
    }

    public DecorateCallable<T> withBulkhead(Bulkhead bulkhead) {
      Checks.notNull(bulkhead, "bulkhead");
      return add(Layer.BULKHEAD, inner -> () -> bulkhead.executeCallable(inner));
    }

    /** The configured layers, outermost first. */
    public List<Layer> layers() {
      return Collections.unmodifiableList(new ArrayList<>(layers.keySet()));
    }

    /** Test hook: told each time a layer is entered. */
    DecorateCallable<T> observe(Consumer<Layer> observer) {
      this.observer = Checks.notNull(observer, "observer");
      return this;
    }

    /** The call wrapped in {@link #ORDER}, innermost layer applied first. */
    @SuppressWarnings("unchecked")
    public Callable<T> decorate() {
      Callable<Object> current = (Callable<Object>) callable;
      List<Layer> innermostFirst = new ArrayList<>(ORDER);
      Collections.reverse(innermostFirst);
      Consumer<Layer> seen = observer;
      for (Layer layer : innermostFirst) {
        Wrapper w = layers.get(layer);
        if (w != null) {
          Callable<Object> wrapped = w.wrap(current);
          current = () -> {
            seen.accept(layer);
            return wrapped.call();
          };
        }
      }
      Callable<Object> result = current;
      return () -> (T) result.call();
    }

    /** Decorates and calls once. */
    public T call() throws Exception {
      return decorate().call();
    }

    private DecorateCallable<T> add(Layer layer, Wrapper wrapper) {
      if (layers.containsKey(layer)) {
        throw new IllegalStateException(layer + " was already configured");
      }
      layers.put(layer, wrapper);
      return this;
    }
  }

  @FunctionalInterface
  private interface Wrapper {
    Callable<Object> wrap(Callable<Object> inner);
  }
}
