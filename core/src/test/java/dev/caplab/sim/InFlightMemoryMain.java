package dev.caplab.sim;

import dev.caplab.net.Envelope;
import dev.caplab.net.LatencyModel;
import dev.caplab.net.LinkProfile;
import dev.caplab.net.NodeId;
import dev.caplab.node.Cluster;
import dev.caplab.node.Node;
import dev.caplab.node.NodeContext;
import java.time.Duration;
import java.util.List;

/**
 * The child process of {@link InFlightMemoryTest}: puts {@value #MESSAGES} small record messages
 * in flight at once on a {@value #NODES}-node cluster (10 s latency, so none arrives before all
 * are sent), prints the in-flight count and the heap each message costs, then runs to quiescence
 * and prints how many were delivered. Meant to run with {@code -Xmx256m}; exits non-zero on any
 * error, including {@link OutOfMemoryError}.
 */
public final class InFlightMemoryMain {

  static final int MESSAGES = 1_000_000;
  static final int NODES = 10;

  /** A small message, as a protocol's would be. */
  record Put(int key, int value) {}

  /** Sends its share of the messages at start, round-robin to the other nodes. */
  static final class Sender implements Node {
    private final int count;
    long received;

    Sender(int count) {
      this.count = count;
    }

    @Override
    public void onStart(NodeContext ctx) {
      List<NodeId> nodes = ctx.nodes();
      int self = ctx.id().index();
      for (int i = 0; i < count; i++) {
        int to = (self + 1 + i % (nodes.size() - 1)) % nodes.size();
        ctx.send(nodes.get(to), new Put(i, self));
      }
    }

    @Override
    public void onMessage(NodeContext ctx, Envelope envelope) {
      received++;
    }
  }

  private InFlightMemoryMain() {}

  public static void main(String[] args) {
    Simulation sim = Simulation.withSeed(7);
    Cluster cluster = Cluster.create(sim);
    cluster.network().setDefaultProfile(
        LinkProfile.custom().latency(LatencyModel.constant(Duration.ofSeconds(10))).build());
    long before = usedAfterGc();
    for (int i = 0; i < NODES; i++) {
      cluster.add("n" + i, () -> new Sender(MESSAGES / NODES));
    }
    sim.runFor(Duration.ofSeconds(1)); // every onStart runs; nothing arrives yet
    long after = usedAfterGc();
    System.out.println("inFlight=" + cluster.stats().inFlight());
    System.out.println("pendingEvents=" + sim.pendingEvents());
    System.out.printf("bytesPerInFlight=%.1f (heap used %d MB of max %d MB)%n",
        (after - before) / (double) MESSAGES, after >> 20, Runtime.getRuntime().maxMemory() >> 20);
    sim.runUntilQuiescent();
    long received = 0;
    for (NodeId id : cluster.ids()) {
      received += cluster.node(id, Sender.class).received;
    }
    System.out.println("delivered=" + cluster.stats().delivered());
    System.out.println("received=" + received);
    System.out.println("inFlightAfter=" + cluster.stats().inFlight());
  }

  private static long usedAfterGc() {
    Runtime rt = Runtime.getRuntime();
    for (int i = 0; i < 3; i++) {
      System.gc();
    }
    return rt.totalMemory() - rt.freeMemory();
  }
}
