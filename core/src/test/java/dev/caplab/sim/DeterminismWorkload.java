package dev.caplab.sim;

import dev.caplab.net.DropReason;
import dev.caplab.net.Envelope;
import dev.caplab.net.LatencyModel;
import dev.caplab.net.LinkProfile;
import dev.caplab.net.Network;
import dev.caplab.net.NodeId;
import dev.caplab.node.Capacity;
import dev.caplab.node.Cluster;
import dev.caplab.node.Node;
import dev.caplab.node.NodeContext;
import dev.caplab.node.NodeOptions;
import dev.caplab.node.OverflowPolicy;
import java.time.Duration;
import java.util.List;

/**
 * A workload that touches every source of events: 10 gossiping nodes with timers and calls with
 * timeouts over a lossy, duplicating network with uniform latency, a FIFO link, a node with
 * bounded capacity, a drifting clock, a partition and heal, a crash and restart, a one-way cut and
 * an isolation.
 *
 * <p>{@link #main} prints the trace hash of each seed given, one per line, so a test can compare
 * the hash computed in a separately started JVM with its own.
 */
public final class DeterminismWorkload {

  /** Gossip protocol messages. */
  sealed interface Msg permits Rumor, Get, Value {}

  record Rumor(long value, int hops) implements Msg {}

  record Get(int key) implements Msg {}

  record Value(int key, long value) implements Msg {}

  /** The outcome of one run: its trace hash and the counts that show the workload did things. */
  record Result(long hash, long events, long sent, long delivered, long duplicated,
      long lost, long partitioned, long crashDropped, long overflowed, long replies, long timeouts) {}

  static final class Gossiper implements Node {
    /** Shared by all nodes of one run: [0] replies, [1] call failures. */
    private final long[] calls;
    long best;
    int ticks;

    Gossiper(long[] calls) {
      this.calls = calls;
    }

    @Override
    public void onStart(NodeContext ctx) {
      Long stored = ctx.storage().get("best", Long.class);
      best = stored == null ? 0 : stored;
      ctx.schedule(Duration.ofNanos(1 + ctx.random().nextLong(20_000_000)), () -> tick(ctx));
    }

    private void tick(NodeContext ctx) {
      ticks++;
      long value = ctx.random().nextLong(1_000_000);
      if (value > best) {
        best = value;
        ctx.storage().put("best", best);
        if (ticks % 2 == 0) {
          ctx.storage().sync();
        }
      }
      List<NodeId> nodes = ctx.nodes();
      NodeId peer = nodes.get(ctx.random().nextInt(nodes.size()));
      if (!peer.equals(ctx.id())) {
        ctx.send(peer, new Rumor(best + ctx.localClock().nanos() % 7, 0));
      }
      if (ticks % 3 == 0) {
        NodeId callee = nodes.get(ctx.random().nextInt(nodes.size()));
        ctx.call(callee, new Get(ticks), Duration.ofMillis(15))
            .onReply(r -> calls[0]++)
            .onFailure(f -> calls[1]++);
      }
      ctx.schedule(Duration.ofNanos(5_000_000 + ctx.random().nextLong(10_000_000)), () -> tick(ctx));
    }

    @Override
    public void onMessage(NodeContext ctx, Envelope e) {
      Object m = e.message();
      if (m instanceof Rumor r) {
        if (r.value() > best) {
          best = r.value();
          if (r.hops() < 2) {
            List<NodeId> nodes = ctx.nodes();
            ctx.send(nodes.get(ctx.random().nextInt(nodes.size())), new Rumor(best, r.hops() + 1));
          }
        }
      } else if (m instanceof Get g) {
        ctx.reply(e, new Value(g.key(), best));
      }
      // Value (a reply after its call timed out) and Overloaded need nothing.
    }
  }

  private DeterminismWorkload() {}

  /** The default link latency: uniform between 1 and 10 ms. */
  static final LatencyModel LATENCY = LatencyModel.uniform(Duration.ofMillis(1), Duration.ofMillis(10));

  /** Runs one second of the workload with this seed and default latency models. */
  public static Result run(long seed) {
    return run(seed, LATENCY);
  }

  /** Runs one second of the workload with this seed and default link latency. */
  public static Result run(long seed, LatencyModel latency) {
    return run(seed, latency, 0.05, 0.02);
  }

  /** Runs one second of the workload with this seed and default link latency, loss and duplication. */
  public static Result run(long seed, LatencyModel latency, double loss, double duplication) {
    long[] calls = new long[2];
    Simulation sim = Simulation.withSeed(seed);
    Cluster cluster = Cluster.create(sim);
    Network net = cluster.network();
    net.setDefaultProfile(LinkProfile.custom().latency(latency).loss(loss).duplication(duplication).build());
    NodeId[] n = new NodeId[10];
    for (int i = 0; i < n.length; i++) {
      NodeOptions options = NodeOptions.ofDefaults();
      if (i == 3) {
        options = NodeOptions.custom()
            .capacity(Capacity.custom()
                .serviceTime(LatencyModel.uniform(Duration.ofMillis(1), Duration.ofMillis(4)))
                .concurrency(1)
                .inboxCapacity(1)
                .overflow(OverflowPolicy.DROP_OLDEST)
                .build())
            .build();
      } else if (i == 5) {
        options = NodeOptions.custom().clockOffset(Duration.ofMillis(3)).clockDrift(2e-4).build();
      }
      n[i] = cluster.add("n" + i, options, () -> new Gossiper(calls));
    }
    net.setLinkBothWays(n[0], n[1], LinkProfile.from(net.defaultProfile()).fifo(true).build());
    sim.schedule(Duration.ofMillis(200), () -> net.partition(List.of(n[0], n[1], n[2], n[3])));
    sim.schedule(Duration.ofMillis(350), () -> cluster.crash(n[7]));
    sim.schedule(Duration.ofMillis(500), net::heal);
    sim.schedule(Duration.ofMillis(600), () -> cluster.restart(n[7]));
    sim.schedule(Duration.ofMillis(650), () -> cluster.setClockOffset(n[2], Duration.ofMillis(-4)));
    sim.schedule(Duration.ofMillis(700), () -> net.cut(n[1], n[2]));
    sim.schedule(Duration.ofMillis(800), () -> net.isolate(n[9]));
    sim.schedule(Duration.ofMillis(900), net::heal);
    sim.runFor(Duration.ofSeconds(1));
    var s = cluster.stats();
    return new Result(sim.trace().hash(), sim.eventsProcessed(), s.sent(), s.delivered(), s.duplicated(),
        s.dropped(DropReason.LOSS), s.dropped(DropReason.PARTITION), s.dropped(DropReason.CRASH),
        s.dropped(DropReason.INBOX_OVERFLOW), calls[0], calls[1]);
  }

  /** Prints {@code seed hashHex} for each seed argument. */
  public static void main(String[] args) {
    for (String a : args) {
      long seed = Long.parseLong(a);
      System.out.println(seed + " " + String.format("%016x", run(seed).hash()));
    }
  }
}
