package dev.caplab.examples.broadcast;

import dev.caplab.examples.broadcast.GossipMessage.Push;
import dev.caplab.net.Envelope;
import dev.caplab.net.NodeId;
import dev.caplab.node.Node;
import dev.caplab.node.NodeContext;
import dev.caplab.replication.version.VersionVector;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A node that publishes its own numbered values and spreads what it knows by push gossip: every
 * gossip interval it sends its whole {@link VersionVector} (one entry per origin, keyed by node
 * name: the highest value known from it) to a few random peers, and on receipt merges by
 * element-wise maximum. Because every node numbers its values 1, 2, 3, ... and a node that knows
 * value k of an origin also knows all earlier ones, that one number per origin describes
 * everything a node knows. Push gossip needs no membership agreement and tolerates loss,
 * because the next round resends everything; the price is redundant traffic.
 *
 * <p>Both timers start at a random phase drawn from the node's own stream, so the nodes do not
 * act in lockstep. The {@link BroadcastLedger} is the scenario's measuring instrument; the node
 * reports to it but never reads from it.
 *
 * <p>Not thread-safe, like every node: the runtime calls its handlers one at a time.
 */
final class GossipNode implements Node {

  /**
   * What a node does and when.
   *
   * @param publishEvery time between two values of this node
   * @param publishUntil simulated time after which the node stops publishing
   * @param gossipEvery time between two gossip rounds
   * @param fanout peers contacted per round, at least 1 and fewer than the nodes
   */
  record Plan(Duration publishEvery, Duration publishUntil, Duration gossipEvery, int fanout) {}

  private final Plan plan;
  private final BroadcastLedger ledger;
  private final List<NodeId> peers = new ArrayList<>();
  /** The node names by index, the index being the origin's number in the {@link BroadcastLedger}. */
  private String[] origins;
  private VersionVector known;
  private int self;

  GossipNode(Plan plan, BroadcastLedger ledger) {
    this.plan = Objects.requireNonNull(plan, "plan");
    this.ledger = Objects.requireNonNull(ledger, "ledger");
  }

  @Override
  public void onStart(NodeContext ctx) {
    self = ctx.id().index();
    known = VersionVector.empty();
    origins = new String[ctx.nodes().size()];
    for (NodeId n : ctx.nodes()) {
      origins[n.index()] = n.name();
      if (!n.equals(ctx.id())) {
        peers.add(n);
      }
    }
    if (plan.fanout() < 1 || plan.fanout() > peers.size()) {
      throw new IllegalArgumentException(
          "fanout must be between 1 and " + peers.size() + " (the number of peers), got " + plan.fanout());
    }
    ctx.schedule(randomPhase(ctx, plan.publishEvery()), () -> publish(ctx));
    ctx.schedule(randomPhase(ctx, plan.gossipEvery()), () -> gossip(ctx));
  }

  @Override
  public void onMessage(NodeContext ctx, Envelope envelope) {
    if (!(envelope.message() instanceof Push push)) {
      throw new IllegalArgumentException("a gossip node only understands Push, got " + envelope.message());
    }
    ledger.delivered(envelope.sentAt(), ctx.now());
    VersionVector theirs = push.known();
    for (int origin = 0; origin < origins.length; origin++) {
      long value = theirs.get(origins[origin]);
      long mine = known.get(origins[origin]);
      if (value > mine) {
        ledger.learned(origin, mine, value, ctx.now());
      }
    }
    known = known.merge(theirs);
  }

  /** What this node knows now. */
  VersionVector known() {
    return known;
  }

  private void publish(NodeContext ctx) {
    if (ctx.now() >= plan.publishUntil().toNanos()) {
      return;
    }
    known = known.increment(origins[self]);
    ledger.published(self, known.get(origins[self]), ctx.now());
    ctx.schedule(plan.publishEvery(), () -> publish(ctx));
  }

  private void gossip(NodeContext ctx) {
    Push push = new Push(known); // immutable: later changes here do not reach the message
    // Partial Fisher-Yates shuffle: the first `fanout` peers become a uniform random choice.
    for (int i = 0; i < plan.fanout(); i++) {
      int j = i + ctx.random().nextInt(peers.size() - i);
      NodeId chosen = peers.get(j);
      peers.set(j, peers.get(i));
      peers.set(i, chosen);
      ctx.send(chosen, push);
    }
    ctx.schedule(plan.gossipEvery(), () -> gossip(ctx));
  }

  private static Duration randomPhase(NodeContext ctx, Duration period) {
    return Duration.ofNanos(ctx.random().nextLong(period.toNanos()));
  }
}
