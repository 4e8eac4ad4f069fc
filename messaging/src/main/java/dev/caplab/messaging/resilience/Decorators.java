package dev.caplab.messaging.resilience;

import dev.caplab.config.Require;
import dev.caplab.time.Scheduler;
import dev.caplab.time.Sleeper;
import dev.caplab.time.Ticker;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiFunction;
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
 *       caller. Rate-limit refusals come from the caller's own limit, not from the dependency:
 *       the breaker does not record them (the permission is given back, as for an ignored
 *       exception).
 *   <li><b>RateLimiter</b> outside the TimeLimiter: waiting for a permit is the caller's own
 *       throttling and must not eat into the call's timeout.
 *   <li><b>TimeLimiter</b> outside the Bulkhead: the timeout covers waiting for a slot as well as
 *       the call, so a caller never hangs past its deadline on a full bulkhead.
 *   <li><b>Bulkhead innermost</b>: a slot is held only while the call actually runs, not while
 *       waiting for a permit or sleeping between retries.
 * </ul>
 *
 * <p><b>Refusals are final.</b> A refusal by the circuit-breaker layer ({@link
 * CallNotPermittedException}, or a {@link GateRejectedException} from another {@link CallGate})
 * or by the rate limiter ({@link RequestNotPermitted}, after waiting up to the limiter's timeout)
 * is a decision made here, not a failure of the call: the retry layer does not retry it (it gives
 * up at once, a failed call without retry), whatever its {@link RetryConfig#retryOnException()}.
 * Retrying them only repeats the refusal after a backoff: an open breaker stays open for its
 * wait, which is much longer than a retry's backoff, and a limiter that had no permit within its
 * timeout adds to its own queue. Resilience4j's users get the same by adding these exceptions to
 * the retry's {@code ignoreExceptions}. A full bulkhead and a timeout remain ordinary failures,
 * retried and recorded.
 *
 * <p>The circuit-breaker slot takes any {@link CallGate}; the CircuitBreaker is one ({@link
 * DecorateCallable#withCircuitBreaker}).
 * {@link #ofCallable} and friends are the embedded, synchronous life: they wait with the {@link
 * Sleeper}s and run timed calls on the executor the caller passes. {@link #ofCompletionStage}
 * composes asynchronous calls in the same order, waiting on a {@link Scheduler}. The event-driven life composes the same
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

  /** A refusal by a layer of the composition: never retried (see the class documentation). */
  static boolean isRefusal(Throwable t) {
    return t instanceof CallNotPermittedException
        || t instanceof GateRejectedException
        || t instanceof RequestNotPermitted;
  }

  /** What the breaker layer gives the permission back for: the rate limiter's refusal. */
  static boolean isRateLimitRefusal(Throwable t) {
    return t instanceof RequestNotPermitted;
  }

  public static <T> DecorateCallable<T> ofCallable(Callable<T> callable) {
    return new DecorateCallable<>(Require.notNull(callable, "callable"));
  }

  public static <T> DecorateCallable<T> ofSupplier(Supplier<T> supplier) {
    Require.notNull(supplier, "supplier");
    return new DecorateCallable<>(supplier::get);
  }

  public static DecorateCallable<Void> ofRunnable(Runnable runnable) {
    Require.notNull(runnable, "runnable");
    return new DecorateCallable<>(() -> {
      runnable.run();
      return null;
    });
  }

  /**
   * The asynchronous composition, in the same {@link #ORDER}: each layer wraps a supplier of
   * {@link CompletionStage}s and waits, where it waits, on the {@link Scheduler} passed (a node's
   * in the simulation, an executor's when embedded), never on a thread. As Resilience4j's {@code
   * Decorators.ofCompletionStage}, except that the order is fixed, as for the synchronous form.
   */
  public static <T> DecorateCompletionStage<T> ofCompletionStage(Supplier<? extends CompletionStage<T>> supplier) {
    return new DecorateCompletionStage<>(Require.notNull(supplier, "supplier"));
  }

  /** Collects the layers; not thread-safe. */
  public static final class DecorateCallable<T> {
    private final Callable<T> callable;
    private final LayerSet<Wrapper> layers = new LayerSet<>();

    private DecorateCallable(Callable<T> callable) {
      this.callable = callable;
    }

    public DecorateCallable<T> withRetry(Retry retry, Sleeper sleeper) {
      Require.notNull(retry, "retry");
      Require.notNull(sleeper, "sleeper");
      return add(Layer.RETRY,
          inner -> () -> retry.executeCallable(inner, sleeper, Decorators::isRefusal));
    }

    /** The circuit-breaker slot: {@code breaker}, timing calls on its own ticker. */
    public DecorateCallable<T> withCircuitBreaker(CircuitBreaker breaker) {
      Require.notNull(breaker, "breaker");
      return withCallGate(breaker, breaker.ticker());
    }

    /** The circuit-breaker slot: any {@link CallGate}, its call durations read from {@code ticker}. */
    public DecorateCallable<T> withCallGate(CallGate gate, Ticker ticker) {
      Require.notNull(gate, "gate");
      Require.notNull(ticker, "ticker");
      return add(Layer.CIRCUIT_BREAKER,
          inner -> GatedCalls.callable(gate, ticker, inner, Decorators::isRateLimitRefusal));
    }

    public DecorateCallable<T> withRateLimiter(RateLimiter rateLimiter, Sleeper sleeper) {
      Require.notNull(rateLimiter, "rateLimiter");
      Require.notNull(sleeper, "sleeper");
      return add(Layer.RATE_LIMITER, inner -> () -> rateLimiter.executeCallable(inner, sleeper));
    }

    /** The timed call runs on {@code executor}, which the caller owns. */
    public DecorateCallable<T> withTimeLimiter(TimeLimiter timeLimiter, ExecutorService executor) {
      Require.notNull(timeLimiter, "timeLimiter");
      Require.notNull(executor, "executor");
      return add(Layer.TIME_LIMITER, inner -> () -> timeLimiter.executeCallable(executor, inner));
    }

    public DecorateCallable<T> withBulkhead(Bulkhead bulkhead) {
      Require.notNull(bulkhead, "bulkhead");
      return add(Layer.BULKHEAD, inner -> () -> bulkhead.executeCallable(inner));
    }

    /** The configured layers, outermost first. */
    public List<Layer> layers() {
      return layers.layers();
    }

    /** Test hook: told each time a layer is entered. */
    DecorateCallable<T> observe(Consumer<Layer> observer) {
      layers.observer = Require.notNull(observer, "observer");
      return this;
    }

    /** The call wrapped in {@link #ORDER}, innermost layer applied first. */
    @SuppressWarnings("unchecked")
    public Callable<T> decorate() {
      Consumer<Layer> seen = layers.observer;
      Callable<Object> result = layers.applyInnermostFirst((Callable<Object>) callable, Wrapper::wrap,
          (layer, wrapped) -> () -> {
            seen.accept(layer);
            return wrapped.call();
          });
      return () -> (T) result.call();
    }

    /** Decorates and calls once. */
    public T call() throws Exception {
      return decorate().call();
    }

    private DecorateCallable<T> add(Layer layer, Wrapper wrapper) {
      layers.add(layer, wrapper);
      return this;
    }
  }

  /** The layers one builder collected, each at most once, and how to apply them; not thread-safe. */
  private static final class LayerSet<W> {
    private final Map<Layer, W> byLayer = new EnumMap<>(Layer.class);
    Consumer<Layer> observer = layer -> {};

    void add(Layer layer, W wrapper) {
      if (byLayer.containsKey(layer)) {
        throw new IllegalStateException(layer + " was already configured");
      }
      byLayer.put(layer, wrapper);
    }

    List<Layer> layers() {
      return Collections.unmodifiableList(new ArrayList<>(byLayer.keySet()));
    }

    /** Wraps {@code call} in the configured layers of {@link #ORDER}, innermost first, each observed. */
    <C> C applyInnermostFirst(C call, BiFunction<W, C, C> wrap, BiFunction<Layer, C, C> observed) {
      C current = call;
      List<Layer> innermostFirst = new ArrayList<>(ORDER);
      Collections.reverse(innermostFirst);
      for (Layer layer : innermostFirst) {
        W w = byLayer.get(layer);
        if (w != null) {
          current = observed.apply(layer, wrap.apply(w, current));
        }
      }
      return current;
    }
  }

  @FunctionalInterface
  private interface Wrapper {
    Callable<Object> wrap(Callable<Object> inner);
  }

  /** Collects the asynchronous layers; not thread-safe. */
  public static final class DecorateCompletionStage<T> {
    private final Supplier<? extends CompletionStage<T>> supplier;
    private final LayerSet<StageWrapper> layers = new LayerSet<>();

    private DecorateCompletionStage(Supplier<? extends CompletionStage<T>> supplier) {
      this.supplier = supplier;
    }

    /** Retries on {@code scheduler} ({@link Retry#executeCompletionStage}). */
    public DecorateCompletionStage<T> withRetry(Retry retry, Scheduler scheduler) {
      Require.notNull(retry, "retry");
      Require.notNull(scheduler, "scheduler");
      return add(Layer.RETRY,
          inner -> () -> retry.executeCompletionStage(scheduler, inner, Decorators::isRefusal));
    }

    /** The circuit-breaker slot: {@code breaker}, timing calls on its own ticker. */
    public DecorateCompletionStage<T> withCircuitBreaker(CircuitBreaker breaker) {
      Require.notNull(breaker, "breaker");
      return withCallGate(breaker, breaker.ticker());
    }

    /**
     * The circuit-breaker slot: asks {@code gate} before starting the stage (refused: the stage
     * fails with {@link CallGate#notPermitted()}), and reports the outcome when the stage
     * completes, with the duration on {@code ticker}; a stage failing with an {@link Error}, or a
     * supplier throwing one, releases the permission. If reporting the outcome throws, the stage
     * fails with that.
     */
    public DecorateCompletionStage<T> withCallGate(CallGate gate, Ticker ticker) {
      Require.notNull(gate, "gate");
      Require.notNull(ticker, "ticker");
      return add(Layer.CIRCUIT_BREAKER,
          inner -> GatedCalls.stage(gate, ticker, inner, Decorators::isRateLimitRefusal));
    }

    /**
     * Waits for a rate-limit permit on {@code scheduler}; with none to be had within the
     * limiter's timeout the stage fails with {@link RequestNotPermitted} once that timeout has
     * passed, as the synchronous form does.
     */
    public DecorateCompletionStage<T> withRateLimiter(RateLimiter rateLimiter, Scheduler scheduler) {
      Require.notNull(rateLimiter, "rateLimiter");
      Require.notNull(scheduler, "scheduler");
      return add(Layer.RATE_LIMITER, inner -> () -> {
        long wait = rateLimiter.reservePermission();
        if (wait == 0) {
          return inner.get();
        }
        CompletableFuture<Object> result = new CompletableFuture<>();
        if (wait < 0) {
          scheduler.schedule(rateLimiter.config().timeoutNanos(),
              () -> result.completeExceptionally(new RequestNotPermitted(rateLimiter.name())));
        } else {
          scheduler.schedule(wait, () -> relay(inner, result));
        }
        return result;
      });
    }

    /** Times the stage out on {@code scheduler} ({@link TimeLimiter#executeCompletionStage}). */
    public DecorateCompletionStage<T> withTimeLimiter(TimeLimiter timeLimiter, Scheduler scheduler) {
      Require.notNull(timeLimiter, "timeLimiter");
      Require.notNull(scheduler, "scheduler");
      return add(Layer.TIME_LIMITER, inner -> () -> timeLimiter.executeCompletionStage(scheduler, inner));
    }

    /**
     * Starts the stage in a bulkhead slot, queueing for one up to the bulkhead's max wait on
     * {@code scheduler}; a full bulkhead fails the stage with {@link BulkheadFullException}. The
     * slot is released when the stage completes, or when this layer's stage is cancelled (as a
     * time limiter outside it does on a timeout), which also cancels the call's stage if it is a
     * {@link Future} that allows it (a minimal stage runs on).
     */
    public DecorateCompletionStage<T> withBulkhead(Bulkhead bulkhead, Scheduler scheduler) {
      Require.notNull(bulkhead, "bulkhead");
      Require.notNull(scheduler, "scheduler");
      return add(Layer.BULKHEAD, inner -> () -> {
        CompletableFuture<Object> result = new CompletableFuture<>();
        AtomicBoolean released = new AtomicBoolean();
        Runnable release = () -> {
          if (released.compareAndSet(false, true)) {
            bulkhead.onComplete();
          }
        };
        bulkhead.acquirePermission(scheduler, () -> {
          if (result.isDone()) { // cancelled (by a time limiter) while it waited for the slot
            release.run();
            return;
          }
          CompletionStage<Object> stage;
          try {
            stage = inner.get();
          } catch (RuntimeException | java.lang.Error e) {
            // An Error too: this may run in another call's release, where a throw would be lost.
            release.run();
            result.completeExceptionally(e);
            return;
          }
          // A time limiter cancels this layer's stage: pass that on to the call, and free the slot.
          result.whenComplete((value, error) -> {
            if (result.isCancelled()) {
              release.run();
              StageCancellation.cancelIfPossible(stage);
            }
          });
          stage.whenComplete((value, error) -> {
            release.run();
            complete(result, value, error);
          });
        }, () -> result.completeExceptionally(new BulkheadFullException(bulkhead.name())));
        return result;
      });
    }

    /** The configured layers, outermost first. */
    public List<Layer> layers() {
      return layers.layers();
    }

    /** Test hook: told each time a layer is entered. */
    DecorateCompletionStage<T> observe(Consumer<Layer> observer) {
      layers.observer = Require.notNull(observer, "observer");
      return this;
    }

    /** The supplier wrapped in {@link #ORDER}, innermost layer applied first. */
    @SuppressWarnings("unchecked")
    public Supplier<CompletionStage<T>> decorate() {
      Consumer<Layer> seen = layers.observer;
      Supplier<CompletionStage<Object>> result = layers.applyInnermostFirst(
          () -> (CompletionStage<Object>) supplier.get(), StageWrapper::wrap, (layer, wrapped) -> () -> {
            seen.accept(layer);
            return wrapped.get();
          });
      return () -> (CompletionStage<T>) result.get();
    }

    /** Decorates and starts once. */
    public CompletionStage<T> get() {
      return decorate().get();
    }

    private DecorateCompletionStage<T> add(Layer layer, StageWrapper wrapper) {
      layers.add(layer, wrapper);
      return this;
    }

    private static void relay(Supplier<CompletionStage<Object>> inner, CompletableFuture<Object> result) {
      CompletionStage<Object> stage;
      try {
        stage = inner.get();
      } catch (RuntimeException | java.lang.Error e) {
        // An Error too: this runs on a timer, where a throw would be lost and the stage hang.
        result.completeExceptionally(e);
        return;
      }
      stage.whenComplete((value, error) -> complete(result, value, error));
    }

    private static void complete(CompletableFuture<Object> result, Object value, Throwable error) {
      if (error == null) {
        result.complete(value);
      } else {
        result.completeExceptionally(error);
      }
    }
  }

  @FunctionalInterface
  private interface StageWrapper {
    Supplier<CompletionStage<Object>> wrap(Supplier<CompletionStage<Object>> inner);
  }
}
