package dev.caplab.replication.quorum;

import dev.caplab.config.Require;
import dev.caplab.time.Durations;
import java.time.Duration;
import java.util.Objects;

/**
 * A request refused because the key's partition was over its throughput limit ({@link
 * PartitionCapacity}): the partition's primary replica, its admission point, refused it. The
 * store's ProvisionedThroughputExceededException. Unlike {@link Unavailable} it is
 * <em>retriable</em> by design: the replicas are up and will admit the request once their
 * partition has capacity again, which {@link #retryAfter()} estimates. A {@link QuorumClient}
 * retries it by itself ({@link ThrottleRetry}); a caller sees it only when the client gave up.
 *
 * <p>A throttled write was stored nowhere: a metered write reaches the other replicas only once
 * its primary has admitted it, so a refusal ends it before any replica stores it, as DynamoDB
 * applies no throttled write. (A write that ended {@link Unavailable} may or may not have landed.)
 *
 * @param key the key of the request
 * @param operation "read" or "write"
 * @param required how many replica answers the request needed
 * @param throttledReplicas how many replicas refused it (the primary: 1)
 * @param contacted how many replicas the coordinator asked
 * @param retryAfter the longest wait any refusing replica named before its partition admits one
 *     more request
 * @param attempts how many times the client sent the request (1 when answered by a coordinator)
 */
public record Throttled(String key, String operation, int required, int throttledReplicas, int contacted,
    Duration retryAfter, int attempts) implements QuorumResult {

  public Throttled {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(operation, "operation");
    Require.nonNegative("retryAfter", retryAfter);
    Require.atLeast("attempts", attempts, 1);
  }

  /** The same refusal, after {@code attempts} attempts by the client. */
  public Throttled afterAttempts(int attempts) {
    return new Throttled(key, operation, required, throttledReplicas, contacted, retryAfter, attempts);
  }

  @Override
  public String toString() {
    return "Throttled[" + operation + " '" + key + "': " + throttledReplicas + " of " + contacted
        + " replicas over the partition's limit, " + required + " answers required; retry after "
        + Durations.exact(retryAfter) + (attempts > 1 ? "; gave up after " + attempts + " attempts" : "") + "]";
  }
}
