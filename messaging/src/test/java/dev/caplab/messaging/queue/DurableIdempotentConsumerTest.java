package dev.caplab.messaging.queue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.caplab.node.Storage;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class DurableIdempotentConsumerTest {

  /** A storage whose crash keeps only synced writes, as the simulation's. */
  static final class CrashableStorage implements Storage {
    final TreeMap<String, Object> live = new TreeMap<>();
    TreeMap<String, Object> synced = new TreeMap<>();
    int syncs;

    @Override
    public void put(String key, Object value) {
      live.put(key, value);
    }

    @Override
    public void remove(String key) {
      live.remove(key);
    }

    @Override
    public Object get(String key) {
      return live.get(key);
    }

    @Override
    public SortedSet<String> keys() {
      return new TreeSet<>(live.keySet());
    }

    @Override
    public void sync() {
      synced = new TreeMap<>(live);
      syncs++;
    }

    @Override
    public int unsyncedWrites() {
      return live.equals(synced) ? 0 : 1;
    }

    void crash() {
      live.clear();
      live.putAll(synced);
    }
  }

  final CrashableStorage storage = new CrashableStorage();

  static ReceivedMessage message(String id, String body) {
    return new ReceivedMessage(id, body, new ReceiptHandle("q", 1, 1), 1, 0, 0, null);
  }

  /** Adds the order's amount (its body's number) to a balance; returns the new balance. */
  DurableIdempotentConsumer consumer() {
    return DurableIdempotentConsumer.of(storage, ReceivedMessage::body, (m, batch) -> {
      Long balance = batch.get("balance", Long.class);
      long next = (balance == null ? 0 : balance) + Long.parseLong(m.body());
      batch.put("balance", next);
      return next;
    });
  }

  @Test
  void theEffectAndItsKeyAreDurableTogetherBeforeHandleReturns() throws Exception {
    DurableIdempotentConsumer c = consumer();
    c.handle(message("m1", "5"));
    assertEquals(0, storage.unsyncedWrites());
    assertEquals(1, storage.syncs);
    storage.crash();
    assertEquals(5L, storage.get("balance"));
    assertEquals(Optional.of(new DurableIdempotentConsumer.Processed("m1", 5L)), consumer().processed("5"));
  }

  @Test
  void aDuplicateAfterACrashIsSuppressedByANewInstance() throws Exception {
    consumer().handle(message("m1", "5"));
    storage.crash();
    DurableIdempotentConsumer reborn = consumer();
    reborn.handle(message("m2", "5")); // the producer's retry: another id, the same business key
    reborn.handle(message("m3", "7"));
    assertEquals(12L, storage.get("balance"));
    assertEquals(1, reborn.suppressedCount());
    assertEquals(1, reborn.processedCount());
  }

  @Test
  void aFailedEffectWritesNothingAndIsAppliedWhenTheMessageComesBack() throws Exception {
    boolean[] fail = {true};
    DurableIdempotentConsumer c = DurableIdempotentConsumer.of(storage, ReceivedMessage::messageId, (m, batch) -> {
      batch.put("seen", m.body());
      if (fail[0]) {
        throw new IllegalStateException("downstream unavailable");
      }
      return null;
    });
    assertThrows(IllegalStateException.class, () -> c.handle(message("m1", "x")));
    assertNull(storage.get("seen"));
    assertTrue(c.processed("m1").isEmpty());
    assertEquals(0, storage.syncs);
    fail[0] = false;
    c.handle(message("m1", "x"));
    assertEquals("x", storage.get("seen"));
    assertEquals(Optional.of(new DurableIdempotentConsumer.Processed("m1", null)), c.processed("m1"));
    assertEquals(1, c.processedCount());
    assertEquals(0, c.suppressedCount());
  }

  @Test
  void theBatchReadsItsOwnWritesFirst() throws Exception {
    storage.put("n", 1);
    DurableIdempotentConsumer c = DurableIdempotentConsumer.of(storage, ReceivedMessage::messageId, (m, batch) -> {
      assertEquals(1, batch.get("n"));
      batch.put("n", 2);
      assertEquals(2, batch.get("n"));
      assertEquals(1, storage.get("n"), "not written before the effect returns");
      return null;
    });
    c.handle(message("m1", "x"));
    assertEquals(2, storage.get("n"));
  }

  @Test
  void badInputsAreRefusedByName() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> DurableIdempotentConsumer.of(storage, ReceivedMessage::body, (m, batch) -> {
          batch.put("dedup/x", 1);
          return null;
        }).handle(message("m1", "x")));
    assertEquals("key must not start with dedup/ (reserved for dedup records), got dedup/x", e.getMessage());
    assertTrue(storage.keys().isEmpty());
    assertThrows(NullPointerException.class, () -> DurableIdempotentConsumer.of(null, ReceivedMessage::body,
        (m, b) -> null));
    assertThrows(NullPointerException.class, () -> DurableIdempotentConsumer.of(storage, m -> null,
        (m, b) -> null).handle(message("m1", "x")));
  }

  static String orderIdOf(String body) {
    return body.substring(0, body.indexOf(' '));
  }

  static String skuOf(String body) {
    return body.substring(body.indexOf(' ') + 1);
  }

  /** The embedding example of docs/messaging-scenarios.md, word for word inside the lambda. */
  @Test
  void theGuidesExampleReservesStockOncePerOrder() throws Exception {
    java.util.function.Function<Storage, DurableIdempotentConsumer> factory =
        s -> DurableIdempotentConsumer.of(s, m -> orderIdOf(m.body()), (m, batch) -> {
          Long stock = batch.get("stock/" + skuOf(m.body()), Long.class);
          batch.put("stock/" + skuOf(m.body()), (stock == null ? 100 : stock) - 1);
          return "reserved";                       // remembered with the key
        });
    factory.apply(storage).handle(message("m1", "o-1 sku-9"));
    storage.crash();
    factory.apply(storage).handle(message("m2", "o-1 sku-9"));
    factory.apply(storage).handle(message("m3", "o-2 sku-9"));
    assertEquals(98L, storage.get("stock/sku-9"));
    assertEquals(Optional.of(new DurableIdempotentConsumer.Processed("m1", "reserved")),
        factory.apply(storage).processed("o-1"));
  }
}
