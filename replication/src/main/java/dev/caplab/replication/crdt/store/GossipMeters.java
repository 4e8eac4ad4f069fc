package dev.caplab.replication.crdt.store;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * One replica's gossip meters, registered in its context's registry and tagged with its name, so
 * replicas report for themselves and {@link CrdtStoreMetrics} adds them up. Registering again after
 * a restart returns the same meters: counts run on across crashes.
 *
 * <p>Meters: {@value #MESSAGES} and {@value #BYTES} (tag {@code kind} = full_state, delta, ack;
 * bytes with base unit bytes), {@value #FALLBACKS}, {@value #UPDATES}; all tagged {@code node}.
 *
 * <p>Not thread-safe: the node's thread.
 */
final class GossipMeters {

  /** Bytes counted for each message's header (epoch, position, kind). */
  static final int HEADER_BYTES = 17;

  static final String MESSAGES = "caplab.crdt.gossip.messages";
  static final String BYTES = "caplab.crdt.gossip.bytes";
  static final String FALLBACKS = "caplab.crdt.gossip.fallbacks";
  static final String UPDATES = "caplab.crdt.updates";
  static final String NODE = "node";
  static final String FULL_STATE = "full_state";
  static final String DELTA = "delta";
  static final String ACK = "ack";

  private final Counter fullStatePushes;
  private final Counter deltaPushes;
  private final Counter acks;
  private final Counter fullStateBytes;
  private final Counter deltaBytes;
  private final Counter ackBytes;
  private final Counter fallbacks;
  private final Counter updates;

  GossipMeters(MeterRegistry registry, String node) {
    fullStatePushes = messages(registry, node, FULL_STATE);
    deltaPushes = messages(registry, node, DELTA);
    acks = messages(registry, node, ACK);
    fullStateBytes = bytes(registry, node, FULL_STATE);
    deltaBytes = bytes(registry, node, DELTA);
    ackBytes = bytes(registry, node, ACK);
    fallbacks = Counter.builder(FALLBACKS).tag(NODE, node).register(registry);
    updates = Counter.builder(UPDATES).tag(NODE, node).register(registry);
  }

  void pushed(boolean fullState, long bytes) {
    if (fullState) {
      fullStatePushes.increment();
      fullStateBytes.increment(bytes);
    } else {
      deltaPushes.increment();
      deltaBytes.increment(bytes);
    }
  }

  void acked() {
    acks.increment();
    ackBytes.increment(HEADER_BYTES);
  }

  void updated() {
    updates.increment();
  }

  void fellBack() {
    fallbacks.increment();
  }

  private static Counter messages(MeterRegistry registry, String node, String kind) {
    return Counter.builder(MESSAGES).tag(NODE, node).tag("kind", kind).register(registry);
  }

  private static Counter bytes(MeterRegistry registry, String node, String kind) {
    return Counter.builder(BYTES).tag(NODE, node).tag("kind", kind).baseUnit("bytes").register(registry);
  }
}
