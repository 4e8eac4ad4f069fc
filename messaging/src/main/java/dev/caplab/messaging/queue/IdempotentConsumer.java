package dev.caplab.messaging.queue;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.caplab.config.Require;
import dev.caplab.time.Ticker;
import dev.caplab.time.Tickers;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * A {@link MessageHandler} that runs its delegate at most once per key within a window: a queue
 * delivers at least once (a visibility timeout that ends before the delete, a consumer that crashes
 * after processing), and this turns those redeliveries into no-ops.
 *
 * <p>The processed keys live in a Caffeine cache with expire-after-write ({@code window}) and a size
 * bound ({@code maximumSize}), on the caller's {@link Ticker} through {@link Tickers#caffeine} and
 * with a same-thread executor, so that it expires on simulated time and does its maintenance
 * deterministically on the calling thread. A key is recorded only after the delegate returns: a
 * message whose processing failed is processed again when it comes back.
 *
 * <p>A bounded memory forgets: a duplicate arriving after its key expired or was evicted is
 * processed again. With {@link IdempotencyConfig#auditMissedDuplicates()} the consumer also keeps
 * every key it processed with the time it did so (unbounded) and counts those duplicates, split into
 * expired (older than the window) and evicted (younger). Caffeine's size eviction is W-TinyLFU, not
 * LRU: under pressure it may keep older keys and drop the newest.
 *
 * <p>Thread-safe: {@link #handle} is synchronized, so two copies of a message on two threads are
 * processed once; the delegate runs under that lock.
 */
public final class IdempotentConsumer implements MessageHandler {

  private final MessageHandler delegate;
  private final IdempotencyConfig config;
  private final Ticker ticker;
  private final Cache<Object, Boolean> seen;
  private final Map<Object, Long> audit;
  private long processed;
  private long suppressed;
  private long letThroughExpired;
  private long letThroughEvicted;

  private IdempotentConsumer(MessageHandler delegate, IdempotencyConfig config, Ticker ticker) {
    this.delegate = delegate;
    this.config = config;
    this.ticker = ticker;
    this.seen = Caffeine.newBuilder()
        .ticker(Tickers.caffeine(ticker))
        .executor(Runnable::run)
        .expireAfterWrite(config.window())
        .maximumSize(config.maximumSize())
        .build();
    this.audit = config.auditMissedDuplicates() ? new HashMap<>() : null;
  }

  /** Wraps {@code delegate}, remembering keys on {@code ticker}'s time. */
  public static IdempotentConsumer of(MessageHandler delegate, IdempotencyConfig config, Ticker ticker) {
    return new IdempotentConsumer(Require.notNull(delegate, "delegate"), Require.notNull(config, "config"),
        Require.notNull(ticker, "ticker"));
  }

  /** Runs the delegate unless the message's key was processed within the window. */
  @Override
  public synchronized void handle(ReceivedMessage message) throws Exception {
    Object key = Require.notNull(config.key().apply(message), "key");
    if (seen.getIfPresent(key) != null) {
      suppressed++;
      return;
    }
    long now = ticker.nanos();
    if (audit != null) {
      Long processedAt = audit.get(key);
      if (processedAt != null) {
        if (now - processedAt >= config.window().toNanos()) {
          letThroughExpired++;
        } else {
          letThroughEvicted++;
        }
      }
    }
    delegate.handle(message);
    seen.put(key, Boolean.TRUE);
    if (audit != null) {
      audit.put(key, now);
    }
    processed++;
  }

  /** Whether {@code key} is remembered now. */
  public synchronized boolean remembers(Object key) {
    return seen.getIfPresent(Require.notNull(key, "key")) != null;
  }

  public synchronized IdempotencyStats stats() {
    seen.cleanUp();
    return new IdempotencyStats(processed, suppressed, letThroughExpired, letThroughEvicted, seen.estimatedSize());
  }

  public IdempotencyConfig config() {
    return config;
  }

  /** The window, for reports. */
  public Duration window() {
    return config.window();
  }
}
