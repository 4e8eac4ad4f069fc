package dev.caplab.examples.conflict;

import dev.caplab.history.Operation;
import dev.caplab.net.Envelope;
import dev.caplab.node.Node;
import dev.caplab.node.NodeContext;
import dev.caplab.replication.crdt.Crdt;
import dev.caplab.replication.crdt.store.CrdtMessage.Update;
import dev.caplab.replication.crdt.store.CrdtMessage.UpdateOk;
import dev.caplab.replication.crdt.store.Mutation;
import java.time.Duration;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * A user (an application session) in one region: every think time it sends one update to its home
 * replica, open loop (the next one is timed from this one, not from the reply), so that the
 * operation times depend only on the seed and the user, and every strategy sees the same workload.
 *
 * <p>Not thread-safe, like every node: the runtime calls its handlers one at a time.
 *
 * @param <C> the store's CRDT type
 */
final class UserNode<C extends Crdt<C, ?>> implements Node {

  /** What a user does next; drawn from the user's own random stream. */
  interface Behaviour<C extends Crdt<C, ?>> {
    Request<C> next(RandomGenerator random);
  }

  /**
   * One update and the ledger entry that records it.
   *
   * @param key the key to update
   * @param mutation the update
   * @param entry told who sent it when, and when it ended: ok (applied), fail (nothing to change)
   *     or info (no reply in time)
   */
  record Request<C extends Crdt<C, ?>>(String key, Mutation<C> mutation, Ledger.Entry entry) {}

  /**
   * When and where a user acts.
   *
   * @param home the replica it sends to
   * @param thinkMin shortest time between two updates
   * @param thinkMax longest time between two updates
   * @param until no update is sent at or after this simulated time
   * @param timeout how long to wait for a reply
   */
  record Plan(String home, Duration thinkMin, Duration thinkMax, Duration until, Duration timeout) {}

  private final Plan plan;
  private final Behaviour<C> behaviour;

  UserNode(Plan plan, Behaviour<C> behaviour) {
    this.plan = Objects.requireNonNull(plan, "plan");
    this.behaviour = Objects.requireNonNull(behaviour, "behaviour");
  }

  @Override
  public void onStart(NodeContext ctx) {
    ctx.schedule(think(ctx), () -> act(ctx));
  }

  private void act(NodeContext ctx) {
    if (ctx.now() >= plan.until().toNanos()) {
      return;
    }
    Request<C> r = behaviour.next(ctx.random());
    r.entry().invoked(ctx.id().index(), ctx.now());
    ctx.call(ctx.node(plan.home()), new Update<>(r.key(), r.mutation()), plan.timeout())
        .onReply(reply -> r.entry().completed(((UpdateOk<?>) reply.message()).applied()
            ? Operation.Status.OK : Operation.Status.FAIL, ctx.now()))
        .onFailure(f -> r.entry().completed(Operation.Status.INFO, ctx.now()));
    ctx.schedule(think(ctx), () -> act(ctx));
  }

  private Duration think(NodeContext ctx) {
    long min = plan.thinkMin().toNanos();
    return Duration.ofNanos(min + ctx.random().nextLong(plan.thinkMax().toNanos() - min + 1));
  }

  @Override
  public void onMessage(NodeContext ctx, Envelope envelope) {
    if (envelope.message() instanceof UpdateOk<?>) {
      return; // a reply after its call timed out: the outcome stays unknown (info)
    }
    throw new IllegalArgumentException("a user expects only replies to its calls, got " + envelope.message());
  }
}
