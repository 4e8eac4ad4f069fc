package dev.caplab.replication.quorum;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.concurrent.TimeUnit;

/**
 * One store node's meters, registered in its context's registry and tagged with its name: each
 * node reports for itself, and {@link QuorumMetrics} adds the nodes up. Registering again after a
 * restart returns the same meters, so the counts run on across crashes.
 *
 * <p>Meter names: {@value #REQUESTS} (tags {@code op} = read|write, {@code outcome} =
 * ok|unavailable), {@value #LATENCY} (successful requests, tag {@code op}), {@value #REPAIRS},
 * {@value #WRITE_BACKS}, {@value #HINTS} (tag {@code event} = stored|replayed|dropped), {@value
 * #ANTI_ENTROPY_EXCHANGES}, {@value #ANTI_ENTROPY_KEYS}; every one tagged {@code node}.
 *
 * <p>Not thread-safe: the node's thread.
 */
final class QuorumMeters {

  static final String REQUESTS = "caplab.quorum.requests";
  static final String LATENCY = "caplab.quorum.latency";
  static final String REPAIRS = "caplab.quorum.repairs";
  static final String WRITE_BACKS = "caplab.quorum.writebacks";
  static final String HINTS = "caplab.quorum.hints";
  static final String ANTI_ENTROPY_EXCHANGES = "caplab.quorum.antientropy.exchanges";
  static final String ANTI_ENTROPY_KEYS = "caplab.quorum.antientropy.keys";
  static final String REPLICA_THROTTLES = "caplab.quorum.replica.throttles";
  static final String PARTITION_SPLITS = "caplab.quorum.partition.splits";
  static final String NODE = "node";

  final Counter reads;
  final Counter writes;
  final Counter readsUnavailable;
  final Counter writesUnavailable;
  final Counter readsThrottled;
  final Counter writesThrottled;
  final Counter replicaReadThrottles;
  final Counter replicaWriteThrottles;
  final Counter partitionSplits;
  final Timer readLatency;
  final Timer writeLatency;
  final Counter repairsSent;
  final Counter writeBacksSent;
  final Counter hintsStored;
  final Counter hintsReplayed;
  final Counter hintsDropped;
  final Counter antiEntropyExchanges;
  final Counter antiEntropyKeysSent;

  QuorumMeters(MeterRegistry registry, String node) {
    reads = requests(registry, node, "read", "ok");
    writes = requests(registry, node, "write", "ok");
    readsUnavailable = requests(registry, node, "read", "unavailable");
    writesUnavailable = requests(registry, node, "write", "unavailable");
    readsThrottled = requests(registry, node, "read", "throttled");
    writesThrottled = requests(registry, node, "write", "throttled");
    replicaReadThrottles = Counter.builder(REPLICA_THROTTLES).tag(NODE, node).tag("op", "read").register(registry);
    replicaWriteThrottles = Counter.builder(REPLICA_THROTTLES).tag(NODE, node).tag("op", "write").register(registry);
    partitionSplits = Counter.builder(PARTITION_SPLITS).tag(NODE, node).register(registry);
    readLatency = Timer.builder(LATENCY).tag(NODE, node).tag("op", "read").register(registry);
    writeLatency = Timer.builder(LATENCY).tag(NODE, node).tag("op", "write").register(registry);
    repairsSent = Counter.builder(REPAIRS).tag(NODE, node).register(registry);
    writeBacksSent = Counter.builder(WRITE_BACKS).tag(NODE, node).register(registry);
    hintsStored = hints(registry, node, "stored");
    hintsReplayed = hints(registry, node, "replayed");
    hintsDropped = hints(registry, node, "dropped");
    antiEntropyExchanges = Counter.builder(ANTI_ENTROPY_EXCHANGES).tag(NODE, node).register(registry);
    antiEntropyKeysSent = Counter.builder(ANTI_ENTROPY_KEYS).tag(NODE, node).register(registry);
  }

  static void record(Timer timer, long nanos) {
    timer.record(nanos, TimeUnit.NANOSECONDS);
  }

  private static Counter requests(MeterRegistry registry, String node, String op, String outcome) {
    return Counter.builder(REQUESTS).tag(NODE, node).tag("op", op).tag("outcome", outcome).register(registry);
  }

  private static Counter hints(MeterRegistry registry, String node, String event) {
    return Counter.builder(HINTS).tag(NODE, node).tag("event", event).register(registry);
  }
}
