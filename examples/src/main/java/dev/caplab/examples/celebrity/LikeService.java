package dev.caplab.examples.celebrity;

import dev.caplab.net.Envelope;
import dev.caplab.net.NodeId;
import dev.caplab.node.Node;
import dev.caplab.node.NodeContext;
import dev.caplab.replication.cache.CounterStore;
import dev.caplab.replication.cache.WriteBackCache;
import dev.caplab.replication.cache.WriteBackConfig;
import dev.caplab.replication.quorum.QuorumMessage.ClientRead;
import dev.caplab.replication.quorum.QuorumMessage.ClientReply;
import dev.caplab.replication.quorum.ReadOk;
import dev.caplab.replication.quorum.ReadOptions;
import dev.caplab.replication.quorum.QuorumResult;
import dev.caplab.replication.sharding.WriteSharding;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * The web tier of the post: likes arrive at planned times and are written as the strategy says
 * (straight to the key, to a shard, or into a write-back cache embedded here); readers ask for the
 * post's count, which gathers every shard a read must see. Under the write-back strategy the cache
 * process dies at the planned time: its unflushed increments are lost, and an empty cache takes
 * over at once.
 *
 * <p>Not thread-safe, like every node.
 */
final class LikeService implements Node {

  /**
   * What the service does.
   *
   * @param strategy how likes are written
   * @param post the post's counter key
   * @param likeNanos when each like arrives, ascending
   * @param readNanos when each read of the count starts, ascending
   * @param finalReadNanos when the last read, whose count the scenario checks, starts
   * @param cacheCrashNanos when the write-back cache dies (write-back only)
   * @param cache the write-back cache's settings
   */
  record Plan(Strategy strategy, String post, long[] likeNanos, long[] readNanos, long finalReadNanos,
      long cacheCrashNanos, WriteBackConfig cache) {
    Plan {
      Objects.requireNonNull(strategy, "strategy");
      likeNanos = likeNanos.clone();
      readNanos = readNanos.clone();
    }
  }

  private static final ReadOptions READ = ReadOptions.ofDefaults();

  private final Plan plan;
  private final LikeLedger ledger;
  private final Function<String, List<NodeId>> placement;
  private final List<WriteBackCache> caches = new ArrayList<>();
  private NodeContext ctx;
  private WriteSharding sharding;
  private ShardWriter writer;
  private WriteBackCache cache;
  private int nextLike;
  private int nextRead;

  LikeService(Plan plan, LikeLedger ledger, Function<String, List<NodeId>> placement) {
    this.plan = plan;
    this.ledger = ledger;
    this.placement = placement;
  }

  @Override
  public void onStart(NodeContext ctx) {
    this.ctx = ctx;
    this.sharding = plan.strategy().sharding(ctx::now);
    this.writer = new ShardWriter(ctx, placement, ledger);
    if (plan.strategy().writeBack()) {
      cache = newCache();
      at(plan.cacheCrashNanos(), this::crashCache);
    }
    scheduleNextLike();
    scheduleNextRead();
    at(plan.finalReadNanos(), () -> read(true));
  }

  @Override
  public void onMessage(NodeContext ctx, Envelope envelope) {
    // Only late replies to calls that timed out arrive here; their outcome was already handled.
  }

  /** Every cache this service used, the crashed one first. */
  List<WriteBackCache> caches() {
    return List.copyOf(caches);
  }

  private WriteBackCache newCache() {
    CounterStore store = (key, delta, done) -> writer.add(key, delta, () -> done.complete(key, delta, true));
    WriteBackCache c = WriteBackCache.of(plan.cache(), store, ctx::now, ctx.scheduler());
    caches.add(c);
    return c;
  }

  private void crashCache() {
    cache.crash();
    cache = newCache();
  }

  private void at(long timeNanos, Runnable action) {
    ctx.schedule(Duration.ofNanos(Math.max(0, timeNanos - ctx.now())), action);
  }

  private void scheduleNextLike() {
    if (nextLike < plan.likeNanos().length) {
      long t = plan.likeNanos()[nextLike++];
      at(t, () -> {
        like(t);
        scheduleNextLike();
      });
    }
  }

  private void scheduleNextRead() {
    if (nextRead < plan.readNanos().length) {
      at(plan.readNanos()[nextRead++], () -> {
        read(false);
        scheduleNextRead();
      });
    }
  }

  private void like(long arrived) {
    ledger.likes++;
    if (cache != null) {
      cache.increment(plan.post(), 1);
      ledger.likeAcknowledged(ctx.now() - arrived); // from memory: acknowledged now, durable at the flush
      return;
    }
    String user = "user" + ctx.random().nextInt(1_000_000);
    String key = sharding.writeKey(plan.post(), user, ctx.random());
    writer.add(key, 1, () -> ledger.likeAcknowledged(ctx.now() - arrived));
  }

  /** Reads every key the post's count is spread over, in parallel, and sums them. */
  private void read(boolean last) {
    List<String> keys = sharding.readKeys(plan.post());
    long started = ctx.now();
    long[] sum = {0};
    int[] answered = {0};
    boolean[] failed = {false};
    for (String key : keys) {
      ctx.call(placement.apply(key).get(0), new ClientRead(key, READ), ShardWriter.CALL_TIMEOUT)
          .onReply(r -> {
            QuorumResult result = ((ClientReply) r.message()).result();
            if (result instanceof ReadOk ok && ok.value() != null) {
              sum[0] += Long.parseLong(ok.value());
            } else if (!(result instanceof ReadOk)) {
              failed[0] = true;
            }
            if (++answered[0] == keys.size()) {
              finish(last, failed[0], sum[0], started, keys.size());
            }
          })
          .onFailure(f -> {
            failed[0] = true;
            if (++answered[0] == keys.size()) {
              finish(last, true, sum[0], started, keys.size());
            }
          });
    }
  }

  private void finish(boolean last, boolean failed, long count, long started, int fanout) {
    if (last) {
      ledger.finalCount = failed ? -1 : count;
    } else if (failed) {
      ledger.readsFailed++;
    } else {
      ledger.read(ctx.now() - started, fanout);
    }
  }
}
