package dev.caplab.replication.quorum;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * One client's meters of its requests' attempts, tagged with its name and {@code op} =
 * read|write, counting across crashes like {@link QuorumMeters}: {@value #ATTEMPTS} (requests
 * sent to a coordinator, retries included), {@value #THROTTLED} ({@link Throttled} answers
 * received), {@value #RETRIES} (attempts after a throttle) and {@value #GIVE_UPS} (requests
 * still throttled on their last attempt). {@link QuorumMetrics} adds the clients up.
 *
 * <p>Not thread-safe: the client node's thread.
 */
final class ClientMeters {

  static final String ATTEMPTS = "caplab.quorum.client.attempts";
  static final String THROTTLED = "caplab.quorum.client.throttled";
  static final String RETRIES = "caplab.quorum.client.retries";
  static final String GIVE_UPS = "caplab.quorum.client.giveups";

  final Counter readAttempts;
  final Counter writeAttempts;
  final Counter readsThrottled;
  final Counter writesThrottled;
  final Counter readRetries;
  final Counter writeRetries;
  final Counter readGiveUps;
  final Counter writeGiveUps;

  ClientMeters(MeterRegistry registry, String node) {
    readAttempts = counter(registry, ATTEMPTS, node, "read");
    writeAttempts = counter(registry, ATTEMPTS, node, "write");
    readsThrottled = counter(registry, THROTTLED, node, "read");
    writesThrottled = counter(registry, THROTTLED, node, "write");
    readRetries = counter(registry, RETRIES, node, "read");
    writeRetries = counter(registry, RETRIES, node, "write");
    readGiveUps = counter(registry, GIVE_UPS, node, "read");
    writeGiveUps = counter(registry, GIVE_UPS, node, "write");
  }

  private static Counter counter(MeterRegistry registry, String name, String node, String op) {
    return Counter.builder(name).tag(QuorumMeters.NODE, node).tag("op", op).register(registry);
  }
}
