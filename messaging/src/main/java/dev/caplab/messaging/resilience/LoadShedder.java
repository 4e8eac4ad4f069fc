package dev.caplab.messaging.resilience;

import dev.caplab.config.Require;
import dev.caplab.time.Ticker;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.function.Supplier;

/**
 * Server-side admission control: when too many requests are in flight (or its queue is too long)
 * the server answers at once with 429 and a Retry-After instead of queueing work it cannot finish
 * in time, which keeps the accepted requests fast and tells well-behaved clients (a {@link Retry}
 * honours Retry-After) when to come back.
 *
 * <p>The limit is fixed, or adaptive by AIMD (see {@link LoadShedderConfig}): it grows by an
 * additive step while successes stay within the latency target and shrinks by a ratio on a
 * timeout, an overload or a slow success, as TCP congestion control does with its window.
 *
 * <p>Protocol: {@link #admit()} (or {@link #admit(int)} with the current queue length); for each
 * {@link Admission.Accept} report exactly one of {@link #onSuccess(long)}, {@link #onDropped()} or
 * {@link #onIgnore()}. Time for latencies comes from the caller (it measured them with its {@link
 * Ticker}); the shedder reads no clock.
 *
 * <p>Thread-safe: the state is guarded by this shedder's lock.
 */
public final class LoadShedder {

  private final String name;
  private final LoadShedderConfig config;
  private int limit;
  private int inFlight;
  private long accepted;
  private long shed;

  private LoadShedder(String name, LoadShedderConfig config) {
    this.name = Require.notNull(name, "name");
    this.config = Require.notNull(config, "config");
    this.limit = config.maxConcurrentCalls();
  }

  public static LoadShedder of(String name, LoadShedderConfig config) {
    return new LoadShedder(name, config);
  }

  public static LoadShedder ofDefaults(String name) {
    return of(name, LoadShedderConfig.ofDefaults());
  }

  public String name() {
    return name;
  }

  public LoadShedderConfig config() {
    return config;
  }

  /** Admits a request if fewer than {@link #limit()} are in flight. */
  public synchronized Admission admit() {
    if (inFlight >= limit) {
      return shed(Admission.Reason.CONCURRENCY_LIMIT);
    }
    inFlight++;
    accepted++;
    return Admission.ACCEPT;
  }

  /** Like {@link #admit()}, also shedding when {@code queueLength >= maxQueueLength}. */
  public synchronized Admission admit(int queueLength) {
    Require.atLeast("queueLength", queueLength, 0);
    if (queueLength >= config.maxQueueLength()) {
      return shed(Admission.Reason.QUEUE_LENGTH);
    }
    return admit();
  }

  /** An admitted request succeeded after {@code latencyNanos}; adapts the limit. */
  public synchronized void onSuccess(long latencyNanos) {
    Require.atLeast("latencyNanos", latencyNanos, 0L);
    release();
    if (config.adaptive()) {
      if (latencyNanos <= config.latencyTargetNanos()) {
        limit = (int) Math.min(config.maxLimit(), (long) limit + config.additiveIncrease());
      } else {
        decrease();
      }
    }
  }

  /** An admitted request timed out or failed from overload; shrinks an adaptive limit. */
  public synchronized void onDropped() {
    release();
    if (config.adaptive()) {
      decrease();
    }
  }

  /** An admitted request finished in a way that says nothing about load (a client error). */
  public synchronized void onIgnore() {
    release();
  }

  /**
   * Embedded convenience: admits, runs {@code supplier}, reports it with the latency measured on
   * {@code ticker}, and throws a {@link RetryAfterException} (a 429) when shed. A thrown
   * exception counts as dropped; a thrown {@link Error} is ignored (it does not adapt the limit).
   */
  public <T> T executeSupplier(Supplier<T> supplier, Ticker ticker) {
    Require.notNull(supplier, "supplier");
    Require.notNull(ticker, "ticker");
    Admission a = admit();
    if (a instanceof Admission.Shed s) {
      throw new RetryAfterException(
          "LoadShedder '" + name + "' shed the call (" + s.reason() + ")", s.retryAfter());
    }
    long start = ticker.nanos();
    T result;
    try {
      result = supplier.get();
    } catch (RuntimeException e) {
      onDropped();
      throw e;
    } catch (Error e) {
      onIgnore(); // not an outcome that says anything about load, but the admission must come back
      throw e;
    }
    onSuccess(ticker.nanos() - start);
    return result;
  }

  /** The current concurrency limit (fixed, or where AIMD has moved it). */
  public synchronized int limit() {
    return limit;
  }

  public synchronized int inFlight() {
    return inFlight;
  }

  public synchronized long acceptedCalls() {
    return accepted;
  }

  public synchronized long shedCalls() {
    return shed;
  }

  /**
   * Binds {@code caplab.loadshedder.shed} and {@code caplab.loadshedder.accepted} (counters),
   * {@code caplab.loadshedder.limit} and {@code caplab.loadshedder.in.flight} (gauges), tagged
   * {@code name}.
   */
  public void bindTo(MeterRegistry registry) {
    FunctionCounter.builder("caplab.loadshedder.shed", this, LoadShedder::shedCalls)
        .tag("name", name).description("Requests refused with Retry-After").register(registry);
    FunctionCounter.builder("caplab.loadshedder.accepted", this, LoadShedder::acceptedCalls)
        .tag("name", name).register(registry);
    Gauge.builder("caplab.loadshedder.limit", this, LoadShedder::limit)
        .tag("name", name).register(registry);
    Gauge.builder("caplab.loadshedder.in.flight", this, LoadShedder::inFlight)
        .tag("name", name).register(registry);
  }

  private Admission shed(Admission.Reason reason) {
    shed++;
    return new Admission.Shed(config.retryAfter(), reason);
  }

  private void release() {
    if (inFlight == 0) {
      throw new IllegalStateException(
          "load shedder '" + name + "': a completion without a matching accepted admit");
    }
    inFlight--;
  }

  private void decrease() {
    limit = Math.max(config.minLimit(), (int) Math.floor(limit * config.backoffRatio()));
  }

  @Override
  public String toString() {
    return "LoadShedder[" + name + ", " + config + "]";
  }
}
