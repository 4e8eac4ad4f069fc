package dev.caplab.replication.crdt.store;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the replicas of one store shipped to each other, summed over replicas and restarts:
 * anti-entropy messages and an estimate of their bytes (per key: the key, the state's or delta's
 * {@code metadataBytes()} and an estimate of its payload; plus {@value #HEADER_BYTES} bytes of
 * header per message). Client requests and replies are not counted.
 *
 * <p>Not thread-safe: updated by the replicas on the simulation thread.
 */
public final class CrdtStoreMetrics {

  /** Bytes counted for each message's header (epoch, position, kind). */
  public static final int HEADER_BYTES = 17;

  private long fullStatePushes;
  private long deltaPushes;
  private long acks;
  private long fullStateBytes;
  private long deltaBytes;
  private long ackBytes;
  private long localUpdates;
  private long fallbacks;

  CrdtStoreMetrics() {}

  void pushed(boolean fullState, long bytes) {
    if (fullState) {
      fullStatePushes++;
      fullStateBytes += bytes;
    } else {
      deltaPushes++;
      deltaBytes += bytes;
    }
  }

  void acked() {
    acks++;
    ackBytes += HEADER_BYTES;
  }

  void updated() {
    localUpdates++;
  }

  void fellBack() {
    fallbacks++;
  }

  /**
   * Binds these counters to {@code registry} as {@code caplab.crdt.gossip.messages} (tag {@code
   * kind}: full_state, delta, ack), {@code caplab.crdt.gossip.bytes}, {@code
   * caplab.crdt.gossip.fallbacks} and {@code caplab.crdt.updates}, each tagged {@code store}. In a
   * simulation pass the cluster's registry, which runs on simulated time.
   */
  public void bindTo(MeterRegistry registry, String store) {
    FunctionCounter.builder("caplab.crdt.gossip.messages", this, m -> m.fullStatePushes)
        .tag("store", store).tag("kind", "full_state").register(registry);
    FunctionCounter.builder("caplab.crdt.gossip.messages", this, m -> m.deltaPushes)
        .tag("store", store).tag("kind", "delta").register(registry);
    FunctionCounter.builder("caplab.crdt.gossip.messages", this, m -> m.acks)
        .tag("store", store).tag("kind", "ack").register(registry);
    FunctionCounter.builder("caplab.crdt.gossip.bytes", this, CrdtStoreMetrics::bytesGossiped)
        .tag("store", store).baseUnit("bytes").register(registry);
    FunctionCounter.builder("caplab.crdt.gossip.fallbacks", this, CrdtStoreMetrics::fallbacks)
        .tag("store", store).register(registry);
    FunctionCounter.builder("caplab.crdt.updates", this, CrdtStoreMetrics::localUpdates)
        .tag("store", store).register(registry);
  }

  /** Anti-entropy messages sent: pushes and acks. */
  public long messages() {
    return fullStatePushes + deltaPushes + acks;
  }

  /** Estimated bytes of every anti-entropy message sent. */
  public long bytesGossiped() {
    return fullStateBytes + deltaBytes + ackBytes;
  }

  public long fullStatePushes() {
    return fullStatePushes;
  }

  public long deltaPushes() {
    return deltaPushes;
  }

  public long acks() {
    return acks;
  }

  /** Full-state pushes made in delta mode because the peer was unknown or had missed dropped deltas. */
  public long fallbacks() {
    return fallbacks;
  }

  /** Updates applied through the local API or client requests (those that changed something). */
  public long localUpdates() {
    return localUpdates;
  }

  /** JSON-friendly view of every figure. */
  public Map<String, Object> toMap() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("messages", messages());
    m.put("bytesGossiped", bytesGossiped());
    m.put("fullStatePushes", fullStatePushes);
    m.put("fullStateBytes", fullStateBytes);
    m.put("deltaPushes", deltaPushes);
    m.put("deltaBytes", deltaBytes);
    m.put("acks", acks);
    m.put("fallbacksToFullState", fallbacks);
    m.put("localUpdates", localUpdates);
    return m;
  }

  @Override
  public String toString() {
    return "CrdtStoreMetrics" + toMap();
  }
}
