package dev.caplab.messaging.saga;

import dev.caplab.config.Require;
import dev.caplab.node.Storage;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A {@link SagaStore} in a node's durable {@link Storage}: each save is written and synced, so it
 * survives a crash of the node. Records are kept under {@code <prefix><sequence>} with their
 * first-save order, so {@link #open()} lists them in the order the sagas started, after a
 * restart too.
 *
 * <p>Not thread-safe: used on the node's thread.
 *
 * @param <P> the payload type
 */
public final class StorageSagaStore<P> implements SagaStore<P> {

  /** The key prefix when none is given. */
  public static final String DEFAULT_PREFIX = "saga/";

  private final Storage storage;
  private final String prefix;
  private final String indexPrefix;
  private final String countKey;

  /** A store in {@code storage} under {@link #DEFAULT_PREFIX}. */
  public StorageSagaStore(Storage storage) {
    this(storage, DEFAULT_PREFIX);
  }

  /** A store in {@code storage} whose keys start with {@code prefix} (non-empty). */
  public StorageSagaStore(Storage storage, String prefix) {
    this.storage = Require.notNull(storage, "storage");
    Require.notNull(prefix, "prefix");
    Require.requireArgument(!prefix.isEmpty(), "prefix must not be empty, got ''");
    this.prefix = prefix + "seq/";
    this.indexPrefix = prefix + "id/";
    this.countKey = prefix + "count";
  }

  @Override
  public void save(SagaRecord<P> saga) {
    Require.notNull(saga, "saga");
    String key = storage.get(indexPrefix + saga.sagaId(), String.class);
    if (key == null) {
      Long count = storage.get(countKey, Long.class);
      long sequence = count == null ? 0 : count;
      key = String.format(Locale.ROOT, "%s%020d", prefix, sequence);
      storage.put(countKey, sequence + 1);
      storage.put(indexPrefix + saga.sagaId(), key);
    }
    storage.put(key, saga);
    storage.sync();
  }

  @Override
  @SuppressWarnings("unchecked")
  public SagaRecord<P> load(String sagaId) {
    String key = storage.get(indexPrefix + Require.notNull(sagaId, "sagaId"), String.class);
    return key == null ? null : (SagaRecord<P>) storage.get(key);
  }

  @Override
  @SuppressWarnings("unchecked")
  public List<SagaRecord<P>> open() {
    List<SagaRecord<P>> open = new ArrayList<>();
    for (String key : storage.keys().subSet(prefix, prefix + Character.MAX_VALUE)) {
      SagaRecord<P> s = (SagaRecord<P>) storage.get(key);
      if (!s.state().terminal()) {
        open.add(s);
      }
    }
    return open;
  }
}
