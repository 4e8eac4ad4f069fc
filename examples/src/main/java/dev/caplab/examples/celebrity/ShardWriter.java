package dev.caplab.examples.celebrity;

import dev.caplab.net.NodeId;
import dev.caplab.node.NodeContext;
import dev.caplab.replication.quorum.QuorumMessage.ClientReply;
import dev.caplab.replication.quorum.QuorumMessage.ClientWrite;
import dev.caplab.replication.quorum.QuorumResult;
import dev.caplab.replication.quorum.WriteOptions;
import dev.caplab.replication.version.VersionVector;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The one writer of the post's counter keys. The store holds registers, so each key's count is
 * written as its running total: an increment raises the total and sends it, and a write of total
 * t acknowledges every increment up to t. Writes of a key all go to its first replica as
 * coordinator over a FIFO link, so they are stamped in the order they were sent and the last one
 * wins. A failed write is not resent while another write of the key is on its way (the last one
 * sent carries every increment); when none is and the key's total is not yet acknowledged, the
 * current total is resent after a jittered exponential backoff. Resending a total is idempotent:
 * nothing is counted twice however often it lands.
 *
 * <p>Not thread-safe: its node's handler thread only.
 */
final class ShardWriter {

  static final Duration CALL_TIMEOUT = Duration.ofSeconds(1);
  static final Duration BACKOFF_BASE = Duration.ofMillis(10);
  static final Duration BACKOFF_CAP = Duration.ofMillis(500);
  private static final WriteOptions OPTIONS = WriteOptions.ofDefaults();

  /** An increment waiting for a write of a total at least {@code upTo}. */
  private record Waiting(long upTo, Runnable onAcknowledged) {}

  private static final class Shard {
    final String key;
    final List<NodeId> replicas;
    final ArrayDeque<Waiting> waiting = new ArrayDeque<>();
    long total;
    int inFlight;
    long acknowledged;
    boolean retryScheduled;
    int failures;

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

  /** Adds {@code delta} to {@code key}'s count; {@code onAcknowledged} runs once the store has it. */
  void add(String key, long delta, Runnable onAcknowledged) {
    Shard s = shards.computeIfAbsent(key, k -> new Shard(k, placement.apply(k)));
    s.total += delta;
    s.waiting.add(new Waiting(s.total, onAcknowledged));
    send(s);
  }

  private void send(Shard s) {
    long total = s.total;
    s.inFlight++;
    ledger.writeSent(ctx.now(), s.replicas);
    ctx.call(s.replicas.get(0), new ClientWrite(s.key, Long.toString(total), OPTIONS, VersionVector.empty(),
            ctx.id().name(), ++counter), CALL_TIMEOUT)
        .onReply(r -> answered(s, total, ((ClientReply) r.message()).result()))
        .onFailure(f -> timedOut(s, total));
  }

  private void answered(Shard s, long total, QuorumResult result) {
    s.inFlight--;
    if (!result.ok()) {
      failed(s, total, Throttling.isThrottled(result));
      return;
    }
    ledger.writeAcked(ctx.now());
    s.failures = 0;
    if (total > s.acknowledged) {
      s.acknowledged = total;
      while (!s.waiting.isEmpty() && s.waiting.peek().upTo() <= total) {
        s.waiting.poll().onAcknowledged().run();
      }
    }
    retryIfStranded(s);
  }

  private void failed(Shard s, long total, boolean throttled) {
    ledger.writesFailed++;
    if (throttled) {
      ledger.writesThrottled++;
    }
    s.failures++;
    retryIfStranded(s);
  }

  private void timedOut(Shard s, long total) {
    s.inFlight--;
    failed(s, total, false);
  }

  /** Resends the total after a backoff when no write of the key is on its way and some increment waits. */
  private void retryIfStranded(Shard s) {
    if (s.inFlight > 0 || s.retryScheduled || s.acknowledged >= s.total) {
      return;
    }
    s.retryScheduled = true;
    long cap = Math.min(BACKOFF_CAP.toNanos(), BACKOFF_BASE.toNanos() << Math.min(Math.max(s.failures - 1, 0), 20));
    ctx.schedule(Duration.ofNanos(1 + ctx.random().nextLong(cap)), () -> {
      s.retryScheduled = false;
      if (s.inFlight == 0 && s.acknowledged < s.total) {
        ledger.retries++;
        send(s);
      }
    });
  }
}
