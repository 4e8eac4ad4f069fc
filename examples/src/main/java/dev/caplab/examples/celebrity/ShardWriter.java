package dev.caplab.examples.celebrity;

import dev.caplab.capacity.JitteredBackoff;
import dev.caplab.net.NodeId;
import dev.caplab.node.NodeContext;
import dev.caplab.replication.quorum.QuorumMessage.ClientReply;
import dev.caplab.replication.quorum.QuorumMessage.ClientWrite;
import dev.caplab.replication.quorum.QuorumResult;
import dev.caplab.replication.quorum.Throttled;
import dev.caplab.replication.quorum.WriteOptions;
import dev.caplab.replication.version.VersionVector;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The one writer of the post's counter keys. The store holds registers, so a key's count is written
 * as its running total: an increment raises the key's total and sends one write of it, and is
 * acknowledged when that write (or its retry) succeeds. Writes of a key all go to its first
 * replica as coordinator over a FIFO link, so they are stamped in the order they were sent and the
 * store keeps the last one, which carries every increment sent before it. A write that is
 * throttled, refused or times out is retried with the key's current total after the longer of the
 * store's retry-after hint and a full-jitter backoff (core's {@link JitteredBackoff}, the AWS SDKs'
 * schedule for throttled requests), until it succeeds: a like is never dropped, and resending a
 * total is idempotent, so none is counted twice.
 *
 * <p>It calls the coordinators itself rather than through a {@code QuorumClient}, whose one
 * outstanding operation at a time would make a burst of likes a queue in the client.
 *
 * <p>Not thread-safe: its node's handler thread only.
 */
final class ShardWriter {

  static final Duration CALL_TIMEOUT = Duration.ofSeconds(1);
  /** The retry schedule: the defaults of the store's own client retry. */
  static final JitteredBackoff BACKOFF = JitteredBackoff.fullJitter(Duration.ofMillis(25), Duration.ofSeconds(1));
  private static final WriteOptions OPTIONS = WriteOptions.ofDefaults();

  private static final class Shard {
    final String key;
    final List<NodeId> replicas;
    long total;

    Shard(String key, List<NodeId> replicas) {
      this.key = key;
      this.replicas = replicas;
    }
  }

  private final NodeContext ctx;
  private final Function<String, List<NodeId>> placement;
  private final LikeLedger ledger;
  private final Map<String, Shard> shards = new LinkedHashMap<>();
  private long counter;

  ShardWriter(NodeContext ctx, Function<String, List<NodeId>> placement, LikeLedger ledger) {
    this.ctx = ctx;
    this.placement = placement;
    this.ledger = ledger;
  }

  /** Adds {@code delta} to {@code key}'s count; {@code onAcknowledged} runs once a write of it succeeds. */
  void add(String key, long delta, Runnable onAcknowledged) {
    Shard s = shards.computeIfAbsent(key, k -> new Shard(k, placement.apply(k)));
    s.total += delta;
    send(s, onAcknowledged, 1);
  }

  private void send(Shard s, Runnable onAcknowledged, int attempt) {
    ledger.writeSent(ctx.now(), s.key);
    ctx.call(s.replicas.get(0), new ClientWrite(s.key, Long.toString(s.total), OPTIONS, VersionVector.empty(),
            ctx.id().name(), ++counter), CALL_TIMEOUT)
        .onReply(r -> {
          QuorumResult result = ((ClientReply) r.message()).result();
          if (result.ok()) {
            ledger.writeAcked(ctx.now());
            onAcknowledged.run();
          } else {
            retry(s, onAcknowledged, attempt, result instanceof Throttled t ? t : null);
          }
        })
        .onFailure(f -> retry(s, onAcknowledged, attempt, null));
  }

  private void retry(Shard s, Runnable onAcknowledged, int attempt, Throttled throttled) {
    ledger.writesFailed++;
    long wait = BACKOFF.delayNanos(attempt, ctx.random());
    if (throttled != null) {
      ledger.writesThrottled++;
      wait = Math.max(wait, throttled.retryAfter().toNanos());
    }
    ctx.schedule(Duration.ofNanos(wait), () -> {
      ledger.retries++;
      send(s, onAcknowledged, attempt + 1);
    });
  }
}
