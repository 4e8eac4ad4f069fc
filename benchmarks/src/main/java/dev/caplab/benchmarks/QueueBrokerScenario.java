package dev.caplab.benchmarks;

import dev.caplab.messaging.queue.FailurePolicy;
import dev.caplab.messaging.queue.QueueConfig;
import dev.caplab.messaging.queue.RedrivePolicy;
import dev.caplab.messaging.queue.broker.QueueBrokerNode;
import dev.caplab.messaging.queue.broker.QueueConsumerNode;
import dev.caplab.messaging.queue.broker.QueueProducerNode;
import dev.caplab.messaging.resilience.Backoff;
import dev.caplab.messaging.resilience.RetryConfig;
import dev.caplab.net.Envelope;
import dev.caplab.net.LatencyModel;
import dev.caplab.net.LinkProfile;
import dev.caplab.net.NodeId;
import dev.caplab.node.Cluster;
import dev.caplab.node.Node;
import dev.caplab.node.NodeContext;
import dev.caplab.sim.Simulation;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Simulated events executed per wall-clock second by a whole queue-broker scenario: a {@link
 * QueueBrokerNode} (every command logged and synced), a producer sending {@link #ORDERS} orders
 * and a consumer polling, dead-lettering the malformed ones and deleting the rest, over a network
 * that loses and duplicates 1% of messages, with one broker crash and restart (a replay of the
 * command log). Each invocation builds the cluster and runs it until the queue is drained, as
 * {@code caplab run} does; the {@code events} counter is the simulation's own count.
 *
 * <p>{@code pingPongReference} is the reference measured in the same run: two nodes passing one
 * message back and forth for {@link #REFERENCE_EVENTS} events, also built per invocation. The ratio
 * of the two {@code events} scores is what the broker's work per event (queue operations, the
 * command log, calls with timeouts, retries) costs against the simulator's bare event loop.
 *
 * <p>Score: {@code events} per second (the secondary result), higher is better.
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar QueueBrokerScenario}.
 */
@BenchmarkMode(Mode.Throughput)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(2)
@OutputTimeUnit(TimeUnit.SECONDS)
public class QueueBrokerScenario {

  /** Orders per scenario run. */
  static final int ORDERS = 2_000;
  /** Events per reference run. */
  static final int REFERENCE_EVENTS = 200_000;

  /** The simulated events executed, reported per second. */
  @State(Scope.Thread)
  @AuxCounters(AuxCounters.Type.OPERATIONS)
  public static class Events {
    public long events;

    @Setup(Level.Iteration)
    public void reset() {
      events = 0;
    }
  }

  /** The producer's bodies, built once: every 100th is malformed. */
  @State(Scope.Benchmark)
  public static class Orders {
    List<String> bodies;

    @Setup(Level.Trial)
    public void setUp() {
      bodies = new ArrayList<>();
      for (int i = 0; i < ORDERS; i++) {
        bodies.add(i % 100 == 99 ? "pill-" + i : "order-" + i);
      }
    }
  }

  @Benchmark
  public long brokerScenario(Orders orders, Events events) {
    Simulation sim = Simulation.withSeed(42);
    Cluster cluster = Cluster.create(sim);
    cluster.network().setDefaultProfile(LinkProfile.custom()
        .latency(LatencyModel.uniform(Duration.ofMillis(1), Duration.ofMillis(5)))
        .loss(0.01).duplication(0.01).build());
    Map<String, QueueConfig> queues = new LinkedHashMap<>();
    queues.put("orders-dlq", QueueConfig.ofDefaults());
    queues.put("orders", QueueConfig.custom().redrivePolicy(RedrivePolicy.of("orders-dlq", 5)).build());
    NodeId broker = cluster.add("broker", () -> new QueueBrokerNode(queues));
    long[] acknowledged = new long[1];
    cluster.add("producer", () -> new QueueProducerNode("broker", "orders", orders.bodies, Duration.ofMillis(2),
        Duration.ofMillis(50), body -> acknowledged[0]++));
    RetryConfig retry = RetryConfig.custom().maxAttempts(3)
        .retryOnException(e -> !(e instanceof IllegalArgumentException))
        .backoff(Backoff.fullJitter(Duration.ofMillis(10), Duration.ofMillis(100))).build();
    long[] processed = new long[1];
    cluster.add("consumer", () -> new QueueConsumerNode("broker", "orders", 10, Duration.ofSeconds(1),
        Duration.ofMillis(10), Duration.ofMillis(50), true, ctx -> m -> {
          if (m.body().startsWith("pill")) {
            throw new IllegalArgumentException("malformed " + m.body());
          }
          processed[0]++;
        }, ctx -> FailurePolicy.of(retry, ctx.random())));
    sim.schedule(Duration.ofSeconds(3), () -> cluster.crash(broker));
    sim.schedule(Duration.ofMillis(3_200), () -> cluster.restart(broker));
    sim.runFor(Duration.ofSeconds(30));
    if (acknowledged[0] < ORDERS) {
      throw new IllegalStateException("the producer did not finish: " + acknowledged[0]);
    }
    events.events += sim.eventsProcessed();
    return processed[0];
  }

  /** Answers every message with the next one: one message always in flight. */
  static final class Bouncer implements Node {
    @Override
    public void onStart(NodeContext ctx) {
      if (ctx.id().index() == 0) {
        ctx.send(ctx.nodes().get(1), 0L);
      }
    }

    @Override
    public void onMessage(NodeContext ctx, Envelope e) {
      ctx.send(e.from(), (Long) e.message() + 1);
    }
  }

  @Benchmark
  public long pingPongReference(Events events) {
    Simulation sim = Simulation.withSeed(42);
    Cluster cluster = Cluster.create(sim);
    cluster.network().setDefaultProfile(
        LinkProfile.custom().latency(LatencyModel.constant(Duration.ofNanos(1_000))).build());
    cluster.add("a", Bouncer::new);
    cluster.add("b", Bouncer::new);
    sim.runUntil(() -> sim.eventsProcessed() >= REFERENCE_EVENTS);
    events.events += sim.eventsProcessed();
    return sim.eventsProcessed();
  }
}
