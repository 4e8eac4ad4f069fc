package dev.caplab.benchmarks;

import dev.caplab.net.Envelope;
import dev.caplab.net.LatencyModel;
import dev.caplab.net.LinkProfile;
import dev.caplab.net.NodeId;
import dev.caplab.node.Cluster;
import dev.caplab.node.Node;
import dev.caplab.node.NodeContext;
import dev.caplab.sim.Simulation;
import java.time.Duration;
import java.util.List;
import java.util.PriorityQueue;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The simulator's speed targets: events per second for a 2-node ping-pong,
 * deliveries per second for 100 nodes with random traffic, and a naive {@link PriorityQueue} +
 * lambda simulator running the same two workloads for comparison.
 *
 * <p>One JMH operation is one simulator event (here every event is one message delivery), so the
 * throughput score is events per second and {@code gc.alloc.rate.norm} under {@code -prof gc} is
 * bytes allocated per event. Each invocation runs a fixed number of events on a simulation built
 * once per trial in {@code @Setup}; the simulation simply continues from where the previous
 * invocation stopped. Each benchmark returns the simulation's event count so nothing is dropped.
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar SimulatorThroughput -prof gc}.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class SimulatorThroughput {

  /** Events per invocation of the ping-pong benchmarks. */
  static final int PING_PONG_EVENTS = 1_000_000;
  /** Deliveries per invocation of the 100-node benchmark. */
  static final int RANDOM_EVENTS = 1_000_000;
  /** Nodes in the random-traffic benchmark. */
  static final int RANDOM_NODES = 100;
  /** Messages kept in flight in the random-traffic benchmark. */
  static final int RANDOM_IN_FLIGHT = 1_000;

  /** A small record message, as a protocol's would be. */
  public record Ping(long n) {}

  /** The answer to a {@link Ping}. */
  public record Pong(long n) {}

  /** A hop of the random-traffic workload. */
  public record Hop(long n) {}

  /** Answers every Ping with a Pong and every Pong with the next Ping: one message always in flight. */
  static final class PingPongNode implements Node {
    @Override
    public void onStart(NodeContext ctx) {
      if (ctx.id().index() == 0) {
        ctx.send(ctx.nodes().get(1), new Ping(0));
      }
    }

    @Override
    public void onMessage(NodeContext ctx, Envelope e) {
      Object m = e.message();
      if (m instanceof Ping) {
        ctx.reply(e, new Pong(((Ping) m).n()));
      } else {
        ctx.send(e.from(), new Ping(((Pong) m).n() + 1));
      }
    }
  }

  /** Forwards every message to a random other node; the first {@code perNode} are sent at start. */
  static final class RandomNode implements Node {
    private final int perNode;
    private List<NodeId> nodes;

    RandomNode(int perNode) {
      this.perNode = perNode;
    }

    @Override
    public void onStart(NodeContext ctx) {
      nodes = ctx.nodes();
      for (int i = 0; i < perNode; i++) {
        forward(ctx, i);
      }
    }

    @Override
    public void onMessage(NodeContext ctx, Envelope e) {
      forward(ctx, ((Hop) e.message()).n() + 1);
    }

    private void forward(NodeContext ctx, long n) {
      int self = ctx.id().index();
      int other = ctx.random().nextInt(nodes.size() - 1);
      if (other >= self) {
        other++;
      }
      ctx.send(nodes.get(other), new Hop(n));
    }
  }

  /** Two nodes, constant 1 µs links, one message always in flight. */
  @State(Scope.Thread)
  public static class PingPongState {
    Simulation sim;
    Cluster cluster;

    @Setup(Level.Trial)
    public void setUp() {
      sim = Simulation.withSeed(42);
      cluster = Cluster.create(sim);
      cluster.network().setDefaultProfile(
          LinkProfile.custom().latency(LatencyModel.constant(Duration.ofNanos(1_000))).build());
      cluster.add("a", PingPongNode::new);
      cluster.add("b", PingPongNode::new);
      sim.runForNanos(0); // both onStart events; the first Ping is now in flight
    }

    @TearDown(Level.Trial)
    public void check() {
      long inFlight = cluster.stats().inFlight();
      if (inFlight != 1 || cluster.stats().delivered() != cluster.stats().sent() - 1) {
        throw new IllegalStateException("ping-pong lost its message: " + cluster.stats());
      }
    }
  }

  /** 100 nodes, uniform 10-100 µs links, 1000 messages always in flight. */
  @State(Scope.Thread)
  public static class RandomState {
    Simulation sim;
    Cluster cluster;

    @Setup(Level.Trial)
    public void setUp() {
      sim = Simulation.withSeed(42);
      cluster = Cluster.create(sim);
      cluster.network().setDefaultProfile(LinkProfile.custom()
          .latency(LatencyModel.uniform(Duration.ofNanos(10_000), Duration.ofNanos(100_000))).build());
      int perNode = RANDOM_IN_FLIGHT / RANDOM_NODES;
      for (int i = 0; i < RANDOM_NODES; i++) {
        cluster.add("n" + i, () -> new RandomNode(perNode));
      }
      sim.runForNanos(0);
    }

    @TearDown(Level.Trial)
    public void check() {
      if (cluster.stats().inFlight() != RANDOM_IN_FLIGHT) {
        throw new IllegalStateException("expected " + RANDOM_IN_FLIGHT + " in flight: " + cluster.stats());
      }
    }
  }

  @Benchmark
  @OperationsPerInvocation(PING_PONG_EVENTS)
  public long pingPong(PingPongState s) {
    return runEvents(s.sim, PING_PONG_EVENTS);
  }

  @Benchmark
  @OperationsPerInvocation(RANDOM_EVENTS)
  public long random100(RandomState s) {
    return runEvents(s.sim, RANDOM_EVENTS);
  }

  @Benchmark
  @OperationsPerInvocation(PING_PONG_EVENTS)
  public long naiveBaseline(NaiveState s) {
    return s.sim.runEvents(PING_PONG_EVENTS);
  }

  @Benchmark
  @OperationsPerInvocation(RANDOM_EVENTS)
  public long naiveRandom100(NaiveRandomState s) {
    return s.sim.runEvents(RANDOM_EVENTS);
  }

  private static long runEvents(Simulation sim, int count) {
    long end = sim.eventsProcessed() + count;
    if (!sim.runUntil(() -> sim.eventsProcessed() >= end)) {
      throw new IllegalStateException("the simulation ran dry after " + sim.eventsProcessed() + " events");
    }
    return sim.eventsProcessed();
  }

  /** The naive ping-pong: a fresh simulator per trial. */
  @State(Scope.Thread)
  public static class NaiveState {
    NaiveSimulator sim;

    @Setup(Level.Trial)
    public void setUp() {
      sim = new NaiveSimulator(2, false);
      sim.send(0, 1, new Ping(0), 0);
    }

    @TearDown(Level.Trial)
    public void check() {
      sim.requireInFlight(1);
    }
  }

  /** The naive random traffic: 100 nodes, 1000 messages in flight, a fresh simulator per trial. */
  @State(Scope.Thread)
  public static class NaiveRandomState {
    NaiveSimulator sim;

    @Setup(Level.Trial)
    public void setUp() {
      sim = new NaiveSimulator(RANDOM_NODES, true);
      for (int i = 0; i < RANDOM_IN_FLIGHT; i++) {
        sim.forward(i % RANDOM_NODES, i);
      }
    }

    @TearDown(Level.Trial)
    public void check() {
      sim.requireInFlight(RANDOM_IN_FLIGHT);
    }
  }

  /**
   * The textbook design caplab avoids: a {@link PriorityQueue} of event objects, each holding a
   * lambda, ordered by a (time, sequence) comparator. It runs the same workloads as {@link
   * PingPongNode} (1 µs links) and {@link RandomNode} (uniform 10-100 µs links) with the same
   * per-message bookkeeping (an envelope, sent and delivered counters, a running trace hash over
   * sends and deliveries) but none of caplab's partitions, loss, crash handling, per-link profiles
   * or pluggable latency models.
   */
  static final class NaiveSimulator {
    private static final long LATENCY = 1_000;
    private static final long MIN_LATENCY = 10_000;
    private static final long MAX_LATENCY = 100_000;

    record Event(long time, long seq, Runnable action) {}

    record NaiveEnvelope(long id, int from, int to, Object message, long sentAt, long inReplyTo) {}

    private final PriorityQueue<Event> queue = new PriorityQueue<>(
        (x, y) -> x.time != y.time ? Long.compare(x.time, y.time) : Long.compare(x.seq, y.seq));
    private long now;
    private long seq;
    private long events;
    private long nextId = 1;
    private long sent;
    private long delivered;
    private long hash;
    private final int nodes;
    private final boolean random;
    private final SplittableRandom rng = new SplittableRandom(42);

    NaiveSimulator(int nodes, boolean random) {
      this.nodes = nodes;
      this.random = random;
    }

    long runEvents(int count) {
      for (int i = 0; i < count; i++) {
        Event e = queue.poll();
        now = e.time;
        events++;
        e.action.run();
      }
      return events;
    }

    void send(int from, int to, Object message, long inReplyTo) {
      NaiveEnvelope e = new NaiveEnvelope(nextId++, from, to, message, now, inReplyTo);
      sent++;
      hash = mix(hash, e.id());
      long latency = random ? MIN_LATENCY + rng.nextLong(MAX_LATENCY - MIN_LATENCY + 1) : LATENCY;
      queue.add(new Event(now + latency, seq++, () -> deliver(e)));
    }

    void forward(int self, long n) {
      int other = rng.nextInt(nodes - 1);
      if (other >= self) {
        other++;
      }
      send(self, other, new Hop(n), 0);
    }

    private void deliver(NaiveEnvelope e) {
      delivered++;
      hash = mix(hash, e.id());
      Object m = e.message();
      if (m instanceof Hop) {
        forward(e.to(), ((Hop) m).n() + 1);
      } else if (m instanceof Ping) {
        send(e.to(), e.from(), new Pong(((Ping) m).n()), e.id());
      } else {
        send(e.to(), e.from(), new Ping(((Pong) m).n() + 1), 0);
      }
    }

    void requireInFlight(long expected) {
      if (sent - delivered != expected || queue.size() != expected) {
        throw new IllegalStateException("naive simulator: sent=" + sent + " delivered=" + delivered
            + " queued=" + queue.size() + " (hash " + hash + "), expected " + expected + " in flight");
      }
    }

    private static long mix(long h, long value) {
      long x = (h ^ value) * 0x9E3779B97F4A7C15L;
      return x ^ (x >>> 29);
    }
  }
}
