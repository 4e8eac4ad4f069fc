package dev.caplab.messaging.queue;

import dev.caplab.config.Require;
import dev.caplab.node.Storage;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * A {@link MessageHandler} that applies each message's effect exactly once, across crashes of
 * the consumer: the processed keys live in the same durable {@link Storage} as the effect, and are
 * written with it. {@link IdempotentConsumer} keeps its keys in memory, so a consumer that crashes
 * after processing a message and before its delete reaches the queue forgets the key, and the
 * redelivered message is processed a second time; this one does not.
 *
 * <p>For each message: if the storage holds a record for its key, the message is a duplicate and
 * nothing runs. Otherwise the {@link Effect} runs against a {@link Batch}, which reads through to
 * the storage and buffers writes. If it returns, the buffered writes and the dedup record (the
 * message id and the effect's result) are put into the storage and synced together, before the
 * handler returns and so before the caller deletes the message. If it throws, nothing is written
 * and the message is processed again when it comes back. A crash therefore leaves either both the
 * effect and its key, or neither: the effect is applied once per key, however often the message
 * is delivered. The atomicity rests on one sync covering every write, as a database transaction
 * commits the business row and the dedup row together.
 *
 * <p>Keys are kept for ever (the storage grows by one small record per key): unlike a time window,
 * that also catches a duplicate that comes back days later, from a redrive or a replay. A store
 * that must stay bounded deletes records older than the longest redelivery horizon, the queue's
 * retention period.
 *
 * <p>Two lives: in the simulation the storage is a node's {@code ctx.storage()}; embedded, any
 * {@link Storage} whose {@code sync} makes the writes durable together.
 *
 * <p>Not thread-safe, like the storage it writes: call it from one thread (a node's handlers).
 */
public final class DurableIdempotentConsumer implements MessageHandler {

  /** Storage keys of dedup records start with this. */
  public static final String KEY_PREFIX = "dedup/";

  /** A message's effect, written through a {@link Batch} so that it commits with its dedup record. */
  @FunctionalInterface
  public interface Effect {

    /**
     * Applies {@code message}'s effect to {@code batch}; returns the result to remember with the
     * key (may be null). Throwing means "not processed": nothing is written.
     */
    Object apply(ReceivedMessage message, Batch batch) throws Exception;
  }

  /**
   * The dedup record of a processed key.
   *
   * @param messageId the id of the message that was processed
   * @param result what the effect returned, or null
   */
  public record Processed(String messageId, Object result) {}

  /**
   * The writes of one effect, buffered until it returns; reads see the batch's own writes first,
   * then the storage. Not thread-safe.
   */
  public static final class Batch {
    private final Storage storage;
    private final Map<String, Object> writes = new LinkedHashMap<>();

    private Batch(Storage storage) {
      this.storage = storage;
    }

    /** The value of {@code key}: this batch's write, or the storage's value, or null. */
    public Object get(String key) {
      Require.notNull(key, "key");
      return writes.containsKey(key) ? writes.get(key) : storage.get(key);
    }

    /** The value of {@code key} cast to {@code type}, or null. */
    public <T> T get(String key, Class<T> type) {
      return type.cast(get(key));
    }

    /** Buffers a write; {@code key} must not be a dedup record's. */
    public void put(String key, Object value) {
      Require.notNull(key, "key");
      Require.notNull(value, "value");
      Require.requireArgument(!key.startsWith(KEY_PREFIX),
          "key must not start with %s (reserved for dedup records), got %s", KEY_PREFIX, key);
      writes.put(key, value);
    }
  }

  private final Storage storage;
  private final Function<ReceivedMessage, String> key;
  private final Effect effect;
  private long processed;
  private long suppressed;

  private DurableIdempotentConsumer(Storage storage, Function<ReceivedMessage, String> key, Effect effect) {
    this.storage = storage;
    this.key = key;
    this.effect = effect;
  }

  /**
   * Applies {@code effect} once per {@code key} (a business key such as an order number, or
   * {@link ReceivedMessage#messageId}), remembering keys in {@code storage}.
   */
  public static DurableIdempotentConsumer of(Storage storage, Function<ReceivedMessage, String> key, Effect effect) {
    return new DurableIdempotentConsumer(Require.notNull(storage, "storage"), Require.notNull(key, "key"),
        Require.notNull(effect, "effect"));
  }

  /** Applies the message's effect unless its key was processed; returns once the effect is durable. */
  @Override
  public void handle(ReceivedMessage message) throws Exception {
    Require.notNull(message, "message");
    String k = recordKey(Require.notNull(key.apply(message), "key"));
    if (storage.get(k) != null) {
      suppressed++;
      return;
    }
    Batch batch = new Batch(storage);
    Object result = effect.apply(message, batch);
    batch.writes.forEach(storage::put);
    storage.put(k, new Processed(message.messageId(), result));
    storage.sync();
    processed++;
  }

  /** The dedup record of {@code key}, if it was processed (in this life or an earlier one). */
  public Optional<Processed> processed(String key) {
    return Optional.ofNullable(storage.get(recordKey(Require.notNull(key, "key")), Processed.class));
  }

  /** Messages whose effect this instance applied (since it was built, not across crashes). */
  public long processedCount() {
    return processed;
  }

  /** Duplicates this instance suppressed (since it was built). */
  public long suppressedCount() {
    return suppressed;
  }

  private static String recordKey(String key) {
    return KEY_PREFIX + key;
  }
}
